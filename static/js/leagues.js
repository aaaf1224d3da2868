// The host's leagues: create one, open its table, export it, remove a member (a bot
// that joined through a shared link), delete it.
import { $, clear, el, plural, showError } from './dom.js';

const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json' };

async function load() {
  const reply = await fetch('/api/leagues', { headers: { Accept: 'application/json' } });
  if (!reply.ok) { $('leagues-status').textContent = `Could not load the leagues (HTTP ${reply.status}).`; return; }
  const { leagues } = await reply.json();
  const list = clear($('league-list'));
  $('leagues-status').textContent = leagues.length ? '' : 'No league yet: create the first one above.';
  for (const league of leagues) {
    const remove = el('button', { class: 'btn btn-small btn-danger', text: 'Delete', attrs: { type: 'button' } });
    remove.addEventListener('click', () => drop(league));
    const members = el('ul', { class: 'league-members', attrs: { id: `members-${league.id}` } });
    members.hidden = true;
    const players = el('button', { class: 'btn btn-small', text: 'Players',
      attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': members.id } });
    players.addEventListener('click', () => toggleMembers(league, players, members));
    list.append(el('li', { class: 'card league-item', attrs: { 'data-id': league.id } },
      el('a', { class: 'league-link', text: league.name, attrs: { href: `/leagues/${league.id}` } }),
      el('span', { class: 'muted', text: plural(league.games, 'game') }),
      players,
      el('a', { class: 'btn btn-small', text: 'CSV', attrs: { href: `/leagues/${league.id}/table.csv` } }),
      el('a', { class: 'btn btn-small', text: 'XLSX', attrs: { href: `/leagues/${league.id}/table.xlsx` } }),
      remove, members));
  }
}

async function toggleMembers(league, button, list) {
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  list.hidden = !open;
  if (open) await drawMembers(league, list);
}

async function drawMembers(league, list) {
  const reply = await fetch(`/api/leagues/${league.id}/table`, { headers: { Accept: 'application/json' } });
  clear(list);
  if (!reply.ok) { list.append(el('li', { text: `Could not load the players (HTTP ${reply.status}).` })); return; }
  const { rows } = await reply.json();
  if (!rows.length) list.append(el('li', { class: 'muted', text: 'No players yet.' }));
  for (const row of rows) {
    const out = el('button', { class: 'btn btn-small btn-danger', text: 'Remove',
      attrs: { type: 'button', 'aria-label': `Remove ${row.nickname} from the league` } });
    out.addEventListener('click', async () => {
      out.disabled = true;
      await fetch(`/api/leagues/${league.id}/members/${row.member_id}`, { method: 'DELETE', headers: JSON_HEADERS });
      drawMembers(league, list);
    });
    list.append(el('li', { class: 'league-member', attrs: { 'data-member': row.member_id } },
      el('span', { class: 'league-member-name', text: row.nickname }),
      el('span', { class: 'muted', text: `${plural(row.points, 'point')}, ${plural(row.games, 'game')}` }),
      out));
  }
}

async function create(event) {
  event.preventDefault();
  showError('league-error', '');
  const name = $('league-name').value.trim();
  if (!name) return showError('league-error', 'Give the league a name.');
  const reply = await fetch('/api/leagues', { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ name }) });
  if (reply.status !== 201) {
    const data = await reply.json().catch(() => ({}));
    return showError('league-error', (data.error && data.error.message) || `The server answered ${reply.status}.`);
  }
  $('league-name').value = '';
  return load();
}

async function drop(league) {
  if (!window.confirm(`Delete "${league.name}" and its whole season table? This cannot be undone.`)) return;
  await fetch(`/api/leagues/${league.id}`, { method: 'DELETE', headers: JSON_HEADERS });
  load();
}

$('new-league').addEventListener('submit', create);
load();
