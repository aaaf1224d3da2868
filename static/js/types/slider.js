// A number guessed on a slider: close is good, closer is better. The phone has a big
// slider with the value in words and fine -/+ buttons; the reveal is a histogram of the
// guesses with the answer (and the band that counts as right) marked on it.
import { clear, el, plural } from '../dom.js';
import { numberInput, textInput } from './form-fields.js';

/** Decimals of the step, so 0.1 + 0.2 shows as 0.3 and 5 shows as 5. */
function decimals(step) {
  const text = String(step);
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1]);
  return text.includes('.') ? text.split('.')[1].length : 0;
}

function numberOf(q, value) {
  return Number(Number(value).toFixed(decimals(q.step || 1)));
}

/** "42 km", "50%", "1,250": the unit the question gave, after the number. */
export function withUnit(q, value) {
  const digits = decimals(q.step || 1);
  const text = Number(value).toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (!q.unit) return text;
  return /^[%°′″]/u.test(q.unit) ? `${text}${q.unit}` : `${text} ${q.unit}`;
}

function snap(q, value) {
  const step = q.step || 1;
  const steps = Math.round((value - q.min) / step);
  return numberOf(q, Math.min(q.max, Math.max(q.min, q.min + steps * step)));
}

function sliderInput(area, q, { submit }) {
  const range = el('input', {
    class: 'slider-range',
    attrs: { type: 'range', id: 'q-slider', min: q.min, max: q.max, step: q.step || 1, 'aria-label': 'Your guess' },
  });
  range.value = String(snap(q, (q.min + q.max) / 2));
  const shown = el('output', { class: 'slider-value', attrs: { id: 'q-slider-value', for: 'q-slider', 'aria-live': 'polite' } });
  const stepText = withUnit(q, q.step || 1);
  const less = el('button', { class: 'btn slider-step', text: '−', attrs: { type: 'button', 'aria-label': `Less (−${stepText})` } });
  const more = el('button', { class: 'btn slider-step', text: '+', attrs: { type: 'button', 'aria-label': `More (+${stepText})` } });
  const send = el('button', { class: 'btn btn-primary btn-big', text: 'Send guess', attrs: { type: 'button', id: 'q-slider-send' } });
  const update = () => {
    const text = withUnit(q, range.value);
    shown.textContent = text;
    range.setAttribute('aria-valuetext', text);
    less.disabled = Number(range.value) <= q.min;
    more.disabled = Number(range.value) >= q.max;
  };
  const nudge = (by) => {
    range.value = String(snap(q, Number(range.value) + by * (q.step || 1)));
    update();
  };
  range.addEventListener('input', update);
  less.addEventListener('click', () => nudge(-1));
  more.addEventListener('click', () => nudge(1));
  send.addEventListener('click', () => submit(snap(q, Number(range.value))));
  update();
  const controls = [range, less, more, send];
  clear(area).append(el('div', { class: 'slider-input' },
    shown,
    el('div', { class: 'slider-row' }, less, range, more),
    el('div', { class: 'slider-ends', attrs: { 'aria-hidden': 'true' } },
      el('span', { text: withUnit(q, q.min) }), el('span', { text: withUnit(q, q.max) })),
    send));
  return {
    lock() { for (const c of controls) c.disabled = true; },
    unlock() { for (const c of controls) c.disabled = false; update(); },
  };
}

function view(container, q) {
  clear(container).append(el('p', {
    class: 'text-prompt',
    text: `Guess on your phone: between ${withUnit(q, q.min)} and ${withUnit(q, q.max)}`,
  }));
}

/** Where `value` falls between min and max, 0..1. */
function at(min, max, value) {
  return max > min ? Math.min(1, Math.max(0, (value - min) / (max - min))) : 0.5;
}

