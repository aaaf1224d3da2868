// Practice: a solo run of the questions a player missed (or all of them), untimed
// unless they ask for a timer. Questions arrive without their key; each answer is
// graded by the server (the game's own type modules) and only then shows the right
// answer and the explanation. At the end, "Again" runs the ones still missed.
import { $, pageData, plural, setText, showSection } from './dom.js';
import { Countdown } from './countdown.js';
import { typeOf } from './types/index.js';
import { questionImage } from './media.js';

const data = pageData();
const SECTIONS = ['loading', 'pr-start', 'question', 'pr-result', 'pr-done'];
const show = (id) => showSection(SECTIONS, id);
const run = { all: [], queue: [], at: 0, missed: [], input: null, busy: false };
const countdown = new Countdown($('q-countdown'), { onZero: () => send(null) });

async function api(url, options = {}) {
  const reply = await fetch(url, { credentials: 'same-origin', ...options,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' } });
  const body = await reply.json().catch(() => ({}));
  if (!reply.ok) throw new Error((body.error && body.error.message) || `error ${reply.status}`);
  return body;
}

function timerSeconds() {
  if (!$('pr-timed').checked) return 0;
  const value = Number($('pr-seconds').value);
  return Number.isFinite(value) ? Math.min(600, Math.max(5, value)) : 20;
}

function ask() {
  const q = run.queue[run.at];
  const type = typeOf(q);
  run.busy = false;
  show('question');
  $('question').dataset.type = type.name;
  setText('q-counter', `Question ${run.at + 1} of ${run.queue.length}`);
  setText('q-text', q.text);
  questionImage($('q-image'), q, true);
  setText('q-hint', type.hint);
  setText('q-status', '');
  run.input = type.phone($('q-answer'), q, { submit: (answer) => send(answer) });
  const limit = timerSeconds() * 1000;
  $('q-countdown').hidden = !limit;
  if (limit) countdown.start(Date.now() + limit, Date.now(), limit);
  else countdown.stop();
  if (run.input.focus) run.input.focus();
}

async function send(answer) {
  if (run.busy) return;
  run.busy = true;
  countdown.stop();
  run.input.lock(answer !== null);
  setText('q-status', 'Checking…');
  const q = run.queue[run.at];
  let graded;
  try {
    graded = await api(data.grade, { method: 'POST', body: JSON.stringify({ index: q.index, answer }) });
  } catch (error) {
    run.busy = false;
    run.input.unlock();
    setText('q-status', `Not checked: ${error.message}`);
    return;
  }
  if (!graded.correct) run.missed.push(q);
  const partly = !graded.correct && graded.fraction > 0;
  show('pr-result');
  $('pr-result').dataset.outcome = graded.correct ? 'right' : partly ? 'partly' : answer === null ? 'missed' : 'wrong';
  setText('pr-mark', graded.correct ? '✓' : partly ? '≈' : answer === null ? '—' : '✗');
  setText('pr-verdict', graded.correct ? 'Right!' : partly ? 'Partly right' : answer === null ? "Time's up" : 'Not quite');
  setText('pr-yours', graded.answer || 'No answer');
  setText('pr-right', graded.right);
  setText('pr-explanation', graded.explanation);
  $('pr-explanation').hidden = !graded.explanation;
  setText('pr-next', run.at + 1 < run.queue.length ? 'Next' : 'See how it went');
  $('pr-next').focus();
}

function next() {
  run.at += 1;
  if (run.at < run.queue.length) {
    ask();
    return;
  }
  show('pr-done');
  const left = run.missed.length;
  setText('pr-done-title', left ? 'Round done' : 'None missed!');
  setText('pr-done-text', left
    ? `${run.queue.length - left} of ${run.queue.length} right. ${plural(left, 'question')} still to get right.`
    : `You got all ${plural(run.queue.length, 'question')} right.`);
  $('pr-again').hidden = left === 0;
  setText('pr-again', `Again with the ${plural(left, 'missed one')}`);
}

function begin(questions) {
  run.queue = questions;
  run.at = 0;
  run.missed = [];
  ask();
}

async function load() {
  let body;
  try {
    body = await api(`${data.practice}?which=${encodeURIComponent(data.which)}`);
  } catch (error) {
    setText('loading', error.message);
    return;
  }
  run.all = body.questions;
  show('pr-start');
  if (!run.all.length) {
    setText('pr-count', 'Nothing to practise: you missed none of the questions.');
    $('pr-go').hidden = true;
    return;
  }
  setText('pr-count', `${plural(run.all.length, 'question')} ${data.which === 'all' ? 'from the game' : 'you missed'}. No clock unless you want one.`);
  $('pr-go').focus();
}

$('pr-timed').addEventListener('change', () => { $('pr-seconds').disabled = !$('pr-timed').checked; });
$('pr-go').addEventListener('click', () => begin(run.all));
$('pr-next').addEventListener('click', next);
$('pr-again').addEventListener('click', () => begin(run.missed));
load();
