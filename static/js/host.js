// Host console: lobby (PIN, QR, roster, lock, start), then run the game question by
// question. Every (re)connection attaches again and redraws from the snapshot, so a
// refresh or a dropped network gives the console back in the same state.
import { $, clear, el, pageData, plural, setText, showError, showSection } from './dom.js';
import { banner, call, connect, retrySoon } from './net.js';
import { Countdown } from './countdown.js';
import { watchQuestionEnds } from './resync.js';
import { renderBoard, renderPodium } from './drawing.js';
import { applyUpdate, typeOf, updateEvents } from './types/index.js';
import { questionImage } from './media.js';
import { autoFit } from './fit.js';
import { autoStartLine, breakFromState, discussNote, nextCountdown, renderTeams, revoteNote, spreadAsReveal,
  stopAutoStart, unpaused, watchBreak, watchPause } from './modes-view.js';
import { pauseControls, renderModes, revoteControl } from './host-modes.js';

const data = pageData();
const pin = data.pin;
const SECTIONS = ['loading', 'no-token', 'closed', 'lobby', 'question', 'reveal', 'finished'];
const TOKEN_KEY = `quizroom.host.${pin}`;
const game = { token: data.hostToken || pastedToken(), phase: null, question: null, index: -1, count: 0, players: 0, locked: false };
const roster = new Map(); // player_id -> {nickname, team}, in join order
const countdown = new Countdown($('q-countdown'), { onZero: () => setText('q-answered', "Time's up: closing the question…") });
const next = nextCountdown($('r-next')); // the auto-pilot's countdown under a reveal
let socket = null;

// A pasted token only lives in this tab: the server keeps host tokens in the session
// only for the browser that created the room.
function pastedToken() {
  try { return sessionStorage.getItem(TOKEN_KEY); } catch { return null; }
}

function keepPasted(token) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch { /* the console still works until the tab closes */ }
}

function show(section) {
  showSection(SECTIONS, section);
  $('controls').hidden = !['question', 'reveal'].includes(section);
  if (section !== 'lobby') stopAutoStart($('auto-start'));
  if (section !== 'reveal') next.hide();
}

/** The modes that are on, in the top bar; `revote`: the open question's second vote. */
function showModes(revote = false) {
  renderModes($('modes'), game.modes, revote);
}

function setPlayers(n) {
  game.players = n;
  setText('player-count', plural(n, 'player'));
}

function renderRoster() {
  const list = clear($('roster'));
  for (const [id, { nickname, team }] of roster) {
    const kick = el('button', { class: 'btn btn-small', text: 'Remove', attrs: { type: 'button', 'aria-label': `Remove ${nickname}` } });
    const ban = el('button', { class: 'btn btn-small btn-danger', text: 'Ban', attrs: { type: 'button', 'aria-label': `Ban ${nickname}` } });
    kick.addEventListener('click', () => kickPlayer(id, false));
    ban.addEventListener('click', () => kickPlayer(id, true));
    list.append(el('li', { class: 'roster-item', attrs: { 'data-player': id } },
      el('span', { class: 'roster-name', text: nickname }),
      team ? el('span', { class: 'roster-team', text: team }) : null, kick, ban));
  }
  setText('roster-count', roster.size);
  $('roster-empty').hidden = roster.size > 0;
}

function setLocked(locked) {
  game.locked = locked;
  const button = $('lock');
  button.textContent = locked ? 'Unlock the room' : 'Lock the room';
  button.setAttribute('aria-pressed', String(locked));
  setText('lock-state', locked ? 'Locked: nobody new can join (players who drop can still come back).'
    : 'Open: new players can join.');
}

function showQuestion(q) {
  game.phase = 'question';
  game.question = q;
  game.index = q.index;
  game.count = q.count;
  setText('q-counter', `Question ${q.index + 1} of ${q.count}`);
  setText('q-text', q.text);
  questionImage($('q-image'), q);
  $('question').dataset.type = typeOf(q).name;
  typeOf(q).view($('q-view'), q, { where: 'host' });
  countdown.start(q.deadline, q.server_time, q.time_limit_ms);
  $('next').textContent = typeOf(q).endLabel || 'End question now';
  setRevote(!q.revote && typeOf(q).scored !== false);
  showModes(Boolean(q.revote));
  show('question');
}

/** Get ready: the text, a countdown to the opening; Next opens the answers now. */
function showReady(ready) {
  game.phase = 'lead_in';
  setRevote(false);
  game.index = ready.index;
  game.count = ready.count;
  setText('q-counter', `Question ${ready.index + 1} of ${ready.count}`);
  setText('q-text', ready.text);
  setText('q-answered', 'Get ready…');
  clear($('q-view'));
  if (ready.opens_at) countdown.start(ready.opens_at, ready.server_time, ready.lead_in_ms);
  else countdown.stop();
  $('next').textContent = 'Open the answers now';
  show('question');
}

