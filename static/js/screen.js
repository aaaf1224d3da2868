// Projector: lobby with PIN, QR code and arriving names; the question with a big
// countdown; the answers chart and the top 10 at each reveal; the podium at the end.
// No controls, and it shows only what the server sent: never an answer early.
import { $, clear, el, pageData, plural, setText, showSection } from './dom.js';
import { askAgainIfGone, banner, call, connect, retrySoon } from './net.js';
import { Countdown } from './countdown.js';
import { watchQuestionEnds } from './resync.js';
import { ranksOf, renderBoard, renderPodium } from './drawing.js';
import { applyUpdate, typeOf, updateEvents } from './types/index.js';
import { questionImage } from './media.js';
import { autoFit } from './fit.js';
import * as feel from './fx/screen.js';
import { autoStartLine, breakFromState, discussNote, nextCountdown, renderTeams, revoteNote, spreadAsReveal,
  stopAutoStart, unpaused, watchBreak, watchPause } from './modes-view.js';

const data = pageData();
const SECTIONS = ['loading', 'closed', 'lobby', 'question', 'reveal', 'finished'];
const countdown = new Countdown($('q-countdown'));
const next = nextCountdown($('r-next')); // the auto-pilot's countdown under a reveal
const names = new Map(); // player_id -> nickname
let question = null;
let reveal = null; // the open reveal, which room events may change
let players = 0;
const boards = new Map(); // question index -> the leaderboard after it, for the up/down arrows
let socket = null;
let misses = 0; // attach answers of "no such room" since the last one that found it

function show(section) {
  showSection(SECTIONS, section);
  feel.phase(section);
  $('corner-pin').hidden = section !== 'question' && section !== 'reveal';
  if (section !== 'lobby') stopAutoStart($('auto-start'));
  if (section !== 'reveal') next.hide();
}

function renderNames() {
  const list = clear($('names'));
  for (const [id, nickname] of names) {
    list.append(el('li', { class: 'name-chip', text: nickname, attrs: { 'data-player': id } }));
  }
  setCount();
}

function setCount() {
  // the count, not names.size: a projector that reloads only hears of later arrivals
  setText('lobby-count', players);
  setText('lobby-count-word', players === 1 ? 'player' : 'players');
}

function showQuestion(q) {
  question = q;
  setText('q-counter', `Question ${q.index + 1} of ${q.count}`);
  setText('q-text', q.text);
  questionImage($('q-image'), q);
  setText('q-answered', `0 of ${players} answered`);
  reveal = null;
  $('question').dataset.type = typeOf(q).name;
  typeOf(q).view($('q-view'), q, { where: 'screen' });
  countdown.start(q.deadline, q.server_time, q.time_limit_ms);
  show('question');
}

/** Get ready: the question's text and a countdown to the opening, no choices yet. */
function showReady(ready) {
  question = null;
  reveal = null;
  setText('q-counter', `Question ${ready.index + 1} of ${ready.count}`);
  setText('q-text', ready.text);
  setText('q-answered', 'Get ready…');
  clear($('q-view'));
  $('question').dataset.type = 'ready';
  if (ready.opens_at) countdown.start(ready.opens_at, ready.server_time, ready.lead_in_ms);
  else countdown.stop();
  show('question');
}

function drawChart() {
  $('reveal').dataset.type = typeOf(question).name;
  $('reveal').classList.toggle('is-wide', Boolean(typeOf(question).wideReveal || reveal.spread));
  typeOf(question).reveal(clear($('r-chart')), question, reveal, { where: 'screen' });
}

function isLast() {
  return question.index + 1 >= question.count;
}

/** `end`: a reveal with the auto-pilot's `next_at` (0: the host moves on), on the clock
 * of `serverTime` (question:end's own, or the snapshot's). */
function showReveal(end, serverTime = end.server_time) {
  reveal = end;
  countdown.halt();
  next.start(end.next_at || 0, serverTime, isLast());
  setText('r-counter', `Question ${question.index + 1} of ${question.count} · ${plural(reveal.answered, 'answer')}`);
  setText('r-text', question.text);
  drawChart();
  setText('r-explanation', reveal.explanation);
  $('r-explanation').hidden = !reveal.explanation;
  clear($('r-board'));
  // beside the top 10, a column of its own: both stay large enough to read from the back
  renderTeams($('r-board').parentElement, 'r-teams', end.teams);
  revoteNote($('r-chart'), end.revote);
  discussNote($('r-chart'), end.correct === null && end.spread === true);
  show('reveal');
}

function showBoard(index, entries) {
  boards.set(index, entries);
  const before = boards.get(index - 1);
  renderBoard($('r-board'), entries, { previous: before ? ranksOf(before) : null });
  feel.streaks($('r-board'), entries);
}

