"""A player's look back at a game: every closed question with their answer, the right
answer, the explanation, their points and time; and a practice run of what they missed.

Everything is read through a seat token, never a player id alone. A review reads and
never writes (the room's TTL is left alone, so the page can say when it ends), and a
practice answer is graded against the room's stored quiz without being stored: the
page sends a question index and an answer, the same type modules as the game grade
it. Practice questions go out in their public form only, so the key reaches a page
no earlier than the answer to that question.

The part that knows rooms is ``RoomReviews.load``; ``review_of`` and ``grade_one`` take
a quiz and one player's results, so a self-paced challenge can feed them its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..game import types
from ..game.errors import GameError
from ..game.model import Quiz
from ..store.rooms import ERROR_MESSAGES, room_identity

WHICH = ("missed", "all")


@dataclass(frozen=True)
class Played:
    """What a review is made from: one player's side of one game."""
    key: str               # what tells this game apart from any other (cards update by it)
    title: str
    nickname: str
    quiz: Quiz
    results: list          # per closed question: the stored result, or None
    finished: bool
    expires_ms: int | None  # when the data goes (ms epoch), None when it does not expire
    ended_ms: int


def outcome(question, result) -> str:
    """right, partly, wrong, unanswered or unscored (a poll, word cloud or slide)."""
    if not types.kind(question).scored:
        return "unscored"
    if result is None or result.get("answer") is None:
        return "unanswered"
    if result.get("correct"):
        return "right"
    return "partly" if result.get("points", 0) > 0 or _fraction(question, result) > 0 \
        else "wrong"


def _fraction(question, result) -> float:
    try:
        return float(types.grade(question, result["answer"]) or 0.0)
    except (GameError, KeyError, TypeError, ValueError, IndexError):
        return 0.0


def is_missed(question, result) -> bool:
    return outcome(question, result) in ("partly", "wrong", "unanswered")


def review_of(played: Played) -> dict:
    """The review page's data: the key of every closed question is in it."""
    questions = []
    for index, result in enumerate(played.results):
        question = played.quiz.questions[index]
        kind = types.kind(question)
        mine = result or {}
        questions.append({
            "index": index, **question.public(),
            "label": kind.label, "outcome": outcome(question, result),
            "missed": is_missed(question, result),
            "answer": kind.export(question, mine.get("answer")),
            "right": kind.right_answer(question),
            "explanation": question.explanation,
            "points": mine.get("points", 0), "response_ms": mine.get("response_ms")})
    return {"title": played.title, "nickname": played.nickname, "finished": played.finished,
            "count": len(played.quiz.questions), "expires_ms": played.expires_ms,
            "questions": questions,
            "missed": [q["index"] for q in questions if q["missed"]]}


def chosen(played: Played, which: str) -> list[int]:
    """Indexes of the closed questions ``which`` picks: the missed ones or every scored one."""
    if which not in WHICH:
        raise GameError("bad_request", "which: must be missed or all", field="which")
    picked = []
    for index, result in enumerate(played.results):
        question = played.quiz.questions[index]
        if which == "all" and types.kind(question).scored or is_missed(question, result):
            picked.append(index)
    return picked


def practice_set(played: Played, which: str) -> dict:
    """The questions to practise, as players see them while a question is open."""
    return {"title": played.title, "which": which, "questions": [
        {"index": i, **played.quiz.questions[i].public()} for i in chosen(played, which)]}


def grade_one(played: Played, index, value) -> dict:
    """Grade one practice answer (None: time ran out) with the game's type modules."""
    if not isinstance(index, int) or isinstance(index, bool) \
            or not 0 <= index < len(played.results):
        raise GameError("bad_request", "index: must be the index of a closed question",
                        field="index")
    question = played.quiz.questions[index]
    kind = types.kind(question)
    if not kind.scored:
        raise GameError("bad_request", f"index: {kind.label} have nothing to practise",
                        field="index")
    answer = None if value is None else kind.clean(question, value)
    fraction = types.grade(question, answer)
    return {"index": index, "correct": fraction == 1.0, "fraction": round(fraction, 4),
            "answer": kind.export(question, answer), "right": kind.right_answer(question),
            "reveal": question.correct_for_reveal(), "explanation": question.explanation}


class RoomReviews:
    """Loads a player's ``Played`` from a live room, through their seat token."""

    def __init__(self, service):
        self.service = service
        self.store = service.store

    def load(self, pin: str, token: str | None) -> Played:
        if not token:
            raise GameError("forbidden", f"this browser has no seat in room {pin}. Open the "
                            "review on the phone you played on, or join the game with its PIN")
        seat = self.store.seat(pin, token)
        if seat is None:  # an unknown PIN answers like a wrong token
            raise GameError("forbidden", ERROR_MESSAGES["bad_token"])
        state, raw, quiz, _settings = self.service.room(pin)
        closed = state.index + 1 if state.phase in ("reveal", "finished") else max(state.index, 0)
        results, ttl_ms = self.store.player_results(pin, closed, seat["player_id"])
        if ttl_ms == -2:
            raise GameError("not_found", "no room with that PIN")
        now = self.service.now()
        return Played(key=f"room:{room_identity(raw)}", title=quiz.title,
                      nickname=seat["nickname"], quiz=quiz, results=results,
                      finished=state.phase == "finished",
                      expires_ms=now + ttl_ms if ttl_ms >= 0 else None,
                      ended_ms=state.ended or int(raw.get("created", 0) or 0) or now)