/** Peer instruction: the first vote's spread, nothing marked; Next opens the vote again. */
function showDiscuss(spread) {
  showReveal(spreadAsReveal(spread));
  game.phase = 'discuss';
  discussNote($('r-chart'), true);
  $('next').textContent = 'Open the vote again';
}

/** `reveal.next_at`: when the auto-pilot moves on (0: Next does), on the clock of
 * `serverTime` (question:end's own, or the snapshot's). */
function showReveal(reveal, serverTime = reveal.server_time) {
  game.phase = 'reveal';
  setRevote(false);
  countdown.halt();
  const q = game.question;
  next.start(reveal.next_at || 0, serverTime, q.index + 1 >= q.count);
  showModes(false);
  setText('r-counter', `Question ${q.index + 1} of ${q.count} · ${reveal.answered} of ${plural(game.players, 'player')} answered`);
  setText('r-text', q.text);
  game.reveal = reveal;
  drawChart();
  setText('r-explanation', reveal.explanation);
  $('r-explanation').hidden = !reveal.explanation;
  $('next').textContent = q.index + 1 < q.count ? 'Next question' : 'Show the podium';
  renderTeams($('r-board'), 'r-teams', reveal.teams);
  revoteNote($('r-chart'), reveal.revote);
  discussNote($('r-chart'), false);
  show('reveal');
}

function drawChart() {
  const q = game.question;
  $('reveal').dataset.type = typeOf(q).name;
  $('reveal').classList.toggle('is-wide', Boolean(typeOf(q).wideReveal || game.reveal.spread));
  const chart = clear($('r-chart'));
  typeOf(q).reveal(chart, q, game.reveal, { where: 'host', act: (event, payload) => act(event, payload) });
}

function showFinished(podium, leaderboard) {
  game.phase = 'finished';
  countdown.halt();
  renderPodium($('podium'), podium);
  renderBoard($('f-board'), leaderboard);
  renderTeams($('f-board'), 'f-teams', game.teams, 'Team podium');
  // the download links find the token in the session, which a pasted token never reaches
  const linked = game.token === data.hostToken;
  $('results-links').hidden = !linked;
  $('results-elsewhere').hidden = linked;
  show('finished');
}

function render(snapshot) {
  ends.fromState(snapshot);
  const state = unpaused(snapshot);
  breakFromState(snapshot);
  setPaused(snapshot.phase === 'paused');
  game.teams = state.teams;
  game.index = state.index;
  game.modes = state.modes;
  showModes(false);
  setText('quiz-title', state.title);
  setPlayers(state.players);
  setLocked(state.locked);
  roster.clear();
  for (const p of state.roster || []) roster.set(p.player_id, { nickname: p.nickname, team: p.team });
  renderRoster();
  if (state.phase === 'lobby') {
    game.phase = 'lobby';
    show('lobby');
    autoStartLine($('auto-start'), state.auto_start, state.next_at, state.server_time, () => game.players);
  } else if (state.phase === 'lead_in') {
    showReady(state.ready);
    if (snapshot.phase === 'paused') countdown.freeze(snapshot.paused.remaining_ms, state.ready.lead_in_ms);
  } else if (state.phase === 'break') {
    game.phase = 'break';
    setRevote(false);
    next.hide();
    renderBoard($('r-board'), state.leaderboard);
    $('next').textContent = 'End the break now';
    show('reveal');
  } else if (state.phase === 'discuss') {
    game.question = state.question;
    showDiscuss(state.spread);
  } else if (state.phase === 'question') {
    showQuestion({ ...state.question, revote: Boolean(state.revote) });
    setText('q-answered', `${state.answered ?? 0} of ${plural(state.players, 'player')} answered`);
    // paused: the snapshot's deadline is the server's time left from now, frozen at once
    if (snapshot.phase === 'paused') countdown.freeze(snapshot.paused.remaining_ms);
  } else if (state.phase === 'reveal') {
    game.question = state.question;
    showReveal({ ...state.reveal, next_at: state.next_at || 0 }, state.server_time);
    if (snapshot.phase === 'paused') next.freeze(snapshot.paused.remaining_ms, state.index + 1 >= state.count);
    renderBoard($('r-board'), state.leaderboard);
  } else {
    showFinished(state.podium, state.leaderboard);
  }
}

async function attach() {
  if (!game.token) return show('no-token');
  const ack = await call(socket, 'host:attach', { pin, host_token: game.token });
  if (ack.ok) {
    banner(null);
    if (game.token !== data.hostToken) keepPasted(game.token);
    return render(ack.state);
  }
  if (game.token !== data.hostToken) keepPasted(null);
  // the server answers an unknown PIN like a wrong token; a token from the session was
  // right when the room was made, so refusing it means the room has expired
  const fromSession = game.token === data.hostToken;
  if (ack.error.code === 'not_found' || (ack.error.code === 'forbidden' && fromSession)) {
    // the socket stays open: hanging up while it still polls races its own last
    // request, and an idle connection to a closed room costs nothing
    show('closed');
  } else if (ack.error.code === 'forbidden' || ack.error.code === 'bad_request') {
    show('no-token');
    showError('token-error', 'That is not the host token of this room, or the room has closed.');
  } else {
    retrySoon(socket, attach, ack.error);
  }
}

