"""Flashcards of a game's questions: an Anki deck (.apkg, written by genanki) and CSV.

Front: the question and its choices. Back: the right answer and the explanation.
Ids are derived from the game's identity, so importing the deck again (after another
practice run, or "all" after "missed") updates the same notes instead of adding copies.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import time
import zipfile

import genanki

from ..game import types
from .review import Played, chosen

# Anki keeps a note type by id: one fixed id for every QuizRoom deck, so they share it
MODEL_ID = 1_607_392_319
MODEL = genanki.Model(
    MODEL_ID, "QuizRoom question",
    fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Explanation"}],
    templates=[{
        "name": "Card 1",
        "qfmt": "{{Question}}",
        "afmt": "{{FrontSide}}<hr id=answer>{{Answer}}"
                "{{#Explanation}}<p><i>{{Explanation}}</i></p>{{/Explanation}}"}],
    css=".card{font-family:sans-serif;font-size:20px;text-align:left}")

# cells a spreadsheet would run as a formula; quiz text may come from anyone
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(*parts: str) -> int:
    """A stable id in the range Anki's own ids use (2**30 to 2**31)."""
    digest = hashlib.sha256("|".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def _choices(question) -> list[str]:
    public = question.public()["choices"]
    labels = [c["alt"] if isinstance(c, dict) else str(c) for c in public]
    return labels


def card(question) -> tuple[str, str, str]:
    """(question with its choices, right answer, explanation) as plain text."""
    kind = types.kind(question)
    front = question.text
    labels = _choices(question)
    if labels:
        front += "\n" + "\n".join(f"{chr(65 + i)}. {label}" for i, label in enumerate(labels))
    return front, kind.right_answer(question), question.explanation


def _html(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def deck_name(played: Played) -> str:
    return f"QuizRoom::{played.title}".replace('"', "'")


def anki_deck(played: Played, which: str) -> bytes:
    deck = genanki.Deck(_number("deck", played.key), deck_name(played))
    for index in chosen(played, which):
        front, back, explanation = card(played.quiz.questions[index])
        deck.add_note(genanki.Note(
            model=MODEL, fields=[_html(front), _html(back), _html(explanation)],
            guid=genanki.guid_for(played.key, index), tags=["quizroom"]))
    out = io.BytesIO()
    # the game's end as the timestamp: the same game gives the same file
    genanki.Package(deck).write_to_file(out, timestamp=played.ended_ms / 1000)
    return _stamped(out.getvalue(), played.ended_ms / 1000)


def _stamped(package: bytes, when: float) -> bytes:
    """The zip again with every member dated ``when``: genanki dates them by the clock
    (and its temporary file), so two downloads of one deck would differ."""
    stamp = time.gmtime(max(when, 315_532_800))[:6]  # a zip cannot date before 1980
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename, date_time=stamp),
                            source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def cards_csv(played: Played, which: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["front", "back"])
    for index in chosen(played, which):
        front, back, explanation = card(played.quiz.questions[index])
        writer.writerow([_cell(front), _cell(back + (f"\n{explanation}" if explanation else ""))])
    return out.getvalue()
