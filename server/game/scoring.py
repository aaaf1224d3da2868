"""Kahoot!'s published scoring rule, plus answer streaks."""
from __future__ import annotations

import math
from dataclasses import dataclass

from .types import grade
from .model import Question

STREAK_STEP = 100
STREAK_CAP = 500


def speed_points(base: int, fraction: float, response_ms: int, limit_ms: int) -> int:
    """round(P * (1 - (t / T) / 2)): full points at once, half at the buzzer."""
    if base <= 0 or fraction <= 0:
        return 0
    t = min(max(response_ms, 0), limit_ms)
    # half-up rounding, not Python's banker's rounding, so 500.5 is 501 as a person expects
    return int(math.floor(base * fraction * (1 - (t / limit_ms) / 2) + 0.5))


def accuracy_points(base: int, fraction: float) -> int:
    """``scoring: "accuracy"``: the full share of the points, whatever the time."""
    if base <= 0 or fraction <= 0:
        return 0
    return int(math.floor(base * fraction + 0.5))


def streak_bonus(streak: int) -> int:
    """+100 per consecutive correct answer after the first, capped at +500."""
    return min(STREAK_STEP * (streak - 1), STREAK_CAP) if streak > 1 else 0


@dataclass(frozen=True)
class PlayerResult:
    player_id: str
    answer: object
    correct: bool | None
    points: int
    response_ms: int | None
    streak: int

    def to_json(self) -> dict:
        return {"answer": self.answer, "correct": self.correct, "points": self.points,
                "response_ms": self.response_ms}


def score_question(question: Question, player_ids, answers: dict, streaks: dict,
                   bonus_on: bool = True, accuracy: bool = False) -> dict[str, PlayerResult]:
    """Score one closed question for every player.

    ``answers`` maps player id -> (answer, response_ms) for those who answered;
    ``streaks`` maps player id -> streak before this question.
    """
    results = {}
    for pid in player_ids:
        answer, response_ms = answers.get(pid, (None, None))
        before = streaks.get(pid, 0)
        fraction = grade(question, answer)
        if fraction is None or question.base_points == 0:
            # unscored types (polls, word clouds, slides) and no-points questions
            # neither reward nor break a streak
            correct = None if fraction is None else (answer is not None and fraction == 1.0)
            results[pid] = PlayerResult(pid, answer, correct, 0, response_ms, before)
            continue
        correct = answer is not None and fraction == 1.0
        streak = before + 1 if correct else 0
        points = (accuracy_points(question.base_points, fraction) if accuracy else
                  speed_points(question.base_points, fraction, response_ms or 0,
                               question.time_limit_ms))
        if correct and bonus_on:
            points += streak_bonus(streak)
        results[pid] = PlayerResult(pid, answer, correct, points, response_ms, streak)
    return results
