"""Nickname cleaning: what is shown, and the key that must be unique in a room."""
from __future__ import annotations

import re
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


_filters: dict[tuple[bool, bool], object] = {}
_WORD = re.compile(r"[^\W_]+")


def _filter(leetspeak: bool, text: str):
    # glin-profanity's Unicode folding (homoglyphs, full width, accents, zero width)
    # changes nothing in ASCII text but costs a third of each check, so ASCII text
    # goes to a filter without it; tests hold the two to the same verdicts
    folding = not text.isascii()
    key = (leetspeak, folding)
    if key not in _filters:
        from glin_profanity import Filter
        _filters[key] = Filter({"languages": ["english"], "detect_leetspeak": leetspeak,
                                "normalize_unicode": folding})
    return _filters[key]


def warm_up() -> None:
    """Load the word lists now: the first check otherwise spends a good part of a
    second on imports and regex compilation, in the middle of the first joins."""
    for leetspeak in (False, True):
        for sample in ("a", "\u00e4"):
            _filter(leetspeak, sample)


def is_offensive(nickname: str) -> bool:
    """Profanity check from a maintained word list (glin-profanity), whole words only.

    Whole-word matching lets "Scunthorpe", "Cockburn" or "bass player" through,
    at the price of missing words run together ("xXshitXx"); a host can kick
    and ban those, or turn the filter off for a room of grown-ups. Leetspeak is
    read only in words that mix letters and digits ("sh1t", "a55"): read in
    plain numbers it turned "Player 85" or "Team 455" into swear words.
    """
    if _filter(False, nickname).is_profane(nickname):
        return True
    mixed = [w for w in _WORD.findall(nickname)
             if any(c.isdigit() for c in w) and any(c.isalpha() for c in w)]
    return any(_filter(True, w).is_profane(w) for w in mixed)


def nickname_key(nickname: str) -> str:
    """Two nicknames clash when they differ only in case or spacing."""
    return nickname.casefold()
