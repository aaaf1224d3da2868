// The projector's game-show feel: phase changes announced by sound, new names popping
// into the lobby, a countdown that beats through its last five seconds, flames for
// streaks on the leaderboard and the podium revealed place by place.
//
// Sound (static/js/fx/synth.js) is made in the browser with Web Audio, no files: lobby
// music, a tick for each of the last seconds, a sting at the reveal, a podium fanfare.
// It starts off; the "Sound" button turns it on, and the choice is remembered.
import { $, el } from '../dom.js';
import { icon } from './icons.js';
import { replay } from './motion.js';
import { revealPodium } from './podium.js';
import { Sound } from './sound.js';

const sound = new Sound('quizroom.sound.screen');
let current = null;

document.body.append(sound.toggle('fx-sound-screen'));

/** The page shows `section` now (lobby, question, reveal, finished...). */
export function phase(section) {
  const before = current;
  current = section;
  document.body.dataset.phase = section;
  sound.music(section === 'lobby');
  if (section === 'reveal' && before === 'question') sound.play('sting');
}

/** A player just joined: their chip pops in. */
export function joined(player) {
  if (!player) return;
  const chip = $('names').querySelector(`[data-player="${CSS.escape(player.player_id)}"]`);
  if (chip) replay(chip, 'fx-pop');
  sound.play('pop');
}

/** A flame and the count beside everyone on a run of two or more right answers. */
export function streaks(board, entries) {
  for (const entry of entries || []) {
    if (!(entry.streak >= 2)) continue;
    const row = board.querySelector(`[data-player="${CSS.escape(entry.player_id)}"]`);
    if (!row) continue;
    row.querySelector('.board-name').after(el('span', { class: 'fx-streak-badge' },
      icon('flame', 'fx-flame'), el('span', { text: entry.streak }),
      el('span', { class: 'sr-only', text: ' right in a row' })));
  }
}

/** The podium after game:over (`animate`) or from a snapshot (all at once). */
export function podium(list, leaderboard, animate) {
  revealPodium(list, leaderboard, { animate, cue: (name) => sound.play(name) });
}

// the countdown: a beat and a tick for each of the last five seconds, a buzzer at zero
const clock = $('q-countdown');
if (clock) {
  new MutationObserver(() => {
    if (current !== 'question') return;
    const left = Number(clock.querySelector('.countdown-num').textContent);
    if (!Number.isFinite(left) || left > 5) return;
    replay(clock, 'fx-beat');
    sound.play(left > 0 ? 'tick' : 'timeUp', left);
  }).observe(clock, { childList: true, characterData: true, subtree: true });
}
