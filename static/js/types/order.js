// Put 2 to 6 items in order. On the phone the player taps the items first to last
// (one thumb, or Tab and Enter), or drags one by its handle; the reveal shows the
// right order, how many got each place right and how many got it exactly.
import { clear, el, ordinal, plural } from '../dom.js';
import { bar, describeChoices } from './chart.js';
import { choiceForm } from './choice-form.js';

function orderInput(area, q, { submit }) {
  const n = q.choices.length;
  let order = q.choices.map((_, i) => i); // indexes into q.choices, as listed now
  let placed = 0; // the first `placed` of them are where the player put them
  // the last item, placed by the phone because it was the one left: the player's tap
  // on it (the phone said to tap every item) keeps it there rather than taking it out
  let auto = null;
  let dragging = null; // {choice, pointer} while a handle is held
  let locked = false;
  const list = el('ol', { class: 'order-list', attrs: { id: 'q-order', 'aria-label': 'Your order' } });
  const send = el('button', { class: 'btn btn-primary btn-big', text: 'Send order', attrs: { type: 'button', id: 'q-order-send' } });
  const reset = el('button', { class: 'btn', text: 'Start again', attrs: { type: 'button' } });
  const items = q.choices.map((label, i) => {
    // what a screen reader says starts with what the button shows (WCAG 2.5.3)
    const pick = el('button', { class: 'order-pick', attrs: { type: 'button', 'data-index': i } },
      el('span', { class: 'order-pos' }), el('span', { class: 'tile-label', text: label }),
      el('span', { class: 'order-hint sr-only' }));
    const handle = el('span', { class: 'order-handle', text: '⠿', attrs: { 'aria-hidden': 'true', title: 'Drag to move' } });
    pick.addEventListener('click', () => tap(i));
    handle.addEventListener('pointerdown', (event) => startDrag(event, i));
    // the handle's touches are this page's drag, not a browser gesture: Chromium took
    // the drag for a fling and swallowed the next tap for up to a second after it, so
    // "Start again" right after a drag did nothing
    handle.addEventListener('touchstart', (event) => event.preventDefault(), { passive: false });
    return el('li', { class: 'order-item', attrs: { 'data-index': i } }, pick, handle);
  });

  function render(focusIndex = null) {
    order.forEach((choice, at) => {
      const item = items[choice];
      const isPlaced = at < placed;
      item.classList.toggle('is-placed', isPlaced);
      item.querySelector('.order-pos').textContent = isPlaced ? String(at + 1) : '';
      item.querySelector('.order-hint').textContent = choice === auto
        ? `: ${ordinal(at + 1)}, the one place left`
        : isPlaced ? `: ${ordinal(at + 1)}. Tap to take it out`
          : `: not placed yet. Tap to put it ${ordinal(placed + 1)}`;
      if (list.children[at] !== item) list.insertBefore(item, list.children[at] || null);
    });
    send.disabled = locked || placed < n;
    reset.disabled = locked || placed === 0;
    if (focusIndex !== null) items[focusIndex].querySelector('.order-pick').focus();
  }

  function tap(choice) {
    if (locked || dragging) return; // a second finger while one drags: the drag decides
    if (choice === auto) {
      auto = null; // the player agrees: it stays last
      render(choice);
      return;
    }
    const at = order.indexOf(choice);
    order.splice(at, 1);
    if (at < placed) {
      if (auto !== null) placed -= 1; // the phone's pick goes back too: it was only the one left
      auto = null;
      placed -= 1; // taken out: first of the ones still to place
      order.splice(placed, 0, choice);
    } else {
      order.splice(placed, 0, choice);
      placed += 1;
      if (placed === n - 1) { // the last one can only go last
        placed = n;
        auto = order[n - 1];
      }
    }
    render(choice);
  }

  // the list, not the moving item, holds the pointer: moving a node in the DOM drops its capture
  function startDrag(event, choice) {
    if (locked) return;
    event.preventDefault();
    list.setPointerCapture(event.pointerId); // throws for a pointer already gone: no drag
    dragging = { choice, pointer: event.pointerId };
    items[choice].classList.add('is-dragging');
  }
  list.addEventListener('pointermove', (event) => {
    if (!dragging || event.pointerId !== dragging.pointer) return;
    const item = items[dragging.choice];
    const others = [...list.children].filter((li) => li !== item);
    const before = others.find((li) => {
      const box = li.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    }) || null;
    if (item.nextElementSibling !== before) list.insertBefore(item, before);
  });
  /** Forget a drag in flight; `keep`: the list as dragged is the player's order. */
  function dropDrag(keep) {
    if (!dragging) return;
    const { choice, pointer } = dragging;
    dragging = null;
    items[choice].classList.remove('is-dragging');
    if (list.hasPointerCapture(pointer)) list.releasePointerCapture(pointer);
    if (keep) {
      order = [...list.children].map((li) => Number(li.dataset.index));
      placed = n;
      auto = null;
    }
    render(); // else: back where `order` has them
  }
  const endDrag = (event) => {
    if (dragging && event.pointerId === dragging.pointer) dropDrag(!locked);
  };
  list.addEventListener('pointerup', endDrag);
  list.addEventListener('pointercancel', endDrag);
  // capture lost without a pointerup (the browser took it back): the drag ends there
  list.addEventListener('lostpointercapture', (event) => { if (event.target === list) endDrag(event); });

  reset.addEventListener('click', () => {
    // a drag still in flight (another finger) must not complete the list afterwards
    dropDrag(false);
    order = q.choices.map((_, i) => i);
    placed = 0;
    auto = null;
    render(order[0]);
  });
  send.addEventListener('click', () => { if (placed === n) submit([...order]); });
  clear(area).append(list, el('div', { class: 'order-actions' }, reset, send));
  render();
  return {
    lock() {
      locked = true;
      dropDrag(false); // time's up mid-drag: what is sent or shown is the order as it was
      for (const b of area.querySelectorAll('button')) b.disabled = true;
      area.classList.add('is-locked');
    },
    unlock() {
      locked = false;
      for (const b of area.querySelectorAll('.order-pick')) b.disabled = false;
      area.classList.remove('is-locked');
      render();
    },
  };
}

