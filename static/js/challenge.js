// A self-paced challenge on a phone: join with a nickname, then open each question on
// your own clock. The server keeps the clock and the one answer per question; this
// page keeps only the player's token (localStorage), so closing the tab and coming
// back resumes where the player was, the open question's time still running.
import { $, el, ordinal, pageData, plural, setText, showSection, showError } from './dom.js';
import { Countdown } from './countdown.js';
import { typeOf } from './types/index.js';
import { questionImage } from './media.js';
import { renderBoard } from './drawing.js';
import { keptLeagueToken, showLeagueNote } from './league-note.js';

const data = pageData();
const SECTIONS = ['loading', 'ch-join', 'ch-closed', 'ch-next', 'question', 'ch-result', 'ch-done'];
const show = (id) => showSection(SECTIONS, id);
const TOKEN_KEY = `quizroom.challenge.${data.code}`;
const run = { token: null, question: null, input: null, busy: false, next: 0, last: false, closes: 0 };
const countdown = new Countdown($('q-countdown'), { onZero: () => send(null) });

function keep(key, value) {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch { /* storage off: the tab still plays until it closes */ }
}

function kept(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

class Problem extends Error {
  constructor(error, status) {
    super(error.message || `error ${status}`);
    this.code = error.code;
    this.status = status;
  }
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (run.token) headers.Authorization = `Bearer ${run.token}`;
  const reply = await fetch(`${data.api}${path}`, { method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await reply.json().catch(() => ({}));
  if (!reply.ok) throw new Problem(json.error || {}, reply.status);
  return json;
}

function closesText(ms) {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The score in the top bar; null while an at_close challenge keeps results back. */
function showScore(score) {
  $('me-points').hidden = score === null || score === undefined;
  if (!$('me-points').hidden) setText('me-score', score);
}

function render(view) {
  $('me').hidden = false;
  setText('me-name', view.nickname);
  showScore(view.score);
  if (view.closes) run.closes = view.closes;
  run.next = view.next;
  if (view.where === 'question') return ask(view.question);
  if (view.where === 'finished') return done(view);
  if (view.where === 'result' && view.result) return showResult(view.result);
  show('ch-next');
  setText('ch-next-title', `Ready, ${view.nickname}?`);
  setText('ch-next-text', `${plural(view.count, 'question')}. Each has its own timer, which starts when you open it; answer fast for more points.`);
  setText('ch-go', 'Open question 1');
  $('ch-go').focus();
  return null;
}

function ask(q) {
  run.question = q;
  run.busy = false;
  const type = typeOf(q);
  show('question');
  $('question').dataset.type = type.name;
  setText('q-counter', `Question ${q.index + 1} of ${q.count}`);
  setText('q-text', q.text);
  questionImage($('q-image'), q, true);
  setText('q-hint', type.hint);
  setText('q-status', '');
  if (type.takesAnswers === false) {
    // a slide: read it, then go on (the server settles it with no answer)
    const go = el('button', { class: 'btn btn-primary btn-big', text: 'Continue', attrs: { type: 'button' } });
    go.addEventListener('click', () => send(null));
    $('q-answer').replaceChildren(go);
    run.input = { lock() { go.disabled = true; }, unlock() { go.disabled = false; } };
  } else {
    run.input = type.phone($('q-answer'), q, { submit: (answer) => send(answer) });
  }
  countdown.start(q.deadline, q.server_time, q.time_limit_ms);
  if (run.input.focus) run.input.focus();
}

async function send(answer) {
  if (run.busy || !run.question) return;
  run.busy = true;
  countdown.stop();
  run.input.lock(answer !== null);
  setText('q-status', 'Checking…');
  const index = run.question.index;
  try {
    showResult(await api('/answer', { method: 'POST', body: { index, answer } }));
  } catch (error) {
    if (error.code === 'kicked') return removed();
    if (error.code === 'too_late') return showResult(await api('/answer', { method: 'POST', body: { index, answer: null } }), true);
    if (error.code === 'already_answered' || error.code === 'not_accepting') return render(await api('/me'));
    run.busy = false;
    run.input.unlock();
    setText('q-status', `Not sent: ${error.message}`);
  }
  return null;
}

const VERDICTS = {
  right: ['✓', 'Right!'], partly: ['≈', 'Partly right'], wrong: ['✗', 'Not quite'],
  unanswered: ['—', "Time's up"], unscored: ['•', 'Thanks!'],
};

function showResult(result, late = false) {
  show('ch-result');
  // at_close: the answer is received, and nothing tells right from wrong until the close
  const held = result.received === true;
  $('ch-result').dataset.outcome = held ? 'received' : result.outcome;
  const [mark, verdict] = held ? ['✓', 'Answer received'] : VERDICTS[result.outcome] || VERDICTS.unscored;
  setText('ch-mark', mark);
  setText('ch-verdict', late ? "Too late: time's up" : verdict);
  setText('ch-points', result.points ? `+${result.points} points` : '');
  $('ch-later').hidden = !held;
  setText('ch-later', held ? `Scores and right answers show when the challenge closes (${closesText(run.closes)}).` : '');
  setText('ch-yours', result.answer || 'No answer');
  setText('ch-right', result.right || '—');
  $('ch-right').parentElement.hidden = !result.right;
  setText('ch-explanation', result.explanation || '');
  $('ch-explanation').hidden = !result.explanation;
  $('ch-stats').hidden = held;
  setText('ch-score', held ? '' : result.score);
  if (!held) showScore(result.score);
  setText('ch-streak', result.streak ? `${result.streak} in a row` : '–');
  run.next = result.index + 1;
  run.last = result.last;
  setText('ch-continue', result.last ? 'See the leaderboard' : 'Next question');
  $('ch-continue').focus();
}

async function openNext() {
  if (run.last) return render(await api('/me'));  // the end: the board, not another question
  try {
    render(await api('/open', { method: 'POST', body: { index: run.next } }));
  } catch (error) {
    if (error.code === 'kicked') return removed();
    if (error.code === 'finished') return render(await api('/me'));
    if (error.code === 'closed') return closed();
    return render(await api('/me'));  // stale: another tab moved on; show where the run is
  }
  return null;
}

function done(view) {
  show('ch-done');
  const held = !view.revealed;
  $('ch-board-title').hidden = held;
  $('ch-board').hidden = held;
  $('ch-review-link').hidden = held;
  if (held) {
    setText('ch-done-text', `All ${plural(view.count, 'answer')} received. Your score, the leaderboard, the right answers and your review open when the challenge closes (${closesText(view.closes)}).`);
    return;
  }
  const you = view.board.you;
  setText('ch-done-text', `${view.score} points: ${ordinal(you.rank)} of ${plural(view.board.players, 'player')} so far.`);
  renderBoard($('ch-board'), view.board.entries);
  $('ch-board').querySelectorAll('li').forEach((li) => {
    if (li.textContent.includes(view.nickname)) li.classList.add('board-me');
  });
}

function removed() {
  keep(TOKEN_KEY, null);
  show('ch-closed');
  setText('ch-closed-title', 'You were removed from this challenge');
  setText('ch-closed-text', 'Its host took your nickname out of it.');
}

function closed(about) {
  show('ch-closed');
  setText('ch-closed-text', about ? `It closed on ${closesText(about.closes)}.` : 'It takes no more answers.');
}

async function join(event) {
  event.preventDefault();
  showError('ch-join-error', '');
  const nickname = $('ch-name').value.trim();
  if (!nickname) return showError('ch-join-error', 'Pick a nickname first.');
  const body = { nickname };
  Object.assign(body, keptLeagueToken(data.about.league && data.about.league.id));
  $('ch-join-button').disabled = true;
  try {
    const joined = await api('/join', { method: 'POST', body });
    run.token = joined.player_token;
    keep(TOKEN_KEY, run.token);
    if (joined.league) showLeagueNote(joined.league);
    render(await api('/me'));
  } catch (error) {
    showError('ch-join-error', error.message);
    $('ch-name').focus();
  }
  $('ch-join-button').disabled = false;
  return null;
}

async function load() {
  let about;
  try {
    about = await api('');
  } catch (error) {
    setText('loading', error.message);
    return;
  }
  data.about = about;
  run.closes = about.closes;
  run.token = kept(TOKEN_KEY);
  if (run.token) {
    try {
      render(await api('/me'));
      return;
    } catch (error) {
      if (error.code === 'kicked') { removed(); return; }
      if (error.status !== 403) { setText('loading', error.message); return; }
      run.token = null;  // a token from an expired challenge of the same code
      keep(TOKEN_KEY, null);
    }
  }
  if (about.closed) return closed(about);
  show('ch-join');
  setText('ch-about', `${plural(about.count, 'question')}, played alone at your own pace.${about.scoring === 'accuracy' ? ' Right answers score full points, however long you take.' : ' Faster right answers score more.'}`);
  setText('ch-closes', `Open until ${closesText(about.closes)}.`);
  $('ch-name').focus();
}

$('ch-join-form').addEventListener('submit', join);
$('ch-go').addEventListener('click', openNext);
$('ch-continue').addEventListener('click', openNext);
load();
