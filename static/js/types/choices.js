// The choice types (single, multi, true/false, poll) share one shape: big coloured
// buttons on the phone, read-only tiles on the host console and the projector, a bar
// per choice at the reveal. `choiceType` builds a type module from what differs.
import { clear, el } from '../dom.js';
import { choiceTile, look, shapeIcon } from '../drawing.js';
import { choiceChart, describeChoices } from './chart.js';
import { choiceFace } from '../media.js';

/** Phone: one tap answers; with `multiple`, taps toggle and a send button answers. */
function choiceInput(area, q, { submit, multiple }) {
  const pictures = q.choices.some((c) => typeof c === 'object');
  const grid = el('div', { class: `answer-grid${pictures ? ' has-pictures' : ''}`, attrs: { id: 'q-buttons', 'data-count': q.choices.length } });
  const send = multiple
    ? el('button', { class: 'btn btn-primary btn-big', text: 'Send answer', attrs: { type: 'button', id: 'q-submit' } })
    : null;
  let chosen = [];
  const picked = () => buttons.filter((b) => b.getAttribute('aria-pressed') === 'true');
  const buttons = q.choices.map((label, i) => {
    const button = el('button', {
      class: `answer-btn tile-${look(i).colour}`,
      attrs: { type: 'button', 'data-index': i, 'aria-pressed': multiple ? 'false' : null },
    }, shapeIcon(i), choiceFace(label));
    // a draft's empty choice in the editor's preview still has a name to be read
    if (typeof label === 'string' && !label.trim()) button.setAttribute('aria-label', `Choice ${i + 1}, not written yet`);
    button.addEventListener('click', () => {
      if (!multiple) {
        chosen = [button];
        submit(i);
        return;
      }
      button.setAttribute('aria-pressed', String(button.getAttribute('aria-pressed') !== 'true'));
      send.disabled = picked().length === 0;
    });
    grid.append(button);
    return button;
  });
  if (send) {
    send.disabled = true;
    send.addEventListener('click', () => {
      chosen = picked();
      submit(chosen.map((b) => Number(b.dataset.index)));
    });
  }
  clear(area).append(grid, ...(send ? [send] : []));
  return {
    restore(answer) {
      const sent = new Set(Array.isArray(answer) ? answer : [answer]);
      chosen = buttons.filter((b) => sent.has(Number(b.dataset.index)));
      if (multiple) for (const b of chosen) b.setAttribute('aria-pressed', 'true');
    },
    lock(sending) {
      for (const b of buttons) b.disabled = true;
      if (send) send.disabled = true;
      if (sending) for (const b of chosen) b.classList.add('is-chosen');
      grid.classList.add('is-locked');
    },
    unlock() {
      for (const b of buttons) b.disabled = false;
      for (const b of chosen) b.classList.remove('is-chosen');
      grid.classList.remove('is-locked');
      if (send) send.disabled = picked().length === 0;
    },
  };
}

function choiceTiles(container, q) {
  const pictures = q.choices.some((c) => typeof c === 'object');
  const tiles = el('ul', { class: `tiles${pictures ? ' has-pictures' : ''}`, attrs: { id: 'q-choices' } });
  q.choices.forEach((label, i) => tiles.append(choiceTile(i, label)));
  clear(container).append(tiles);
}

function rightAnswers(q, reveal) {
  if (reveal.correct === null || reveal.correct === undefined) return '';
  const right = Array.isArray(reveal.correct) ? reveal.correct : [reveal.correct];
  return `The right ${right.length > 1 ? 'answers were' : 'answer was'}: ${describeChoices(q.choices, right)}`;
}

export function choiceType({ name, label, hint, multiple = false, ...rest }) {
  return {
    name,
    label,
    hint,
    phone: (area, q, ctx) => choiceInput(area, q, { ...ctx, multiple }),
    view: choiceTiles,
    reveal: (container, q, reveal) => choiceChart(container, q, reveal),
    answerInWords: rightAnswers,
    ...rest,
  };
}
