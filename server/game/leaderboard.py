"""Ranking: players with equal scores share a rank (1, 2, 2, 4)."""
from __future__ import annotations

TOP = 10
PODIUM = 3


def rank(players, streaks: dict | None = None) -> list[dict]:
    """``players``: iterable of (player_id, nickname, score, join_seq).

    Sorted by score, ties by join order so the display is stable; the rank is
    1 + the number of players with a strictly higher score. ``streaks`` (player id ->
    consecutive correct answers) lets the room see who is on a run.
    """
    streaks = streaks or {}
    ordered = sorted(players, key=lambda p: (-p[2], p[3]))
    entries, previous, current_rank = [], None, 0
    for position, (pid, nickname, score, _seq) in enumerate(ordered, start=1):
        if score != previous:
            current_rank, previous = position, score
        entries.append({"player_id": pid, "nickname": nickname, "score": score,
                        "rank": current_rank, "streak": int(streaks.get(pid, 0))})
    return entries
