"""Checks a pack declaration is made of: each appends "path: problem" to ``errors``."""
from __future__ import annotations

import math

MAX_CHOICE = 120
MAX_CHOICES = 6


def is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def text(errors, path, value, limit, required=True) -> str:
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


def flag(errors, path, value) -> bool:
    if not isinstance(value, bool):
        errors.append(f"{path}: must be true or false")
        return False
    return value


def choice_list(errors, path, choices, minimum=2) -> tuple[str, ...]:
    if not isinstance(choices, list):
        errors.append(f"{path}: must be a list of {minimum}..{MAX_CHOICES} strings")
        return ()
    if not minimum <= len(choices) <= MAX_CHOICES:
        errors.append(f"{path}: needs {minimum}..{MAX_CHOICES} choices, got {len(choices)}")
    out = [text(errors, f"{path}[{i}]", c, MAX_CHOICE) for i, c in enumerate(choices)]
    if len({c.casefold() for c in out}) != len(out):
        errors.append(f"{path}: duplicate choices")
    return tuple(out)


def no_choices(errors, path, q, kind: str) -> tuple:
    if q.get("choices") not in (None, []):
        errors.append(f"{path}.choices: must be empty for {kind}")
    return ()


def no_answer(errors, path, q, kind: str) -> None:
    if q.get("answer") is not None:
        errors.append(f"{path}.answer: {kind} have no answer; use null or leave it out")
    return None


def index(errors, path, value, n) -> None:
    if not is_int(value):
        errors.append(f"{path}: must be a choice index (integer)")
    elif not 0 <= value < n:
        errors.append(f"{path}: index {value} out of range for {n} choices")
