// The phone's game-show feel: a full-screen colour result with its own icon and
// words (right, wrong, partly, no answer, or nothing to score), the points counting
// up, the places gained or lost, a flame for a streak, a final screen that says
// where the player finished and what comes next, a sound toggle (off unless the
// player turns it on) and "read aloud" for the question.
//
// Which questions this phone answered and the rank after each are kept in
// sessionStorage, so a reload still says "No answer" and "Up 2 places" correctly.
import { $, el, ordinal, plural } from '../dom.js';
import { typeOf } from '../types/index.js';
import { icon } from './icons.js';
import { countUp } from './motion.js';
import { Sound } from './sound.js';
import { hush, readAloudButton } from './speech.js';

const sound = new Sound('quizroom.sound.phone');
const MARKS = { right: 'check', wrong: 'cross', partly: 'half', unscored: 'star', none: 'clock' };
let pinOf = () => null;
let shown = null; // the result on screen: { index, args }

function memoryKey() {
  return `quizroom.feel.${pinOf()}`;
}

function recall() {
  try { return JSON.parse(sessionStorage.getItem(memoryKey())) || { answered: [], ranks: {} }; } catch { return { answered: [], ranks: {} }; }
}

function keep(memory) {
  try { sessionStorage.setItem(memoryKey(), JSON.stringify(memory)); } catch { /* this visit only */ }
}

/** Once, at start: `getPin()` is the room this phone plays in (it may join later). */
export function init(getPin) {
  pinOf = getPin;
  const bar = document.querySelector('.topbar');
  if (bar) bar.append(sound.toggle('fx-sound-phone'));
  const read = readAloudButton();
  if (read) $('q-counter').after(read);
}

/**
 * The player sent an answer to question `index` (no `ack` yet), or the server answered
 * (`ack`). Marked at the tap: the last answer closes the question, and its result can
 * arrive before its ack. An answer refused (too late, say) is taken back, and a result
 * already on screen is drawn again as "No answer".
 */
export function sent(index, ack = { ok: true }) {
  const taken = ack.ok || (ack.error && ack.error.code === 'already_answered');
  const memory = recall();
  const had = memory.answered.includes(index);
  if (taken && !had) memory.answered.push(index);
  if (!taken) memory.answered = memory.answered.filter((i) => i !== index);
  keep(memory);
  if (had && !taken && shown && shown.index === index && !$('result').hidden) result(...shown.args);
  return ack;
}

/** "Up 2 places" from the rank after the last question before `index`. */
function movement(memory, index, rank) {
  if (!rank) return null;
  memory.ranks[index] = rank;
  const before = Object.keys(memory.ranks).map(Number).filter((i) => i < index);
  if (!before.length) return null;
  const previous = memory.ranks[Math.max(...before)];
  const delta = previous - rank;
  if (delta > 0) return { kind: 'up', text: `Up ${plural(delta, 'place')}` };
  if (delta < 0) return { kind: 'down', text: `Down ${plural(-delta, 'place')}` };
  return { kind: 'same', text: `Still ${ordinal(rank)}` };
}

function slot(id, after) {
  let node = $(id);
  if (!node) {
    node = el('p', { attrs: { id } });
    $(after).after(node);
  }
  return node;
}

/** Called after play.js drew the result: `question` as shown, `rank` the player's now. */
export function result(res, { question, rank }) {
  hush();
  const type = typeOf(question);
  const index = res.index ?? (question ? question.index : -1);
  const points = Math.max(0, res.points);
  // the same result drawn again (a snapshot after a reconnect): no second count or sound
  const again = Boolean(shown && shown.index === index && shown.points === points);
  shown = { index, points, args: [res, { question, rank }] };
  const memory = recall();
  // player:result says `answered`; a snapshot's stored result has `answer: null` instead
  const answered = 'answered' in res ? res.answered
    : 'answer' in res ? res.answer !== null : memory.answered.includes(index);
  const section = $('result');
  if (!answered && type.takesAnswers !== false) {
    section.dataset.outcome = 'none';
    $('res-title').textContent = 'No answer';
    $('res-points').textContent = "Time's up!";
  }
  const outcome = section.dataset.outcome;
  $('res-mark').replaceChildren(icon(MARKS[outcome] || 'star', 'fx-mark'));
  const moveLine = slot('res-move', 'res-points');
  const flame = slot('res-flame', 'res-move');
  countUp($('res-points'), points, { from: again ? points : 0, format: (n) => `+${n} points` });

  const move = movement(memory, index, rank);
  keep(memory);
  moveLine.className = `fx-move fx-move-${move ? move.kind : 'none'}`;
  moveLine.hidden = !move;
  moveLine.replaceChildren(...(move ? [icon(move.kind === 'down' ? 'down' : move.kind === 'up' ? 'up' : 'star'), el('span', { text: move.text })] : []));

  flame.className = 'fx-streak';
  flame.hidden = !(res.streak >= 2);
  flame.replaceChildren(...(res.streak >= 2 ? [icon('flame', 'fx-flame'), el('span', { text: `${res.streak} in a row!` })] : []));

  if (!again) sound.play(outcome === 'right' ? 'right' : outcome === 'wrong' || outcome === 'none' ? 'wrong' : 'neutral');
}

/** The final screen: the place, big; the score counting up; what comes next. */
export function finished({ rank, players, score }) {
  hush();
  const place = slot('fin-place', 'fin-rank');
  $('fin-rank').before(place);
  place.className = `fx-place fx-place-${rank && rank <= 3 ? rank : 'other'}`;
  place.hidden = !rank;
  place.replaceChildren(...(rank ? [icon('star', 'fx-medal'), el('span', { text: ordinal(rank) })] : []));
  const next = slot('fin-next', 'fin-score');
  countUp($('fin-score'), score, { format: (n) => `Final score: ${n} points`, ms: 1200 });
  next.className = 'fx-next';
  next.textContent = rank && rank <= 3 && players > 1
    ? "You're on the podium: look up at the big screen! Want another round? Ask the host for the next game's PIN."
    : "The podium is on the big screen now. Want another round? Ask the host for the next game's PIN.";
  sound.play(rank === 1 ? 'right' : 'neutral');
}
