// The host's view of a challenge: who is on which question, live (polled: players
// move on their own, so there is no broadcast to wait for), and the exports.
import { $, clear, el, ordinal, pageData, plural, setText, showError } from './dom.js';

const data = pageData();
const POLL_MS = 2000;

function closesText(ms) {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function where(row, count) {
  if (row.where === 'finished') return 'Finished';
  if (row.where === 'start') return 'Joined, not started';
  return `Question ${row.question} of ${count}`;
}

function draw(progress) {
  setText('ch-closes', `${progress.closed ? 'Closed' : 'Open until'} ${closesText(progress.closes)}.`);
  setText('ch-summary', `${plural(progress.players.length, 'player')}, ${progress.finished} finished`);
  const rows = clear($('ch-rows'));
  for (const row of progress.players) {
    rows.append(el('tr', { attrs: { 'data-player': row.player_id } },
      el('td', { text: ordinal(row.rank) }),
      el('td', { class: 'ch-name', text: row.nickname }),
      el('td', { class: 'ch-where', text: where(row, progress.count) }),
      el('td', { text: `${row.correct} of ${row.answered}` }),
      el('td', { class: 'ch-score', text: row.score })));
  }
  $('ch-empty').hidden = progress.players.length > 0;
}

async function poll() {
  try {
    const reply = await fetch(data.progress, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const body = await reply.json();
    if (reply.ok) draw(body);
    else setText('ch-summary', body.error ? body.error.message : `error ${reply.status}`);
  } catch (error) {
    setText('ch-summary', `Cannot reach the server (${error.message}); trying again…`);
  }
  setTimeout(poll, POLL_MS);
}

/** Another browser than the creator's: keep a pasted host token, then show the page. */
async function keepToken(event) {
  event.preventDefault();
  showError('token-error', '');
  const reply = await fetch(data.keep, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ host_token: $('token-input').value.trim() }),
  });
  if (reply.ok) {
    window.location.reload();
    return;
  }
  const body = await reply.json().catch(() => ({}));
  showError('token-error', reply.status === 403 ? 'That is not the host token of this challenge.'
    : (body.error && body.error.message) || `The server answered ${reply.status}.`);
}

if (data.needsToken) $('token-form').addEventListener('submit', keepToken);
else poll();
