"""Teams: a team's points for a question are the average of its members' points.

Averaging is fair to teams of unequal sizes: a team of three with one right
answer ranks like a team of six with two. Members who did not answer count with
0 points, as they do for themselves. The running totals are stored with each
closed question's results (one atomic commit), so the board after question i is
the board after i - 1 plus question i's points, however many workers close.
"""
from __future__ import annotations

import math

from ..errors import GameError

COLOURS = ("#e21b3c", "#1368ce", "#26890c", "#d89e00", "#864cbf", "#0aa3a3", "#e0508a",
           "#6b4f2c")


def listing(teams) -> list[dict]:
    """The room's teams as a phone picks one and a board starts: name and colour."""
    return [{"team": i, "name": name, "colour": COLOURS[i % len(COLOURS)]}
            for i, name in enumerate(teams)]


def pick(teams, wanted) -> int:
    """The team index a player asked for: -1 to be balanced."""
    if wanted is None or not teams:
        return -1
    for i, name in enumerate(teams):
        if name.casefold() == str(wanted).strip().casefold():
            return i
    raise GameError("bad_team", f"team: no team named {wanted!r} here; pick one of "
                                f"{', '.join(teams)} or none", field="team")


def balance(counts: list[int]) -> int:
    """The team a player without a choice joins: the smallest, the first on a tie."""
    return min(range(len(counts)), key=lambda i: (counts[i], i))


def question_points(team_of: dict[str, int], points: dict[str, int], n: int) -> list[int]:
    """Per team, the average (half up) of its members' points for one question."""
    totals, sizes = [0] * n, [0] * n
    for pid, team in team_of.items():
        if 0 <= team < n:
            totals[team] += points.get(pid, 0)
            sizes[team] += 1
    return [int(math.floor(t / s + 0.5)) if s else 0 for t, s in zip(totals, sizes)]


def board(teams, before: list[int], points: list[int], team_of: dict[str, int]) -> list[dict]:
    """The team board after a question, ranked (equal scores share a rank)."""
    sizes = [0] * len(teams)
    for team in team_of.values():
        if 0 <= team < len(teams):
            sizes[team] += 1
    rows = [{"team": i, "name": name, "colour": COLOURS[i % len(COLOURS)],
             "score": (before[i] if i < len(before) else 0) + points[i],
             "points": points[i], "members": sizes[i]} for i, name in enumerate(teams)]
    rows.sort(key=lambda r: (-r["score"], r["team"]))
    for place, row in enumerate(rows):
        same = place and rows[place - 1]["score"] == row["score"]
        row["rank"] = rows[place - 1]["rank"] if same else place + 1
    return rows


def totals(rows: list[dict] | None, n: int) -> list[int]:
    """Each team's score from a stored board (all 0 before the first question)."""
    out = [0] * n
    for row in rows or []:
        if 0 <= row["team"] < n:
            out[row["team"]] = row["score"]
    return out
