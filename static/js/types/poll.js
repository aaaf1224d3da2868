// A vote: the chart shows the room's opinion and nobody is right or wrong.
import { choiceType } from './choices.js';

export default choiceType({
  name: 'poll', label: 'Poll', hint: 'Vote for one: there is no wrong answer.',
  unscoredTitle: 'Thanks for voting',
});
