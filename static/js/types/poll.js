// A vote: the chart shows the room's opinion and nobody is right or wrong.
import { choiceType } from './choices.js';
import { choiceForm } from './choice-form.js';

export default choiceType({
  name: 'poll', label: 'Poll', hint: 'Vote for one: there is no wrong answer.',
  unscoredTitle: 'Thanks for voting',
  scored: false,
  editorForm: choiceForm({ mark: 'none' }),
  blank: () => ({ type: 'poll', text: '', choices: ['', '', ''], answer: null, points: 'none' }),
});
