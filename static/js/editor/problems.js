// What the editor says is wrong with the quiz, and when: the last save's (or Play's)
// errors, in words (messages.js), under their fields (errors.js), counted on the list
// of questions and summed up at the top. A quiz not started yet and a question still
// as it was added are not wrong yet: they wait for Play, or for the host to leave one
// of the question's fields.
import { $ } from '../dom.js';
import { clearMarks, findField, mark, parse, summarize } from './errors.js';
import { inWords, untouched } from './messages.js';

/** `page`: { quiz() -> the quiz drawn, selected() -> index, select(index) }. */
export function problems(page) {
  let errors = [];            // parsed, in the order the validator gave them
  let triedToPlay = false;    // from then on every problem is said, untouched or not
  const left = new WeakSet(); // questions the host has left a field of

  function shown() {
    const quiz = page.quiz();
    return inWords(errors.filter((e) => {
      if (triedToPlay) return true;
      if (e.question === null) return !(e.path === 'questions' && quiz.questions.length === 0);
      const q = quiz.questions[e.question];
      return Boolean(q) && (left.has(q) || !untouched(q));
    }), quiz);
  }

  function jump(item) {
    const quiz = page.quiz();
    if (item.question !== null && item.question !== page.selected() && quiz.questions[item.question]) page.select(item.question);
    const root = item.path === 'questions' ? $('q-add') : item.question === null ? $('quiz-meta') : $('q-form');
    const field = findField(root, item.path) || (item.question === null ? $('quiz-title') : $('qf-type'));
    field.scrollIntoView({ block: 'center' });
    (field.matches('input, select, textarea, button, [tabindex]') ? field : field.querySelector('input, select, textarea, button'))?.focus();
  }

  return {
    /** The validator's lines, from a save's reply, a stored quiz or a refused Play. */
    set(lines) { errors = (lines || []).map(parse); },
    tried() { triedToPlay = true; },
    /** Question `from` was read back from its form as `to`: the same question. */
    carry(from, to) { if (left.has(from)) left.add(to); },
    /** The host left a field of `q`; true when that changes what is said. */
    leave(q) {
      if (!q || left.has(q)) return false;
      left.add(q);
      return true;
    },
    /** Problems shown per question index, for the list's badges. */
    counts() {
      const counts = new Map();
      for (const e of shown()) if (e.question !== null) counts.set(e.question, (counts.get(e.question) || 0) + 1);
      return counts;
    },
    /** Redraw the notes under the fields of the quiz and the selected question, and the summary. */
    show() {
      const items = shown();
      const quizLevel = items.filter((e) => e.question === null);
      for (const id of ['quiz-meta', 'q-add', 'q-form']) clearMarks($(id));
      mark($('quiz-meta'), quizLevel.filter((e) => e.path !== 'questions'));
      mark($('q-add'), quizLevel.filter((e) => e.path === 'questions'));
      mark($('q-form'), items.filter((e) => e.question === page.selected()));
      summarize($('error-summary'), items, jump);
    },
  };
}
