"""Everyone sends up to three words; the projector draws them as a cloud."""
from __future__ import annotations

from collections import Counter

from ..shown_text import clean_shown
from . import fields
from .base import QuestionType, refuse

MAX_WORDS = 3
MAX_LENGTH = 40
MAX_RAW = 200   # longer than this is not a word, whatever cleaning would leave
TOP = 50


def normal_form(value: str) -> str:
    """One entry per word however it was typed: NFKC, casefolded, spaces collapsed."""
    return clean_shown(value.casefold(), max_length=MAX_RAW, mask_profanity=False)


class WordCloud(QuestionType):
    name = "wordcloud"
    label = "word clouds"
    scored = False
    hideable = True
    update_event = "wordcloud:update"

    def declare(self, errors, path, q):
        choices = fields.no_choices(errors, path, q, "word clouds")
        return choices, fields.no_answer(errors, path, q, "word clouds"), {}

    def public(self, question):
        return {"choices": [], "max_words": MAX_WORDS, "max_length": MAX_LENGTH}

    def clean(self, question, value):
        if not isinstance(value, list) or not 1 <= len(value) <= MAX_WORDS:
            refuse(f"answer must be a list of 1 to {MAX_WORDS} words")
        words = []
        for raw in value:
            if not isinstance(raw, str) or len(raw) > MAX_RAW:
                refuse(f"each word must be a string of at most {MAX_LENGTH} characters")
            word = normal_form(raw)
            if not word:
                refuse("each word needs at least one visible character")
            if len(word) > MAX_LENGTH:
                refuse(f"a word is longer than {MAX_LENGTH} characters")
            if word not in words:  # the same word twice counts once
                words.append(word)
        return words

    def distribution(self, question, answers, shown):
        if not shown.typed:
            return []
        counts = Counter(w for a in answers for w in a)
        merged: dict[str, int] = {}
        for word, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            if len(merged) >= TOP:  # masking is the costly part: only for what is shown
                break
            visible = clean_shown(word, max_length=MAX_LENGTH,
                                  mask_profanity=shown.mask_profanity)
            if visible:
                merged[visible] = merged.get(visible, 0) + n
        ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
        return [{"word": word, "count": n} for word, n in ranked]

    def hide(self, distribution, hidden):
        return [entry for entry in distribution if entry["word"] not in hidden]

    def shows_entry(self, distribution, entry):
        return any(item["word"] == entry for item in distribution)

    def export(self, question, answer):
        return "" if answer is None else " | ".join(answer)
