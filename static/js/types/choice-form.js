// The editor form of the types answered from a list: single, multi, truefalse, poll
// and order. `mark` says how the right answer is given: 'one' (a radio per choice),
// 'many' (a checkbox per choice), 'none' (a poll), 'order' (the list itself is the
// right order, moved with buttons or Alt+Arrow keys). `images` lets a choice be a
// picture with alt text instead of words; `fixed` choices cannot be edited.
import { el } from '../dom.js';
import { MAX_CHOICE, MAX_CHOICES, fieldId, group, smallButton } from './form-fields.js';

const isImage = (choice) => choice !== null && typeof choice === 'object';

export function choiceForm({ mark, images = false, fixed = null, min = 2 }) {
  return function editorForm(container, question, ctx) {
    let rows = (fixed || (Array.isArray(question.choices) ? question.choices : [])).map((c) => ({
      choice: isImage(c) ? { image: c.image, alt: c.alt ?? '' } : String(c ?? ''),
    }));
    if (!rows.length) rows = [{ choice: '' }, { choice: '' }];
    // rows, not indexes, carry the right marks: moving a row keeps its mark
    const answer = question.answer;
    rows.forEach((row, i) => {
      row.right = mark === 'one' ? answer === i : mark === 'many' ? Array.isArray(answer) && answer.includes(i) : false;
    });
    const groupName = `${fieldId('answer')}-mark`;
    const list = el('ol', { class: `edit-list choice-list mark-${mark}` });
    const add = fixed ? null : smallButton('+ Add a choice', 'Add a choice', () => {
      rows.push({ choice: '', right: false });
      draw(rows.length - 1);
      ctx.changed();
    });
    const live = el('p', { class: 'sr-only', attrs: { 'aria-live': 'polite' } });

    function move(from, to, focusWhat) {
      if (to < 0 || to >= rows.length) return;
      const [row] = rows.splice(from, 1);
      rows.splice(to, 0, row);
      draw(to, focusWhat);
      live.textContent = `${label(row)} moved to position ${to + 1} of ${rows.length}`;
      ctx.changed();
    }

    function label(row) {
      return isImage(row.choice) ? `Picture “${row.choice.alt}”` : `“${row.choice}”`;
    }

    function rowNode(row, i) {
      const parts = [];
      const name = `Choice ${i + 1}`;
      if (mark === 'one' || mark === 'many') {
        const marker = el('input', {
          attrs: { type: mark === 'one' ? 'radio' : 'checkbox', name: groupName, 'aria-label': `${name} is right`, class: 'choice-mark' },
        });
        marker.checked = row.right;
        if (i === 0) marker.dataset.path = 'answer';
        marker.addEventListener('change', () => {
          if (mark === 'one') rows.forEach((r, j) => { r.right = j === i; });
          else row.right = marker.checked;
        });
        parts.push(el('label', { class: 'choice-mark-wrap', attrs: { title: 'Right answer' } }, marker,
          el('span', { class: 'choice-mark-text', text: 'right', attrs: { 'aria-hidden': 'true' } })));
      } else if (mark === 'order') {
        parts.push(el('span', { class: 'choice-pos', text: `${i + 1}.`, attrs: { 'aria-hidden': 'true' } }));
      }
      if (isImage(row.choice)) {
        const thumb = el('img', { class: 'thumb', attrs: { src: `/media/${row.choice.image}`, alt: '' } });
        const alt = el('input', { attrs: { type: 'text', id: fieldId(`choices[${i}].alt`), maxlength: MAX_CHOICE * 2, autocomplete: 'off', 'aria-label': `${name}: picture description (alt text)`, placeholder: 'Describe the picture' } });
        alt.dataset.path = `choices[${i}].alt`;
        alt.value = row.choice.alt;
        alt.addEventListener('input', () => { row.choice.alt = alt.value; });
        parts.push(thumb, alt, smallButton('Use words', `${name}: use words instead of the picture`, () => {
          row.choice = row.choice.alt;
          draw(i, 'input[type="text"]');
          ctx.changed();
        }));
      } else {
        const input = el('input', { attrs: { type: 'text', id: fieldId(`choices[${i}]`), maxlength: MAX_CHOICE * 2, autocomplete: 'off', 'aria-label': name, placeholder: name } });
        input.dataset.path = `choices[${i}]`;
        input.value = row.choice;
        input.readOnly = Boolean(fixed);
        input.addEventListener('input', () => { row.choice = input.value; });
        parts.push(input);
        if (images) {
          parts.push(smallButton('Picture…', `${name}: use a picture`, async () => {
            const picked = await ctx.pickImage();
            if (!picked) return;
            row.choice = { image: picked.hash, alt: row.choice };
            draw(i, 'input[type="text"]');
            ctx.changed();
          }));
        }
      }
      if (mark === 'order') {
        const up = smallButton('↑', `Move ${name.toLowerCase()} up`, () => move(i, i - 1, '.move-up'), 'btn-icon move-up');
        const down = smallButton('↓', `Move ${name.toLowerCase()} down`, () => move(i, i + 1, '.move-down'), 'btn-icon move-down');
        up.disabled = i === 0;
        down.disabled = i === rows.length - 1;
        parts.push(up, down);
      }
      if (!fixed) {
        const remove = smallButton('✕', `Remove ${name.toLowerCase()}`, () => {
          rows.splice(i, 1);
          draw(Math.min(i, rows.length - 1));
          ctx.changed();
        }, 'btn-icon');
        remove.disabled = rows.length <= min;
        parts.push(remove);
      }
      const item = el('li', { class: 'edit-row choice-row' }, ...parts);
      if (mark === 'order') {
        item.addEventListener('keydown', (event) => {
          if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
          event.preventDefault();
          move(i, event.key === 'ArrowUp' ? i - 1 : i + 1, 'input[type="text"]');
        });
      }
      return item;
    }

    function draw(focusIndex = null, focusWhat = 'input[type="text"]') {
      list.replaceChildren(...rows.map(rowNode));
      if (add) add.disabled = rows.length >= MAX_CHOICES;
      if (focusIndex !== null && list.children[focusIndex]) {
        const target = list.children[focusIndex].querySelector(focusWhat) || list.children[focusIndex].querySelector('input');
        if (target && !target.disabled) target.focus();
        else list.children[focusIndex].querySelector('input')?.focus();
      }
    }

    const legend = mark === 'order' ? 'Items, in the right order (Alt+↑/↓ moves one)'
      : mark === 'none' ? 'Choices' : 'Choices (tick the right one' + (mark === 'many' ? 's)' : ')');
    draw();
    container.append(group(legend, 'choices', list, ...(add ? [add] : []), live));
    return {
      read() {
        const out = { choices: rows.map((r) => (isImage(r.choice) ? { image: r.choice.image, alt: r.choice.alt } : r.choice)) };
        if (mark === 'one') {
          const i = rows.findIndex((r) => r.right);
          out.answer = i < 0 ? null : i;
        } else if (mark === 'many') {
          out.answer = rows.flatMap((r, i) => (r.right ? [i] : []));
        } else if (mark === 'none') {
          out.answer = null;
        }
        return out;
      },
    };
  };
}
