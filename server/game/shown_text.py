"""Cleaning of typed text that other people will see: nicknames, typed answers,
word-cloud entries.

What is stripped is what can hide, fake or smear text: Unicode's
Default_Ignorable_Code_Point set (zero-width characters, variation selectors,
Hangul fillers, the combining grapheme joiner...), bidi controls and every other
format, control, private-use and unassigned code point. Stacked combining marks
("glitch text") are limited per base character.
"""
from __future__ import annotations

import unicodedata

import regex

from . import profanity

# more than two nonspacing marks on one base is "glitch text"; Thai (vowel + tone)
# and Vietnamese (ặ: a, breve, dot below) need at most two. Marks are counted
# decomposed, so a precomposed ó cannot carry two more unseen
MAX_COMBINING = 2
# the property comes from the Unicode data the `regex` package ships
# (DerivedCoreProperties.txt), which follows Unicode releases
_IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
# format (bidi controls, zero width), control, surrogate, private use, unassigned
_STRIPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
# drawn blank without being whitespace or default-ignorable
_BLANKS = {"\u2800"}  # BRAILLE PATTERN BLANK
# nonspacing and enclosing marks stack; spacing marks (Mc) sit beside their base
_STACKING = {"Mn", "Me"}


def strip_hidden(raw: str) -> str:
    """NFKC, invisible and control characters gone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", raw)
    text = "".join(" " if ch.isspace() or ch in _BLANKS else ch for ch in text)
    text = _IGNORABLE.sub("", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _STRIPPED_CATEGORIES)
    return " ".join(text.split())


def has_too_many_marks(text: str) -> bool:
    return cap_marks(text) != text


def cap_marks(text: str) -> str:
    """Every nonspacing mark counts, whatever its combining class: Thai marks of
    class 0, marks split by a combining grapheme joiner and the accent inside a
    precomposed letter stack all the same. Returns the text composed (NFC)."""
    out, run = [], 0
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.category(ch) in _STACKING:
            run += 1
            if run > MAX_COMBINING:
                continue
        elif unicodedata.category(ch) != "Mc":
            run = 0
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def has_visible(text: str) -> bool:
    """A character that draws something on its own: not a space, not a mark."""
    return any(not ch.isspace() and unicodedata.category(ch)[0] not in "MZC" for ch in text)


def clean_shown(value: str, *, max_length: int, mask_profanity: bool) -> str:
    """Typed text as the room will see it, "" when nothing visible is left."""
    text = cap_marks(strip_hidden(value))
    text = text[:max_length].rstrip()
    if not has_visible(text):
        return ""
    return profanity.mask(text) if mask_profanity else text
