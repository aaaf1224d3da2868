"""The spreadsheet columns: Kahoot!'s template first, then ours for every other type.

A header cell is matched on its words before any " - " note, so Kahoot!'s
"Answer 1 - max 75 characters" and "Time limit (sec) – 5, 10, 20..." are found.
"""
from __future__ import annotations

import re

QUESTION, CORRECT, TIME, TYPE = "Question", "Correct answer(s)", "Time limit (sec)", "Type"
TAGS = "Question tags"
ANSWERS = tuple(f"Answer {n}" for n in range(1, 7))
KAHOOT = (QUESTION, *ANSWERS[:4], TIME, CORRECT)
OURS = (TYPE, ANSWERS[4], ANSWERS[5], "Points", "Explanation", "Partial", "Accepted answers",
        "Fuzzy", "Min", "Max", "Step", "Unit", "Tolerance", "Margin", "Image", "Image alt", TAGS)
COLUMNS = KAHOOT + OURS
# Kahoot!'s template words its header so, on row 8, above a column A that numbers the
# questions: an export writes the same (the notes after " - " are read past on import)
KAHOOT_HEADER = {QUESTION: "Question - max 120 characters",
                 **{a: f"{a} - max 75 characters" for a in ANSWERS[:4]},
                 TIME: "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
                 CORRECT: "Correct answer(s) - choose at least one"}
HEADER_ROW = 8
# title rows above the header that name the quiz (our export writes them; Kahoot!'s has
# none), a label and then its value
META = ("Title", "Description", "Tags")

# what each column holds, for the template's help sheet and docs/library.md
HELP = {
    QUESTION: "The question (or an info slide's text), up to 300 characters (the header's "
              "120 is Kahoot!'s limit). Required.",
    "Answer 1": "Choices 1 to 6, in order, up to 120 characters each (the header's 75 is "
                "Kahoot!'s limit); for an order question, the items in the right order. A "
                "picture uploaded here: image:<hash> then its description.",
    TIME: "Seconds to answer, 2 to 600 (default 20).",
    CORRECT: "The right answer's number (1-6); several, e.g. 1,3, make a multiple-choice "
             "question. True/false: 1 (true) or 2 (false). Slider: the right number.",
    TYPE: "single, multi, truefalse, text, poll, slider, order, wordcloud or info. Empty: "
          "single, or multi when several answers are right (Kahoot!'s quiz).",
    "Points": "standard (default), double or none.",
    "Explanation": "Shown after the question closes.",
    "Partial": "yes: partial credit (multi and order questions).",
    "Accepted answers": "Text questions: accepted answers separated by | (or use Answer 1-6).",
    "Fuzzy": "yes: text answers of 5+ letters forgive one typo.",
    "Min": "Slider: lowest value.", "Max": "Slider: highest value.",
    "Step": "Slider: step (default 1).", "Unit": "Slider: unit shown after the value.",
    "Tolerance": "Slider: full points within this distance of the answer.",
    "Margin": "Slider: some points within this distance.",
    "Image": "The question's picture: the hash of an image uploaded to this server.",
    "Image alt": "What the picture shows, for screen readers.",
    TAGS: "This question's own tags, separated by commas; a room can pick questions "
          "by tag.",
}

# where a validator path's field lives in the sheet
FIELD_COLUMN = {"text": QUESTION, "time_limit": TIME, "points": "Points", "type": TYPE,
                "explanation": "Explanation", "partial": "Partial", "fuzzy": "Fuzzy",
                "min": "Min", "max": "Max", "step": "Step", "unit": "Unit",
                "tolerance": "Tolerance", "margin": "Margin", "image": "Image",
                "image_alt": "Image alt", "answer": CORRECT, "tags": TAGS}
_CANONICAL = {name.lower(): name for name in COLUMNS + META}
_NOTE = re.compile(r"\s+[-–—]\s+.*$", re.S)


def canonical(header) -> str | None:
    """The column a header cell names, or None for a column we do not read."""
    if not isinstance(header, str):
        return None
    words = " ".join(_NOTE.sub("", header.strip()).lower().rstrip(":").split())
    if words in _CANONICAL:
        return _CANONICAL[words]
    for prefix, name in (("time limit", TIME), ("correct answer", CORRECT),
                         ("question", QUESTION)):
        if words.startswith(prefix):
            return name
    return None
