"""Question types, one module each, registered by name.

Each type says how a pack declares it, what players see while it is open, how
an answer is cleaned and graded, the reveal and the distribution. The rest of
the rules ask the registry and know no type by name.
"""
from __future__ import annotations

from .base import QuestionType, Shown
from .choice import Multi, Poll, Single, TrueFalse
from .info import Info
from .order import Order
from .slider import Slider
from .text import Text, normalize_text
from .wordcloud import WordCloud

REGISTRY: dict[str, QuestionType] = {}


def register(kind: QuestionType) -> QuestionType:
    REGISTRY[kind.name] = kind
    return kind


for _kind in (Single(), Multi(), TrueFalse(), Text(), Poll(), Slider(), Order(), WordCloud(),
              Info()):
    register(_kind)

NAMES = tuple(REGISTRY)


def kind(question) -> QuestionType:
    return REGISTRY[question.type]


def grade(question, answer) -> float | None:
    """Fraction of full credit in [0, 1]; None when there is nothing to be right about."""
    k = REGISTRY[question.type]
    if not k.scored:
        return None
    return 0.0 if answer is None else k.grade(question, answer)


__all__ = ["REGISTRY", "NAMES", "QuestionType", "Shown", "grade", "kind", "normalize_text",
           "register"]
