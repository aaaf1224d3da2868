"""Nickname cleaning: what is shown, and the key that must be unique in a room."""
from __future__ import annotations

import unicodedata

from .errors import GameError

MAX_LEN = 20
MAX_COMBINING = 2  # per base character; more is "glitch text"
# bidi overrides/isolates and zero-width characters are format (Cf) characters
STRIPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_nickname(raw) -> str:
    if not isinstance(raw, str):
        raise GameError("bad_nickname", "nickname must be a string")
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in STRIPPED_CATEGORIES)
    text = " ".join(text.split())
    run = 0
    for ch in text:
        run = run + 1 if unicodedata.combining(ch) else 0
        if run > MAX_COMBINING:
            raise GameError("bad_nickname", "nickname has too many combining marks")
    if not text:
        raise GameError("bad_nickname", "nickname must have 1 to 20 visible characters")
    if len(text) > MAX_LEN:
        raise GameError("bad_nickname", f"nickname longer than {MAX_LEN} characters")
    return text


_filter = None


def is_offensive(nickname: str) -> bool:
    """Profanity check from a maintained word list (glin-profanity), whole words only.

    Whole-word matching lets "Scunthorpe", "Cockburn" or "bass player" through,
    at the price of missing words run together ("xXshitXx"); a host can kick
    and ban those, or turn the filter off for a room of grown-ups.
    """
    global _filter
    if _filter is None:
        from glin_profanity import Filter
        _filter = Filter({"languages": ["english"], "detect_leetspeak": True,
                          "normalize_unicode": True})
    return bool(_filter.is_profane(nickname))


def nickname_key(nickname: str) -> str:
    """Two nicknames clash when they differ only in case or spacing."""
    return nickname.casefold()
