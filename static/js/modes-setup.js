// The game-mode options of the setup page, as the `settings` keys of POST /api/rooms.
import { $ } from './dom.js';

// what the browser could not parse goes as typed, so the server names the problem
const number = (text) => (Number.isFinite(Number(text)) ? Number(text) : text);
const names = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);

export function modeSettings() {
  const out = {
    scoring: $('opt-scoring').value,
    shuffle_questions: $('opt-shuffle-q').checked,
    shuffle_answers: $('opt-shuffle-a').checked,
    late_join: $('opt-late-join').checked,
  };
  const lead = $('opt-lead-in').value.trim();
  out.lead_in = lead ? number(lead) : 0;
  const auto = $('opt-auto').value.trim();
  out.auto_advance = auto ? number(auto) : false;
  const at = $('opt-auto-start-at').value;
  const players = $('opt-auto-start-players').value.trim();
  if (at) out.auto_start = new Date(at).toISOString();  // the host's local time, sent with its zone
  else if (players) out.auto_start = number(players);
  const every = $('opt-board-every').value.trim();
  if (every) out.leaderboard_every = number(every);
  const pause = $('opt-break').value.trim();
  if (pause) out.break_seconds = number(pause);
  const count = $('opt-count').value.trim();
  if (count) out.question_count = number(count);
  const tags = names($('opt-tags').value);
  if (tags.length) out.tags = tags;
  const teams = names($('opt-teams').value);
  if (teams.length) out.teams = teams;
  return out;
}