function reveal(container, q, end) {
  const hist = end.distribution || {};
  const bins = hist.bins || [];
  const min = hist.min ?? q.min;
  const max = hist.max ?? q.max;
  const answer = end.correct || null;
  const biggest = Math.max(0, ...bins.map((b) => b.count));
  const plot = el('div', { class: 'hist-plot' });
  if (answer && answer.tolerance > 0) {
    const band = el('div', { class: 'hist-band', attrs: { 'aria-hidden': 'true' } });
    band.style.setProperty('--from', String(at(min, max, answer.value - answer.tolerance)));
    band.style.setProperty('--to', String(at(min, max, answer.value + answer.tolerance)));
    plot.append(band);
  }
  const bars = el('ol', { class: 'hist-bars', attrs: { 'aria-label': 'Guesses in each range' } });
  bars.style.setProperty('--bins', String(Math.max(1, bins.length)));
  for (const b of bins) {
    const near = answer && b.to >= answer.value - answer.tolerance && b.from <= answer.value + answer.tolerance;
    const fill = el('span', { class: 'hist-bar' });
    fill.style.setProperty('--share', String(biggest ? b.count / biggest : 0));
    bars.append(el('li', {
      class: near ? 'hist-bin is-correct' : 'hist-bin',
      attrs: { 'aria-label': `${withUnit(q, b.from)} to ${withUnit(q, b.to)}: ${plural(b.count, 'guess', 'guesses')}` },
    }, el('span', { class: 'hist-count', text: b.count || '' }), fill));
  }
  plot.append(bars);
  if (answer) {
    const where = at(min, max, answer.value);
    const line = el('div', {
      class: `hist-answer${where > 0.75 ? ' is-right-edge' : where < 0.25 ? ' is-left-edge' : ''}`,
    }, el('span', { class: 'hist-answer-label', text: `✓ ${withUnit(q, answer.value)}` }));
    line.style.setProperty('--at', String(where));
    plot.append(line);
  }
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  clear(container).append(el('figure', { class: 'histogram' },
    plot,
    el('div', { class: 'hist-axis' }, el('span', { text: withUnit(q, min) }), el('span', { text: withUnit(q, max) })),
    el('figcaption', { class: 'accepted', text: answer
      ? `Answer: ${withUnit(q, answer.value)}${answer.tolerance ? ` (±${withUnit(q, answer.tolerance)} counts as right)` : ''} · ${plural(total, 'guess', 'guesses')}`
      : plural(total, 'guess', 'guesses') })));
}

/** The editor's fields: the slider's range, the answer and how near counts. Empty
 * optional fields are left out so the pack's defaults apply. */
function editorForm(container, q) {
  const fields = {
    min: numberInput('Lowest value', q.min ?? '', 'min'),
    max: numberInput('Highest value', q.max ?? '', 'max'),
    step: numberInput('Step', q.step ?? '', 'step', { placeholder: '1' }),
    answer: numberInput('Right answer', q.answer ?? '', 'answer'),
    tolerance: numberInput('Counts as right within ±', q.tolerance ?? '', 'tolerance', { placeholder: '0' }),
    margin: numberInput('Some points within ±', q.margin ?? '', 'margin', { placeholder: 'a tenth of the range', hint: 'Fewer points the further off, none past this.' }),
  };
  const unit = textInput('Unit (optional)', q.unit ?? '', 'unit', { maxlength: 24, placeholder: 'km, %, °C…' });
  container.append(el('div', { class: 'field-grid' }, ...Object.values(fields).map((f) => f.node), unit.node));
  return {
    read() {
      const out = {};
      for (const [key, field] of Object.entries(fields)) {
        const value = field.read();
        if (value !== null || ['min', 'max', 'answer'].includes(key)) out[key] = value;
      }
      if (unit.input.value.trim()) out.unit = unit.input.value.trim();
      return out;
    },
  };
}

export default {
  name: 'slider',
  label: 'Guess a number',
  hint: 'Slide to your guess, then send it.',
  phone: sliderInput,
  view,
  reveal,
  answerInWords: (q, end) => (end.correct ? `The answer was ${withUnit(q, end.correct.value)}` : ''),
  editorForm,
  blank: () => ({ type: 'slider', text: '', min: 0, max: 100, step: 1, answer: 50 }),
};
