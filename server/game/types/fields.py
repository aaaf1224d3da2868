"""Checks a pack declaration is made of: each appends "path: problem" to ``errors``."""
from __future__ import annotations

import math
import re

MAX_CHOICE = 120
MAX_CHOICES = 6
IMAGE_RE = re.compile(r"^[0-9a-f]{64}$")  # the SHA-256 an uploaded image is stored under


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


def image(errors, path, value, required=True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not IMAGE_RE.match(value):
        errors.append(f"{path}: must be the hash of an uploaded image (64 hex digits)")
        return ""
    return value


def image_choice(errors, path, value) -> dict:
    """A picture as a choice: {"image": hash, "alt": text a screen reader says}."""
    for key in sorted(set(value) - {"image", "alt"}):
        errors.append(f"{path}.{key}: unknown field")
    return {"image": image(errors, f"{path}.image", value.get("image")),
            "alt": text(errors, f"{path}.alt", value.get("alt"), MAX_CHOICE)}


def choice_label(choice) -> str:
    """A choice as words: its text, or an image choice's alt text."""
    return choice["alt"] if isinstance(choice, dict) else choice


def choice_list(errors, path, choices, minimum=2, images=False) -> tuple:
    if not isinstance(choices, list):
        errors.append(f"{path}: must be a list of {minimum}..{MAX_CHOICES} strings")
        return ()
    if not minimum <= len(choices) <= MAX_CHOICES:
        errors.append(f"{path}: needs {minimum}..{MAX_CHOICES} choices, got {len(choices)}")
    out = [image_choice(errors, f"{path}[{i}]", c) if images and isinstance(c, dict)
           else text(errors, f"{path}[{i}]", c, MAX_CHOICE) for i, c in enumerate(choices)]
    seen = {c["image"] if isinstance(c, dict) else c.casefold() for c in out}
    if len(seen) != len(out):
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
