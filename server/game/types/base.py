"""What every question type says about itself, and the defaults most share."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import GameError


@dataclass(frozen=True)
class Shown:
    """How typed text may reach the room's screens (from the room's settings)."""
    mask_profanity: bool = True
    typed: bool = True  # false: typed answers never reach a screen


class QuestionType:
    name = ""
    label = "questions"       # how messages name questions of this type
    scored = True             # False: no points, correct is null, the streak is left alone
    partial_credit = False    # the pack may set "partial": true
    hideable = False          # the host may hide entries of its distribution
    shuffled = False          # choices a shuffle_answers room deals in a per-group order
    update_event = ""         # the room event that redraws a distribution after a hide
    takes_answers = True      # False: nothing to answer (a slide); a self-paced player goes on
    keys: frozenset = frozenset()   # pack fields of this type beyond the common ones

    def declare(self, errors: list, path: str, q: dict):
        """Check the pack's fields; return (choices, answer, options)."""
        raise NotImplementedError

    def deal(self, question, rng) -> dict:
        """Options fixed once per room, at its creation (e.g. the order items are sent in)."""
        return {}

    def public(self, question) -> dict:
        """Fields players see while the question is open: never the answer."""
        return {"choices": list(question.choices)}

    def clean(self, question, value):
        """The answer in stored form; raises bad_answer saying what is wrong."""
        raise NotImplementedError

    def grade(self, question, answer) -> float:
        """Fraction of full credit in [0, 1] for a stored answer."""
        return 0.0

    def reveal(self, question):
        """The correct answer in public form (question:end.correct)."""
        return None

    def distribution(self, question, answers: list, shown: Shown):
        """How the room answered, as the projector draws it."""
        return []

    def spread(self, question, answers: list, shown: Shown):
        """How the room voted, for a discussion before the reveal (a re-vote): the
        distribution with nothing in it that tells which answer is right."""
        return self.distribution(question, answers, shown)

    def hide(self, distribution, hidden: set):
        """The distribution without the entries the host hid."""
        raise GameError("bad_phase", "only a word cloud's entries can be hidden")

    def shows_entry(self, distribution, entry: str) -> bool:
        """Whether ``entry`` is one the host could hide from this distribution."""
        return False

    def export(self, question, answer) -> str:
        """An answer as a spreadsheet reader wants it."""
        return "" if answer is None else str(answer)

    def right_answer(self, question) -> str:
        """The correct answer in words, as ``export`` writes an answer; "" when there
        is nothing to be right about (polls, word clouds, info slides)."""
        correct = self.reveal(question)
        return "" if correct is None else self.export(question, correct)


def refuse(message: str):
    raise GameError("bad_answer", message)
