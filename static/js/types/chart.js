// Bar-chart rows the reveal views share: a label line, then a bar whose length is the
// row's share of the biggest count, then the count. Right and wrong rows are marked in
// words and outline as well as colour.
import { el, plural } from '../dom.js';
import { look, shapeIcon } from '../drawing.js';
import { choiceText } from '../media.js';

export function bar(count, max) {
  const fill = el('span', { class: 'bar-fill' });
  fill.style.setProperty('--share', String(max ? count / max : 0));
  return el('span', { class: 'bar' }, fill);
}

function mark(correct) {
  if (correct === null) return null;
  return correct
    ? el('span', { class: 'bar-mark', text: '✓ Correct' })
    : el('span', { class: 'sr-only', text: ' (wrong)' });
}

/** One chart row; `correct` is true, false or null (nothing is right or wrong). */
export function row(head, count, max, correct, colour = 'none') {
  const classes = ['bar-row', `tile-${colour}`];
  if (correct === true) classes.push('is-correct');
  if (correct === false) classes.push('is-wrong');
  const badge = mark(correct);
  if (badge) head.append(badge);
  return el('li', { class: classes.join(' ') },
    head, bar(count, max),
    el('span', { class: 'bar-count', text: count, attrs: { 'aria-label': plural(count, 'answer') } }));
}

/** Whether choice `i` is right: true/false, or null for a poll (nothing is right). */
function choiceCorrect(reveal, i) {
  if (reveal.correct === null || reveal.correct === undefined) return null;
  const right = Array.isArray(reveal.correct) ? reveal.correct : [reveal.correct];
  return right.includes(i);
}

/** How many picked each choice, in the choices' colours and shapes. */
export function choiceChart(container, question, reveal) {
  const list = el('ul', { class: 'chart-list' });
  const counts = reveal.distribution || [];
  const max = Math.max(0, ...counts);
  question.choices.forEach((label, i) => {
    const head = el('span', { class: 'bar-head' },
      el('span', { class: 'swatch' }, shapeIcon(i)), el('span', { class: 'tile-label', text: choiceText(label) }));
    list.append(row(head, counts[i] || 0, max, choiceCorrect(reveal, i), look(i).colour));
  });
  container.append(list);
}

/** The choice labels as a person reads them, for "the answer was …" lines. */
export function describeChoices(choices, indexes, joiner = ', ') {
  return indexes.map((i) => choiceText(choices[i])).filter((c) => c !== undefined).join(joiner);
}
