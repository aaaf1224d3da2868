"""Which questions a room plays, and in what order: drawn once, at room creation.

Like ``deal``, the draw is stored with the room's quiz, so every worker and
restart plays the same questions in the same order.
"""
from __future__ import annotations

from ..errors import GameError
from ..model import Quiz, Settings


def select(quiz: Quiz, settings: Settings, rng) -> Quiz:
    """The questions tagged with any of ``settings.tags`` (all when none are given);
    ``question_count`` of them drawn at random, kept in pack order unless
    ``shuffle_questions``. Asking for more than there are plays them all."""
    picked = list(range(len(quiz.questions)))
    if settings.tags:
        wanted = {t.casefold() for t in settings.tags}
        picked = [i for i in picked
                  if wanted & {t.casefold() for t in quiz.questions[i].tags}]
        if not picked:
            raise GameError("bad_request", "settings.tags: no question of this pack carries "
                                           f"any of the tags {', '.join(settings.tags)}",
                            field="settings.tags")
    if settings.question_count is not None and settings.question_count < len(picked):
        picked = sorted(rng.sample(picked, settings.question_count))
    if settings.shuffle_questions:
        rng.shuffle(picked)
    if picked == list(range(len(quiz.questions))):
        return quiz
    return Quiz(quiz.id, quiz.title, quiz.description,
                tuple(quiz.questions[i] for i in picked))
