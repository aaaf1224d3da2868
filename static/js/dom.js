// DOM helpers shared by the pages. Anything that came from the network or from a
// player (nicknames, question text, typed answers) goes in as text, never as HTML.

export const $ = (id) => document.getElementById(id);

/** el('li', {class: 'x', text: nickname, attrs: {'data-id': id}}, child, ...) */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs || {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

/** The server's data for this page, from <script type="application/json" id="page-data">. */
export function pageData() {
  const node = $('page-data');
  return node ? JSON.parse(node.textContent) : {};
}

/** Show the section with id `visible` and hide the other phase sections. */
export function showSection(ids, visible) {
  for (const id of ids) {
    const node = $(id);
    if (node) node.hidden = id !== visible;
  }
}

export function setText(id, text) {
  const node = $(id);
  if (node) node.textContent = text === undefined || text === null ? '' : String(text);
}

export function ordinal(n) {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return n + ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th');
}

export function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

/** Show a message in an error line, or hide the line when `message` is empty. */
export function showError(id, message) {
  const node = $(id);
  if (!node) return;
  node.textContent = message || '';
  node.hidden = !message;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}
