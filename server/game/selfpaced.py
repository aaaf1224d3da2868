"""Self-paced challenges: one player's run through a quiz on their own clock.

A run is a small record (``Run``) kept per player in Redis: the question opened
last, when it opened and when it closes for this player, whether it has its
result, the score and the streak. These rules say what a request does to a run
at time ``now``; the store commits the change only if the run did not move
meanwhile (a version number), so an answer counts once and a late one never,
whichever process serves the request and however often the phone retries.

Scoring is the live game's own: ``score_question`` with one player.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from .errors import GameError
from .model import Question, Settings
from .scoring import PlayerResult, score_question

DAY_MS = 86_400_000
MAX_DAYS = 30
DEFAULT_DAYS = 7
# settings of a live room that mean nothing when each player plays alone
LIVE_ONLY = ("lead_in", "auto_advance", "auto_start", "leaderboard_every", "break_seconds",
             "teams", "late_join")
REVEALS = ("each", "at_close")


@dataclass(frozen=True)
class Run:
    index: int = -1        # the question opened last; -1 before the first
    opened: int = 0        # ms epoch it opened
    deadline: int = 0      # ms epoch it closes for this player
    settled: bool = True   # the question at ``index`` has its result
    score: int = 0
    streak: int = 0
    finished: int = 0      # ms epoch the last question was settled; 0 while playing
    version: int = 0
    nickname: str = ""     # kept beside the run, so one read gives a phone all it shows

    @classmethod
    def from_hash(cls, raw: dict) -> "Run":
        return cls(int(raw.get("index", -1)), int(raw.get("opened", 0)),
                   int(raw.get("deadline", 0)), raw.get("settled", "1") == "1",
                   int(raw.get("score", 0)), int(raw.get("streak", 0)),
                   int(raw.get("finished", 0)), int(raw.get("v", 0)), raw.get("nick", ""))

    def to_hash(self) -> dict:
        data = asdict(self)
        data["settled"] = "1" if self.settled else "0"
        data.pop("version")
        data.pop("nickname")
        return data


def closing_time(closes, days, now: int) -> int:
    """When a challenge stops taking players and answers: ``closes`` (ISO 8601 with a
    zone, or ms since the epoch) or ``days`` from now; at most 30 days ahead."""
    if closes is not None and days is not None:
        raise GameError("bad_request", "give closes or days, not both", field="closes")
    if closes is None:
        days = DEFAULT_DAYS if days is None else days
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
            raise GameError("bad_request", f"days: a whole number from 1 to {MAX_DAYS}",
                            field="days")
        return now + days * DAY_MS
    if isinstance(closes, str):
        try:
            at = datetime.fromisoformat(closes.replace("Z", "+00:00"))
        except ValueError:
            raise GameError("bad_request", "closes: not an ISO 8601 time (e.g. "
                            "2030-01-31T18:30:00+01:00)", field="closes") from None
        closes = int((at if at.tzinfo else at.replace(tzinfo=timezone.utc)).timestamp() * 1000)
    if isinstance(closes, bool) or not isinstance(closes, int):
        raise GameError("bad_request", "closes: a time (ISO 8601 or ms since the epoch)",
                        field="closes")
    if closes <= now:
        raise GameError("bad_request", "closes: that time has passed", field="closes")
    if closes > now + MAX_DAYS * DAY_MS:
        raise GameError("bad_request", f"closes: at most {MAX_DAYS} days ahead", field="closes")
    return closes


def reveal_mode(reveal, league: bool, deadline: bool) -> str:
    """When players see the key: ``each`` (with each answer's result) or ``at_close``
    (the answer is only received; results, review and practice open at the close).
    Unsaid: ``at_close`` when something rides on the scores (a league, or a deadline
    set with ``closes``), ``each`` for practice."""
    if reveal is None:
        return "at_close" if league or deadline else "each"
    if reveal not in REVEALS:
        raise GameError("bad_request", "reveal: each or at_close", field="reveal")
    return reveal


def revealed(reveal: str, closes: int, now: int) -> bool:
    """May a player see results (theirs and the board) now?"""
    return reveal != "at_close" or now > closes


def live_only(settings_data) -> list[str]:
    """The live-game settings a challenge refuses, each named by its field."""
    if not isinstance(settings_data, dict):
        return []
    return [f"settings.{key}: a live-game setting; in a challenge each player opens their "
            "own questions" for key in LIVE_ONLY if key in settings_data]


def can_open(run: Run, index: int, count: int, now: int, closes: int) -> str | None:
    """Why question ``index`` may not open now (an error code), or None."""
    if run.finished:
        return "finished"
    if index != run.index + 1 or index >= count:
        return "stale"
    if not run.settled and now <= run.deadline:
        return "still_open"  # answer the open question first
    if now > closes:
        return "closed"
    return None


def opened(run: Run, index: int, question: Question, now: int) -> Run:
    return Run(index, now, now + question.time_limit_ms, False, run.score, run.streak, 0,
               run.version, run.nickname)


def timed_out(run: Run, now: int) -> bool:
    """The open question's time ran out without an answer."""
    return not run.settled and now > run.deadline


def settle(run: Run, question: Question, settings: Settings, answer, now: int,
           count: int) -> tuple[Run, PlayerResult]:
    """The run once its open question has a result: ``answer`` (None: no answer in
    time), scored exactly as in a live game."""
    answers = {} if answer is None else {"me": (answer, max(0, now - run.opened))}
    result = score_question(question, ["me"], answers, {"me": run.streak},
                            bonus_on=settings.streak_bonus,
                            accuracy=settings.scoring == "accuracy")["me"]
    last = run.index + 1 >= count
    return Run(run.index, run.opened, run.deadline, True, run.score + result.points,
               result.streak, now if last else 0, run.version, run.nickname), result


def where(run: Run, count: int, now: int) -> str:
    """start, question (open, time left), timed_out, result (settled) or finished."""
    if run.finished or (run.index + 1 >= count and run.settled and run.index >= 0):
        return "finished"
    if run.index < 0:
        return "start"
    if not run.settled:
        return "timed_out" if now > run.deadline else "question"
    return "result"
