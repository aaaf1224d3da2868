"""Typed text shown to the room: what survives cleaning, what is masked."""
from __future__ import annotations

import pytest

from server.game.shown_text import clean_shown


def shown(value, max_length=40, mask_profanity=True):
    return clean_shown(value, max_length=max_length, mask_profanity=mask_profanity)


@pytest.mark.parametrize("raw, expected", [
    ("  Jinja   2 ", "Jinja 2"),
    ("Ｐｙｔｈｏｎ", "Python"),                    # NFKC: full width folded
    ("Py\u200bthon", "Python"),                  # zero width space
    ("\u202eenohtyP", "enohtyP"),                # bidi override
    ("\u2066Py\u2069thon", "Python"),            # bidi isolates
    ("Python\ufe0f", "Python"),                  # variation selector
    ("Py\u3164thon", "Python"),                  # Hangul filler
    ("Py\u17b4thon", "Python"),                  # Khmer inherent vowel
    ("Py\u034fthon", "Python"),                  # combining grapheme joiner
    ("a\tb\nc\x00d", "a b cd"),                  # tabs and newlines are spaces, NUL goes
    ("caf\u00e9", "café"),
])
def test_hidden_characters_are_stripped_and_spaces_collapsed(raw, expected):
    assert shown(raw) == expected


@pytest.mark.parametrize("raw", ["", "   ", "\u3164", "\u2800", "\u200b\u200d", "\u0301\u0301",
                                 "\u202e\u3164 \u2800"])
def test_nothing_visible_gives_empty(raw):
    assert shown(raw) == ""


def test_stacked_marks_are_capped_whatever_their_class():
    assert shown("x" + "\u0301" * 9) == "x\u0301\u0301"
    # U+034F between pairs used to reset the count
    assert shown("x\u0301\u0301\u034f\u0301\u0301\u034f\u0301\u0301") == "x\u0301\u0301"
    # Thai marks of canonical combining class 0
    assert shown("\u0e01" + "\u0e31" * 8) == "\u0e01\u0e31\u0e31"
    # a tone mark over a vowel mark is ordinary Thai and stays
    assert shown("\u0e01\u0e35\u0e49") == "\u0e01\u0e35\u0e49"


def test_profanity_is_masked_word_by_word_when_asked():
    assert shown("what the fuck") == "what the ****"
    assert shown("sh1t happens") == "**** happens"
    assert shown("what the fuck", mask_profanity=False) == "what the fuck"
    # whole words, as for nicknames
    assert shown("Scunthorpe shitake") == "Scunthorpe shitake"


def test_truncated_to_max_length_before_masking():
    assert shown("Python is great", max_length=9) == "Python is"
    # a cut that leaves a swear word is masked, not shown
    assert shown("shitake", max_length=4) == "****"
    assert len(shown("x" * 100, max_length=40)) == 40


def test_signature_is_keyword_only():
    with pytest.raises(TypeError):
        clean_shown("x", 10, True)  # type: ignore[misc]
