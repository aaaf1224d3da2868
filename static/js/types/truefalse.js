// Two fixed choices, "True" and "False".
import { choiceType } from './choices.js';
import { choiceForm } from './choice-form.js';

export default choiceType({
  name: 'truefalse', label: 'True or false', hint: 'True or false?',
  editorForm: choiceForm({ mark: 'one', fixed: ['True', 'False'] }),
  blank: () => ({ type: 'truefalse', text: '', answer: 0 }),
  fixedChoices: true,
  // a pack may leave the choices out (an imported sheet does); players always get these two
  publicView: (q) => ({ ...q, choices: ['True', 'False'] }),
});