function view(container, q) {
  const tiles = el('ul', { class: 'tiles order-tiles', attrs: { id: 'q-choices' } });
  for (const label of q.choices) tiles.append(el('li', { class: 'tile tile-plain' }, el('span', { class: 'tile-label', text: label })));
  clear(container).append(tiles, el('p', { class: 'text-prompt', text: 'Put them in order on your phone' }));
}

/** A re-vote's spread: which item each player put first, nothing marked right. */
function firstPicks(container, q, end) {
  const first = end.distribution.first;
  const max = Math.max(1, ...first);
  const list = el('ul', { class: 'chart-list order-first', attrs: { 'aria-label': 'What players put first' } });
  q.choices.forEach((label, at) => {
    list.append(el('li', { class: 'bar-row tile-none' },
      el('span', { class: 'bar-head' }, el('span', { class: 'tile-label', text: label })),
      bar(first[at] || 0, max),
      el('span', { class: 'bar-count', text: first[at] || 0, attrs: { 'aria-label': `${plural(first[at] || 0, 'player')} put it first` } })));
  });
  clear(container).append(el('p', { class: 'order-exact', text: 'What players put first' }), list);
}

function reveal(container, q, end) {
  if (end.correct === null && Array.isArray((end.distribution || {}).first)) {
    firstPicks(container, q, end);
    return;
  }
  const right = Array.isArray(end.correct) ? end.correct : [];
  const dist = end.distribution || {};
  const byPosition = dist.by_position || [];
  const answered = end.answered ?? 0;
  const list = el('ol', { class: 'chart-list order-reveal', attrs: { 'aria-label': 'The right order' } });
  right.forEach((choice, at) => {
    const count = byPosition[at] || 0;
    list.append(el('li', { class: 'bar-row tile-none' },
      el('span', { class: 'bar-head' },
        el('span', { class: 'order-pos', text: at + 1 }),
        el('span', { class: 'tile-label', text: q.choices[choice] })),
      bar(count, Math.max(answered, ...byPosition)),
      el('span', { class: 'bar-count', text: count, attrs: { 'aria-label': `${plural(count, 'player')} put it ${ordinal(at + 1)}` } })));
  });
  const exact = dist.exact ?? 0;
  clear(container).append(
    el('p', { class: 'order-exact', attrs: { id: 'order-exact' } },
      el('strong', { text: exact }), ` of ${answered} got the exact order`),
    list,
    el('p', { class: 'muted', text: 'Each bar: players who put that item in the right place.' }));
}

export default {
  name: 'order',
  label: 'Put in order',
  hint: 'Tap the items first to last (or drag ⠿), then send.',
  phone: orderInput,
  view,
  reveal,
  answerInWords: (q, end) => (Array.isArray(end.correct)
    ? `The right order: ${describeChoices(q.choices, end.correct, ' → ')}` : ''),
  partialCredit: true,
  itemWord: 'item',
  editorForm: choiceForm({ mark: 'order' }),
  blank: () => ({ type: 'order', text: '', choices: ['', '', ''] }),
  // as a room outside play deals it: each item one place on, never the right order
  publicView: (q) => ({ ...q, choices: q.choices.map((_, i) => q.choices[(i + 1) % q.choices.length]) }),
};
