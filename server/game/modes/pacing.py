"""Rounds: the leaderboard after every K questions, or only at the end, and a break."""
from __future__ import annotations

from ..model import Settings


def shows_leaderboard(settings: Settings, index: int, count: int) -> bool:
    """Whether question ``index``'s reveal shows the leaderboard: at the end of each
    round of ``leaderboard_every`` questions and after the last one; with 0, never
    (the podium at the end shows it)."""
    every = settings.leaderboard_every
    if every <= 0:
        return False
    return (index + 1) % every == 0 or index + 1 >= count


def takes_break(settings: Settings, index: int, count: int) -> bool:
    """Whether moving on from question ``index``'s reveal starts with a break: at the
    end of a round (``leaderboard_every`` questions) that is not the last one."""
    every = settings.leaderboard_every
    return (settings.break_seconds > 0 and every > 0 and index + 1 < count
            and (index + 1) % every == 0)
