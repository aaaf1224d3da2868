// One right choice out of two to six.
import { choiceType } from './choices.js';
import { choiceForm } from './choice-form.js';

export default choiceType({
  name: 'single', label: 'Single choice', hint: 'Tap one answer.',
  editorForm: choiceForm({ mark: 'one', images: true }),
  imageChoices: true,
  blank: () => ({ type: 'single', text: '', choices: ['', '', '', ''], answer: 0 }),
});
