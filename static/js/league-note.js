// A season league on a player's device: its identity (token) kept per league in
// localStorage, across rooms and challenges, and the note that says the game counts.
import { $, setText } from './dom.js';

const leagueKey = (id) => `quizroom.league.${id}`;

/** Whether this device has played in any league (no need to ask a room otherwise). */
export function playsInLeagues() {
  try { return Object.keys(localStorage).some((k) => k.startsWith('quizroom.league.')); } catch { return false; }
}

/** {league_token} for the league `id` if this device is a member of it, else {}. */
export function keptLeagueToken(id) {
  try {
    const kept = id && JSON.parse(localStorage.getItem(leagueKey(id)) || 'null');
    return kept && kept.token ? { league_token: kept.token } : {};
  } catch { return {}; }
}

/** Keep a new member's token, show the recovery code once, and link the table. */
export function showLeagueNote(league) {
  if (league.token) {
    try { localStorage.setItem(leagueKey(league.id), JSON.stringify({ token: league.token, nickname: league.nickname })); } catch { /* storage off */ }
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
