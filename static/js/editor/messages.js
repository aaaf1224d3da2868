// The validator's "path: problem" lines in a host's words. The library API keeps its
// paths for scripts (`questions[0].choices[0]: must not be empty`); the page says
// "Question 1: choice 1 is empty" in the summary and "Choice 1 is empty" under the
// field, numbered from 1 as the page numbers its questions and choices.
import { typeOf } from '../types/index.js';

const QUIZ_FIELDS = { title: "the quiz's title", description: 'the description', tags: "the quiz's tags", questions: 'the questions' };
const FIELDS = {
  '': 'the question', text: 'the question text', type: 'the question type', answer: 'the right answer',
  time_limit: 'the time limit', points: 'the points', explanation: 'the explanation', image: 'the picture',
  image_alt: 'the picture description', tags: 'the question tags', partial: 'partial credit',
  fuzzy: 'forgiving a typo', min: 'the lowest value', max: 'the highest value', step: 'the step',
  unit: 'the unit', tolerance: '“counts as right within ±”', margin: '“some points within ±”',
};

const cap = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const thousands = (digits) => Number(digits).toLocaleString('en');

/** "choice" or, for a question put in order, "item": what its form calls one. */
function itemWord(q) {
  return (q && typeOf(q).itemWord) || 'choice';
}

function choiceLabel(choice) {
  return choice !== null && typeof choice === 'object' ? choice.alt || '' : String(choice ?? '');
}

/** What a person calls the field at `path` (relative to question `q`, or the quiz's). */
function fieldName(path, q) {
  const tag = /^tags\[(\d+)\]$/.exec(path);
  if (tag) return `tag ${Number(tag[1]) + 1}`;
  if (!q) return QUIZ_FIELDS[path] ?? `“${path}”`;
  const word = itemWord(q);
  let m;
  if ((m = /^choices\[(\d+)\]\.alt$/.exec(path))) return `the description of ${word} ${Number(m[1]) + 1}'s picture`;
  if ((m = /^choices\[(\d+)\]\.image$/.exec(path))) return `${word} ${Number(m[1]) + 1}'s picture`;
  if ((m = /^choices\[(\d+)\]$/.exec(path))) return `${word} ${Number(m[1]) + 1}`;
  if ((m = /^answer\[(\d+)\]$/.exec(path))) return typeOf(q).typedAnswers ? `accepted answer ${Number(m[1]) + 1}` : 'the right answers';
  if (path === 'choices') return `the ${word}s`;
  if (path === 'answer' && typeOf(q).typedAnswers) return 'the accepted answers';
  return FIELDS[path] ?? `“${path}”`;
}

