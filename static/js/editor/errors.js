// The validator's messages ("questions[2].choices[1]: must not be empty") put where
// they belong: under the input whose `data-path` they name (or the nearest enclosing
// field: `answer[0]` falls back to `answer`), marked aria-invalid and described by the
// message, and all of them in a summary at the top that links to each field. The words
// shown are messages.js's (`note` under the field, `summary` at the top).
import { el } from '../dom.js';

/** {question: index or null, path: relative path, problem, message} */
export function parse(message) {
  const colon = message.indexOf(': ');
  const full = colon < 0 ? '' : message.slice(0, colon);
  const problem = colon < 0 ? message : message.slice(colon + 2);
  const match = /^questions\[(\d+)\]\.?(.*)$/.exec(full);
  if (match) return { question: Number(match[1]), path: match[2], problem, message };
  return { question: null, path: full, problem, message };
}

/** Shorter and shorter paths: choices[1].alt, choices[1], choices. */
function candidates(path) {
  const out = [];
  let rest = path;
  while (rest) {
    out.push(rest);
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
    rest = cut > 0 ? rest.slice(0, cut) : '';
  }
  return out;
}

export function findField(root, path) {
  for (const candidate of candidates(path)) {
    const node = root.querySelector(`[data-path="${CSS.escape(candidate)}"]`);
    if (node) return node;
  }
  return null;
}

export function clearMarks(root) {
  for (const node of root.querySelectorAll('.field-error')) node.remove();
  for (const node of root.querySelectorAll('[data-error-for]')) {
    node.removeAttribute('aria-invalid');
    const describedBy = (node.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.startsWith('err-'));
    if (describedBy.length) node.setAttribute('aria-describedby', describedBy.join(' '));
    else node.removeAttribute('aria-describedby');
    delete node.dataset.errorFor;
  }
}

/** Put `items` (parsed errors) under their fields in `root`; returns the ones placed. */
export function mark(root, items) {
  const byField = new Map();
  for (const item of items) {
    const field = findField(root, item.path);
    if (!field) continue;
    if (!byField.has(field)) byField.set(field, []);
    byField.get(field).push(item);
    item.target = field;
  }
  let n = 0;
  for (const [field, list] of byField) {
    n += 1;
    const id = `err-${field.id || n}`;
    const note = el('p', { class: 'field-error', attrs: { id } });
    note.append(...list.flatMap((item, i) => (i ? [el('br'), item.note] : [item.note])));
    const anchor = field.closest('.edit-row') || field.closest('.field') || field;
    if (field.tagName === 'FIELDSET' || anchor === field) field.after(note);
    else anchor.append(note);
    if (field.matches('input, select, textarea')) field.setAttribute('aria-invalid', 'true');
    field.setAttribute('aria-describedby', `${field.getAttribute('aria-describedby') || ''} ${id}`.trim());
    field.dataset.errorFor = '1';
  }
  return items.filter((item) => item.target);
}

/** The summary at the top: every message, each a link that `jump(item)` follows. */
export function summarize(box, items, jump) {
  box.hidden = items.length === 0;
  box.querySelector('.errors-title').textContent = items.length
    ? `${items.length === 1 ? '1 thing needs' : `${items.length} things need`} fixing before this quiz can be played:`
    : '';
  const list = box.querySelector('ul');
  list.replaceChildren(...items.map((item) => {
    const link = el('a', { text: item.summary, attrs: { href: '#', 'data-message': item.message } });
    link.addEventListener('click', (event) => { event.preventDefault(); jump(item); });
    return el('li', {}, link);
  }));
}
