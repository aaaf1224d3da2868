// The podium revealed as on a game show: third place, then second, a drum roll, then
// the winner; then the rest of the top ten. Each step carries .is-shown once it is
// out and the list says how far it got in data-stage (waiting, third, second, first,
// done). Under prefers-reduced-motion, or when the page is drawn again from a
// snapshot, everything is there at once.
import { el } from '../dom.js';
import { renderBoard } from '../drawing.js';
import { reducedMotion, schedule } from './motion.js';

// when each stage comes, in ms after the podium appears
const AT = { third: 900, second: 2600, drumroll: 3700, first: 5400, done: 7000 };
const STEP_CLASS = { third: 'step-third', second: 'step-second', first: 'step-first' };
let cancel = () => {};

function standingsList(podium) {
  let list = document.getElementById('standings');
  if (!list) {
    list = el('ol', { class: 'board fx-standings', attrs: { id: 'standings', 'aria-label': 'The rest of the top ten' } });
    podium.after(list);
  }
  return list;
}

function stage(podium, list, name) {
  podium.dataset.stage = name;
  if (STEP_CLASS[name]) {
    const step = podium.querySelector(`.${STEP_CLASS[name]}`);
    if (step) step.classList.add('is-shown');
  }
  if (name === 'done') {
    for (const step of podium.querySelectorAll('.step')) step.classList.add('is-shown');
    list.hidden = !list.children.length;
  }
}

/**
 * `podium`: the #podium list renderPodium drew; `leaderboard`: the top ten, for the
 * places after the podium; `animate`: reveal in steps; `cue(name)` plays a sound.
 */
export function revealPodium(podium, leaderboard, { animate, cue = () => {} }) {
  cancel();
  const list = standingsList(podium);
  const rest = (leaderboard || []).slice(3);
  if (rest.length) renderBoard(list, rest, { limit: 7 });
  else list.replaceChildren();
  list.hidden = true;
  if (!animate || reducedMotion()) {
    stage(podium, list, 'done');
    if (animate) cue('fanfare');
    return;
  }
  podium.dataset.stage = 'waiting';
  const has = (name) => Boolean(podium.querySelector(`.${STEP_CLASS[name]}`));
  const steps = [];
  for (const name of ['third', 'second']) {
    if (has(name)) steps.push([AT[name], () => { stage(podium, list, name); cue('step'); }]);
  }
  steps.push([AT.drumroll, () => cue('drumroll')]);
  steps.push([AT.first, () => { stage(podium, list, 'first'); cue('fanfare'); }]);
  steps.push([AT.done, () => stage(podium, list, 'done')]);
  cancel = schedule(steps);
}
