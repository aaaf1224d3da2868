// The column of questions: pick one to edit, move one by dragging its handle (mouse,
// pen or finger) or with Alt+ArrowUp/Down, and hear where it went (aria-live).
import { el } from '../dom.js';
import { typeOf } from '../types/index.js';

/**
 * `list` is the <ol>, `live` the announcer. `hooks`: { select(i), move(from, to) }.
 * draw(questions, selected, errorCounts) redraws it.
 */
export function questionList(list, live, hooks) {
  let count = 0;

  function announce(from, to) {
    live.textContent = `Question moved from position ${from + 1} to position ${to + 1} of ${count}.`;
  }

  function move(from, to, how) {
    if (from === to || to < 0 || to >= count) return;
    hooks.move(from, to);
    announce(from, to);
    if (how === 'key') list.children[to]?.querySelector('.q-pick')?.focus();
  }

  function item(q, i, selected, errors) {
    const type = typeOf(q);
    const summary = (q.text || '').trim() || '(no text yet)';
    const pick = el('button', {
      class: 'q-pick',
      attrs: { type: 'button', 'aria-current': i === selected ? 'true' : null, 'aria-keyshortcuts': 'Alt+ArrowUp Alt+ArrowDown' },
    },
    el('span', { class: 'q-num', text: `${i + 1}.` }),
    el('span', { class: 'q-summary' },
      el('span', { class: 'q-type', text: type.label }),
      el('span', { class: 'q-snippet', text: summary })),
    errors ? el('span', { class: 'q-badge', text: `${errors} to fix`, attrs: { 'aria-label': `${errors} ${errors === 1 ? 'problem' : 'problems'}` } }) : null);
    pick.addEventListener('click', () => hooks.select(i));
    pick.addEventListener('keydown', (event) => {
      if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
      event.preventDefault();
      move(i, event.key === 'ArrowUp' ? i - 1 : i + 1, 'key');
    });
    const handle = el('span', { class: 'q-handle', text: '⠿', attrs: { 'aria-hidden': 'true', title: 'Drag to move' } });
    handle.addEventListener('pointerdown', (event) => startDrag(event, i));
    return el('li', { class: `q-item${i === selected ? ' is-selected' : ''}${errors ? ' has-errors' : ''}`, attrs: { 'data-index': i } }, handle, pick);
  }

  /** Redraw every item; a keyboard user on the list stays on the same place in it. */
  function draw(questions, selected, errorCounts) {
    count = questions.length;
    const focused = list.contains(document.activeElement)
      ? [...list.children].indexOf(document.activeElement.closest('.q-item')) : -1;
    list.replaceChildren(...questions.map((q, i) => item(q, i, selected, errorCounts.get(i) || 0)));
    if (focused >= 0) list.children[Math.min(focused, count - 1)]?.querySelector('.q-pick').focus();
  }

  /** The text and type of one item, as the host types: nothing else moves. */
  function update(i, q) {
    const node = list.children[i];
    if (!node) return;
    node.querySelector('.q-type').textContent = typeOf(q).label;
    node.querySelector('.q-snippet').textContent = (q.text || '').trim() || '(no text yet)';
  }

  // the list holds the pointer while an item moves: a node moved in the DOM loses its capture
  let dragging = null;
  function startDrag(event, index) {
    event.preventDefault();
    const item = list.children[index];
    dragging = { from: index, item, pointer: event.pointerId };
    list.setPointerCapture(event.pointerId);
    item.classList.add('is-dragging');
  }
  list.addEventListener('pointermove', (event) => {
    if (!dragging || event.pointerId !== dragging.pointer) return;
    const others = [...list.children].filter((li) => li !== dragging.item);
    const before = others.find((li) => {
      const box = li.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    }) || null;
    if (dragging.item.nextElementSibling !== before) list.insertBefore(dragging.item, before);
  });
  const endDrag = (event) => {
    if (!dragging || event.pointerId !== dragging.pointer) return;
    const { from, item } = dragging;
    dragging = null;
    item.classList.remove('is-dragging');
    move(from, [...list.children].indexOf(item), 'drag');
  };
  list.addEventListener('pointerup', endDrag);
  list.addEventListener('pointercancel', endDrag);

  return { draw, update, move };
}
