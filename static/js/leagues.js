// The host's leagues: create one, open its table, export it, delete it.
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
    list.append(el('li', { class: 'card league-item', attrs: { 'data-id': league.id } },
      el('a', { class: 'league-link', text: league.name, attrs: { href: `/leagues/${league.id}` } }),
      el('span', { class: 'muted', text: plural(league.games, 'game') }),
      el('a', { class: 'btn btn-small', text: 'CSV', attrs: { href: `/leagues/${league.id}/table.csv` } }),
      el('a', { class: 'btn btn-small', text: 'XLSX', attrs: { href: `/leagues/${league.id}/table.xlsx` } }),
      remove));
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
