// Player page: join with PIN and nickname, answer, see each result and the final rank.
// The seat token lives in the server-side session (rendered into the page) and in
// sessionStorage, and every (re)connection rejoins with it: same seat, same score.
import { $, ordinal, pageData, setText, showError, showSection } from './dom.js';
import { banner, call, connect, retrySoon, whenConnected } from './net.js';
import { AnswerPanel } from './play-answer.js';
import { watchQuestionEnds } from './resync.js';
import { typeOf } from './types/index.js';
import { autoFit } from './fit.js';
import * as feel from './fx/phone.js';
import { asShown, inPackOrder } from './shuffle.js';
import { DISCUSS_TEXT, breakFromState, unpaused, watchBreak, watchPause } from './modes-view.js';
import { forgetLeague, keepLeague, keptLeague, playsInLeagues, showLeagueNote } from './league-note.js';
import { chosenTeam, foundNoRoom, roomLeague, showTeams } from './team-picker.js';

// friendly names for players who cannot think of one, made on the phone
const ADJECTIVES = [
  'Brave', 'Calm', 'Clever', 'Curious', 'Daring', 'Eager', 'Fuzzy', 'Gentle', 'Happy',
  'Jolly', 'Kind', 'Lucky', 'Mighty', 'Nimble', 'Plucky', 'Quick', 'Quiet', 'Sunny',
  'Swift', 'Witty', 'Zesty', 'Bold', 'Cosmic', 'Dapper',
];
const ANIMALS = [
  'Otter', 'Panda', 'Fox', 'Koala', 'Lynx', 'Heron', 'Badger', 'Falcon', 'Gecko', 'Hedgehog',
  'Ibis', 'Jaguar', 'Lemur', 'Marmot', 'Narwhal', 'Ocelot', 'Puffin', 'Quokka', 'Raccoon',
  'Seal', 'Tapir', 'Walrus', 'Yak', 'Zebra',
];

function pick(list) {
  const values = new Uint32Array(1);
  crypto.getRandomValues(values);
  return list[values[0] % list.length];
}

