// A player's review of a game: every closed question with their answer, the right
// answer, the explanation, points and time. The data comes from the review API
// (authorised by the seat token this browser's session holds).
import { $, el, pageData, plural, setText } from './dom.js';
import { typeOf } from './types/index.js';

const data = pageData();
const MARKS = { right: '✓', partly: '≈', wrong: '✗', unanswered: '—', unscored: '✎' };
const SAID = { right: 'Right', partly: 'Partly right', wrong: 'Wrong', unanswered: 'No answer', unscored: 'Not scored' };

function when(ms) {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(ms));
}

function seconds(ms) {
  return ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`;
}

function line(term, value, cls) {
  return el('div', { class: cls }, el('dt', { text: term }), el('dd', { text: value || '–' }));
}

function item(q) {
  const details = el('dl', { class: 'rv-facts' },
    line('Your answer', q.answer || (typeOf(q).takesAnswers === false ? '' : 'No answer'), 'rv-yours'));
  if (q.right) details.append(line('Right answer', q.right, 'rv-right'));
  if (q.outcome !== 'unscored') {
    details.append(line('Points', String(q.points), 'rv-points'), line('Time', seconds(q.response_ms), 'rv-time'));
  }
  return el('li', { class: `rv-item card outcome-${q.outcome}`, attrs: { 'data-outcome': q.outcome } },
    el('p', { class: 'rv-head' },
      el('span', { class: 'rv-mark', text: MARKS[q.outcome], attrs: { 'aria-hidden': 'true' } }),
      el('span', { class: 'rv-num', text: `${q.index + 1}. ${typeOf(q).label || q.label}` }),
      el('span', { class: 'rv-said', text: SAID[q.outcome] })),
    el('h2', { class: 'rv-question', text: q.text }),
    details,
    q.explanation ? el('p', { class: 'rv-explanation', text: q.explanation }) : null);
}

async function load() {
  const reply = await fetch(data.review, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const body = await reply.json().catch(() => ({}));
  if (!reply.ok) {
    setText('rv-summary', (body.error && body.error.message) || 'This review is not available.');
    return;
  }
  const scored = body.questions.filter((q) => q.outcome !== 'unscored');
  const right = scored.filter((q) => q.outcome === 'right').length;
  setText('rv-summary', `${body.nickname}: ${right} of ${plural(scored.length, 'question')} right` +
    (body.missed.length ? ` · ${body.missed.length} to practise` : ' · nothing missed'));
  if (!body.finished) setText('rv-title', `${body.title} (still running: a question shows here once it closes)`);
  setText('expires', body.expires_ms
    ? `This page keeps working until ${when(body.expires_ms)}: a room's data is deleted a while after its last activity.`
    : '');
  $('rv-actions').hidden = scored.length === 0;
  $('rv-practice').hidden = body.missed.length === 0;
  $('rv-list').replaceChildren(...body.questions.map(item));
}

load();
