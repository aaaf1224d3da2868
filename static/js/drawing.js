// How the game is drawn on the host console, the projector and the phone: each
// choice's colour, shape and label, the leaderboard and the podium (each question
// type draws its own reveal: static/js/types/). Network data always goes in as text.
import { clear, el, ordinal } from './dom.js';
import { choiceFace } from './media.js';

// -- choices: never colour alone, so the game works for colour-blind players ------
const SVG = 'http://www.w3.org/2000/svg';
const LOOKS = [
  { colour: 'red', shape: 'triangle', d: 'M12 2.5 22.5 21h-21z' },
  { colour: 'blue', shape: 'diamond', d: 'M12 1.5 22.5 12 12 22.5 1.5 12z' },
  { colour: 'yellow', shape: 'circle', d: 'M12 2a10 10 0 1 0 0 20 10 10 0 1 0 0-20z' },
  { colour: 'green', shape: 'square', d: 'M3 3h18v18H3z' },
  { colour: 'purple', shape: 'star', d: 'M12 1.5l3.2 6.9 7.3.8-5.5 5 1.6 7.4L12 17.8l-6.6 3.8 1.6-7.4-5.5-5 7.3-.8z' },
  { colour: 'orange', shape: 'hexagon', d: 'M6.5 2.5h11L23 12l-5.5 9.5h-11L1 12z' },
];

export function look(index) {
  return LOOKS[index % LOOKS.length];
}

export function shapeIcon(index) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'shape');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', look(index).d);
  svg.append(path);
  return svg;
}

/** A read-only tile (host and projector): shape, then the label as text (or a picture). */
export function choiceTile(index, label, tag = 'li') {
  const { colour, shape } = look(index);
  return el(tag, { class: `tile tile-${colour}`, attrs: { 'data-shape': shape } },
    shapeIcon(index), choiceFace(label));
}

// -- leaderboards -------------------------------------------------------------
/** The rank each player held, to show who moved up or down since last time. */
export function ranksOf(entries) {
  return new Map((entries || []).map((e) => [e.player_id, e.rank]));
}

function move(previous, entry) {
  if (!previous) return null;
  const before = previous.get(entry.player_id);
  if (before === undefined) return el('span', { class: 'move move-new', text: 'new' });
  const delta = before - entry.rank;
  if (delta > 0) return el('span', { class: 'move move-up', text: `▲ ${delta}`, attrs: { 'aria-label': `up ${delta}` } });
  if (delta < 0) return el('span', { class: 'move move-down', text: `▼ ${-delta}`, attrs: { 'aria-label': `down ${-delta}` } });
  return el('span', { class: 'move move-same', text: '–', attrs: { 'aria-label': 'same place' } });
}

/** `previous`: a ranksOf() map, or null when there is nothing to compare with. */
export function renderBoard(ol, entries, { previous = null, limit = 10 } = {}) {
  clear(ol);
  for (const entry of (entries || []).slice(0, limit)) {
    ol.append(el('li', { class: 'board-row', attrs: { 'data-player': entry.player_id } },
      el('span', { class: 'board-rank', text: ordinal(entry.rank) }),
      el('span', { class: 'board-name', text: entry.nickname }),
      move(previous, entry),
      el('span', { class: 'board-score', text: entry.score })));
  }
  if (!ol.children.length) ol.append(el('li', { class: 'muted', text: 'No players yet.' }));
}

const PLACES = ['first', 'second', 'third'];

/** Top three on steps: 2nd, 1st, 3rd from left to right, as on a real podium. */
export function renderPodium(ol, podium) {
  clear(ol);
  (podium || []).forEach((entry, i) => {
    const name = el('span', { class: 'step-name', text: entry.nickname, attrs: { title: entry.nickname } });
    name.style.setProperty('--chars', String(Math.max(6, [...entry.nickname].length)));
    ol.append(el('li', { class: `step step-${PLACES[i]}` },
      name,
      el('span', { class: 'step-score', text: `${entry.score} pts` }),
      el('span', { class: 'step-block', text: ordinal(entry.rank) })));
  });
  if (!ol.children.length) ol.append(el('li', { class: 'muted', text: 'Nobody played.' }));
}
