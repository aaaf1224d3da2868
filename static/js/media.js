// Pictures in questions: the question's image and image choices. The server sends
// same-origin URLs only (/media/<hash>), so the CSP's img-src 'self' holds.
import { el } from './dom.js';

/** A choice as words: its text, or an image choice's alt text. */
export function choiceText(choice) {
  return choice && typeof choice === 'object' ? choice.alt : choice;
}

/** What a choice shows inside a tile or button: its label, or the picture and its alt. */
export function choiceFace(choice) {
  if (choice && typeof choice === 'object') {
    return el('span', { class: 'tile-label tile-picture' },
      el('img', { attrs: { src: choice.image, alt: choice.alt, loading: 'eager', draggable: 'false' } }));
  }
  return el('span', { class: 'tile-label', text: choice });
}

/** The question's picture into `figure` (hidden when there is none, or when `shown` is false). */
export function questionImage(figure, q, shown = true) {
  if (!figure) return;
  figure.replaceChildren();
  figure.hidden = !(q && q.image && shown);
  if (figure.hidden) return;
  figure.append(el('img', { attrs: { src: q.image, alt: q.image_alt || '' } }));
}
