// The player's answer area: the question's type draws its input (static/js/types/);
// this panel runs the countdown, sends the answer and says how it went.
import { $, setText } from './dom.js';
import { Countdown } from './countdown.js';
import { typeOf } from './types/index.js';
import { questionImage } from './media.js';

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
    this.input = null;
    this.done = false;
    this.countdown = new Countdown($('q-countdown'), { onZero: () => this.timeUp() });
  }

  /** `sent`: the answer a reloaded phone had already sent, to mark it again. */
  show(q, answered = false, sent = undefined) {
    this.question = q;
    this.done = false;
    const type = typeOf(q);
    setText('q-counter', `Question ${q.index + 1} of ${q.count}`);
    setText('q-text', q.text);
    questionImage($('q-image'), q, q.image_on_devices);
    setText('q-hint', type.hint);
    setText('q-status', '');
    $('question').dataset.type = type.name;
    this.input = type.phone($('q-answer'), q, { submit: (answer) => this.submit(answer) });
    this.countdown.start(q.deadline, q.server_time, q.time_limit_ms);
    if (answered) {
      if (sent !== undefined && sent !== null && this.input.restore) this.input.restore(sent);
      this.lock('Answer sent. Waiting for the others…', sent !== undefined && sent !== null);
    }
    else if (this.input.focus) this.input.focus();
  }

  async submit(answer) {
    if (this.done) return;
    this.lock('Sending…', true);
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
    this.done = false;
    this.input.unlock();
    setText('q-status', `Not sent: ${ack.error.message}`);
  }

  lock(status, sending = false) {
    this.done = true;
    this.input.lock(sending);
    setText('q-status', status);
  }

  timeUp() {
    if (!this.done) this.lock("Time's up!");
  }

  stop() {
    this.countdown.halt();
  }
}