function render(snapshot) {
  ends.fromState(snapshot);
  const state = unpaused(snapshot);
  breakFromState(snapshot);
  setText('title', state.title);
  players = state.players;
  $('locked').hidden = !state.locked;
  if (state.phase === 'lobby') {
    setCount();
    show('lobby');
    autoStartLine($('auto-start'), state.auto_start, state.next_at, state.server_time, () => players);
  } else if (state.phase === 'lead_in') {
    showReady(state.ready);
    if (snapshot.phase === 'paused') countdown.freeze(snapshot.paused.remaining_ms, state.ready.lead_in_ms);
  } else if (state.phase === 'break') {
    countdown.halt();
    next.hide();
    clear($('r-chart'));
    if (state.leaderboard) showBoard(state.index, state.leaderboard);
    show('reveal');
  } else if (state.phase === 'discuss') {
    question = state.question;
    showReveal({ ...spreadAsReveal(state.spread), spread: true });
  } else if (state.phase === 'question') {
    // paused: the snapshot's deadline is the server's time left from now, frozen at once
    showQuestion(state.question);
    setText('q-answered', `${state.answered ?? 0} of ${players} answered`);
    if (snapshot.phase === 'paused') countdown.freeze(snapshot.paused.remaining_ms);
  } else if (state.phase === 'reveal') {
    question = state.question;
    showReveal({ ...state.reveal, next_at: state.next_at || 0 }, state.server_time);
    if (snapshot.phase === 'paused') next.freeze(snapshot.paused.remaining_ms, isLast());
    if (state.leaderboard) showBoard(state.index, state.leaderboard);
  } else {
    countdown.halt();
    renderPodium($('podium'), state.podium);
    feel.podium($('podium'), state.leaderboard, false);
    renderTeams($('podium'), 'f-teams', state.teams, 'Team podium');
    show('finished');
  }
}

async function attach() {
  const ack = await call(socket, 'screen:attach', { pin: data.pin });
  if (ack.ok) {
    misses = 0;
    banner(null);
    return render(ack.state);
  }
  if (ack.error.code === 'not_found') {
    if (askAgainIfGone(socket, attach, misses)) {
      misses += 1;
      return undefined;
    }
    banner(null);
    // the socket stays open: hanging up while it still polls races its own last
    // request, and an idle connection to a closed room costs nothing
    show('closed');
  } else {
    retrySoon(socket, attach, ack.error);
  }
}

function wireEvents() {
  socket.on('lobby:update', (msg) => {
    if (msg.joined) names.set(msg.joined.player_id, msg.joined.nickname);
    if (msg.left) names.delete(msg.left.player_id);
    if ('locked' in msg) $('locked').hidden = !msg.locked;
    if ('players' in msg) players = msg.players;
    renderNames();
    feel.joined(msg.joined);
  });
  socket.on('question:start', showQuestion);
  socket.on('question:ready', showReady);
  watchBreak(socket);
  socket.on('game:break', () => next.hide());
  socket.on('question:spread', (spread) => {
    if (question && spread.index === question.index) showReveal({ ...spreadAsReveal(spread), spread: true });
  });
  watchPause(socket, {
    onPause: () => {},  // the running countdown already stands still at the server's time left
    onResume: (msg) => {
      if (msg.phase === 'question' && question) countdown.start(msg.deadline, msg.server_time, question.time_limit_ms);
      if (msg.phase === 'reveal' && reveal && question) next.start(msg.next_at, msg.server_time, isLast());
      if (msg.phase === 'lead_in') attach();  // redraw the get-ready countdown from a snapshot
    },
  });
  socket.on('question:progress', (p) => {
    if (question && p.index === question.index) setText('q-answered', `${p.answered} of ${p.players} answered`);
  });
  socket.on('question:end', (end) => { if (question && end.index === question.index) showReveal(end); });
  socket.on('leaderboard:update', (board) => {
    players = board.players;
    if (question) showBoard(question.index, board.entries);
  });
  for (const event of updateEvents()) {
    socket.on(event, (msg) => {
      if (!reveal || !question || msg.index !== question.index) return;
      const changed = applyUpdate(question, event, reveal, msg);
      if (changed) {
        reveal = changed;
        drawChart();
      }
    });
  }
  socket.on('game:over', (over) => {
    reveal = null;
    countdown.halt();
    renderPodium($('podium'), over.podium);
    feel.podium($('podium'), over.leaderboard, true);
    renderTeams($('podium'), 'f-teams', over.teams, 'Team podium');
    show('finished');
  });
}

autoFit();
socket = connect(attach);
const ends = watchQuestionEnds(socket, attach);
wireEvents();
