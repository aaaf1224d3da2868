// The quiz editor page (/quizzes/<id>/edit): the quiz's own fields, the column of
// questions, the selected question's form, its preview, autosave and the save's errors.
// Everything particular to a question type comes from its module (static/js/types/).
import { $, pageData } from '../dom.js';
import { api, play } from './api.js';
import { autosaver } from './autosave.js';
import { imagePicker } from './images.js';
import { drawPreview } from './preview.js';
import { problems } from './problems.js';
import { editableTypes, questionForm } from './question-form.js';
import { questionList } from './question-list.js';

const data = pageData();
const url = `/api/library/${encodeURIComponent(data.id)}`;
let quiz = null;
let selected = 0;
let form = null;
let saver = null;
let leaving = false;      // navigating on purpose: no "unsaved changes" question
let undo = null;          // the last deleted question, {question, index}

const pickImage = imagePicker($('image-file'), $('image-status'));
const list = questionList($('q-list'), $('q-live'), { select, move });
const said = problems({ quiz: () => quiz, selected: () => selected, select });

function readMeta() {
  return {
    title: $('quiz-title').value,
    description: $('quiz-description').value,
    tags: $('quiz-tags').value.split(',').map((t) => t.trim()).filter(Boolean),
  };
}

function body() {
  return { ...readMeta(), questions: quiz.questions };
}

function drawMeta() {
  $('quiz-title').value = quiz.title || '';
  $('quiz-description').value = quiz.description || '';
  $('quiz-tags').value = (quiz.tags || []).join(', ');
  $('topbar-title').textContent = quiz.title || 'Untitled quiz';
  document.title = `${quiz.title || 'Untitled quiz'} · Edit · QuizRoom`;
}

function drawList() {
  $('q-count').textContent = String(quiz.questions.length);
  list.draw(quiz.questions, selected, said.counts());
}

// once per frame: a debounce held the preview back for as long as the host kept typing
let previewFrame = 0;
function drawPreviewSoon() {
  if (previewFrame) return;
  previewFrame = requestAnimationFrame(() => {
    previewFrame = 0;
    const q = quiz.questions[selected];
    if (q) drawPreview({ phone: $('preview-phone'), screen: $('preview-screen'), sent: $('preview-sent') }, q, selected, quiz.questions.length);
  });
}

const ctx = {
  changed: formChanged,
  pickImage,
  retype(question) {
    said.carry(quiz.questions[selected], question);
    quiz.questions[selected] = question;
    drawForm();
    $('qf-type').focus();
    edited();
  },
};

function drawForm() {
  const q = quiz.questions[selected];
  const n = quiz.questions.length;
  $('q-edit-title').textContent = q ? `Question ${selected + 1} of ${n}` : 'No questions yet';
  for (const id of ['move-up', 'move-down', 'duplicate-question', 'delete-question']) $(id).disabled = !q;
  if (q) {
    $('move-up').disabled = selected === 0;
    $('move-down').disabled = selected === n - 1;
    form = questionForm($('q-form'), q, ctx);
  } else {
    form = null;
    $('q-form').replaceChildren();
  }
  said.show();
  drawPreviewSoon();
}

function select(index) {
  selected = index;
  drawList();
  drawForm();
}

function formChanged() {
  if (!form) return;
  const was = quiz.questions[selected];
  quiz.questions[selected] = form.read();
  said.carry(was, quiz.questions[selected]);
  list.update(selected, quiz.questions[selected]);
  drawPreviewSoon();
  edited();
}

/** The host left a field of the question (a form redrawn under the focus is no leaving):
 * its problems are said from now on, even while its boxes are all empty. */
function leftField(event) {
  if (!event.target.isConnected || !event.target.matches('input, select, textarea') || !said.leave(quiz.questions[selected])) return;
  drawList();
  said.show();
}

function edited() {
  saver.changed();
}

function move(from, to) {
  const [q] = quiz.questions.splice(from, 1);
  quiz.questions.splice(to, 0, q);
  if (selected === from) selected = to;
  else if (from < selected && to >= selected) selected -= 1;
  else if (from > selected && to <= selected) selected += 1;
  drawList();
  drawForm();
  edited();
}

function insert(question, at) {
  quiz.questions.splice(at, 0, question);
  select(at);
  edited();
}

function showUndo() {
  $('undo-bar').hidden = !undo;
  if (undo) $('undo-text').textContent = `Question ${undo.index + 1} deleted.`;
}

