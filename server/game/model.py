"""Immutable records the rules work on: quizzes, questions and room settings."""
from __future__ import annotations

from dataclasses import dataclass, asdict, field

from . import types

QUESTION_TYPES = types.NAMES
POINTS = {"standard": 1000, "double": 2000, "none": 0}
DEFAULT_TIME_LIMIT = 20
MEDIA_PATH = "/media/"  # where the server serves an image by its hash
MIN_TIME_LIMIT, MAX_TIME_LIMIT = 2, 600


@dataclass(frozen=True)
class Question:
    type: str
    text: str
    choices: tuple[str, ...]
    answer: object  # int | tuple[int, ...] | tuple[str, ...] | float | None
    time_limit: int = DEFAULT_TIME_LIMIT
    points: str = "standard"
    explanation: str = ""
    partial: bool = False
    options: dict = field(default_factory=dict, hash=False)  # the type's own fields
    image: str = ""              # sha256 of an uploaded image, or ""
    image_alt: str = ""
    image_on_devices: bool = False  # the room's show_images_on_devices, folded in
    tags: tuple = ()  # labels a room may select questions by (settings.tags)

    @property
    def time_limit_ms(self) -> int:
        return self.time_limit * 1000

    @property
    def base_points(self) -> int:
        return POINTS[self.points]

    @property
    def scored(self) -> bool:
        return types.kind(self).scored

    def public(self) -> dict:
        """What players may see while the question is open: never the answer."""
        view = {"type": self.type, "text": self.text, "choices": list(self.choices),
                "time_limit_ms": self.time_limit_ms, **types.kind(self).public(self)}
        if self.image:
            view.update(image=MEDIA_PATH + self.image, image_alt=self.image_alt,
                        image_on_devices=self.image_on_devices)
        return view

    def correct_for_reveal(self):
        return types.kind(self).reveal(self)

    def to_json(self) -> dict:
        data = asdict(self)
        data["choices"] = list(self.choices)
        data["answer"] = list(self.answer) if isinstance(self.answer, tuple) else self.answer
        if not self.partial:
            data.pop("partial")
        if not self.options:
            data.pop("options")
        for key in ("image", "image_alt", "image_on_devices"):
            if not data[key]:
                data.pop(key)
        if self.tags:
            data["tags"] = list(self.tags)
        else:
            data.pop("tags")
        return data


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    description: str
    questions: tuple[Question, ...]

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "description": self.description,
                "questions": [q.to_json() for q in self.questions]}

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "description": self.description,
                "questions": len(self.questions)}


@dataclass(frozen=True)
class Settings:
    """Per-room options chosen by the host when the room is created."""
    max_players: int = 1000
    streak_bonus: bool = True
    time_limit: int | None = None   # overrides every question's limit
    points: str | None = None       # overrides every question's points
    profanity_filter: bool = True    # refuse offensive nicknames, mask shown typed text
    show_typed_answers: bool = True  # false: typed answers never reach a screen
    show_images_on_devices: bool = False  # phones show the question's image too
    # live game modes (docs/protocol.md, "Game modes"); checked by game.modes.options
    scoring: str = "speed"           # "speed" | "accuracy"
    # seconds of "get ready" before answers open; 0 off. The API parses 3 when none is
    # given (modes.options); 0 here keeps a room stored without the key opening at once
    lead_in: int = 0
    auto_advance: int = 0            # seconds a reveal stays before moving on; 0 off
    auto_start_at: int = 0           # ms epoch the lobby starts itself; 0 off
    auto_start_players: int = 0      # players that start the lobby; 0 off
    leaderboard_every: int = 1       # K: leaderboard after every K questions; 0 end only
    question_count: int | None = None
    tags: tuple = ()
    shuffle_questions: bool = False
    shuffle_answers: bool = False
    teams: tuple = ()
    late_join: bool = True
    break_seconds: int = 0           # a break screen between rounds; 0 off

    def to_json(self) -> dict:
        data = asdict(self)
        data["tags"], data["teams"] = list(self.tags), list(self.teams)
        return data


@dataclass(frozen=True)
class RoomState:
    """The part of a room that moves through phases; stored as one Redis hash."""
    # lobby | lead_in | question | discuss | reveal | break | paused | finished
    phase: str = "lobby"
    index: int = -1                # current question, 0-based; -1 before the first
    count: int = 0                 # number of questions
    started: int = 0               # ms epoch the current question opened
    deadline: int = 0              # ms epoch the current question closes
    locked: bool = False
    version: int = 0               # bumped by every committed transition
    ended: int = 0                 # ms epoch the game finished
    next_at: int = 0               # ms epoch a reveal or the lobby moves on by itself; 0 never
    resume_phase: str = ""         # paused: the phase to go back to
    remaining: int = 0             # paused: ms its timer had left
    paused_at: int = 0             # paused: ms epoch of the pause
    manual: bool = False           # the host took back control: no more auto-advance
    revote: bool = False           # the open question is in its second vote

    def replace(self, **changes) -> "RoomState":
        data = asdict(self)
        data.update(changes)
        return RoomState(**data)


def apply_settings(quiz: Quiz, settings: Settings) -> Quiz:
    """Fold the host's overrides into the quiz once, at room creation."""
    if (settings.time_limit is None and settings.points is None
            and not settings.show_images_on_devices):
        return quiz
    questions = []
    for q in quiz.questions:
        changes = asdict(q)
        if settings.time_limit is not None:
            changes["time_limit"] = settings.time_limit
        if settings.points is not None and q.scored:
            changes["points"] = settings.points
        changes["choices"] = q.choices
        changes["answer"] = q.answer
        changes["options"] = q.options
        changes["image_on_devices"] = settings.show_images_on_devices
        questions.append(Question(**changes))
    return Quiz(quiz.id, quiz.title, quiz.description, tuple(questions))


def deal(quiz: Quiz, rng) -> Quiz:
    """Fix what each type draws once per room (the order items are sent in), at creation."""
    questions = []
    for q in quiz.questions:
        dealt = types.kind(q).deal(q, rng)
        if dealt:
            data = {**asdict(q), "choices": q.choices, "answer": q.answer,
                    "options": {**q.options, **dealt}}
            q = Question(**data)
        questions.append(q)
    return Quiz(quiz.id, quiz.title, quiz.description, tuple(questions))


__all__ = ["Question", "Quiz", "Settings", "RoomState", "QUESTION_TYPES", "POINTS",
           "apply_settings", "deal"]
