// "Read aloud" on the phone: the browser's own speech synthesis reads the question,
// then each choice with its shape (the shapes are what the projector shows too).
// Browsers without speechSynthesis get no button at all.
import { $, el } from '../dom.js';
import { look } from '../drawing.js';
import { icon } from './icons.js';

export function canSpeak() {
  return Boolean(window.speechSynthesis) && typeof window.SpeechSynthesisUtterance === 'function';
}

/** What a player would read on the screen now, as sentences. */
export function questionWords() {
  const parts = [$('q-text').textContent.trim()];
  const hint = $('q-hint') ? $('q-hint').textContent.trim() : '';
  if (hint) parts.push(hint);
  const buttons = document.querySelectorAll('#q-answer .answer-btn');
  if (buttons.length) {
    buttons.forEach((button, i) => {
      const label = button.querySelector('.tile-label');
      const index = Number(button.dataset.index ?? i);
      parts.push(`${look(index).shape}: ${label ? label.textContent.trim() : ''}`);
    });
  } else {
    document.querySelectorAll('#q-answer .tile-label').forEach((label) => parts.push(label.textContent.trim()));
  }
  return parts.filter(Boolean).map((part) => (/[.?!:]$/.test(part) ? part : `${part}.`)).join(' ');
}

function speak(text) {
  window.speechSynthesis.cancel(); // a second press starts again rather than queueing
  const utterance = new window.SpeechSynthesisUtterance(text);
  utterance.lang = document.documentElement.lang || 'en';
  window.speechSynthesis.speak(utterance);
}

/** The button, or null where the browser cannot speak. */
export function readAloudButton() {
  if (!canSpeak()) return null;
  const button = el('button', { class: 'btn btn-small fx-read', attrs: { type: 'button', id: 'read-aloud', title: 'Read the question aloud' } },
    icon('speak'), el('span', { class: 'fx-label', text: 'Read aloud' }));
  button.addEventListener('click', () => speak(questionWords()));
  return button;
}

/** Stop talking when the question goes away. */
export function hush() {
  if (canSpeak()) window.speechSynthesis.cancel();
}
