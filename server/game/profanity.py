"""Profanity in text players type: one filter for nicknames (refused) and for
text shown to the room (masked), so both give the same verdict on a word."""
from __future__ import annotations

import re

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


def is_offensive(text: str) -> bool:
    """Profanity check from a maintained word list (glin-profanity), whole words only.

    Whole-word matching lets "Scunthorpe", "Cockburn" or "bass player" through,
    at the price of missing words run together ("xXshitXx"); a host can kick
    and ban those, or turn the filter off for a room of grown-ups. Leetspeak is
    read only in words that mix letters and digits ("sh1t", "a55"): read in
    plain numbers it turned "Player 85" or "Team 455" into swear words.
    """
    if _filter(False, text).is_profane(text):
        return True
    mixed = [w for w in _WORD.findall(text)
             if any(c.isdigit() for c in w) and any(c.isalpha() for c in w)]
    return any(_filter(True, w).is_profane(w) for w in mixed)


def mask(text: str) -> str:
    """Each offensive word replaced by as many `*`: the same whole-word verdicts as
    is_offensive, so a word refused in a nickname is masked in a shown answer."""
    if not is_offensive(text):
        return text
    return _WORD.sub(lambda m: "*" * len(m.group()) if is_offensive(m.group()) else m.group(),
                     text)
