// A typed answer, marked right when it matches one of the accepted answers.
import { clear, el } from '../dom.js';
import { row } from './chart.js';
import { checkbox, stringList } from './form-fields.js';

/** Text answers match ignoring case and all whitespace: the chart's fallback when the
 * server's distribution does not say which answers scored. */
function normalizeText(value) {
  return String(value).normalize('NFKC').toLowerCase().replace(/\s+/gu, '');
}

function textInput(area, q, { submit }) {
  const input = el('input', {
    class: 'input-big',
    attrs: { id: 'q-text-input', maxlength: 100, autocomplete: 'off', spellcheck: 'false', placeholder: 'Type your answer' },
  });
  const form = el('form', { class: 'text-answer', attrs: { id: 'q-text-form' } },
    el('label', { class: 'sr-only', text: 'Your answer', attrs: { for: 'q-text-input' } }),
    input,
    el('button', { class: 'btn btn-primary btn-big', text: 'Send', attrs: { type: 'submit' } }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.value.trim();
    if (value) submit(value);
  });
  clear(area).append(form);
  return {
    restore(answer) { input.value = String(answer); },
    // an empty, greyed-out field after sending reads as "type again"
    lock() { input.disabled = true; form.hidden = true; },
    unlock() { input.disabled = false; form.hidden = false; },
    focus() { input.focus(); },
  };
}

function view(container, q, { where }) {
  clear(container).append(where === 'screen'
    ? el('p', { class: 'text-prompt', text: 'Type your answer on your phone', attrs: { id: 'q-typed' } })
    : el('ul', { class: 'tiles', attrs: { id: 'q-choices' } },
      el('li', { class: 'tile tile-typed', text: 'Players type their answer' })));
}

function reveal(container, q, end) {
  const list = el('ul', { class: 'chart-list' });
  // a re-vote's spread (correct: null) marks nothing and names no accepted answer
  const spread = end.correct === null;
  const accepted = new Set((end.correct || []).map(normalizeText));
  const counts = end.distribution || [];
  const max = Math.max(0, ...counts.map((d) => d.count));
  for (const d of counts) {
    const head = el('span', { class: 'bar-head' }, el('span', { class: 'tile-label', text: d.answer }));
    // the server says which answers scored (a forgiven typo too); older servers do not
    const right = spread ? null
      : typeof d.correct === 'boolean' ? d.correct : accepted.has(normalizeText(d.answer));
    list.append(row(head, d.count, max, right));
  }
  if (!counts.length) container.append(el('p', { class: 'muted', text: 'No typed answers to show.' }));
  container.append(list);
  if (!spread) container.append(el('p', { class: 'accepted', text: `Accepted: ${(end.correct || []).join(', ')}` }));
}

function editorForm(container, q, ctx) {
  const accepted = stringList({
    legend: 'Accepted answers (case and spaces do not matter)', path: 'answer', values: Array.isArray(q.answer) ? q.answer : [],
    min: 1, max: 10, itemLabel: 'Accepted answer', addLabel: 'Add an accepted answer', ctx,
  });
  const fuzzy = checkbox('Forgive one typo in answers of 5 letters or more', q.fuzzy, 'fuzzy');
  container.append(accepted.node, fuzzy.node);
  return {
    read() {
      const out = { answer: accepted.read() };
      if (fuzzy.input.checked) out.fuzzy = true;
      return out;
    },
  };
}

export default {
  name: 'text',
  label: 'Typed answer',
  hint: 'Type your answer and send it.',
  phone: textInput,
  view,
  reveal,
  answerInWords: (q, end) => (end.correct ? `Accepted answers: ${end.correct.join(', ')}` : ''),
  editorForm,
  typedAnswers: true,
  blank: () => ({ type: 'text', text: '', answer: [''] }),
};
