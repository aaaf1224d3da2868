// The question types, by the name the server sends in `question.type`. The pages ask
// here for everything that differs between types and name no type themselves.
//
// A type module's default export:
//   name, label         the wire name and what a person calls it
//   hint                one line under the question on the phone
//   phone(area, q, { submit })  draws the answer input into `area` (emptied first) and
//                       returns { lock(sending), unlock(), focus?() }; `submit(answer)`
//                       sends the player's answer in the type's wire shape
//   view(container, q, { where })  the question on the host console ('host') or the
//                       projector ('screen'), while it is open
//   reveal(container, q, end, { where, act })  what the room sees after the question:
//                       `end` is question:end (or a snapshot's reveal); `act(event, payload)`
//                       sends a host action and exists on the host console only
//   answerInWords(q, end)  "The right answer was …" for a phone, or ''
//   unscoredTitle?      the phone's result title when nothing is right or wrong
//   endLabel?           the host's button that closes the question early
//   wideReveal?         the reveal takes the page's width: no points, so no leaderboard
//   updates?            { event: (end, msg) => end } for room events that change a reveal
//   editorForm(container, question, ctx)  the editor's fields for what is particular to
//                       the type (choices, answer, range...), each input marked with the
//                       `data-path` of its pack field; returns { read() } giving those
//                       fields in pack form. `ctx`: { changed(), pickImage() -> {hash}|null }
//   blank()             a new question of the type, in pack form
//   scored?             false: no points to choose ("none")
//   takesAnswers?       false: nothing to answer (a slide); a self-paced player reads and goes on
//   partialCredit?      the question may give partial credit
//   imageChoices?       a choice may be a picture (others take a choice's alt text)
//   itemWord?           what the editor calls one of its choices ('item'; default 'choice')
//   typedAnswers?       `answer` is a list of accepted strings the host types
//   fixedChoices?       its choices are given, never typed (true or false)
//   publicView?(q)      the pack question as players receive it, for the editor's preview
import single from './single.js';
import multi from './multi.js';
import truefalse from './truefalse.js';
import text from './text.js';
import poll from './poll.js';
import slider from './slider.js';
import order from './order.js';
import wordcloud from './wordcloud.js';
import info from './info.js';

const TYPES = new Map([single, multi, truefalse, text, poll, slider, order, wordcloud, info].map((t) => [t.name, t]));

/** A type this page does not know still shows its text: the server may be newer. */
const UNKNOWN = {
  name: 'unknown',
  label: 'Question',
  hint: '',
  phone: (area) => {
    area.replaceChildren();
    return { lock() {}, unlock() {} };
  },
  view: (container) => container.replaceChildren(),
  reveal: () => {},
  answerInWords: () => '',
};

export function typeOf(question) {
  return (question && TYPES.get(question.type)) || UNKNOWN;
}

export function allTypes() {
  return [...TYPES.values()];
}

/** Every room event some type uses to change its reveal, e.g. a hidden word. */
export function updateEvents() {
  return [...new Set(allTypes().flatMap((t) => Object.keys(t.updates || {})))];
}

/** The reveal after `event`, or null when the question's type does not use it. */
export function applyUpdate(question, event, end, msg) {
  const update = (typeOf(question).updates || {})[event];
  return update ? update(end, msg) : null;
}
