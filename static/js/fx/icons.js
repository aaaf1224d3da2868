// Small inline SVG icons for the game's feel: no emoji (a projector's fonts may lack
// them) and no files. Each goes next to words, never instead of them.
const SVG = 'http://www.w3.org/2000/svg';

const PATHS = {
  // a flame: a streak of right answers
  flame: 'M12 1.5c.6 3.3 2.6 5 4.4 7 1.9 2 3.1 4.2 3.1 6.9A7.5 7.5 0 0 1 12 22.5a7.5 7.5 0 0 1-7.5-7.1c0-2.6 1.1-4.6 2.7-6.3.3 1.8 1.1 3 2.4 3.7-.4-3.8.7-8 2.4-11.3zm.3 10.6c-.9 1.6-2.8 2.8-2.8 5.2a2.5 2.5 0 0 0 5 0c0-1.9-1.2-3-2.2-5.2z',
  check: 'M9.2 16.6 4.6 12l-1.9 1.9 6.5 6.5L21.3 8.3l-1.9-1.9z',
  cross: 'M18.4 4.2 12 10.6 5.6 4.2 4.2 5.6l6.4 6.4-6.4 6.4 1.4 1.4 6.4-6.4 6.4 6.4 1.4-1.4-6.4-6.4 6.4-6.4z',
  half: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2v16a8 8 0 0 1 0-16z',
  clock: 'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm0 2a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm-1 3v6l5 3 1-1.6-4-2.4V7z',
  star: 'M12 1.5l3.2 6.9 7.3.8-5.5 5 1.6 7.4L12 17.8l-6.6 3.8 1.6-7.4-5.5-5 7.3-.8z',
  up: 'M12 4 3 14h6v6h6v-6h6z',
  down: 'M12 20 3 10h6V4h6v6h6z',
  // a speech bubble with lines: read aloud (the speaker is the sound toggle's)
  speak: 'M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9.5L4 21.5V17a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 4.5v2h10v-2zm0 4v2h7v-2z',
  speaker: 'M3 9v6h4l5 5V4L7 9zm13.5 3A4.5 4.5 0 0 0 14 8v8a4.5 4.5 0 0 0 2.5-4zM14 3.2v2.1a7 7 0 0 1 0 13.4v2.1a9 9 0 0 0 0-17.6z',
  muted: 'M3 9v6h4l5 5V4L7 9zm13.6 3 2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z',
};

export function icon(name, className = '') {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', `fx-icon ${className}`.trim());
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PATHS[name]);
  svg.append(path);
  return svg;
}
