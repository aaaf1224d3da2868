// A countdown to the server's deadline. The phone's own clock may be minutes off,
// so remaining time is measured on the server's clock: offset = server_time - now.

const ANNOUNCE_AT = new Set([10, 5]);

export class Countdown {
  /** `root` holds a .countdown-num; `#<root.id>-live` is its screen-reader live region. */
  constructor(root, { onZero } = {}) {
    this.root = root;
    this.num = root.querySelector('.countdown-num');
    this.live = document.getElementById(`${root.id}-live`);
    this.onZero = onZero;
    this.timer = null;
    this.lastShown = null;
  }

  start(deadline, serverTime, totalMs) {
    this.stop();
    // a question without a deadline (a slide the host moves on from) shows no clock
    this.root.hidden = deadline === null || deadline === undefined;
    if (this.root.hidden) return;
    this.offset = serverTime - Date.now();
    this.deadline = deadline;
    this.totalMs = totalMs || Math.max(1, deadline - serverTime);
    this.lastShown = null;
    this.root.classList.remove('is-over', 'is-low');
    this.tick();
    if (this.remainingMs() > 0) this.timer = setInterval(() => this.tick(), 200);
  }

  remainingMs() {
    return this.deadline - (Date.now() + this.offset);
  }

  tick() {
    const left = Math.max(0, this.remainingMs());
    const seconds = Math.ceil(left / 1000);
    this.root.style.setProperty('--left', String(Math.min(1, left / this.totalMs)));
    if (seconds === this.lastShown) return;
    const first = this.lastShown === null;
    this.lastShown = seconds;
    this.num.textContent = String(seconds);
    this.root.classList.toggle('is-low', seconds <= 5);
    if (first) this.say(`${seconds} seconds to answer`);
    else if (ANNOUNCE_AT.has(seconds)) this.say(`${seconds} seconds left`);
    if (left <= 0) {
      this.stop();
      this.root.classList.add('is-over');
      this.say("Time's up");
      if (this.onZero) this.onZero();
    }
  }

  /** The question closed early (everyone answered, or the host moved on). */
  halt() {
    this.stop();
    this.root.classList.add('is-over');
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  say(text) {
    if (this.live) this.live.textContent = text;
  }
}
