// Two fixed choices, "True" and "False".
import { choiceType } from './choices.js';

export default choiceType({ name: 'truefalse', label: 'True or false', hint: 'True or false?' });
