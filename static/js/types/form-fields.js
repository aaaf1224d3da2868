// Inputs the question types' editor forms are built from. Every input carries the
// `data-path` of the pack field it edits (relative to its question, as the validator
// names it: `choices[1]`, `answer`, `min`), so the editor can put a save's error
// messages right under it. The forms only draw and read; the editor saves.
import { el } from '../dom.js';

export const MAX_CHOICES = 6;
export const MAX_CHOICE = 120;

/** An id for the input of `path`: one question's form is on the page at a time. */
export function fieldId(path) {
  return `qf-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** A labelled input (or textarea/select) wrapped in a `.field`; returns { node, input }. */
export function labelled(label, input, { path, hint } = {}) {
  if (path) {
    input.dataset.path = path;
    input.id = input.id || fieldId(path);
  }
  const parts = [el('label', { text: label, attrs: { for: input.id } }), input];
  if (hint) {
    const hintNode = el('small', { class: 'hint', text: hint, attrs: { id: `${input.id}-hint` } });
    input.setAttribute('aria-describedby', hintNode.id);
    parts.push(hintNode);
  }
  return { node: el('div', { class: 'field' }, ...parts), input };
}

export function textInput(label, value, path, attrs = {}) {
  const input = el('input', { attrs: { type: 'text', autocomplete: 'off', ...attrs } });
  input.value = value ?? '';
  return labelled(label, input, { path, hint: attrs.hint });
}

/** A number field whose read() gives a number, or the raw text when it is not one,
 * so the server names the problem instead of the page dropping it. */
export function numberInput(label, value, path, attrs = {}) {
  const { hint, ...rest } = attrs;
  const input = el('input', { attrs: { type: 'text', inputmode: 'decimal', autocomplete: 'off', ...rest } });
  input.value = value === undefined || value === null ? '' : String(value);
  const field = labelled(label, input, { path, hint });
  field.read = () => readNumber(input.value);
  return field;
}

export function readNumber(text) {
  const trimmed = String(text).trim();
  if (trimmed === '') return null;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : trimmed;
}

export function checkbox(label, checked, path) {
  const input = el('input', { attrs: { type: 'checkbox', id: fieldId(path) } });
  input.dataset.path = path;
  input.checked = Boolean(checked);
  return { node: el('div', { class: 'field field-check' }, input, el('label', { text: label, attrs: { for: input.id } })), input };
}

export function smallButton(text, label, onClick, extra = '') {
  const button = el('button', { class: `btn btn-small ${extra}`.trim(), text, attrs: { type: 'button', 'aria-label': label, title: label } });
  button.addEventListener('click', onClick);
  return button;
}

/** A group of inputs with a legend; its `data-path` takes errors about the whole list. */
export function group(legend, path, ...children) {
  const node = el('fieldset', { class: 'field-group', attrs: { id: fieldId(path) } },
    el('legend', { text: legend }), ...children);
  node.dataset.path = path;
  return node;
}

/** A list of strings the host can add to and remove from (a text question's accepted
 * answers). Returns { node, read() }. */
export function stringList({ legend, path, values, min = 1, max = 10, itemLabel, addLabel, ctx }) {
  const list = el('ol', { class: 'edit-list' });
  const add = smallButton(`+ ${addLabel}`, addLabel, () => { addRow(''); renumber(); list.lastElementChild.querySelector('input').focus(); ctx.changed(); });
  function addRow(value) {
    const input = el('input', { attrs: { type: 'text', autocomplete: 'off', maxlength: MAX_CHOICE * 2 } });
    input.value = value;
    const remove = smallButton('✕', '', () => { row.remove(); renumber(); ctx.changed(); }, 'btn-icon');
    const label = el('label', { class: 'sr-only' });
    const row = el('li', { class: 'edit-row' }, label, input, remove);
    list.append(row);
  }
  function renumber() {
    [...list.children].forEach((row, i) => {
      const input = row.querySelector('input');
      input.dataset.path = `${path}[${i}]`;
      input.id = fieldId(input.dataset.path);
      row.querySelector('label').setAttribute('for', input.id);
      row.querySelector('label').textContent = `${itemLabel} ${i + 1}`;
      const remove = row.querySelector('button');
      remove.setAttribute('aria-label', `Remove ${itemLabel.toLowerCase()} ${i + 1}`);
      remove.title = remove.getAttribute('aria-label');
      remove.disabled = list.children.length <= min;
    });
    add.disabled = list.children.length >= max;
  }
  for (const v of values.length ? values : ['']) addRow(v);
  renumber();
  return {
    node: group(legend, path, list, add),
    read: () => [...list.querySelectorAll('input')].map((input) => input.value),
  };
}