/** e.g. "Plucky Puffin": at most 20 characters, the server's nickname limit. */
function suggestName(previous = '') {
  for (;;) {
    const name = `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
    if (name !== previous && name.length <= 20) return name;
  }
}

const SECTIONS = ['loading', 'join', 'waiting', 'question', 'result', 'finished', 'kicked', 'closed'];
const JOIN_ERRORS = {
  not_found: ['join-pin', 'There is no game with that PIN. Check the PIN on the big screen.'],
  nickname_taken: ['join-name', 'Someone in this game already has that name. Try another one.'],
  nickname_banned: ['join-name', 'The host banned that name from this game.'],
  room_locked: ['join-pin', 'The host has locked this game: nobody new can join right now.'],
  room_full: ['join-pin', 'This game is full.'],
  game_over: ['join-pin', 'That game is already over.'],
};

const data = pageData();
const me = { pin: data.pin, token: data.playerToken || remembered(data.pin), playerId: null, score: 0, rank: null, players: 0 };
let socket = null;
let known = null; // the league identity the join form shows: {league, token, nickname}
let reveal = null;
let question = null;
const panel = new AnswerPanel((index, answer) => {
  feel.sent(index);
  return call(socket, 'player:answer', { index, answer }).then((ack) => feel.sent(index, ack));
});

function storageKey(pin) {
  return `quizroom.player.${pin}`;
}

function remembered(pin) {
  try { return pin ? sessionStorage.getItem(storageKey(pin)) : null; } catch { return null; }
}

function remember(pin, token) {
  try {
    if (token) sessionStorage.setItem(storageKey(pin), token);
    else sessionStorage.removeItem(storageKey(pin));
  } catch { /* storage off: the server-side session still has the seat */ }
}

/** Put the seat in this browser's server-side session, so /play/<pin> can render it. */
async function keepSeat(pin, token) {
  try {
    await fetch(`/api/rooms/${pin}/seat`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ player_token: token }),
    });
  } catch { /* sessionStorage still holds the seat for this tab */ }
}

function show(section) {
  if (section !== 'question') panel.stop();
  showSection(SECTIONS, section);
}

function setScore(score, rank) {
  me.score = score;
  if (rank !== undefined && rank !== null) me.rank = rank;
  setText('me-score', score);
}

function discuss() {
  panel.stop();
  setText('waiting-status', DISCUSS_TEXT);
  show('waiting');
}

function getReady(ready) {
  setText('waiting-status', `Get ready! Question ${ready.index + 1} of ${ready.count}`);
  show('waiting');
}

function seated(ack) {
  me.playerId = ack.player_id;
  const team = ack.team || (ack.state && ack.state.you && ack.state.you.team);
  setText('me-name', team ? `${ack.nickname} · ${team}` : ack.nickname);
  setText('waiting-name', ack.nickname);
  $('me').hidden = false;
}

function showJoin(message = '', field = 'join-name') {
  $('me').hidden = true;
  if (me.pin && !$('join-pin').value) $('join-pin').value = me.pin;
  showTeams($('join-pin').value);
  showKnown($('join-pin').value);
  show('join');
  showError('join-error', message);
  const target = field === 'join-name' && known ? 'join-button' : field;
  $(target === 'join-name' && !$('join-pin').value ? 'join-pin' : target).focus();
}

/** The league identity this phone holds for the room under `pin`, or null. */
async function knownIn(pin) {
  const league = /^[0-9]{6}$/.test(pin) && playsInLeagues() ? await roomLeague(pin) : null;
  const kept = league && keptLeague(league.id);
  return kept ? { league: league.id, token: kept.token, nickname: kept.nickname } : null;
}

/** A returning league player sees the name the server will seat, not a box to retype it
 * in (the server seats a known member under their league nickname, whatever is typed). */
async function showKnown(raw) {
  const pin = (raw || '').replace(/\s+/g, '');
  const who = await knownIn(pin);
  if ($('join-pin').value.replace(/\s+/g, '') !== pin) return known; // the PIN changed meanwhile
  const typing = document.activeElement === $('join-name');
  known = who;
  setText('join-known-nick', who ? who.nickname : '');
  $('join-known').hidden = !who;
  $('join-name-field').hidden = Boolean(who);
  if (who && typing) $('join-button').focus();
  return who;
}

function notYou() {
  if (known) forgetLeague(known.league);
  known = null;
  $('join-known').hidden = true;
  $('join-name-field').hidden = false;
  $('join-name').value = '';
  $('join-name').focus();
}

/** A server message ("that nickname is ...; pick another") as the sentence a player reads. */
function sentence(message) {
  const text = String(message || '').trim();
  return text && `${text[0].toUpperCase()}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

function showResult(result) {
  show('result');
  const type = typeOf(question);
  // player:result says `answered`; a snapshot's stored result has `answer: null` instead
  // a slide takes no answers: nothing was missed
  const missed = type.takesAnswers !== false && (result.answered === false || result.answer === null);
  const unscored = !missed && (result.correct === null || result.correct === undefined); // a poll: nothing is right or wrong
  const partly = result.correct === false && result.points > 0;
  setText('res-mark', missed ? '—' : unscored ? '✎' : result.correct ? '✓' : partly ? '≈' : '✗');
  $('result').dataset.outcome = missed ? 'none' : unscored ? 'unscored' : result.correct ? 'right'
    : partly ? 'partly' : 'wrong';
  setText('res-title', missed ? 'No answer' : unscored ? type.unscoredTitle || 'Thanks!'
    : result.correct ? 'Correct!' : partly ? 'Partly right' : 'Wrong');
  setText('res-points', missed ? "Time's up!" : unscored ? ''
    : result.points ? `+${result.points} points` : 'No points');
  setText('res-correct', reveal && question && !result.correct ? type.answerInWords(question, reveal) : '');
  if ('score' in result) setScore(result.score, result.rank);
  setText('res-score', me.score);
  setText('res-rank', me.rank ? `${ordinal(me.rank)} of ${me.players}` : '–');
  setText('res-streak', result.streak > 1 ? `${result.streak} in a row` : result.streak === 1 ? '1' : '–');
  feel.result(result, { question, rank: me.rank });
}

function showFinished() {
  show('finished');
  setText('fin-rank', me.rank ? `You finished ${ordinal(me.rank)} of ${me.players}` : 'Thanks for playing!');
  setText('fin-score', `Final score: ${me.score} points`);
  // the review reads the seat token this browser's session keeps (POST .../seat)
  $('fin-review').href = `/play/${me.pin}/review`;
  feel.finished(me);
}

/** The answer a snapshot says this phone sent (pack order) in the order it shows. */
function shownAnswer(q, answer) {
  if (answer === undefined || answer === null || !q || !q.perm) return answer;
  const toShown = (i) => q.perm.indexOf(i);
  if (Array.isArray(answer)) return answer.map(toShown);
  return typeof answer === 'number' ? toShown(answer) : answer;
}

function render(snapshot, ack) {
  ends.fromState(snapshot);
  const state = unpaused(snapshot);
  breakFromState(snapshot);
  me.players = state.players;
  setText('waiting-title', state.title);
  setScore(state.you ? state.you.score : me.score, state.you && state.you.rank);
  if (state.you) me.permGroup = state.you.perm_group;
  question = inPackOrder(state.question) || null;
  reveal = state.reveal || null;
  setText('waiting-status', state.phase === 'lobby' ? 'Waiting for the host to start…'
    : 'Get ready for the next question…');
  if (state.phase === 'question' && ack.answered) feel.sent(state.question.index, { ok: true });
  if (state.phase === 'lobby') show('waiting');
  else if (state.phase === 'lead_in') getReady(state.ready);
  else if (state.phase === 'discuss') discuss();
  else if (state.phase === 'break') show('waiting');
  else if (state.phase === 'question') {
    show('question');
    const shown = asShown(state.question, me.permGroup);
    panel.show(shown, Boolean(ack.answered), shownAnswer(shown, state.you ? state.you.answer : undefined));
    if (snapshot.phase === 'paused') panel.countdown.stop();
  }
  else if (state.phase === 'reveal' && state.you && state.you.result) {
    showResult({ ...state.you.result, streak: ack.streak ?? 0 });
  } else if (state.phase === 'reveal') show('waiting');
  else showFinished();
}

async function rejoin() {
  const ack = await call(socket, 'player:rejoin', { pin: me.pin, player_token: me.token });
  if (ack.ok) {
    banner(null);
    seated(ack);
    remember(me.pin, me.token);
    if (me.token !== data.playerToken) {
      data.playerToken = me.token;
      keepSeat(me.pin, me.token);
    }
    render(ack.state, ack);
  } else if (ack.error.code === 'bad_token' || ack.error.code === 'bad_request') {
    me.token = null;
    remember(me.pin, null);
    showJoin('Your seat in that game is gone. Join again with a nickname.');
  } else if (ack.error.code === 'not_found') {
    me.token = null;
    remember(me.pin, null);
    show('closed');
  } else {
    retrySoon(socket, rejoin, ack.error);
  }
}

const JOIN_RETRIES = 10;

async function join(event, retry = 0) {
  if (event) event.preventDefault();
  const pin = $('join-pin').value.replace(/\s+/g, '');
  if (!/^[0-9]{6}$/.test(pin)) return showJoin('The game PIN has 6 digits.', 'join-pin');
  const who = await showKnown(pin);
  const nickname = who ? who.nickname : $('join-name').value.trim();
  if (!nickname) return showJoin('Choose a nickname (or tap "Suggest a name").', 'join-name');
  if (await foundNoRoom(pin)) return showJoin(JOIN_ERRORS.not_found[1], 'join-pin');
  $('join-button').disabled = true;
  await whenConnected(socket);
  const team = chosenTeam(); // none: the server balances the teams
  const ack = await call(socket, 'player:join',
    { pin, nickname, ...(team ? { team } : {}), ...(who ? { league_token: who.token } : {}) });
  // a classroom behind one address can outrun the server's join budget: wait our turn
  if (!ack.ok && ack.error.code === 'rate_limited' && retry < JOIN_RETRIES) {
    const seconds = Math.min(Number(ack.error.retry_after) || 1, 10);
    showJoin(`Lots of players are joining at once: trying again in ${seconds} s…`, 'join-name');
    setTimeout(() => join(null, retry + 1), seconds * 1000);
    return undefined;
  }
  $('join-button').disabled = false;
  if (!ack.ok) {
    // the league no longer knows this phone's identity: its name is someone else's now
    if (who && ack.error.league) { forgetLeague(who.league); notYou(); }
    const [field, message] = JOIN_ERRORS[ack.error.code] || ['join-name', ''];
    const own = ack.error.code === 'bad_nickname' || ack.error.league; // the server's words say why
    const text = own ? sentence(ack.error.message) : message || `Could not join: ${ack.error.message}.`;
    return showJoin(text, field);
  }
  me.pin = pin;
  me.token = ack.player_token;
  remember(pin, ack.player_token);
  data.playerToken = me.token;
  keepSeat(pin, me.token);
  // a refresh now loads /play/<pin>, whose page carries this seat's token
  if (window.location.pathname !== `/play/${pin}`) window.history.replaceState(null, '', `/play/${pin}`);
  seated(ack);
  if (ack.league) showLeagueNote(ack.league);
  if (who && ack.league && !ack.league.token) keepLeague(who.league, who.token, ack.league.nickname);
  render(ack.state, ack);
}

function onConnect() {
  if (me.pin && me.token) rejoin();
  else if (!$('loading').hidden) showJoin();
}

function wireEvents() {
  socket.on('question:start', (q) => {
    question = q;
    reveal = null;
    show('question');
    panel.show(asShown(q, me.permGroup));
  });
  socket.on('question:end', (msg) => { reveal = msg; panel.stop(); });
  socket.on('question:ready', getReady);
  socket.on('question:spread', discuss);
  watchBreak(socket);
  watchPause(socket, {
    onPause: () => panel.countdown.stop(),
    onResume: (msg) => {
      const q = panel.question;
      if (msg.phase === 'question' && q && q.index === msg.index) panel.countdown.start(msg.deadline, msg.server_time, q.time_limit_ms);
    },
  });
  socket.on('player:result', (result) => {
    me.players = result.players;
    showResult(result);
  });
  socket.on('game:over', (over) => {
    me.players = over.players;
    showFinished();
  });
  socket.on('player:kicked', () => {
    me.token = null;
    remember(me.pin, null);
    $('me').hidden = true;
    show('kicked');
    socket.disconnect();
  });
}

// a question and its send button, and a result, fit a small phone's screen without scrolling
autoFit({ active: () => !$('question').hidden || !$('result').hidden, min: 0.6 });
feel.init(() => me.pin);
$('join-form').addEventListener('submit', join);
$('join-pin').addEventListener('input', () => {
  showTeams($('join-pin').value);
  showKnown($('join-pin').value);
});
$('not-you').addEventListener('click', notYou);
$('suggest').addEventListener('click', () => {
  $('join-name').value = suggestName($('join-name').value);
  $('join-name').focus();
});
// a phone without a seat connects only when it joins: the server closes connections
// that attach to no room, and a player may take a while to type the PIN and a name
socket = connect(onConnect, { lazy: !(me.pin && me.token), keepAlive: () => Boolean(me.pin && me.token) });
if (!socket.active) showJoin();
const ends = watchQuestionEnds(socket, () => { if (me.pin && me.token) rejoin(); });
wireEvents();
