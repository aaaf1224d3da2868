// Host console controls of the game modes: pause, resume, take back control, and the
// list of the modes that are on.
import { clear, el } from './dom.js';

/** Adds the buttons to `controls`; `act(event, payload)` sends a host event. */
export function pauseControls(controls, act) {
  const pause = el('button', { class: 'btn', text: 'Pause', attrs: { type: 'button', id: 'pause' } });
  const resume = el('button', { class: 'btn btn-primary', text: 'Resume', attrs: { type: 'button', id: 'resume' } });
  const manual = el('button', { class: 'btn', text: 'Resume and take control', attrs: { type: 'button', id: 'take-control', title: 'Turn the auto-pilot off: you move on with Next' } });
  controls.prepend(pause, resume, manual);
  pause.addEventListener('click', () => act('host:pause', {}));
  resume.addEventListener('click', () => act('host:resume', {}));
  manual.addEventListener('click', () => act('host:resume', { manual: true }));
  const set = (paused) => {
    pause.hidden = paused;
    resume.hidden = !paused;
    manual.hidden = !paused;
  };
  set(false);
  return set;
}

/** "Discuss and vote again" (peer instruction), shown while a first vote is open. */
export function revoteControl(controls, act) {
  const button = el('button', { class: 'btn', text: 'Discuss and vote again', attrs: { type: 'button', id: 'revote', title: 'Show how the room voted without the answer, then open the question again' } });
  controls.prepend(button);
  button.addEventListener('click', () => act('host:revote', {}));
  const set = (on) => { button.hidden = !on; };
  set(false);
  return set;
}

/** Short labels for the modes that are on (a snapshot's `modes`; `revote`: a second
 * vote is open). The lobby's own line says when the game starts itself. */
export function modeLabels(modes, revote = false) {
  if (!modes) return [];
  const labels = [];
  if (modes.teams) labels.push(`${modes.teams} teams`);
  if (modes.scoring === 'accuracy') labels.push('Accuracy scoring');
  if (modes.auto_advance) {
    labels.push(modes.manual ? 'Auto-pilot off: you took control' : `Auto-pilot: ${modes.auto_advance} s per reveal`);
  }
  if (revote) labels.push('Re-vote: second vote');
  if (modes.shuffle_questions) labels.push('Shuffled questions');
  if (modes.shuffle_answers) labels.push('Shuffled answers');
  if (modes.break_seconds) labels.push(`Break: ${modes.break_seconds} s between rounds`);
  return labels;
}

/** Draw the labels in `list` (hidden when no mode is on). */
export function renderModes(list, modes, revote = false) {
  const labels = modeLabels(modes, revote);
  clear(list).append(...labels.map((text) => el('li', { class: 'mode-chip', text })));
  list.hidden = labels.length === 0;
}
