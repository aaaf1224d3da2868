"""A slide to read: no answers, no points; it moves on when the host (or its timer) does."""
from __future__ import annotations

from . import fields
from .base import QuestionType, refuse


class Info(QuestionType):
    name = "info"
    label = "info slides"
    scored = False
    takes_answers = False

    def declare(self, errors, path, q):
        choices = fields.no_choices(errors, path, q, "info slides")
        return choices, fields.no_answer(errors, path, q, "info slides"), {}

    def public(self, question):
        return {"choices": []}

    def clean(self, question, value):
        refuse("info slides take no answer")