function bindButtons() {
  const types = editableTypes();
  for (const t of types) $('new-type').append(new Option(t.label, t.name));
  $('add-question').addEventListener('click', () => {
    const type = types.find((t) => t.name === $('new-type').value);
    insert(type.blank(), quiz.questions.length ? selected + 1 : 0);
    $('qf-text').focus();
  });
  $('duplicate-question').addEventListener('click', () => {
    insert(structuredClone(quiz.questions[selected]), selected + 1);
    $('q-live').textContent = `Question duplicated: the copy is question ${selected + 1}.`;
  });
  $('delete-question').addEventListener('click', () => {
    undo = { question: quiz.questions[selected], index: selected };
    quiz.questions.splice(selected, 1);
    selected = Math.min(selected, quiz.questions.length - 1);
    select(Math.max(0, selected));
    showUndo();
    $('undo-delete').focus();
    edited();
  });
  $('undo-delete').addEventListener('click', () => {
    const { question, index } = undo;
    undo = null;
    showUndo();
    insert(question, Math.min(index, quiz.questions.length));
    $('q-live').textContent = `Question ${index + 1} is back.`;
  });
  $('move-up').addEventListener('click', () => { list.move(selected, selected - 1); $('move-up').focus(); });
  $('move-down').addEventListener('click', () => { list.move(selected, selected + 1); $('move-down').focus(); });
  $('q-form').addEventListener('input', formChanged);
  $('q-form').addEventListener('change', formChanged);
  $('q-form').addEventListener('focusout', leftField);
  for (const id of ['quiz-title', 'quiz-description', 'quiz-tags']) {
    $(id).addEventListener('input', () => {
      $('topbar-title').textContent = $('quiz-title').value || 'Untitled quiz';
      edited();
    });
  }
  $('retry-save').addEventListener('click', () => saver.save());
  $('play').addEventListener('click', startGame);
  $('conflict-reload').addEventListener('click', reloadTheirs);
  $('conflict-copy').addEventListener('click', keepMineAsCopy);
  $('duplicate-builtin').addEventListener('click', async () => {
    const copy = await api('POST', '/api/library', { duplicate: data.id });
    leave(`/quizzes/${copy.id}/edit`);
  });
  window.addEventListener('beforeunload', (event) => {
    if (leaving || !saver || !saver.unsaved) return;
    event.preventDefault();
    event.returnValue = ''; // the browser asks in its own words
  });
}

const STATES = { saved: 'Saved', pending: 'Not saved', saving: 'Saving…', failed: 'Not saved', conflict: 'Not saved' };
/** The top bar's pill says the state in a few words (a long one pushed ▶ Play onto a
 * second line at 1366 px); why a save failed goes on its own line under the bar. */
function saveState(state, detail) {
  const node = $('save-state');
  const failed = state === 'failed';
  node.textContent = detail && !failed ? `${STATES[state]}: ${detail}` : STATES[state];
  node.title = node.textContent;
  node.dataset.state = state;
  $('retry-save').hidden = !failed;
  $('save-problem').hidden = !failed;
  const why = (detail || 'the server did not answer').replace(/\.+$/, '');
  $('save-problem').textContent = failed ? `Your latest changes are not saved: ${why}. They stay in this window; “Try saving again” sends them.` : '';
}

function onSaved(reply) {
  quiz.version = reply.quiz.version;
  said.set(reply.errors);
  drawList();
  said.show();
}

function onConflict() {
  saveState('conflict', 'a newer version exists');
  $('conflict').hidden = false;
  $('conflict').focus();
}

async function reloadTheirs() {
  const fresh = await api('GET', url);
  start(fresh);
  $('conflict').hidden = true;
  $('q-live').textContent = 'Loaded the version saved in the other window.';
  $('quiz-title').focus();
}

async function keepMineAsCopy() {
  const mine = body();
  const copy = await api('POST', '/api/library', { ...mine, title: `${mine.title || 'Untitled quiz'} (my copy)` });
  leave(`/quizzes/${copy.id}/edit`);
}

function leave(where) {
  leaving = true;
  if (saver) saver.stop();
  window.location.assign(where);
}

async function startGame() {
  const button = $('play');
  button.disabled = true;
  said.tried();
  $('play-error').hidden = true;
  try {
    if (saver && saver.unsaved && !(await saver.flush())) throw new Error('the quiz could not be saved first');
    leaving = true;
    await play(data.id, { show_images_on_devices: $('play-images').checked });
  } catch (err) {
    leaving = false;
    let why = err.message;
    if (err.errors && err.errors.length) {
      said.set(err.errors);
      drawList();
      said.show();
      why = quiz.questions.length === 0 ? 'it has no questions. Add one with “+ Add”.' : 'fix what the list below says first.';
    }
    $('play-error').textContent = `This quiz cannot be played yet: ${why}`;
    $('play-error').hidden = false;
    button.disabled = false;
  }
}

function start(stored) {
  quiz = { ...stored, questions: stored.questions || [] };
  said.set(stored.errors);
  selected = Math.min(selected, Math.max(0, quiz.questions.length - 1));
  drawMeta();
  drawList();
  drawForm();
  if (saver) saver.reset(quiz.version);
  else saver = autosaver({ url, version: quiz.version, body, onSaved, onConflict, onState: saveState });
  saveState('saved');
  for (const format of ['json', 'zip', 'xlsx']) $(`export-${format}`).href = `${url}/export?format=${format}`;
}

async function load() {
  bindButtons();
  try {
    const stored = await api('GET', url);
    $('loading').hidden = true;
    $('editor').hidden = false;
    start(stored);
    if (stored.builtin) {
      saver.stop();
      $('builtin-note').hidden = false;
      $('editor').inert = true;
      saveState('saved', 'built-in, read-only');
    }
  } catch (err) {
    $('loading').hidden = true;
    $('load-error').textContent = err.status === 404 ? 'There is no such quiz (it may have been deleted).' : `Could not load the quiz: ${err.message}`;
    $('load-error').hidden = false;
  }
}

load();
