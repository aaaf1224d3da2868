"""Typed answers, matched against the pack's accepted strings."""
from __future__ import annotations

import unicodedata
from collections import Counter

from rapidfuzz.distance import OSA

from ..shown_text import clean_shown
from . import fields
from .base import QuestionType, refuse

MAX_TEXT_ANSWER = 100
MAX_ACCEPTED = 10
FUZZY_FROM = 5   # accepted answers this long (normalised) forgive one typo
TOP = 8


def normalize_text(value: str) -> str:
    """Case- and space-insensitive form: 'Jinja 2' and ' jinja2' match."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return "".join(value.split())


class Text(QuestionType):
    name = "text"
    keys = frozenset({"fuzzy"})

    def declare(self, errors, path, q):
        choices = fields.no_choices(errors, path, q, "text questions")
        answer = q.get("answer")
        fuzzy = fields.flag(errors, f"{path}.fuzzy", q.get("fuzzy", False))
        if not isinstance(answer, list) or not 1 <= len(answer) <= MAX_ACCEPTED:
            errors.append(f"{path}.answer: must be a list of 1..{MAX_ACCEPTED} accepted strings")
            return choices, (), {}
        accepted = tuple(fields.text(errors, f"{path}.answer[{i}]", a, fields.MAX_CHOICE)
                         for i, a in enumerate(answer))
        return choices, accepted, {"fuzzy": True} if fuzzy else {}

    def clean(self, question, value):
        if not isinstance(value, str) or not value.strip():
            refuse("answer must be a non-empty string")
        if len(value) > MAX_TEXT_ANSWER:
            refuse(f"answer longer than {MAX_TEXT_ANSWER} characters")
        return value.strip()

    def grade(self, question, answer):
        given = normalize_text(answer)
        accepted = [normalize_text(a) for a in question.answer]
        if given in accepted:
            return 1.0
        if question.options.get("fuzzy"):
            for a in accepted:
                # optimal string alignment: two neighbours swapped, the commonest typo
                # there is, counts as one edit, as a letter added, dropped or changed does
                if len(a) >= FUZZY_FROM and OSA.distance(given, a, score_cutoff=1) <= 1:
                    return 1.0
        return 0.0

    def reveal(self, question):
        return list(question.answer)

    def right_answer(self, question):
        return " or ".join(question.answer)

    def distribution(self, question, answers, shown):
        """The most common answers, each as the room may see it, and whether it scored:
        a fuzzy match the server accepted must not look wrong on the chart."""
        if not shown.typed:
            return []
        groups: dict[str, list] = {}   # normalised -> [shown form, count]
        for raw, n in Counter(answers).items():  # clean each distinct answer once
            visible = clean_shown(raw, max_length=MAX_TEXT_ANSWER, mask_profanity=False)
            if visible:
                groups.setdefault(normalize_text(visible), [visible, 0])[1] += n
        top = sorted(groups.values(), key=lambda item: (-item[1], item[0]))
        merged: dict[str, list] = {}   # masked -> [count, correct]
        for visible, n in top:
            if len(merged) >= TOP:  # masking is the costly part: only for what is shown
                break
            masked = clean_shown(visible, max_length=MAX_TEXT_ANSWER,
                                 mask_profanity=shown.mask_profanity)
            entry = merged.setdefault(masked, [0, False])
            entry[0] += n
            entry[1] = entry[1] or self.grade(question, visible) == 1.0
        ranked = sorted(merged.items(), key=lambda item: (-item[1][0], item[0]))[:TOP]
        return [{"answer": text, "count": n, "correct": right} for text, (n, right) in ranked]

    def spread(self, question, answers, shown):
        return [{"answer": e["answer"], "count": e["count"]}
                for e in self.distribution(question, answers, shown)]
