// Game modes on the three screens: the "paused" notice, get-ready, team boards.
// Pages keep their own layout; these pieces are added next to it.
import { clear, el } from './dom.js';
import { Countdown, clockText, freezeRunning } from './countdown.js';

let notice = null;

/** A notice across the top of the page: in the flow, so it moves the view down (and the
 * page's fit shrinks it) instead of covering its last rows or the host's buttons. */
function topNotice(node) {
  node.hidden = true;
  document.getElementById('main').before(node);
  return node;
}

/** The "paused" notice on any screen (created on first use). */
export function pausedNotice(on) {
  if (!notice) {
    notice = topNotice(el('div', { class: 'mode-paused', text: 'Paused', attrs: { id: 'paused', role: 'status', 'aria-live': 'polite' } }));
  }
  notice.hidden = !on;
}

/** A snapshot as the phase it paused in, with the notice shown while paused. */
export function unpaused(state) {
  pausedNotice(state.phase === 'paused');
  return state.phase === 'paused' ? { ...state, phase: state.paused.phase } : state;
}

/** The team board after `anchor` (created on first use), or nothing without teams. */
export function renderTeams(anchor, id, rows, title = 'Teams') {
  let box = document.getElementById(id);
  if (!rows || !rows.length || rows[0].score === undefined) {
    if (box) box.hidden = true;
    return;
  }
  if (!box) {
    box = el('div', { class: 'team-board', attrs: { id } });
    anchor.after(box);
  }
  box.hidden = false;
  clear(box).append(el('h2', { text: title }));
  const list = el('ol', { class: 'board team-rows' });
  for (const row of rows) {
    const item = el('li', { class: 'board-row team-row', attrs: { 'data-team': row.name } },
      el('span', { class: 'board-rank', text: String(row.rank) }),
      el('span', { class: 'board-name', text: `${row.name} (${row.members})` }),
      el('span', { class: 'board-score', text: String(row.score) }));
    item.style.borderLeft = `0.5em solid ${row.colour}`;
    list.append(item);
  }
  box.append(list);
}

/** Wire the pause events: the running countdowns stand still at the server's time left,
 * then `onPause(msg)`; `onResume(msg)` restarts the page's countdown. */
export function watchPause(socket, { onPause, onResume }) {
  socket.on('game:paused', (msg) => { pausedNotice(true); freezeRunning(msg.remaining_ms); onPause(msg); });
  socket.on('game:resumed', (msg) => { pausedNotice(false); onResume(msg); });
}

/** A first vote's spread drawn like a reveal with nothing marked right, and no board
 * beside it: nobody's score has changed. */
export function spreadAsReveal(spread) {
  return { index: spread.index, distribution: spread.distribution, answered: spread.answered, correct: null, explanation: '', spread: true };
}

export const DISCUSS_TEXT = 'Talk it over with your neighbours, then vote again';

/** Under the final reveal of a re-voted question: how the room moved. */
export function revoteNote(anchor, split) {
  let note = document.getElementById('r-revote');
  if (!split) {
    if (note) note.hidden = true;
    return;
  }
  if (!note) {
    note = el('p', { class: 'revote-note', attrs: { id: 'r-revote', 'aria-live': 'polite' } });
    anchor.after(note);
  }
  note.hidden = false;
  note.textContent = `First vote: ${split.right_before} right · second vote: ${split.right_after} right`
    + ` · ${split.moved} moved to the right answer`;
}

/** A note above the chart while the room discusses (hidden otherwise). */
export function discussNote(anchor, on) {
  let note = document.getElementById('r-discuss');
  if (!note && on) {
    note = el('p', { class: 'revote-note', text: DISCUSS_TEXT, attrs: { id: 'r-discuss', role: 'status' } });
    anchor.before(note);
  }
  if (note) note.hidden = !on;
}

let breakBox = null;

/** The break between rounds: a notice with the time it ends (hidden with null). */
export function breakNotice(msg) {
  if (!breakBox) {
    breakBox = topNotice(el('div', { class: 'mode-paused mode-break', attrs: { id: 'break', role: 'status', 'aria-live': 'polite' } }));
  }
  breakBox.hidden = !msg;
  if (msg) {
    const seconds = Math.max(0, Math.round((msg.ends_at - msg.server_time) / 1000));
    breakBox.textContent = `Break: the next round starts in about ${seconds} s`;
  }
}

/** Wire the break: the notice from game:break until the next question opens. */
export function watchBreak(socket) {
  socket.on('game:break', breakNotice);
  for (const name of ['question:ready', 'question:start', 'game:over']) socket.on(name, () => breakNotice(null));
}

/** A snapshot's break, if it is one (call with every snapshot). */
export function breakFromState(state) {
  const paused = state.phase === 'paused';
  const inBreak = state.phase === 'break' || (paused && state.paused.phase === 'break');
  breakNotice(inBreak ? { ends_at: state.server_time + state.break.remaining_ms, server_time: state.server_time } : null);
}

/** The auto-pilot's "Next question in 5" under a reveal (`root`: #r-next, holding a
 * label and a .countdown-num), counted on the server's clock. */
export function nextCountdown(root) {
  const label = root.querySelector('.next-label');
  const words = () => label.textContent.replace(/ in$/, '');
  const clock = new Countdown(root, {
    announce: (seconds, first) => (first ? `${words()} in ${seconds} seconds` : null),
    overWords: null,
  });
  const name = (last) => { label.textContent = last ? 'Podium in' : 'Next question in'; };
  return {
    /** `nextAt` 0: the reveal waits for the host, and the line is hidden. */
    start(nextAt, serverTime, last, totalMs) {
      name(last);
      clock.start(nextAt, serverTime, totalMs);
    },
    /** A paused reveal: `remainingMs` of its timer, frozen (0: it had none). */
    freeze(remainingMs, last) {
      name(last);
      if (remainingMs > 0) clock.freeze(remainingMs);
      else this.hide();
    },
    hide() {
      clock.stop();
      root.hidden = true;
    },
  };
}

let startClock = null;

/** The lobby's "Starts by itself ..." line in `root` (hidden without auto-start): a player
 * count, or a countdown to the time, on the server's clock. */
export function autoStartLine(root, autoStart, nextAt, serverTime, players = () => 0) {
  if (startClock) startClock.stop();
  startClock = null;
  root.hidden = !autoStart;
  if (!autoStart) return;
  if (autoStart.players) {
    root.textContent = `Starts by itself when ${autoStart.players} `
      + `${autoStart.players === 1 ? 'player has' : 'players have'} joined`;
    return;
  }
  clear(root).append(el('span', { text: 'Starts by itself in' }), ' ',
    el('span', { class: 'countdown-num' }));
  startClock = new Countdown(root, {
    format: clockText,
    announce: (seconds, first) => (first ? `Starts by itself in ${clockText(seconds)}` : null),
    overWords: null,
    // the time has come with nobody there: the first player to join starts it
    onZero: () => { root.textContent = players() ? 'Starting…' : 'Starts as soon as a player joins'; },
  });
  startClock.start(nextAt || autoStart.at, serverTime, 0);
}

/** Leaving the lobby: its countdown stops (and is no timer a pause would freeze). */
export function stopAutoStart(root) {
  autoStartLine(root, null);
}
