// One question's form: the fields every type has (type, text, picture, time limit,
// points, partial credit, explanation, tags) around the fields its type module draws
// (typeOf(q).editorForm). read() gives the question back in pack form.
import { el } from '../dom.js';
import { allTypes, typeOf } from '../types/index.js';
import { checkbox, fieldId, labelled, numberInput } from '../types/form-fields.js';

const POINTS = [['standard', 'Standard (up to 1000)'], ['double', 'Double (up to 2000)'], ['none', 'No points']];
const CARRIED = ['text', 'time_limit', 'explanation', 'image', 'image_alt', 'tags'];

export function editableTypes() {
  return allTypes().filter((t) => t.editorForm && t.blank);
}

/** A new question of `type` keeping what `from` had that every type has. */
export function convert(from, type) {
  const blank = type.blank();
  const out = { ...blank };
  for (const key of CARRIED) if (from[key] !== undefined && from[key] !== '') out[key] = from[key];
  // choice lists carry over between the types that have editable choices
  if (Array.isArray(from.choices) && from.choices.length >= 2 && Array.isArray(blank.choices)) {
    out.choices = from.choices.map((c) => (typeof c === 'object' && !type.imageChoices ? c.alt : c));
  }
  return out;
}

function imagePicker(q, ctx) {
  let hash = q.image || null;
  const box = el('div', { class: 'image-field' });
  const alt = el('input', { attrs: { type: 'text', id: fieldId('image_alt'), maxlength: 240, autocomplete: 'off', placeholder: 'What the picture shows' } });
  alt.dataset.path = 'image_alt';
  alt.value = q.image_alt || '';
  const altField = labelled('Picture description (alt text)', alt);
  function draw(focus) {
    const anchor = el('div', { class: 'image-row', attrs: { id: fieldId('image'), tabindex: '-1' } });
    anchor.dataset.path = 'image';
    if (hash) {
      anchor.append(el('img', { class: 'thumb thumb-big', attrs: { src: `/media/${hash}`, alt: alt.value ? `The question's picture: ${alt.value}` : "The question's picture" } }));
    }
    const pick = el('button', { class: 'btn btn-small', text: hash ? 'Replace the picture' : 'Add a picture', attrs: { type: 'button', id: 'pick-image' } });
    pick.addEventListener('click', async () => {
      const picked = await ctx.pickImage();
      if (!picked) return;
      hash = picked.hash;
      draw('#pick-image');
      ctx.changed();
    });
    anchor.append(pick);
    if (hash) {
      const remove = el('button', { class: 'btn btn-small btn-danger', text: 'Remove the picture', attrs: { type: 'button' } });
      remove.addEventListener('click', () => { hash = null; draw('#pick-image'); ctx.changed(); });
      anchor.append(remove);
    }
    altField.node.hidden = !hash;
    box.replaceChildren(el('p', { class: 'field-label', text: 'Picture' }), anchor, altField.node);
    if (focus) box.querySelector(focus)?.focus();
  }
  draw();
  return {
    node: box,
    read: () => (hash ? { image: hash, ...(alt.value.trim() ? { image_alt: alt.value } : {}) } : {}),
  };
}

/**
 * Draw question `q` into `root`. `ctx`: { changed(), pickImage(), retype(newQuestion) }.
 * Returns { read() }.
 */
export function questionForm(root, q, ctx) {
  const type = typeOf(q);
  const known = Boolean(type.editorForm);
  const typeSelect = el('select', { attrs: { id: fieldId('type') } });
  for (const t of editableTypes()) typeSelect.append(el('option', { text: t.label, attrs: { value: t.name } }));
  if (!known) typeSelect.append(el('option', { text: `${q.type} (not editable here)`, attrs: { value: q.type } }));
  typeSelect.value = q.type;
  typeSelect.dataset.path = 'type';
  typeSelect.addEventListener('change', () => {
    const next = editableTypes().find((t) => t.name === typeSelect.value);
    if (next) ctx.retype(convert(read(), next));
  });

  const text = el('textarea', { attrs: { rows: 2, maxlength: 600 } });
  text.value = q.text || '';
  const image = imagePicker(q, ctx);
  const specific = el('div', { class: 'type-fields' });
  const form = known ? type.editorForm(specific, q, ctx) : { read: () => ({}) };

  const time = numberInput('Time limit (seconds)', q.time_limit ?? 20, 'time_limit', { inputmode: 'numeric', hint: '2 to 600' });
  const points = el('select', {});
  for (const [value, label] of POINTS) points.append(el('option', { text: label, attrs: { value } }));
  points.value = q.points || 'standard';
  const pointsField = labelled('Points', points, { path: 'points' });
  pointsField.node.hidden = type.scored === false;
  const partial = checkbox('Partial credit for a partly right answer', q.partial, 'partial');
  partial.node.hidden = !type.partialCredit;
  const explanation = el('textarea', { attrs: { rows: 2, maxlength: 1000, placeholder: 'Shown after the question: why the answer is right' } });
  explanation.value = q.explanation || '';
  // comma-separated like the quiz's own tags field; a room can play just the tagged ones
  const tags = el('input', { attrs: { type: 'text', autocomplete: 'off', placeholder: 'planets, year 9' } });
  tags.value = (q.tags || []).join(', ');
  const tagsField = labelled('Question tags (optional)', tags, { path: 'tags', hint: 'Separate tags with commas. A room can play only the questions with a tag it picks.' });

  root.replaceChildren(
    labelled('Question type', typeSelect, { path: 'type' }).node,
    labelled('Question text', text, { path: 'text' }).node,
    image.node,
    specific,
    el('div', { class: 'field-grid' }, time.node, pointsField.node, partial.node),
    labelled('Explanation (optional)', explanation, { path: 'explanation' }).node,
    tagsField.node,
  );

  function read() {
    if (!known) return { ...q, text: text.value };
    const out = { type: q.type, text: text.value, ...form.read() };
    const seconds = time.read();
    if (seconds !== null) out.time_limit = seconds;
    if (type.scored !== false) out.points = points.value;
    if (type.partialCredit && partial.input.checked) out.partial = true;
    if (explanation.value.trim()) out.explanation = explanation.value;
    const tagList = tags.value.split(',').map((t) => t.trim()).filter(Boolean);
    if (tagList.length) out.tags = tagList;
    Object.assign(out, image.read());
    return out;
  }
  return { read };
}
