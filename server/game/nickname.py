"""Nickname cleaning: what is shown, and the key that must be unique in a room."""
from __future__ import annotations

from .errors import GameError
from .profanity import is_offensive, warm_up  # noqa: F401  (the join checks them here)
from .shown_text import has_too_many_marks, has_visible, strip_hidden

MAX_LEN = 20


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
    """Two nicknames clash when they differ only in case or spacing."""
    return nickname.casefold()
