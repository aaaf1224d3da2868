// The question as the room will see it, drawn by the same type modules the phone and
// the projector pages use (their `phone` and `view`), in frames scaled down to fit.
import { clear, el } from '../dom.js';
import { questionImage } from '../media.js';
import { typeOf } from '../types/index.js';

/** The pack question in the shape players receive (docs/protocol.md: question:start). */
export function publicQuestion(q, index, total) {
  const type = typeOf(q);
  const out = { ...q, index, total, choices: (q.choices || []).map((c) => (c && typeof c === 'object' ? { image: `/media/${c.image}`, alt: c.alt } : c)) };
  delete out.answer;
  delete out.explanation;
  if (q.image) out.image = `/media/${q.image}`;
  return type.publicView ? type.publicView(out) : out;
}

function counter(q) {
  return el('p', { class: 'q-counter', text: `Question ${q.index + 1} of ${q.total}` });
}

function failed(container, err) {
  clear(container).append(el('p', { class: 'muted preview-failed', text: `No preview until the question is complete (${err.message}).` }));
}

export function drawPreview({ phone, screen, sent }, question, index, total) {
  const q = publicQuestion(question, index, total);
  const type = typeOf(q);
  sent.textContent = '';
  try {
    const area = el('div', { class: 'answer-area' });
    clear(phone).append(counter(q), el('h1', { class: 'q-text', text: q.text || '…' }),
      el('p', { class: 'hint', text: type.hint || '' }), area);
    type.phone(area, q, { submit: (answer) => { sent.textContent = `The phone would send: ${JSON.stringify(answer)}`; } });
  } catch (err) {
    failed(phone, err);
  }
  try {
    const view = el('div', { class: 'q-view' });
    const parts = [counter(q), el('div', { class: 'screen-question' }, el('h1', { class: 'q-text', text: q.text || '…' }))];
    const figure = el('figure', { class: 'q-image' });
    questionImage(figure, q);
    clear(screen).append(...parts, figure, view);
    type.view(view, q, { where: 'screen' });
  } catch (err) {
    failed(screen, err);
  }
}