async function act(event, payload, errorId = 'action-error') {
  showError(errorId, '');
  const ack = await call(socket, event, { pin, ...payload });
  // stale: the room moved on before the click arrived (the last answer or the deadline
  // closed the question, or a second click came first); show where it is instead
  if (!ack.ok && ack.error.code === 'stale') attach();
  else if (!ack.ok) showError(errorId, ack.error.message);
  return ack;
}

/** What the console is showing: next and end act on that question and phase only. */
function seen() {
  return { index: game.index, phase: game.phase };
}

/** A double click must not skip a question: the button waits for the server's answer. */
function once(button, event, errorId, payload = () => ({})) {
  button.addEventListener('click', async () => {
    button.disabled = true;
    try { await act(event, payload(), errorId); } finally { button.disabled = false; }
  });
}

async function kickPlayer(id, ban) {
  const ack = await act('host:kick', { player_id: id, ban }, 'lobby-error');
  if (ack.ok || ack.error.code === 'not_found') {
    roster.delete(id);
    renderRoster();
  }
}

function wireControls() {
  $('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    game.token = $('token-input').value.trim();
    showError('token-error', '');
    attach();
  });
  $('lock').addEventListener('click', async () => {
    const ack = await act('host:lock', { locked: !game.locked }, 'lobby-error');
    if (ack.ok) setLocked(ack.locked);
  });
  once($('start'), 'host:start', 'lobby-error');
  once($('next'), 'host:next', 'action-error', seen);
  const confirmBox = $('end-confirm');
  $('end').addEventListener('click', () => { confirmBox.hidden = false; $('end-no').focus(); });
  $('end-no').addEventListener('click', () => { confirmBox.hidden = true; $('end').focus(); });
  $('end-yes').addEventListener('click', () => { confirmBox.hidden = true; act('host:end', seen()); });
  const local = /^(127\.|localhost|\[::1\])/;
  $('local-hint').hidden = !local.test(new URL(data.joinUrl).hostname);
}

function wireEvents() {
  socket.on('lobby:update', (msg) => {
    if (msg.joined) roster.set(msg.joined.player_id, { nickname: msg.joined.nickname, team: msg.joined.team });
    if (msg.left) roster.delete(msg.left.player_id);
    if ('locked' in msg) setLocked(msg.locked);
    if ('players' in msg) setPlayers(msg.players);
    renderRoster();
  });
  socket.on('question:start', (q) => {
    showQuestion(q);
    setText('q-answered', `0 of ${plural(game.players, 'player')} answered`);
  });
  socket.on('question:progress', (p) => {
    if (p.index === game.index) setText('q-answered', `${p.answered} of ${plural(p.players, 'player')} answered`);
  });
  socket.on('question:end', (reveal) => { if (reveal.index === game.index) showReveal(reveal); });
  socket.on('leaderboard:update', (board) => {
    setPlayers(board.players);
    renderBoard($('r-board'), board.entries);
  });
  socket.on('game:over', (over) => {
    game.teams = over.teams;
    showFinished(over.podium, over.leaderboard);
  });
  socket.on('question:ready', showReady);
  watchBreak(socket);
  socket.on('game:break', () => {
    game.phase = 'break';
    next.hide();
    $('next').textContent = 'End the break now';
  });
  socket.on('question:spread', (spread) => { if (spread.index === game.index) showDiscuss(spread); });
  watchPause(socket, {
    // the running countdown already stands still at the server's time left
    onPause: () => setPaused(true),
    onResume: (msg) => {
      setPaused(false);
      if (game.modes) game.modes.manual = msg.manual;
      showModes(game.phase === 'question' && Boolean(game.question && game.question.revote));
      if (msg.phase === 'question' && game.question) countdown.start(msg.deadline, msg.server_time, game.question.time_limit_ms);
      if (msg.phase === 'reveal' && game.phase === 'reveal') {
        next.start(msg.next_at, msg.server_time, game.question.index + 1 >= game.question.count);
      }
      if (msg.phase === 'lead_in') attach();
    },
  });
  for (const event of updateEvents()) {
    socket.on(event, (msg) => {
      if (game.phase !== 'reveal' || msg.index !== game.index) return;
      const changed = applyUpdate(game.question, event, game.reveal, msg);
      if (changed) {
        game.reveal = changed;
        drawChart();
      }
    });
  }
}

wireControls();
// the question and the reveal fit a laptop's screen: the host must not scroll mid-game
// the views a host runs the game from fit the laptop's screen; the lobby and podium scroll
const FITTED = ['lead_in', 'question', 'discuss', 'reveal', 'break'];
autoFit({ active: () => FITTED.includes(game.phase), min: 0.5 });
const setPaused = pauseControls($('controls'), act);
const setRevote = revoteControl($('controls'), act);
socket = connect(attach);
const ends = watchQuestionEnds(socket, attach);
wireEvents();