// [problem, (field name, match, question) => sentence]: the validator's wording
// (server/game/pack.py, server/game/types/) and what a host would rather read
const PROBLEMS = [
  [/^must not be empty$/, (f) => `${f} is empty`],
  [/^longer than (\d+) characters$/, (f, m) => `${f} is longer than ${m[1]} characters`],
  [/^must be a string$/, (f) => `${f} must be text`],
  [/^must be a number from \S+ to \S+$/, (f) => `${f} must be a number`],
  [/^must be an integer from (\d+) to (\d+) seconds$/, (f, m) => `${f} must be a whole number of seconds, from ${m[1]} to ${m[2]}`],
  [/^must be greater than min$/, (f) => `${f} must be greater than the lowest value`],
  [/^must be greater than 0$/, (f) => `${f} must be greater than 0`],
  [/^must divide max - min into at most (\d+) steps$/, (f, m) => `${f} must divide the range from the lowest to the highest value evenly, into at most ${thousands(m[1])} steps`],
  [/^must be between min and max$/, (f) => `${f} must be between the lowest and the highest value`],
  [/^must not be negative$/, (f) => `${f} must not be negative`],
  [/^must be a number at least the tolerance$/, (f) => `${f} must be a number at least “counts as right within ±”`],
  [/^needs (\d+)\.\.(\d+) choices, got (\d+)$/, (f, m, q) => `there must be ${m[1]} to ${m[2]} ${itemWord(q)}s; there ${m[3] === '1' ? 'is' : 'are'} ${m[3]}`],
  [/^(must be a choice index \(integer\)|index \d+ out of range)/, () => 'tick the right choice'],
  [/^must be a non-empty list of choice indexes$/, () => 'tick at least one right choice'],
  [/^cannot mark every choice correct$/, () => 'leave at least one choice unticked: they cannot all be right'],
  [/^must be a list of 1\.\.(\d+) accepted strings$/, (f, m) => `give 1 to ${m[1]} accepted answers`],
  [/^must be a tag of 1 to (\d+) characters$/, (f, m) => `${f} must be 1 to ${m[1]} characters long`],
  [/^must be a list of at most (\d+) strings$/, (f, m) => `${f} are too many: at most ${m[1]}`],
  [/^must be the hash of an uploaded image/, (f) => `${f} is not an uploaded picture: add it again`],
  [/^no value on the slider's steps is within the tolerance/, () => 'no value the slider can stop at is close enough to the right answer: widen “counts as right within ±” or change the step'],
  [/^must be true or false$/, (f) => `${f} must be on or off`],
  [/^must be a non-empty list$/, () => 'add a question: a quiz needs at least one'],
  [/^at most (\d+) questions, got (\d+)$/, (f, m) => `a quiz holds at most ${m[1]} questions; this one has ${m[2]}`],
];

function sentence(item, q) {
  const name = fieldName(item.path, q);
  for (const [pattern, say] of PROBLEMS) {
    const match = pattern.exec(item.problem);
    if (match) return say(name, match, q);
  }
  return `${name}: ${item.problem}`;
}

function worded(item, text, note) {
  const where = item.question === null ? '' : `Question ${item.question + 1}: `;
  return { ...item, summary: where + (item.question === null ? cap(text) : text), note: cap(note ?? text) };
}

/** Each later choice that says what an earlier one says, in words; none for empty
 * boxes, which are "empty", not the same as each other. */
function sameChoices(item, q) {
  const choices = Array.isArray(q && q.choices) ? q.choices : [];
  const seen = new Map();
  const out = [];
  choices.forEach((choice, j) => {
    const image = choice !== null && typeof choice === 'object' ? choice.image : null;
    const key = image || choiceLabel(choice).trim().toLocaleLowerCase();
    if (!key) return;
    if (!seen.has(key)) { seen.set(key, j); return; }
    const i = seen.get(key);
    const word = itemWord(q);
    const shown = image ? `the same picture` : `“${choiceLabel(choices[i]).trim()}”`;
    out.push(worded({ ...item, path: `choices[${j}]` },
      `${word} ${j + 1} is the same as ${word} ${i + 1} (${shown})`,
      `same as ${word} ${i + 1} (${shown})`));
  });
  return out;
}

/** Parsed errors (errors.js parse) of `quiz`, each with `summary` and `note` in words. */
export function inWords(items, quiz) {
  return items.flatMap((item) => {
    const q = item.question === null ? null : quiz.questions[item.question];
    if (q && item.path === 'choices' && item.problem === 'duplicate choices') return sameChoices(item, q);
    return [worded(item, sentence(item, q))];
  });
}

/** A question as it was added: every box the host types into still empty. */
export function untouched(q) {
  if (!q || q.image) return false;
  const blank = typeOf(q).blank ? typeOf(q).blank() : {};
  const boxes = [q.text, q.explanation, q.image_alt, ...(q.tags || [])];
  if (typeOf(q).typedAnswers && Array.isArray(q.answer)) boxes.push(...q.answer);
  // true or false: its two choices are fixed, not typed
  const choices = typeOf(q).fixedChoices || !Array.isArray(q.choices) ? [] : q.choices;
  const typed = choices.filter((c, i) => !(Array.isArray(blank.choices) && c === blank.choices[i]));
  return [...boxes, ...typed].every((box) => box === undefined || box === null || (typeof box === 'string' && !box.trim()));
}
