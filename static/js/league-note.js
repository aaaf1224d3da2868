// A season league on a player's device: its identity (token) kept per league in
// localStorage, across rooms and challenges, and the note that says the game counts.
import { $, setText } from './dom.js';

const leagueKey = (id) => `quizroom.league.${id}`;

/** Whether this device has played in any league (no need to ask a room otherwise). */
export function playsInLeagues() {
  try { return Object.keys(localStorage).some((k) => k.startsWith('quizroom.league.')); } catch { return false; }
}

/** {token, nickname} this device is known by in the league `id`, or null. */
export function keptLeague(id) {
  try {
    const kept = id && JSON.parse(localStorage.getItem(leagueKey(id)) || 'null');
    return kept && kept.token && typeof kept.nickname === 'string' ? kept : null;
  } catch { return null; }
}

/** {league_token} for the league `id` if this device is a member of it, else {}. */
export function keptLeagueToken(id) {
  const kept = keptLeague(id);
  return kept ? { league_token: kept.token } : {};
}

/** Keep (or refresh) this device's identity in the league `id`. */
export function keepLeague(id, token, nickname) {
  try { localStorage.setItem(leagueKey(id), JSON.stringify({ token, nickname })); } catch { /* storage off */ }
}

/** "Not you?": this device stops being that member (the recovery code still moves it back). */
export function forgetLeague(id) {
  try { localStorage.removeItem(leagueKey(id)); } catch { /* storage off: nothing kept */ }
}

/** Keep a new member's token, show the recovery code once, and link the table. */
export function showLeagueNote(league) {
  if (league.token) {
    keepLeague(league.id, league.token, league.nickname);
    setText('league-nick', league.nickname);
    setText('league-code', league.recovery_code);
    $('league-code-line').hidden = false;
  }
  const link = $('league-link');
  link.textContent = 'season table';
  link.href = `/leagues/${league.id}`;
  link.target = '_blank';
  $('league-note').hidden = false;
}
