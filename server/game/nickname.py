"""Nickname cleaning: what is shown, and the key that must be unique in a room."""
from __future__ import annotations

from .errors import GameError
from . import profanity, skeleton as confusables
from .profanity import is_offensive  # noqa: F401  (the join checks it here)
from .shown_text import has_too_many_marks, has_visible, strip_hidden

MAX_LEN = 20


def warm_up() -> None:
    """Word lists and the confusables table, loaded before the first join."""
    profanity.warm_up()
    confusables.table()


def clean_nickname(raw) -> str:
    if not isinstance(raw, str):
        raise GameError("bad_nickname", "nickname must be a string")
    text = strip_hidden(raw)
    if has_too_many_marks(text):
        raise GameError("bad_nickname", "nickname has too many combining marks")
    if not has_visible(text):
        raise GameError("bad_nickname", "nickname must have 1 to 20 visible characters")
    if len(text) > MAX_LEN:
        raise GameError("bad_nickname", f"nickname longer than {MAX_LEN} characters")
    return text


def nickname_key(nickname: str) -> str:
    """Two nicknames clash when they look alike: the same confusable skeleton
    (Unicode TS #39) of the case-folded name, so "Аlicе" (Cyrillic А and е) and
    "ALICE" both clash with "Alice".

    The table is case-sensitive and takes a capital I for an l ("AIice"), which
    folding first would miss; so i and l count as one letter in the key, at the
    price of "Ali" and "All" not both joining one room.
    """
    return confusables.skeleton(nickname.casefold()).replace("i", "l")
