"""Text a player typed, made fit to be shown to the whole room.

The same care as nicknames: no invisible or direction-changing characters, no
towers of combining marks, no runs of whitespace, and profanity masked with
``*`` unless the host turned the room's filter off.
"""
from __future__ import annotations

import re
import unicodedata

from .nickname import is_offensive

MAX_COMBINING = 2  # per base character; more is "glitch text"
# bidi overrides/isolates and zero-width characters are format (Cf) characters
STRIPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_WORD = re.compile(r"[^\W_]+")


def _mask(text: str) -> str:
    if not is_offensive(text):
        return text
    masked = _WORD.sub(lambda m: "*" * len(m.group()) if is_offensive(m.group())
                       else m.group(), text)
    # offensive only as a phrase: mask every word of it
    return masked if masked != text else _WORD.sub(lambda m: "*" * len(m.group()), text)


def clean_shown(value: str, *, max_length: int, mask_profanity: bool) -> str:
    """``value`` as the room may see it; "" when nothing visible is left."""
    text = unicodedata.normalize("NFKC", value)
    kept, run = [], 0
    for ch in text:
        if unicodedata.category(ch) in STRIPPED_CATEGORIES:
            continue
        run = run + 1 if unicodedata.combining(ch) else 0
        if run <= MAX_COMBINING:
            kept.append(ch)
    text = " ".join("".join(kept).split())[:max_length].rstrip()
    if text and mask_profanity:
        text = _mask(text)
    return text
