// Several right choices: the player toggles every one they think right, then sends.
import { choiceType } from './choices.js';
import { choiceForm } from './choice-form.js';

export default choiceType({
  name: 'multi', label: 'Several right answers', hint: 'Pick every right answer, then send.', multiple: true,
  partialCredit: true,
  editorForm: choiceForm({ mark: 'many', images: true }),
  imageChoices: true,
  blank: () => ({ type: 'multi', text: '', choices: ['', '', '', ''], answer: [0] }),
});
