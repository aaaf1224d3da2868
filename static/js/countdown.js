// A countdown to the server's deadline. The phone's own clock may be minutes off,
// so remaining time is measured on the server's clock: offset = server_time - now.

const ANNOUNCE_AT = new Set([10, 5]);

/** The default words for the live region: a question's time to answer. */
function answerWords(seconds, first) {
  if (first) return `${seconds} seconds to answer`;
  return ANNOUNCE_AT.has(seconds) ? `${seconds} seconds left` : null;
}

// the countdowns ticking now: a pause freezes them all at the server's one number
const running = new Set();

export class Countdown {
  /** `root` holds a .countdown-num; `#<root.id>-live` is its screen-reader live region.
   * `announce(seconds, first)`: what the live region says (null: nothing);
   * `format(seconds)`: the number as shown. */
  constructor(root, { onZero, announce = answerWords, format = String, overWords = "Time's up" } = {}) {
    this.root = root;
    this.num = root.querySelector('.countdown-num');
    this.live = document.getElementById(`${root.id}-live`);
    this.onZero = onZero;
    this.announce = announce;
    this.format = format;
    this.overWords = overWords;
    this.timer = null;
    this.lastShown = null;
  }

  start(deadline, serverTime, totalMs) {
    this.stop();
    // a question without a deadline (a slide the host moves on from) shows no clock
    this.root.hidden = !deadline;
    if (this.root.hidden) return;
    this.offset = serverTime - Date.now();
    this.deadline = deadline;
    this.totalMs = totalMs || Math.max(1, deadline - serverTime);
    this.lastShown = null;
    this.root.classList.remove('is-over', 'is-low');
    this.tick();
    if (this.remainingMs() > 0) {
      this.timer = setInterval(() => this.tick(), 200);
      running.add(this);
    }
  }

  remainingMs() {
    return this.deadline - (Date.now() + this.offset);
  }

  tick() {
    const left = Math.max(0, this.remainingMs());
    const seconds = this.show(left);
    if (seconds === null) return;
    const first = this.lastShown === null;
    this.lastShown = seconds;
    const words = this.announce(seconds, first);
    if (words) this.say(words);
    if (left <= 0) {
      this.stop();
      this.root.classList.add('is-over');
      if (this.overWords) this.say(this.overWords);
      if (this.onZero) this.onZero();
    }
  }

  /** Draw `left` ms; the whole seconds shown, or null when they have not changed. */
  show(left) {
    const seconds = Math.ceil(left / 1000);
    this.root.style.setProperty('--left', String(Math.min(1, left / this.totalMs)));
    if (seconds === this.lastShown) return null;
    this.num.textContent = this.format(seconds);
    this.root.classList.toggle('is-low', seconds <= 5);
    return seconds;
  }

  /** Paused: the server's time left, standing still (every page shows the same number,
   * whatever its own last tick showed). `totalMs` fills the ring; the last one if absent. */
  freeze(remainingMs, totalMs) {
    this.stop();
    this.root.hidden = false;
    this.root.classList.remove('is-over');
    if (totalMs) this.totalMs = totalMs;
    if (!this.totalMs) this.totalMs = Math.max(1, remainingMs);
    this.lastShown = null;
    this.lastShown = this.show(Math.max(0, remainingMs));
  }

  /** The question closed early (everyone answered, or the host moved on). */
  halt() {
    this.stop();
    this.root.classList.add('is-over');
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    running.delete(this);
  }

  say(text) {
    if (this.live) this.live.textContent = text;
  }
}

/** A pause (game:paused): every running countdown stands still at `remainingMs`. */
export function freezeRunning(remainingMs) {
  for (const countdown of [...running]) countdown.freeze(remainingMs);
}

/** Seconds as a clock: 125 -> "2:05", 3725 -> "1:02:05", over a day "2 d 3:04:05". */
export function clockText(seconds) {
  const pad = (n) => String(n).padStart(2, '0');
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = `${pad(seconds % 60)}`;
  if (days) return `${days} d ${hours}:${pad(minutes)}:${rest}`;
  return hours ? `${hours}:${pad(minutes)}:${rest}` : `${minutes}:${rest}`;
}
