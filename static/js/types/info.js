// A slide: a title and some text for the room to read, no answers. Phones point the
// players at the projector; the host moves on when the room has read it.
import { clear, el } from '../dom.js';

function lookUp(area) {
  clear(area).append(el('div', { class: 'look-up', attrs: { id: 'q-look-up' } },
    el('span', { class: 'look-up-arrow', text: '↑', attrs: { 'aria-hidden': 'true' } }),
    el('p', { class: 'look-up-text', text: 'Look up' }),
    el('p', { class: 'muted', text: 'This slide is on the big screen. Nothing to answer.' })));
  return { lock() {}, unlock() {} };
}

export default {
  name: 'info',
  label: 'Info slide',
  hint: '',
  phone: lookUp,
  view: (container, q, { where }) => clear(container).append(where === 'host'
    ? el('p', { class: 'muted', text: 'An info slide: nobody answers. Move on when the room has read it.' })
    : ''),
  reveal: (container) => clear(container).append(el('p', { class: 'muted', text: 'An info slide: there were no answers.' })),
  answerInWords: () => '',
  unscoredTitle: 'Look up at the screen',
  endLabel: 'Done reading: move on',
  wideReveal: true,
  scored: false,
  takesAnswers: false,
  editorForm: (container) => {
    container.append(el('p', { class: 'muted', text: 'A slide to read: the text above (and its picture) is all the room sees.' }));
    return { read: () => ({}) };
  },
  blank: () => ({ type: 'info', text: '', points: 'none' }),
};
