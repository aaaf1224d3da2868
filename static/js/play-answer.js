// The player's answer area: big buttons with colour, shape and label; toggles and a
// send button for multi; a text field for typed answers.
import { $, clear, el, setText } from './dom.js';
import { Countdown } from './countdown.js';
import { look, shapeIcon } from './drawing.js';

const HINTS = {
  single: 'Tap one answer.',
  truefalse: 'True or false?',
  multi: 'Pick every right answer, then send.',
  poll: 'Vote for one: there is no wrong answer.',
  text: 'Type your answer and send it.',
};

const PROBLEMS = {
  too_late: "Too late: time's up.",
  not_accepting: 'This question is closed.',
  forbidden: 'You are not in this game any more.',
};

export class AnswerPanel {
  /** `send(index, answer)` resolves to the player:answer ack. */
  constructor(send) {
    this.send = send;
    this.question = null;
    this.done = false;
    this.countdown = new Countdown($('q-countdown'), { onZero: () => this.timeUp() });
    $('q-text-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const value = $('q-text-input').value.trim();
      if (value) this.submit(value, []);
    });
    $('q-submit').addEventListener('click', () => {
      const picked = this.buttons.filter((b) => b.getAttribute('aria-pressed') === 'true');
      this.submit(picked.map((b) => Number(b.dataset.index)), picked);
    });
  }

  show(q, answered = false) {
    this.question = q;
    this.done = false;
    setText('q-counter', `Question ${q.index + 1} of ${q.count}`);
    setText('q-text', q.text);
    setText('q-hint', HINTS[q.type] || '');
    setText('q-status', '');
    const grid = clear($('q-buttons'));
    grid.classList.remove('is-locked');
    grid.dataset.count = String(q.choices.length);
    this.buttons = q.choices.map((label, i) => {
      const button = el('button', {
        class: `answer-btn tile-${look(i).colour}`,
        attrs: { type: 'button', 'data-index': i, 'aria-pressed': q.type === 'multi' ? 'false' : null },
      }, shapeIcon(i), el('span', { class: 'tile-label', text: label }));
      button.addEventListener('click', () => this.choose(button, i));
      grid.append(button);
      return button;
    });
    const typed = q.type === 'text';
    $('q-text-form').hidden = !typed;
    $('q-text-input').value = '';
    $('q-text-input').disabled = false;
    $('q-submit').hidden = q.type !== 'multi';
    $('q-submit').disabled = true;
    this.countdown.start(q.deadline, q.server_time, q.time_limit_ms);
    if (answered) this.lock('Answer sent. Waiting for the others…');
    if (typed && !answered) $('q-text-input').focus();
  }

  choose(button, index) {
    if (this.done) return;
    if (this.question.type !== 'multi') {
      this.submit(index, [button]);
      return;
    }
    const on = button.getAttribute('aria-pressed') !== 'true';
    button.setAttribute('aria-pressed', String(on));
    $('q-submit').disabled = !this.buttons.some((b) => b.getAttribute('aria-pressed') === 'true');
  }

  async submit(answer, chosen) {
    if (this.done) return;
    this.lock('Sending…');
    for (const b of chosen) b.classList.add('is-chosen');
    const ack = await this.send(this.question.index, answer);
    if (ack.ok || ack.error.code === 'already_answered') {
      setText('q-status', 'Answer sent! Waiting for the others…');
      return;
    }
    if (PROBLEMS[ack.error.code]) {
      setText('q-status', PROBLEMS[ack.error.code]);
      return;
    }
    // bad_answer, timeout, unavailable: the player may try again
    for (const b of chosen) b.classList.remove('is-chosen');
    this.unlock();
    setText('q-status', `Not sent: ${ack.error.message}`);
  }

  lock(status) {
    this.done = true;
    for (const b of this.buttons) b.disabled = true;
    $('q-submit').disabled = true;
    $('q-text-input').disabled = true;
    // an empty, greyed-out field after sending reads as "type again"
    if (this.question.type === 'text') $('q-text-form').hidden = true;
    $('q-buttons').classList.add('is-locked');
    setText('q-status', status);
  }

  unlock() {
    this.done = false;
    for (const b of this.buttons) b.disabled = false;
    $('q-text-input').disabled = false;
    $('q-text-form').hidden = this.question.type !== 'text';
    $('q-buttons').classList.remove('is-locked');
    if (this.question.type === 'multi') {
      $('q-submit').disabled = !this.buttons.some((b) => b.getAttribute('aria-pressed') === 'true');
    }
  }

  timeUp() {
    if (!this.done) this.lock("Time's up!");
  }

  stop() {
    this.countdown.halt();
  }
}
