// Two fixed choices, "True" and "False".
import { choiceType } from './choices.js';
import { choiceForm } from './choice-form.js';

export default choiceType({
  name: 'truefalse', label: 'True or false', hint: 'True or false?',
  editorForm: choiceForm({ mark: 'one', fixed: ['True', 'False'] }),
  blank: () => ({ type: 'truefalse', text: '', answer: 0 }),
});
