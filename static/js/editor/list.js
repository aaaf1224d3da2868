// The quiz library page (/quizzes): search by title and tag, new, import, duplicate,
// play, export, delete and restore from the trash. The built-in packs are listed too,
// read-only: duplicating one copies it into the library.
import { $, clear, el, pageData, plural } from '../dom.js';
import { api, challenge, play } from './api.js';

const data = pageData();
let trash = false;
let searchTimer = null;
let latest = 0; // the newest listing asked for: an older reply arriving late is dropped

function say(text) {
  $('status').textContent = text;
}

function showImportErrors(title, errors) {
  const box = $('import-errors');
  box.hidden = !title;
  box.querySelector('.errors-title').textContent = title;
  clear(box.querySelector('ul')).append(...errors.map((e) => el('li', { text: e })));
}

function when(ms) {
  if (!ms) return '';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function button(text, label, onClick, extra = '') {
  const b = el('button', { class: `btn btn-small ${extra}`.trim(), text, attrs: { type: 'button', 'aria-label': label } });
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      await onClick();
    } catch (err) {
      say(`${label}: ${err.message}`);
    }
    b.disabled = false;
  });
  return b;
}

function card(quiz) {
  const title = quiz.title || 'Untitled quiz';
  const editUrl = `/quizzes/${encodeURIComponent(quiz.id)}/edit`;
  const exportUrl = (format) => `/api/library/${encodeURIComponent(quiz.id)}/export?format=${format}`;
  const heading = el('h2', { class: 'quiz-card-title' },
    trash ? el('span', { text: title }) : el('a', { text: title, attrs: { href: editUrl } }));
  const meta = el('p', { class: 'muted quiz-card-meta', text: [
    plural(quiz.questions ?? 0, 'question'),
    quiz.builtin ? 'built-in, read-only' : `changed ${when(quiz.updated)}`,
  ].join(' · ') });
  const tags = el('ul', { class: 'tag-list', attrs: { 'aria-label': 'Tags' } },
    ...(quiz.tags || []).map((t) => el('li', { class: 'tag', text: t })));
  const actions = el('div', { class: 'actions quiz-card-actions' });
  if (trash) {
    actions.append(button('Restore', `Restore “${title}”`, async () => {
      await api('POST', `/api/library/${encodeURIComponent(quiz.id)}/restore`);
      say(`Restored “${title}”.`);
      await load();
    }, 'btn-primary'));
  } else {
    // append() writes a null as the text "null": leave the built-ins' Edit out instead
    actions.append(...[
      button('▶ Play', `Play “${title}”`, () => play(quiz.id), 'btn-primary'),
      button('Challenge', `Make “${title}” a self-paced challenge (open 7 days)`, () => challenge(quiz.id)),
      quiz.builtin ? null : el('a', { class: 'btn btn-small', text: 'Edit', attrs: { href: editUrl, 'aria-label': `Edit “${title}”` } }),
      button('Duplicate', `Duplicate “${title}”`, async () => {
        const copy = await api('POST', '/api/library', { duplicate: quiz.id });
        say(`Made “${copy.title}”.`);
        await load();
      }),
      el('span', { class: 'export-links' }, el('span', { class: 'export-label', text: 'Export:' }),
        ...[['json', 'JSON'], ['zip', 'Bundle'], ['xlsx', 'XLSX']].map(([format, label]) => el('a', {
          class: 'btn btn-small btn-link', text: label, attrs: { href: exportUrl(format), download: '', 'aria-label': `Export “${title}” as ${label}` },
        }))),
    ].filter(Boolean));
    if (!quiz.builtin) {
      actions.append(button('Delete', `Delete “${title}”`, async () => {
        const reply = await api('DELETE', `/api/library/${encodeURIComponent(quiz.id)}`);
        say(`Deleted “${title}”: it stays in the trash until ${when(reply.restorable_until)}.`);
        await load();
      }, 'btn-danger'));
    }
  }
  return el('li', { class: `quiz-card card${quiz.builtin ? ' is-builtin' : ''}`, attrs: { 'data-id': quiz.id } },
    heading, quiz.description ? el('p', { class: 'quiz-card-desc', text: quiz.description }) : null, meta, tags, actions);
}

async function load() {
  const asked = ++latest;
  clearTimeout(searchTimer);
  const params = new URLSearchParams();
  const q = $('search-q').value.trim();
  const tag = $('search-tag').value;
  if (q) params.set('q', q);
  if (tag) params.set('tag', tag);
  if (trash) params.set('deleted', '1');
  let reply;
  try {
    reply = await api('GET', `/api/library?${params}`);
  } catch (err) {
    if (asked === latest) say(`Could not load the library: ${err.message}`);
    return;
  }
  if (asked !== latest) return;
  const select = $('search-tag');
  const tags = reply.tags || [];
  clear(select).append(new Option('Any tag', ''), ...tags.map((t) => new Option(t, t)));
  select.value = tags.includes(tag) ? tag : '';
  const quizzes = reply.quizzes || [];
  clear($('quizzes')).append(...quizzes.map(card));
  $('empty').hidden = quizzes.length > 0;
  $('empty').textContent = trash ? 'The trash is empty.'
    : q || tag ? 'No quiz matches that search.' : 'No quizzes yet: make a new one or import a file.';
}

async function importFile() {
  const file = $('import-file').files[0];
  if (!file) return;
  showImportErrors('', []);
  say(`Importing ${file.name}…`);
  const form = new FormData();
  form.append('file', file);
  try {
    const { quiz } = await api('POST', '/api/library/import', form);
    say(`Imported “${quiz.title}” (${plural(quiz.questions.length, 'question')}).`);
    await load();
  } catch (err) {
    say('');
    showImportErrors(`${file.name} was not imported: ${err.message}`, err.errors);
  }
  $('import-file').value = '';
}

$('new-quiz').addEventListener('click', async () => {
  try {
    const quiz = await api('POST', '/api/library', { title: 'Untitled quiz' });
    window.location.assign(`/quizzes/${encodeURIComponent(quiz.id)}/edit`);
  } catch (err) {
    say(`Could not make a new quiz: ${err.message}`);
  }
});
$('import-quiz').addEventListener('click', () => $('import-file').click());
$('import-file').addEventListener('change', importFile);
$('show-trash').addEventListener('click', () => {
  trash = !trash;
  $('show-trash').setAttribute('aria-pressed', String(trash));
  $('show-trash').textContent = trash ? '← Back to my quizzes' : 'Trash';
  $('library-title').textContent = trash ? `Trash (kept ${data.trashKept})` : 'My quizzes';
  $('new-quiz').hidden = trash;
  $('import-quiz').hidden = trash;
  say('');
  load();
});
$('search').addEventListener('submit', (event) => { event.preventDefault(); load(); });
$('search-q').addEventListener('input', () => { clearTimeout(searchTimer); searchTimer = setTimeout(load, 250); });
$('search-tag').addEventListener('change', load);
load();
