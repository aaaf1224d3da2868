"""One declared schema per client message (Socket.IO events and HTTP bodies)."""
from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Pin = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
Token = Annotated[str, StringConstraints(min_length=8, max_length=128)]
LeagueId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]
PlayerId = Annotated[str, StringConstraints(min_length=1, max_length=64)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Choices = Annotated[list[Annotated[int, Field(ge=-1_000_000, le=1_000_000)]],
                    Field(max_length=20)]


class Message(BaseModel):
    # strict: "1" is not 1 and true is not 1; unknown fields are refused, not ignored
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class HostAttach(Message):
    pin: Pin
    host_token: Token


class ScreenAttach(Message):
    pin: Pin


class PlayerJoin(Message):
    pin: Pin
    nickname: Annotated[str, StringConstraints(max_length=100)]
    league_token: Token | None = None  # a room in a season league: the member it was given
    team: Annotated[str, StringConstraints(max_length=100)] | None = None  # team rooms


class PlayerRejoin(Message):
    pin: Pin
    player_token: Token


# a slider's value; NaN and infinities are refused (Python's JSON reader lets them in)
Number = Annotated[float, Field(ge=-1e12, le=1e12, allow_inf_nan=False)]
# word-cloud entries: a few more and longer than allowed, so the question type can
# say what is wrong (bad_answer) rather than a bare schema error
Words = Annotated[list[Annotated[str, StringConstraints(max_length=200)]], Field(max_length=10)]


class PlayerAnswer(Message):
    index: Annotated[int, Field(ge=0, le=10_000)]
    answer: Union[Annotated[int, Field(ge=-1_000_000, le=1_000_000)], Number, Choices, Words,
                  ShortText]


class HostAction(Message):
    pin: Pin


class HostStep(Message):
    """host:next and host:end: the question index and phase the host is looking at.
    Both or neither (neither: a client written before they existed)."""
    pin: Pin
    index: Annotated[int, Field(ge=-1, le=10_000)] | None = None
    phase: Literal["lobby", "lead_in", "question", "discuss", "reveal", "break", "paused",
                   "finished"] | None = None

    def seen(self) -> tuple[int, str] | None:
        if (self.index is None) != (self.phase is None):
            missing = "phase" if self.phase is None else "index"
            raise ValueError(missing)
        return None if self.index is None else (self.index, self.phase)


class HostResume(Message):
    """host:resume; ``manual``: the host takes back control (auto-advance off)."""
    pin: Pin
    manual: bool = False


class HostKick(Message):
    pin: Pin
    player_id: PlayerId
    ban: bool = False


class HostLock(Message):
    pin: Pin
    locked: bool


class HostHideWord(Message):
    pin: Pin
    index: Annotated[int, Field(ge=0, le=10_000)]
    word: Annotated[str, StringConstraints(min_length=1, max_length=200)]


def describe(error) -> tuple[str, str]:
    """The first problem of a pydantic ValidationError as (field, message)."""
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"] if not str(part).startswith(
        ("int", "list", "str", "function"))) or "payload"
    return field, first["msg"]


# -- HTTP bodies ------------------------------------------------------------------------
class CreateRoom(Message):
    """POST /api/rooms: exactly one of quiz_id or quiz; the pack is checked by the rules."""
    quiz_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    quiz: dict | None = None
    settings: dict | None = None
    league: LeagueId | None = None  # count the game toward this league of the host's


# -- season leagues (docs/protocol.md, "Season leagues") ------------------------------
class LeagueCreate(Message):
    """POST /api/leagues"""
    name: Annotated[str, StringConstraints(min_length=1, max_length=80)]


class LeagueRecover(Message):
    """POST /api/leagues/<id>/recover"""
    code: Annotated[str, StringConstraints(min_length=1, max_length=40)]


class KeepHost(Message):
    """POST /api/rooms/<pin>/host"""
    host_token: Token


class KeepSeat(Message):
    """POST /api/rooms/<pin>/seat"""
    player_token: Token


# -- the quiz library (docs/protocol.md, "The quiz library") ----------------------------
# A draft may be incomplete (the pack validator reports what is missing), so only its
# shape and size are checked here; the questions are objects the validator judges.
Tag = Annotated[str, StringConstraints(max_length=40)]


class LibraryDraft(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    title: Annotated[str, StringConstraints(max_length=200)] = ""
    description: Annotated[str, StringConstraints(max_length=1000)] = ""
    tags: Annotated[list[Tag], Field(max_length=20)] = []
    questions: Annotated[list[dict], Field(max_length=200)] = []


class LibraryCreate(LibraryDraft):
    """POST /api/library: a draft, or {duplicate: id} (a library quiz or a built-in pack)."""
    duplicate: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None


class LibrarySave(LibraryDraft):
    """PUT /api/library/<id>: the whole draft and the version the edit is based on. The
    fields a reply carries besides (id, created, ...) may come back and are ignored."""
    model_config = ConfigDict(extra="ignore", strict=True, frozen=True)
    version: Annotated[int, Field(ge=1)]


class LibraryPlay(Message):
    """POST /api/library/<id>/play"""
    settings: dict | None = None
    league: LeagueId | None = None  # count the game toward this league of the host's


# -- review and practice (docs/protocol.md, "Review and practice") ---------------------
class PracticeAnswer(Message):
    """POST /api/rooms/<pin>/practice: one practice answer, graded and not stored; the
    answer in the shape player:answer takes for the question's type, null when time ran out."""
    index: Annotated[int, Field(ge=0, le=10_000)]
    answer: Union[Annotated[int, Field(ge=-1_000_000, le=1_000_000)], Number, Choices, Words,
                  ShortText, None]


# -- self-paced challenges (docs/protocol.md, "Self-paced challenges") ----------------
class CreateChallenge(Message):
    """POST /api/challenges: one of quiz_id (built-in), library_id or quiz (a pack);
    closes (ISO 8601 or ms) or days (1..30, default 7)."""
    quiz_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    library_id: Annotated[str, StringConstraints(min_length=1, max_length=64)] | None = None
    quiz: dict | None = None
    settings: dict | None = None
    closes: Union[Annotated[str, StringConstraints(max_length=64)], int, None] = None
    days: int | None = None
    league: LeagueId | None = None
    reveal: Annotated[str, StringConstraints(max_length=16)] | None = None  # each | at_close


class ChallengeJoin(Message):
    """POST /api/challenges/<code>/join"""
    nickname: Annotated[str, StringConstraints(max_length=100)]
    league_token: Token | None = None


class ChallengeKick(Message):
    """POST /api/challenges/<code>/kick: the host takes a player out (and bans the nickname)."""
    player_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    ban: bool = True


class ChallengeLock(Message):
    """POST /api/challenges/<code>/lock: no new players while locked."""
    locked: bool


class ChallengeOpen(Message):
    """POST /api/challenges/<code>/open: the question to open, the player's next."""
    index: Annotated[int, Field(ge=0, le=10_000)]


class ChallengeAnswer(Message):
    """POST /api/challenges/<code>/answer: the answer as player:answer takes it for the
    question's type; null once time is up asks for the question's result."""
    index: Annotated[int, Field(ge=0, le=10_000)]
    answer: Union[Annotated[int, Field(ge=-1_000_000, le=1_000_000)], Number, Choices, Words,
                  ShortText, None]
