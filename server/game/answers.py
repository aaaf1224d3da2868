"""Checking what a player sent against a question, and grading it: each type's own rules."""
from __future__ import annotations

from . import types
from .model import Question
from .types import Shown, grade, normalize_text


def clean_answer(question: Question, value):
    """Return the answer in stored form, or raise bad_answer saying what is wrong."""
    return types.kind(question).clean(question, value)


def distribution(question: Question, answers, shown: Shown = Shown()):
    """How the room answered, in the shape the projector draws for the type."""
    return types.kind(question).distribution(question, list(answers), shown)


def spread(question: Question, answers, shown: Shown = Shown()):
    """How the room voted, with nothing that tells which answer is right."""
    return types.kind(question).spread(question, list(answers), shown)


__all__ = ["Shown", "clean_answer", "distribution", "grade", "spread",
           "normalize_text"]
