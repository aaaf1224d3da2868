// Each player sends up to three short words or phrases; the room sees them as a cloud,
// bigger the more players sent them, each with its count. On the host console every
// word is a button that hides it from the cloud (host:hide_word); the server then sends
// wordcloud:update with the cloud that is left.
import { clear, el, plural } from '../dom.js';

function wordsInput(area, q, { submit }) {
  const most = q.max_words || 3;
  const inputs = [];
  const form = el('form', { class: 'words-answer', attrs: { id: 'q-words-form', novalidate: '' } });
  for (let i = 1; i <= most; i += 1) {
    const input = el('input', {
      class: 'input-big',
      attrs: { id: `q-word-${i}`, maxlength: q.max_length || 40, autocomplete: 'off', spellcheck: 'false', enterkeyhint: i < most ? 'next' : 'send' },
    });
    inputs.push(input);
    form.append(el('label', { class: 'sr-only', text: `Word or phrase ${i}`, attrs: { for: input.id } }), input);
  }
  inputs.forEach((input, i) => { input.placeholder = i ? `Word ${i + 1} (if you like)` : 'A word or a short phrase'; });
  const send = el('button', { class: 'btn btn-primary btn-big', text: 'Send words', attrs: { type: 'submit' } });
  const problem = el('p', { class: 'error-text', attrs: { role: 'alert' } });
  problem.hidden = true;
  form.append(problem, send);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const words = inputs.map((input) => input.value.trim()).filter(Boolean);
    problem.hidden = words.length > 0;
    problem.textContent = words.length ? '' : 'Type at least one word first.';
    if (words.length) submit(words);
    else inputs[0].focus();
  });
  clear(area).append(form);
  return {
    lock() { for (const c of [...inputs, send]) c.disabled = true; form.hidden = true; },
    unlock() { for (const c of [...inputs, send]) c.disabled = false; form.hidden = false; },
    focus() { inputs[0].focus(); },
  };
}

function view(container, q) {
  const most = q.max_words || 3;
  clear(container).append(el('p', { class: 'text-prompt', text: `Send up to ${most} words from your phone` }));
}

/** The biggest words in the middle: alternate them right and left of the first. */
function centred(words) {
  const out = [];
  words.forEach((w, i) => { if (i % 2) out.unshift(w); else out.push(w); });
  return out;
}

let fitted = null; // the projector's cloud, fitted again when the window changes size

/** Shrink the whole cloud until it fits above the projector's bottom edge: the room
 * cannot scroll. Runs after the reveal is on screen, when it has a size. */
function fitToScreen(cloud) {
  if (!fitted) window.addEventListener('resize', () => { if (fitted && fitted.isConnected) fitToScreen(fitted); });
  fitted = cloud;
  // a handful of words may grow to fill the screen; a full cloud starts at its normal size
  let scale = Math.min(2, Math.max(1, 30 / (cloud.children.length + 10)));
  cloud.style.setProperty('--cloud-scale', String(scale));
  const room = () => window.innerHeight - cloud.getBoundingClientRect().top - 16;
  while (cloud.isConnected && cloud.offsetHeight > room() && scale > 0.35) {
    scale *= 0.9;
    cloud.style.setProperty('--cloud-scale', String(scale));
  }
}

function reveal(container, q, end, { where, act } = {}) {
  clear(container);
  const words = Array.isArray(end.distribution) ? end.distribution : [];
  if (!words.length) {
    container.append(el('p', { class: 'muted cloud-empty', text: 'No words to show.' }));
    return;
  }
  const max = Math.max(...words.map((w) => w.count));
  const cloud = el('ul', { class: 'cloud', attrs: { id: 'cloud', 'aria-label': 'Word cloud' } });
  for (const { word, count } of centred(words)) {
    const label = [el('span', { class: 'cloud-text', text: word }), el('span', { class: 'cloud-count', text: count })];
    let item;
    if (act) {
      // the name a screen reader says starts with what the button shows (WCAG 2.5.3)
      const hide = el('button', { class: 'cloud-word cloud-hide', attrs: { type: 'button' } },
        ...label, el('span', { class: 'sr-only', text: ` (${plural(count, 'player')}): hide` }),
        el('span', { class: 'cloud-x', text: '✕', attrs: { 'aria-hidden': 'true' } }));
      hide.addEventListener('click', async () => {
        hide.disabled = true;
        const ack = await act('host:hide_word', { index: q.index, word });
        if (!ack.ok) hide.disabled = false;
      });
      item = el('li', { class: 'cloud-item', attrs: { 'data-word': word } }, hide);
    } else {
      item = el('li', { class: 'cloud-item', attrs: { 'data-word': word, 'aria-label': `${word}: ${count}` } },
        el('span', { class: 'cloud-word' }, ...label));
    }
    // square root: a word sent twice as often gets about twice the area, not four times
    item.style.setProperty('--weight', String(Math.sqrt(count / max)));
    cloud.append(item);
  }
  container.append(cloud);
  if (where === 'screen' || where === 'host') requestAnimationFrame(() => fitToScreen(cloud));
  if (where === 'host') {
    container.append(el('p', { class: 'muted', text: 'Click a word to hide it from the projector.' }));
  }
}

export default {
  name: 'wordcloud',
  label: 'Word cloud',
  hint: 'Send up to three words or short phrases.',
  phone: wordsInput,
  view,
  reveal,
  answerInWords: () => '',
  unscoredTitle: 'Thanks for your words',
  wideReveal: true,
  updates: {
    'wordcloud:update': (end, msg) => ({ ...end, distribution: msg.distribution }),
  },
  scored: false,
  editorForm: (container) => {
    container.append(el('p', { class: 'muted', text: 'Players send up to three words or short phrases; nothing is right or wrong.' }));
    return { read: () => ({}) };
  },
  blank: () => ({ type: 'wordcloud', text: '', points: 'none' }),
};
