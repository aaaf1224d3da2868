// Host setup: choose a bundled pack or upload one, set the room options, create the room.
import { $, clear, el, plural, showError } from './dom.js';
import { modeSettings } from './modes-setup.js';

let uploaded = null; // the parsed pack from the file input, if any

function showErrors(id, title, errors) {
  const box = $(id);
  box.hidden = !title && !errors.length;
  box.querySelector('.errors-title').textContent = title;
  const list = clear(box.querySelector('ul'));
  for (const message of errors) list.append(el('li', { text: message }));
}

// the API names an option by its field path; the form shows it next to its own input
const OPTION_FIELDS = {
  'settings.time_limit': 'opt-time',
  'settings.points': 'opt-points',
  'settings.max_players': 'opt-cap',
  'settings.streak_bonus': 'opt-streak',
  'settings.profanity_filter': 'opt-filter',
  'settings.show_typed_answers': 'opt-typed',
  days: 'opt-days',
};
// a challenge takes the room's options except these, which need a live room
const LIVE_ONLY = ['lead_in', 'auto_advance', 'auto_start', 'leaderboard_every', 'break_seconds', 'teams', 'late_join'];

function fieldError(inputId, message) {
  const input = $(inputId);
  const note = $(`${inputId}-error`);
  note.textContent = message ? `${message[0].toUpperCase()}${message.slice(1)}.` : '';
  note.hidden = !message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function clearErrors() {
  showErrors('upload-errors', '', []);
  showErrors('options-errors', '', []);
  for (const id of Object.values(OPTION_FIELDS)) fieldError(id, '');
  showError('create-error', '');
}

async function loadPacks() {
  const status = $('packs-status');
  try {
    const reply = await fetch('/api/quizzes', { headers: { Accept: 'application/json' } });
    if (!reply.ok) throw new Error(`HTTP ${reply.status}`);
    const { quizzes } = await reply.json();
    const list = $('packs');
    quizzes.forEach((quiz, i) => {
      // the first pack is the default, unless a file was chosen while the list loaded
      const first = i === 0 && !document.querySelector('input[name="pack"]:checked');
      const input = el('input', { attrs: { type: 'radio', name: 'pack', value: quiz.id, checked: first } });
      list.append(el('label', { class: 'pack' }, input,
        el('span', { class: 'pack-title', text: quiz.title }),
        el('span', { class: 'pack-count', text: plural(quiz.questions, 'question') }),
        el('span', { class: 'pack-desc', text: quiz.description })));
    });
    status.textContent = quizzes.length ? '' : 'No packs in seeds/: upload one below.';
    status.hidden = quizzes.length > 0;
    if (!quizzes.length) $('pack-upload').checked = true;
  } catch (err) {
    status.textContent = `Could not load the quiz packs (${err.message}). You can still upload one.`;
    $('pack-upload').checked = true;
  }
}

async function readUpload() {
  clearErrors();
  uploaded = null;
  const file = $('pack-file').files[0];
  if (!file) return;
  $('pack-upload').checked = true;
  try {
    uploaded = JSON.parse(await file.text());
  } catch (err) {
    showErrors('upload-errors', `${file.name} is not valid JSON:`, [err.message]);
  }
}

function settings() {
  const out = {
    streak_bonus: $('opt-streak').checked,
    profanity_filter: $('opt-filter').checked,
    show_typed_answers: $('opt-typed').checked,
    show_images_on_devices: $('opt-images').checked,
  };
  const time = $('opt-time').value.trim();
  const cap = $('opt-cap').value.trim();
  // numbers the browser could not parse go as they are, so the server names the problem
  if (time) out.time_limit = Number.isFinite(Number(time)) ? Number(time) : time;
  if (cap) out.max_players = Number.isFinite(Number(cap)) ? Number(cap) : cap;
  if ($('opt-points').value) out.points = $('opt-points').value;
  return { ...out, ...modeSettings() };
}

/** The body's quiz (quiz_id or quiz), or null after saying what is missing. */
function chosenQuiz() {
  const choice = document.querySelector('input[name="pack"]:checked');
  if (!choice) {
    showError('create-error', 'Choose a quiz pack first.');
    return null;
  }
  if (choice.value !== 'upload') return { quiz_id: choice.value };
  if (!uploaded) {
    // a file that failed to parse has its error on show already
    if (!$('pack-file').files.length) showErrors('upload-errors', 'Choose a JSON file to upload.', []);
    return null;
  }
  return { quiz: uploaded };
}

async function send(url, body, button, busyText) {
  const label = button.textContent;
  button.disabled = true;
  button.textContent = busyText;
  try {
    const reply = await fetch(url, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const data = await reply.json();
    if (reply.status === 201) return data;
    report(data.error || { message: `The server answered ${reply.status}.` }, body.quiz !== undefined);
  } catch (err) {
    showError('create-error', `Could not reach the server: ${err.message}`);
  }
  button.disabled = false;
  button.textContent = label;
  return null;
}

async function create(event) {
  event.preventDefault();
  clearErrors();
  const quiz = chosenQuiz();
  if (!quiz) return;
  const body = { settings: settings(), ...quiz };
  if ($('opt-league').value) body.league = $('opt-league').value;
  const made = await send('/api/rooms', body, $('create'), 'Creating…');
  if (made) window.location.assign(`/host/${made.pin}`);
}

async function createChallenge() {
  clearErrors();
  const quiz = chosenQuiz();
  if (!quiz) return;
  const all = settings();
  for (const key of LIVE_ONLY) delete all[key];
  const days = $('opt-days').value.trim();
  const body = { settings: all, ...quiz, days: Number.isFinite(Number(days)) && days ? Number(days) : days || 7 };
  if ($('opt-league').value) body.league = $('opt-league').value;
  const made = await send('/api/challenges', body, $('create-challenge'), 'Creating…');
  if (made) window.location.assign(`/challenge/${made.code}`);
}

/** Put every problem next to what it is about: options, or the uploaded pack. */
function report(error, isUpload) {
  const errors = error.errors || [];
  if (!errors.length && OPTION_FIELDS[error.field]) {
    fieldError(OPTION_FIELDS[error.field], error.message.replace(/^[^:]+: /, ''));
    $(OPTION_FIELDS[error.field]).focus();
    return;
  }
  const forOptions = errors.filter((e) => e.startsWith('settings'));
  const forPack = errors.filter((e) => !e.startsWith('settings'));
  const unplaced = [];
  let first = null;
  for (const message of forOptions) {
    const [path, ...rest] = message.split(': ');
    const id = OPTION_FIELDS[path];
    if (!id) { unplaced.push(message); continue; }
    fieldError(id, rest.join(': '));
    first = first || id;
  }
  if (unplaced.length) showErrors('options-errors', 'Check these options:', unplaced);
  if (first) $(first).focus();
  if (forPack.length && isUpload) {
    showErrors('upload-errors', `The pack has ${plural(forPack.length, 'problem')}:`, forPack);
  } else if (forPack.length || !errors.length) {
    showError('create-error', forPack.join('; ') || error.message);
  }
}

async function loadLeagues() {
  try {
    const reply = await fetch('/api/leagues', { headers: { Accept: 'application/json' } });
    if (!reply.ok) return;
    const { leagues } = await reply.json();
    for (const league of leagues) $('opt-league').append(el('option', { text: league.name, attrs: { value: league.id } }));
  } catch { /* no leagues on offer: a one-off game */ }
}

$('pack-file').addEventListener('change', readUpload);
loadLeagues();
$('setup').addEventListener('submit', create);
$('create-challenge').addEventListener('click', createChallenge);
loadPacks();
