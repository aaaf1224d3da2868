"""Quiz pack validation: every problem reported at once, each with its path."""
from __future__ import annotations

import re

from . import types
from .model import (DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT, MIN_TIME_LIMIT, POINTS,
                    QUESTION_TYPES, Question, Quiz, Settings)
from .modes import options as mode_options
from .types import fields

MAX_QUESTIONS = 200
MAX_TEXT = 300
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
QUESTION_KEYS = {"type", "text", "choices", "answer", "time_limit", "points",
                 "explanation", "partial", "image", "image_alt", "tags"}
PACK_KEYS = {"id", "title", "description", "questions"}
SETTINGS_KEYS = {"max_players", "streak_bonus", "time_limit", "points", "profanity_filter",
                 "show_typed_answers", "show_images_on_devices"} | mode_options.KEYS
MAX_TAGS, MAX_TAG = 10, 40
_is_int, _text = fields.is_int, fields.text


class PackError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _question(errors, path, q) -> Question | None:
    if not isinstance(q, dict):
        errors.append(f"{path}: must be an object")
        return None
    qtype = q.get("type")
    kind = types.REGISTRY.get(qtype) if isinstance(qtype, str) else None
    if kind is None:
        errors.append(f"{path}.type: must be one of {', '.join(QUESTION_TYPES)}")
        return None
    for key in sorted(set(q) - QUESTION_KEYS - kind.keys):
        errors.append(f"{path}.{key}: unknown field")
    text = _text(errors, f"{path}.text", q.get("text"), MAX_TEXT)
    choices, answer, options = kind.declare(errors, path, q)
    time_limit = q.get("time_limit", DEFAULT_TIME_LIMIT)
    if not _is_int(time_limit) or not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        errors.append(f"{path}.time_limit: must be an integer from {MIN_TIME_LIMIT} to "
                      f"{MAX_TIME_LIMIT} seconds")
    points = q.get("points", "standard" if kind.scored else "none")
    if points not in POINTS:
        errors.append(f"{path}.points: must be one of {', '.join(POINTS)}")
    elif not kind.scored and points != "none":
        errors.append(f'{path}.points: {kind.label} score nothing; use "none"')
    partial = fields.flag(errors, f"{path}.partial", q.get("partial", False))
    if partial and not kind.partial_credit:
        errors.append(f"{path}.partial: only "
                      f"{' and '.join(n for n, k in types.REGISTRY.items() if k.partial_credit)}"
                      f" questions can give partial credit")
    explanation = _text(errors, f"{path}.explanation", q.get("explanation"), 500,
                        required=False)
    image = fields.image(errors, f"{path}.image", q.get("image"), required=False)
    image_alt = _text(errors, f"{path}.image_alt", q.get("image_alt"), fields.MAX_CHOICE,
                      required=False)
    tags = _tags(errors, f"{path}.tags", q.get("tags", []))
    return Question(qtype, text, choices, answer, time_limit if _is_int(time_limit) else 0,
                    points if points in POINTS else "standard", explanation, partial is True,
                    options, image, image_alt, tags=tags)


def _tags(errors, path, tags) -> tuple[str, ...]:
    """Optional labels a room can pick questions by (``settings.tags``)."""
    if not isinstance(tags, list) or len(tags) > MAX_TAGS:
        errors.append(f"{path}: must be a list of at most {MAX_TAGS} strings")
        return ()
    out = []
    for i, tag in enumerate(tags):
        if not isinstance(tag, str) or not tag.strip() or len(tag.strip()) > MAX_TAG:
            errors.append(f"{path}[{i}]: must be a tag of 1 to {MAX_TAG} characters")
        else:
            out.append(tag.strip())
    return tuple(out)


def parse_quiz(data) -> Quiz:
    """Return a Quiz or raise PackError listing every problem with its path."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise PackError(["quiz: must be a JSON object"])
    for key in sorted(set(data) - PACK_KEYS):
        errors.append(f"{key}: unknown field")
    quiz_id = data.get("id", "inline")
    if not isinstance(quiz_id, str) or not ID_RE.match(quiz_id):
        errors.append("id: must be 1..64 lowercase letters, digits, '-' or '_'")
    title = _text(errors, "title", data.get("title"), 120)
    description = _text(errors, "description", data.get("description"), 500, required=False)
    questions = data.get("questions")
    parsed: list[Question] = []
    if not isinstance(questions, list) or not questions:
        errors.append("questions: must be a non-empty list")
    elif len(questions) > MAX_QUESTIONS:
        errors.append(f"questions: at most {MAX_QUESTIONS} questions, got {len(questions)}")
    else:
        for i, q in enumerate(questions):
            question = _question(errors, f"questions[{i}]", q)
            if question is not None:
                parsed.append(question)
    if errors:
        raise PackError(errors)
    return Quiz(quiz_id, title, description, tuple(parsed))


def parse_settings(data, server_max_players: int, now: int = 0) -> Settings:
    """Validate the host's room options; unknown keys are errors, not silently dropped."""
    if data is None:  # every default, as parsed: some differ from the dataclass's (lead_in)
        data = {}
    if not isinstance(data, dict):
        raise PackError(["settings: must be an object"])
    errors: list[str] = []
    for key in sorted(set(data) - SETTINGS_KEYS):
        errors.append(f"settings.{key}: unknown field")
    max_players = data.get("max_players", min(1000, server_max_players))
    if not _is_int(max_players) or not 1 <= max_players <= server_max_players:
        errors.append(f"settings.max_players: must be an integer from 1 to {server_max_players}")
    streak = data.get("streak_bonus", True)
    if not isinstance(streak, bool):
        errors.append("settings.streak_bonus: must be true or false")
    time_limit = data.get("time_limit")
    if time_limit is not None and (not _is_int(time_limit)
                                   or not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT):
        errors.append(f"settings.time_limit: must be an integer from {MIN_TIME_LIMIT} to "
                      f"{MAX_TIME_LIMIT} seconds")
    points = data.get("points")
    if points is not None and points not in POINTS:
        errors.append(f"settings.points: must be one of {', '.join(POINTS)}")
    profanity = data.get("profanity_filter", True)
    if not isinstance(profanity, bool):
        errors.append("settings.profanity_filter: must be true or false")
    typed = fields.flag(errors, "settings.show_typed_answers", data.get("show_typed_answers", True))
    images = fields.flag(errors, "settings.show_images_on_devices",
                         data.get("show_images_on_devices", False))
    modes = mode_options.parse(data, errors, now,
                               max_players if _is_int(max_players) else server_max_players)
    if errors:
        raise PackError(errors)
    return Settings(max_players, streak, time_limit, points, profanity, typed, images,
                    **modes)


def quiz_from_json(data: dict) -> Quiz:
    """Load a quiz that was validated before it was stored (no re-checking)."""
    questions = []
    for q in data["questions"]:
        answer = q["answer"]
        if isinstance(answer, list):
            answer = tuple(answer)
        questions.append(Question(q["type"], q["text"], tuple(q["choices"]), answer,
                                  q["time_limit"], q["points"], q.get("explanation", ""),
                                  q.get("partial", False), q.get("options", {}),
                                  q.get("image", ""), q.get("image_alt", ""),
                                  q.get("image_on_devices", False),
                                  tuple(q.get("tags", ()))))
    return Quiz(data["id"], data["title"], data.get("description", ""), tuple(questions))
