// Sound on or off, per page kind, remembered in localStorage. Browsers let a page
// start audio only after a user gesture, so the AudioContext is made when someone
// turns sound on (or, when it was on before a reload, at once and resumed at the
// first click or key press). What it is doing shows on <body>:
//   data-sound = on | off, data-audio = none | suspended | running,
//   data-cue = the last cue played, data-music = playing | stopped.
import { el } from '../dom.js';
import { icon } from './icons.js';
import { CUES, lobbyMusic } from './synth.js';

export class Sound {
  /** `key`: the localStorage key; `on` by default only if the page says so. */
  constructor(key) {
    this.key = key;
    this.ctx = null;
    this.out = null;
    this.stopMusic = null;
    this.wantMusic = false;
    this.on = read(key) === 'on';
    this.button = null;
    document.body.dataset.audio = 'none';
    this.mark();
    if (this.on) this.wake();
  }

  /** The visible toggle: `className` places it on the page. */
  toggle(className) {
    this.button = el('button', { class: `btn btn-small fx-sound ${className}`, attrs: { type: 'button', id: 'sound-toggle' } });
    this.button.addEventListener('click', () => this.set(!this.on));
    this.mark();
    return this.button;
  }

  set(on) {
    this.on = on;
    write(this.key, on ? 'on' : 'off');
    if (on) {
      this.wake();
      if (this.ctx) this.ctx.resume().then(() => this.mark());
      if (this.wantMusic) this.music(true);
    } else {
      this.music(false, true);
      if (this.ctx) this.ctx.suspend().then(() => this.mark());
    }
    this.mark();
  }

  /** Make the context; if the browser holds it until a gesture, resume at the first one. */
  wake() {
    if (this.ctx) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    this.ctx = new Context();
    this.out = this.ctx.createGain();
    this.out.gain.value = 0.8;
    this.out.connect(this.ctx.destination);
    this.ctx.addEventListener('statechange', () => this.mark());
    const resume = () => { if (this.on && this.ctx.state === 'suspended') this.ctx.resume(); };
    window.addEventListener('pointerdown', resume, { capture: true });
    window.addEventListener('keydown', resume, { capture: true });
  }

  play(name, ...args) {
    if (!this.on || !this.ctx || this.ctx.state !== 'running') return;
    CUES[name](this.ctx, this.out, ...args);
    document.body.dataset.cue = name;
  }

  /** Lobby music while `playing`; `keepWish`: off for now, but back when sound returns. */
  music(playing, keepWish = false) {
    if (!keepWish) this.wantMusic = playing;
    if (playing && !this.stopMusic && this.on && this.ctx) {
      this.stopMusic = lobbyMusic(this.ctx, this.out);
    } else if (!playing && this.stopMusic) {
      this.stopMusic();
      this.stopMusic = null;
    }
    document.body.dataset.music = this.stopMusic ? 'playing' : 'stopped';
  }

  mark() {
    document.body.dataset.sound = this.on ? 'on' : 'off';
    if (this.ctx) document.body.dataset.audio = this.ctx.state;
    if (!this.button) return;
    const waiting = this.on && this.ctx && this.ctx.state === 'suspended';
    const label = !this.on ? 'Sound off' : waiting ? 'Sound on: click to start' : 'Sound on';
    if (this.button.textContent === label) return;
    this.button.replaceChildren(icon(this.on ? 'speaker' : 'muted'), el('span', { class: 'fx-label', text: label }));
    this.button.title = this.on ? 'Turn sound off' : 'Turn sound on';
  }
}

function read(key) {
  try { return localStorage.getItem(key); } catch { return null; }
}

function write(key, value) {
  try { localStorage.setItem(key, value); } catch { /* private mode: on for this visit only */ }
}
