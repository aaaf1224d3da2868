// Several right choices: the player toggles every one they think right, then sends.
import { choiceType } from './choices.js';

export default choiceType({
  name: 'multi', label: 'Several right answers', hint: 'Pick every right answer, then send.', multiple: true,
});
