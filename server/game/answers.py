"""Checking what a player sent against a question, and grading it."""
from __future__ import annotations

import unicodedata

from .errors import GameError
from .model import Question

MAX_TEXT_ANSWER = 100


def normalize_text(value: str) -> str:
    """Case- and space-insensitive form: 'Jinja 2' and ' jinja2' match."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return "".join(value.split())


def _choice_index(value, question: Question) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise GameError("bad_answer", "answer must be a choice index (integer)")
    if not 0 <= value < len(question.choices):
        raise GameError("bad_answer",
                        f"choice {value} out of range for {len(question.choices)} choices")
    return value


def clean_answer(question: Question, value):
    """Return the answer in stored form, or raise bad_answer saying what is wrong."""
    if question.type in ("single", "truefalse", "poll"):
        return _choice_index(value, question)
    if question.type == "multi":
        if not isinstance(value, list) or not value:
            raise GameError("bad_answer", "answer must be a non-empty list of choice indexes")
        picked = sorted({_choice_index(v, question) for v in value})
        if len(picked) != len(value):
            raise GameError("bad_answer", "answer repeats a choice")
        return picked
    if not isinstance(value, str) or not value.strip():
        raise GameError("bad_answer", "answer must be a non-empty string")
    if len(value) > MAX_TEXT_ANSWER:
        raise GameError("bad_answer", f"answer longer than {MAX_TEXT_ANSWER} characters")
    return value.strip()


def grade(question: Question, answer) -> float | None:
    """Fraction of full credit in [0, 1]; None for a poll (nothing to be right about)."""
    if question.type == "poll":
        return None
    if answer is None:
        return 0.0
    if question.type in ("single", "truefalse"):
        return 1.0 if answer == question.answer else 0.0
    if question.type == "multi":
        correct, picked = set(question.answer), set(answer)
        if picked == correct:
            return 1.0
        if not question.partial:
            return 0.0
        # each right pick earns a share, each wrong pick cancels one: guessing everything earns 0
        return max(0.0, (len(picked & correct) - len(picked - correct)) / len(correct))
    accepted = {normalize_text(a) for a in question.answer}
    return 1.0 if normalize_text(answer) in accepted else 0.0


def distribution(question: Question, answers) -> list:
    """How the room answered: counts per choice, or the most common typed answers."""
    if question.type == "text":
        counts: dict[str, list] = {}
        for a in answers:
            key = normalize_text(a)
            counts.setdefault(key, [a, 0])[1] += 1
        top = sorted(counts.values(), key=lambda item: (-item[1], item[0]))[:8]
        return [{"answer": text, "count": n} for text, n in top]
    counts_by_choice = [0] * len(question.choices)
    for a in answers:
        for index in (a if isinstance(a, list) else [a]):
            if 0 <= index < len(counts_by_choice):
                counts_by_choice[index] += 1
    return counts_by_choice
