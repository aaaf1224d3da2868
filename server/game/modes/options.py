"""The live game modes' room settings: each checked, each problem named by its field.

``parse(data, errors)`` reads the mode keys of a ``settings`` object and returns the
keyword arguments of ``Settings`` they set; a problem appends "settings.<key>: ...".
"""
from __future__ import annotations

from datetime import datetime, timezone

from ..types import fields

KEYS = frozenset({"scoring", "lead_in", "auto_advance", "auto_start", "leaderboard_every",
                  "question_count", "tags", "shuffle_questions", "shuffle_answers", "teams",
                  "late_join", "break_seconds"})
SCORING = ("speed", "accuracy")
DEFAULT_LEAD_IN = 3   # seconds of "get ready": the setup page and the API agree
MAX_LEAD_IN = 30
DEFAULT_AUTO_ADVANCE = 8   # `auto_advance: true`
MAX_AUTO_ADVANCE = 600
MAX_TAGS, MAX_TAG = 20, 40
MIN_TEAMS, MAX_TEAMS, MAX_TEAM_NAME = 2, 8, 24
# an auto_start number below this is a player count, above it a time (ms epoch)
EPOCH_FLOOR = 10 ** 11


def _int(errors, key, value, low, high) -> int:
    if not fields.is_int(value) or not low <= value <= high:
        errors.append(f"settings.{key}: must be an integer from {low} to {high}")
        return low
    return value


def _names(errors, key, value, low, high, length) -> tuple:
    if not isinstance(value, list) or not low <= len(value) <= high:
        errors.append(f"settings.{key}: must be a list of {low} to {high} names")
        return ()
    out = []
    for i, name in enumerate(value):
        if not isinstance(name, str) or not name.strip() or len(name.strip()) > length:
            errors.append(f"settings.{key}[{i}]: must be a name of 1 to {length} characters")
            continue
        out.append(name.strip())
    if len({n.casefold() for n in out}) != len(out):
        errors.append(f"settings.{key}: names must differ")
    return tuple(out)


def _auto_start(errors, value, now: int, max_players: int) -> dict:
    """A time (ISO 8601 with a zone, or ms since the epoch), or a player count."""
    if value is None or value is False:
        return {}
    if isinstance(value, str):
        try:
            at = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            errors.append("settings.auto_start: not an ISO 8601 time (e.g. "
                          "2030-01-31T18:30:00+01:00)")
            return {}
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        value = int(at.timestamp() * 1000)
    if not fields.is_int(value) or value < 1:
        errors.append("settings.auto_start: must be a time (ISO 8601 or ms since the epoch) "
                      "or a player count")
        return {}
    if value >= EPOCH_FLOOR:
        if value <= now:
            errors.append("settings.auto_start: that time has passed")
            return {}
        if value > now + 7 * 24 * 3600 * 1000:
            errors.append("settings.auto_start: at most a week ahead")
            return {}
        return {"auto_start_at": value}
    if value > max_players:
        errors.append(f"settings.auto_start: a player count from 1 to {max_players}")
        return {}
    return {"auto_start_players": value}


def parse(data: dict, errors: list, now: int, max_players: int) -> dict:
    out = {}
    scoring = data.get("scoring", "speed")
    if scoring not in SCORING:
        errors.append(f"settings.scoring: must be one of {', '.join(SCORING)}")
    out["scoring"] = scoring if scoring in SCORING else "speed"
    out["lead_in"] = _int(errors, "lead_in", data.get("lead_in", DEFAULT_LEAD_IN), 0, MAX_LEAD_IN)
    auto = data.get("auto_advance", False)
    if auto is True:
        auto = DEFAULT_AUTO_ADVANCE
    elif auto is False or auto is None:
        auto = 0
    else:
        auto = _int(errors, "auto_advance", auto, 1, MAX_AUTO_ADVANCE)
    out["auto_advance"] = auto
    out.update(_auto_start(errors, data.get("auto_start"), now, max_players))
    out["leaderboard_every"] = _int(errors, "leaderboard_every",
                                    data.get("leaderboard_every", 1), 0, 200)
    count = data.get("question_count")
    out["question_count"] = None if count is None else _int(errors, "question_count", count,
                                                            1, 200)
    tags = data.get("tags")
    out["tags"] = () if tags is None else _names(errors, "tags", tags, 1, MAX_TAGS, MAX_TAG)
    for key, default in (("shuffle_questions", False), ("shuffle_answers", False),
                         ("late_join", True)):
        out[key] = fields.flag(errors, f"settings.{key}", data.get(key, default))
    out["break_seconds"] = _int(errors, "break_seconds", data.get("break_seconds", 0), 0, 3600)
    teams = data.get("teams")
    out["teams"] = () if teams is None else _names(errors, "teams", teams, MIN_TEAMS,
                                                   MAX_TEAMS, MAX_TEAM_NAME)
    return out
