"""Flashcards of a game's questions: an Anki deck (.apkg, written by genanki) and CSV.

Front: the question and its choices. Back: the right answer and the explanation.
Ids are derived from the game's identity, so importing the deck again (after another
practice run, or "all" after "missed") updates the same notes instead of adding copies.
The deck carries the question's picture and the choices' ones, as <hash>.webp files.
"""
from __future__ import annotations

import csv
import hashlib
import html
import io
import itertools
import json
import os
import sqlite3
import tempfile
import time
import zipfile

import genanki

from ..game import types
from ..game.errors import GameError
from ..game.model import MEDIA_PATH
from .offloop import off_the_loop
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
# pictures a deck carries at most, in bytes: the whole file is built in memory, and a
# game of 200 questions with six pictured choices each could name a gigabyte
MAX_MEDIA_BYTES = 64 * 1024 * 1024


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


def _img(digest: str, alt: str) -> str:
    return f'<img src="{digest}.webp" alt="{html.escape(alt)}">'


def _pictures(question) -> list[tuple[int | None, str]]:
    """(choice index, or None for the question's own, hash) of each picture shown."""
    found = [(None, question.image)] if question.image else []
    for i, choice in enumerate(question.public()["choices"]):
        if isinstance(choice, dict) and str(choice.get("image", "")).startswith(MEDIA_PATH):
            found.append((i, choice["image"][len(MEDIA_PATH):]))
    return found


def _front(question, kept) -> str:
    """The card's front as HTML: ``card``'s text, with each picture ``kept`` holds."""
    pictures = {where: d for where, d in _pictures(question) if f"{d}.webp" in kept}
    lines = [_html(question.text)]
    if None in pictures:
        lines.append(_img(pictures[None], question.image_alt))
    for i, label in enumerate(_choices(question)):
        lines.append(f"{chr(65 + i)}. {_html(label)}")
        if i in pictures:
            lines.append(_img(pictures[i], label))
    return "<br>".join(lines)


def _fetch(played: Played, indexes: list[int], media) -> dict[str, bytes]:
    """file name -> bytes of every picture the cards show, in the order they first
    appear, up to MAX_MEDIA_BYTES; a picture no longer stored is left out."""
    kept: dict[str, bytes] = {}
    total = 0
    for index in indexes if media is not None else ():
        for _where, digest in _pictures(played.quiz.questions[index]):
            if f"{digest}.webp" in kept:
                continue
            try:
                data, _type = media.get(digest)
            except GameError:
                continue
            if total + len(data) > MAX_MEDIA_BYTES:
                return kept
            kept[f"{digest}.webp"] = data
            total += len(data)
    return kept


def anki_deck(played: Played, which: str, media=None) -> bytes:
    """The .apkg file; ``media`` (a MediaService) gives the pictures, read here on the
    loop, as Redis is."""
    indexes = chosen(played, which)
    pictures = _fetch(played, indexes, media)
    deck = genanki.Deck(_number("deck", played.key), deck_name(played))
    for index in indexes:
        question = played.quiz.questions[index]
        _front_text, back, explanation = card(question)
        deck.add_note(genanki.Note(
            model=MODEL, fields=[_front(question, pictures), _html(back), _html(explanation)],
            guid=genanki.guid_for(played.key, index), tags=["quizroom"]))
    return off_the_loop(_package, deck, pictures, played.ended_ms / 1000)


def _package(deck, pictures: dict[str, bytes], when: float) -> bytes:
    """The .apkg as genanki's ``write_to_file`` lays it out (collection.anki2, the
    ``media`` index, the files named 0, 1, ...), written here because that one leaves
    its collection file in the temporary folder on every download. The game's end is
    the notes' timestamp: the same game gives the same file."""
    with tempfile.TemporaryDirectory(prefix="quizroom-deck-") as folder:
        path = os.path.join(folder, "collection.anki2")
        db = sqlite3.connect(path)
        try:
            genanki.Package(deck).write_to_db(db.cursor(), when,
                                              itertools.count(int(when * 1000)))
            db.commit()
        finally:
            db.close()
        with open(path, "rb") as file:
            collection = file.read()
    names = list(pictures)
    members = [("collection.anki2", collection, zipfile.ZIP_DEFLATED),
               ("media", json.dumps({str(i): n for i, n in enumerate(names)}).encode(),
                zipfile.ZIP_DEFLATED)]
    # WebP is compressed already: stored, not deflated again
    members += [(str(i), pictures[n], zipfile.ZIP_STORED) for i, n in enumerate(names)]
    return _stamped(members, when)


def _stamped(members, when: float) -> bytes:
    """A zip of (name, bytes, compression) with every member dated ``when``: dated by
    the clock, two downloads of one deck would differ."""
    stamp = time.gmtime(max(when, 315_532_800))[:6]  # a zip cannot date before 1980
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data, compression in members:
            target.writestr(zipfile.ZipInfo(name, date_time=stamp), data,
                            compress_type=compression)
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
