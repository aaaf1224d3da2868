"""Peer instruction: show how the room voted, let neighbours talk, vote again.

``host:revote`` ends a question's first vote without revealing the answer:
phase ``discuss`` shows the spread of answers, nothing marked right. The first
vote's answers are kept apart (``answers:{i}:first``) and score nothing. The
host's next opens the same question again; its close scores the second vote
and the reveal adds the before/after split.
"""
from __future__ import annotations

from ..answers import Shown, distribution, spread
from ..errors import GameError
from ..model import Quiz, RoomState
from ..types import grade


def spread_payload(state: RoomState, quiz: Quiz, answers: dict, shown: Shown) -> dict:
    """``question:spread``: how the first vote went, with nothing that tells what is right."""
    question = quiz.questions[state.index]
    given = [answer for answer, _t in answers.values()]
    return {"index": state.index, "distribution": spread(question, given, shown),
            "answered": len(given)}


def discuss(state: RoomState, quiz: Quiz, answers: dict, shown: Shown, now: int):
    """End the first vote: (new state, question:spread payload)."""
    if state.phase != "question":
        raise GameError("bad_phase", "a re-vote starts from an open question")
    if state.revote:
        raise GameError("bad_phase", "this question is already in its second vote")
    if not quiz.questions[state.index].scored:
        raise GameError("bad_phase", "only a question with a right answer can be voted again")
    new = state.replace(phase="discuss", version=state.version + 1, next_at=0)
    return new, spread_payload(state, quiz, answers, shown)


def reopen(state: RoomState, quiz: Quiz, now: int) -> RoomState:
    """The same question, open again for the second vote."""
    if state.phase != "discuss":
        raise GameError("bad_phase", "no question is being discussed")
    question = quiz.questions[state.index]
    return state.replace(phase="question", started=now, deadline=now + question.time_limit_ms,
                         revote=True, version=state.version + 1)


def compare(question, first: dict, second: dict, shown: Shown) -> dict:
    """The before/after split for the final reveal. ``first``/``second`` map player id
    -> (answer, ms). ``moved``: players wrong (or silent) in the first vote and right
    in the second."""
    def right(answers, pid):
        return pid in answers and grade(question, answers[pid][0]) == 1.0
    players = set(first) | set(second)
    return {"before": distribution(question, [a for a, _t in first.values()], shown),
            "answered_before": len(first),
            "right_before": sum(right(first, p) for p in players),
            "right_after": sum(right(second, p) for p in players),
            "moved": sum(right(second, p) and not right(first, p) for p in players)}
