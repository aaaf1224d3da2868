// The join form's team choice in a team room: the phone reads the room's teams before
// joining (GET /api/rooms/<pin>/league, which also names its league) and offers them,
// first "Any team", which leaves the server to balance the teams.
import { $, clear, el } from './dom.js';

const ANY = '';
// the team a join link names (/play/<pin>?team=Red, one QR code per table)
const linked = new URLSearchParams(window.location.search).get('team');
let shownPin = null;
let lookup = null; // the last PIN looked up: {pin, answer: Promise<{teams, missing}>, used}

async function roomOf(pin) {
  try {
    const reply = await fetch(`/api/rooms/${pin}/league`, { headers: { Accept: 'application/json' } });
    const room = reply.ok ? await reply.json() : {};
    return { teams: room.teams || [], league: room.league || null, missing: reply.status === 404 };
  } catch { return { teams: [], league: null, missing: false }; }
}

function lookUp(pin) {
  if (!lookup || lookup.pin !== pin) lookup = { pin, answer: roomOf(pin), used: false };
  return lookup.answer;
}

function option(value, text, colour, checked) {
  const input = el('input', { attrs: { type: 'radio', name: 'team', value } });
  input.checked = checked;
  // the colour matches the team board's; the name says it too, so it never stands alone
  const swatch = el('span', { class: 'team-swatch', attrs: { 'aria-hidden': 'true' } });
  if (colour) swatch.style.background = colour;
  else swatch.classList.add('team-swatch-any');
  return el('label', { class: 'team-choice' }, input, swatch, el('span', { text }));
}

function draw(teams) {
  const box = $('join-teams');
  box.hidden = !teams.length;
  if (!teams.length) return;
  const wanted = (linked || '').trim().toLowerCase();
  const preset = teams.find((t) => t.name.toLowerCase() === wanted);
  const list = clear($('join-team-list'));
  list.append(option(ANY, 'Any team (balanced)', null, !preset));
  for (const team of teams) list.append(option(team.name, team.name, team.colour, team === preset));
}

/** Show the teams of the room under `pin` (a six-digit PIN), or nothing for any other. */
export async function showTeams(pin) {
  pin = (pin || '').replace(/\s+/g, '');
  if (pin === shownPin) return;
  shownPin = pin;
  if (!/^[0-9]{6}$/.test(pin)) { draw([]); return; }
  const { teams } = await lookUp(pin);
  if (shownPin === pin) draw(teams); // the PIN may have been changed while we asked
}

/** The league ({id, name} or null) of the room under `pin`, from the same lookup. */
export async function roomLeague(pin) {
  return (await lookUp(pin)).league;
}

/** Whether looking up `pin` for its teams has just found no room there. Every unknown
 * PIN counts toward the address's lockout, so the join need not ask again; a second
 * try with the same PIN goes to the server (the room may have been made since). */
export async function foundNoRoom(pin) {
  if (!lookup || lookup.pin !== pin || lookup.used) return false;
  lookup.used = true;
  return (await lookup.answer).missing;
}

/** The team to send with `player:join`: the one picked, or the link's, or none (balanced). */
export function chosenTeam() {
  if ($('join-teams').hidden) return linked || null;
  const picked = $('join-team-list').querySelector('input[name="team"]:checked');
  return picked && picked.value !== ANY ? picked.value : null;
}
