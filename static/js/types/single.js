// One right choice out of two to six.
import { choiceType } from './choices.js';

export default choiceType({ name: 'single', label: 'Single choice', hint: 'Tap one answer.' });
