// The host's view of a challenge: who is on which question, live (polled: players
// move on their own, so there is no broadcast to wait for), the exports, and the
// host's controls: remove a player (their nickname banned), lock, close now.
import { $, clear, el, ordinal, pageData, plural, setText, showError } from './dom.js';

const data = pageData();
const POLL_MS = 2000;
const state = { locked: false, closed: false };
const REVEALS = {
  each: 'Players see each answer\'s result, the right answer and the explanation as they go.',
  at_close: 'Players see only that each answer was received; scores, right answers and the review open when the challenge closes.',
};

/** A host control: POST to the challenge's API, then draw the progress again. */
async function control(path, body) {
  showError('ch-control-error', '');
  try {
    const reply = await fetch(`${data.api}/${path}`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body || {}),
    });
    const json = await reply.json().catch(() => ({}));
    if (!reply.ok) throw new Error((json.error && json.error.message) || `error ${reply.status}`);
  } catch (error) {
    showError('ch-control-error', `Not done: ${error.message}`);
  }
  await refresh();
}

function removeButton(row) {
  // on a phone only the cross shows (challenge.css); the label says it in full
  const button = el('button', { class: 'btn btn-small btn-danger',
    attrs: { type: 'button', 'aria-label': `Remove ${row.nickname} and ban the nickname`,
      title: 'Remove and ban the nickname' } },
  el('span', { text: '✕', attrs: { 'aria-hidden': 'true' } }),
  el('span', { class: 'ch-remove-word', text: ' Remove' }));
  button.addEventListener('click', () => {
    button.disabled = true;
    control('kick', { player_id: row.player_id });
  });
  return button;
}

function closesText(ms) {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function where(row, count) {
  if (row.where === 'finished') return 'Finished';
  if (row.where === 'start') return 'Joined, not started';
  return `Question ${row.question} of ${count}`;
}

function drawControls(progress) {
  state.locked = progress.locked;
  state.closed = progress.closed;
  setText('ch-reveal', REVEALS[progress.reveal] || '');
  const lock = $('ch-lock');
  lock.setAttribute('aria-pressed', String(progress.locked));
  setText('ch-lock', progress.locked ? 'Unlock: let new players in' : 'Lock: no new players');
  $('ch-controls').hidden = progress.closed;
}

function draw(progress) {
  setText('ch-closes', `${progress.closed ? 'Closed' : 'Open until'} ${closesText(progress.closes)}.`);
  drawControls(progress);
  const notes = [`${plural(progress.players.length, 'player')}, ${progress.finished} finished`];
  if (progress.locked && !progress.closed) notes.push('locked');
  if (progress.banned) notes.push(`${plural(progress.banned, 'nickname')} banned`);
  setText('ch-summary', notes.join(' · '));
  const rows = clear($('ch-rows'));
  for (const row of progress.players) {
    rows.append(el('tr', { attrs: { 'data-player': row.player_id } },
      el('td', { text: ordinal(row.rank) }),
      el('td', { class: 'ch-name', text: row.nickname }),
      el('td', { class: 'ch-where', text: where(row, progress.count) }),
      el('td', { class: 'ch-right', text: `${row.correct} of ${row.answered}` }),
      el('td', { class: 'ch-score', text: row.score }),
      el('td', { class: 'ch-remove' }, progress.closed ? null : removeButton(row))));
  }
  $('ch-empty').hidden = progress.players.length > 0;
}

async function refresh() {
  try {
    const reply = await fetch(data.progress, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const body = await reply.json();
    if (reply.ok) draw(body);
    else setText('ch-summary', body.error ? body.error.message : `error ${reply.status}`);
  } catch (error) {
    setText('ch-summary', `Cannot reach the server (${error.message}); trying again…`);
  }
}

async function poll() {
  await refresh();
  setTimeout(poll, POLL_MS);
}

function askToClose(asking) {
  $('ch-close').hidden = asking;
  $('ch-close-confirm').hidden = !asking;
  $(asking ? 'ch-close-no' : 'ch-close').focus();
}

function wireControls() {
  $('ch-lock').addEventListener('click', () => control('lock', { locked: !state.locked }));
  $('ch-close').addEventListener('click', () => askToClose(true));
  $('ch-close-no').addEventListener('click', () => askToClose(false));
  $('ch-close-yes').addEventListener('click', async () => {
    $('ch-close-yes').disabled = true;
    await control('close');
    askToClose(false);
  });
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
else {
  wireControls();
  poll();
}
