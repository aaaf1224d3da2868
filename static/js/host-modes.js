// Host console controls of the game modes: pause, resume, take back control.
import { el } from './dom.js';

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
