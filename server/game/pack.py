"""Quiz pack validation: every problem reported at once, each with its path."""
from __future__ import annotations

import re

from .model import (DEFAULT_TIME_LIMIT, MAX_TIME_LIMIT, MIN_TIME_LIMIT, POINTS,
                    QUESTION_TYPES, Question, Quiz, Settings)

MAX_QUESTIONS = 200
MAX_TEXT = 300
MAX_CHOICE = 120
MAX_CHOICES = 6
MAX_ACCEPTED = 10
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
QUESTION_KEYS = {"type", "text", "choices", "answer", "time_limit", "points",
                 "explanation", "partial"}
PACK_KEYS = {"id", "title", "description", "questions"}


class PackError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(errors, path, value, limit, required=True):
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        errors.append(f"{path}: must be a string")
        return ""
    if required and not value.strip():
        errors.append(f"{path}: must not be empty")
    elif len(value) > limit:
        errors.append(f"{path}: longer than {limit} characters")
    return value.strip()


def _choices(errors, path, q, qtype):
    choices = q.get("choices")
    if qtype == "truefalse":
        if choices not in (None, ["True", "False"]):
            errors.append(f'{path}.choices: must be ["True", "False"] for truefalse')
        return ("True", "False")
    if qtype == "text":
        if choices not in (None, []):
            errors.append(f"{path}.choices: must be empty for text questions")
        return ()
    if not isinstance(choices, list):
        errors.append(f"{path}.choices: must be a list of 2..{MAX_CHOICES} strings")
        return ()
    if not 2 <= len(choices) <= MAX_CHOICES:
        errors.append(f"{path}.choices: needs 2..{MAX_CHOICES} choices, got {len(choices)}")
    out = [_text(errors, f"{path}.choices[{i}]", c, MAX_CHOICE) for i, c in enumerate(choices)]
    if len({c.casefold() for c in out}) != len(out):
        errors.append(f"{path}.choices: duplicate choices")
    return tuple(out)


def _index(errors, path, value, n):
    if not _is_int(value):
        errors.append(f"{path}: must be a choice index (integer)")
    elif not 0 <= value < n:
        errors.append(f"{path}: index {value} out of range for {n} choices")


def _answer(errors, path, q, qtype, n):
    answer = q.get("answer")
    if qtype in ("single", "truefalse"):
        _index(errors, path, answer, n)
        return answer
    if qtype == "multi":
        if not isinstance(answer, list) or not answer:
            errors.append(f"{path}: must be a non-empty list of choice indexes")
            return ()
        for i, a in enumerate(answer):
            _index(errors, f"{path}[{i}]", a, n)
        if len(set(map(repr, answer))) != len(answer):
            errors.append(f"{path}: repeats an index")
        return tuple(sorted(a for a in answer if _is_int(a)))
    if qtype == "text":
        if not isinstance(answer, list) or not 1 <= len(answer) <= MAX_ACCEPTED:
            errors.append(f"{path}: must be a list of 1..{MAX_ACCEPTED} accepted strings")
            return ()
        return tuple(_text(errors, f"{path}[{i}]", a, MAX_CHOICE) for i, a in enumerate(answer))
    if answer is not None:  # poll
        errors.append(f"{path}: polls have no answer; use null")
    return None


def _question(errors, path, q) -> Question | None:
    if not isinstance(q, dict):
        errors.append(f"{path}: must be an object")
        return None
    for key in sorted(set(q) - QUESTION_KEYS):
        errors.append(f"{path}.{key}: unknown field")
    qtype = q.get("type")
    if qtype not in QUESTION_TYPES:
        errors.append(f"{path}.type: must be one of {', '.join(QUESTION_TYPES)}")
        return None
    text = _text(errors, f"{path}.text", q.get("text"), MAX_TEXT)
    choices = _choices(errors, path, q, qtype)
    answer = _answer(errors, f"{path}.answer", q, qtype, len(choices))
    time_limit = q.get("time_limit", DEFAULT_TIME_LIMIT)
    if not _is_int(time_limit) or not MIN_TIME_LIMIT <= time_limit <= MAX_TIME_LIMIT:
        errors.append(f"{path}.time_limit: must be an integer from {MIN_TIME_LIMIT} to "
                      f"{MAX_TIME_LIMIT} seconds")
    points = q.get("points", "none" if qtype == "poll" else "standard")
    if points not in POINTS:
        errors.append(f"{path}.points: must be one of {', '.join(POINTS)}")
    elif qtype == "poll" and points != "none":
        errors.append(f'{path}.points: polls score nothing; use "none"')
    partial = q.get("partial", False)
    if not isinstance(partial, bool):
        errors.append(f"{path}.partial: must be true or false")
    elif partial and qtype != "multi":
        errors.append(f"{path}.partial: only multi questions can give partial credit")
    if qtype == "multi" and isinstance(answer, tuple) and choices and len(answer) >= len(choices):
        errors.append(f"{path}.answer: cannot mark every choice correct")
    explanation = _text(errors, f"{path}.explanation", q.get("explanation"), 500,
                        required=False)
    return Question(qtype, text, choices, answer, time_limit if _is_int(time_limit) else 0,
                    points if points in POINTS else "standard", explanation, partial is True)


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


def parse_settings(data, server_max_players: int) -> Settings:
    """Validate the host's room options; unknown keys are errors, not silently dropped."""
    if data is None:
        return Settings(max_players=min(1000, server_max_players))
    if not isinstance(data, dict):
        raise PackError(["settings: must be an object"])
    errors: list[str] = []
    allowed = {"max_players", "streak_bonus", "time_limit", "points", "profanity_filter"}
    for key in sorted(set(data) - allowed):
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
    if errors:
        raise PackError(errors)
    return Settings(max_players, streak, time_limit, points, profanity)


def quiz_from_json(data: dict) -> Quiz:
    """Load a quiz that was validated before it was stored (no re-checking)."""
    questions = []
    for q in data["questions"]:
        answer = q["answer"]
        if isinstance(answer, list):
            answer = tuple(answer)
        questions.append(Question(q["type"], q["text"], tuple(q["choices"]), answer,
                                  q["time_limit"], q["points"], q.get("explanation", ""),
                                  q.get("partial", False)))
    return Quiz(data["id"], data["title"], data.get("description", ""), tuple(questions))
