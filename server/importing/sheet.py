"""Rows of a sheet (XLSX or CSV) to quiz questions and back.

Reading keeps going after a bad row, so a host sees every problem at once; the
questions built are then checked by the pack validator, whose path messages
("questions[3].choices[1]: ...") are told back as the row and column they came
from. Cells are values, never formulas: nothing here evaluates anything.
"""
from __future__ import annotations

import math
import re

from ..game.pack import MAX_QUESTIONS, PackError, parse_quiz
from . import BadImport, Draft
from .columns import (ANSWERS, COLUMNS, CORRECT, FIELD_COLUMN, META, QUESTION, TAGS, TIME,
                      TYPE, canonical)

HEADER_SEARCH = 30      # Kahoot!'s template has a dozen title rows above its header
MAX_ROWS = 2000         # rows read below the header, empty ones included
MAX_COLUMNS = 40        # cells read in a row: our layout has 25 columns
IMAGE_CELL = re.compile(r"^image:([0-9a-f]{64})\s*(.*)$", re.S)
TYPES = {"": None, "quiz": None, "single": "single", "single choice": "single",
         "multi": "multi", "multiple": "multi", "multiple choice": "multi",
         "truefalse": "truefalse", "true/false": "truefalse", "true or false": "truefalse",
         "text": "text", "type answer": "text", "open": "text", "poll": "poll",
         "survey": "poll", "slider": "slider", "order": "order", "puzzle": "order",
         "wordcloud": "wordcloud", "word cloud": "wordcloud", "info": "info",
         "slide": "info"}
YES, NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}


class _Row:
    """One sheet row by column name, collecting its problems."""

    def __init__(self, number: int, cells: dict, errors: list):
        self.at, self.cells, self.errors = number, cells, errors

    def fail(self, column: str, message: str) -> None:
        self.errors.append(f"row {self.at}, column '{column}': {message}")

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def number(self, column: str, whole=False):
        value, raw = self.cells.get(column), self.text(column)
        if raw == "":
            return None
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            try:
                value = float(raw.replace(",", ".")) if raw.count(",") == 1 and "." not in raw \
                    else float(raw)
            except ValueError:
                self.fail(column, f"{raw!r} is not a number")
                return None
        if not math.isfinite(value) or (whole and value != int(value)):
            self.fail(column, f"{raw!r} is not a {'whole ' if whole else ''}number")
            return None
        return int(value) if value == int(value) and abs(value) < 2**53 else value

    def flag(self, column: str) -> bool | None:
        raw = self.text(column).lower()
        if raw in YES:
            return True
        if raw not in NO:
            self.fail(column, f"{self.text(column)!r}: write yes or no")
        return None


def _choice(row: _Row, column: str):
    raw = row.text(column)
    picture = IMAGE_CELL.match(raw)
    return {"image": picture.group(1), "alt": picture.group(2).strip()} if picture else raw


def _answers(row: _Row) -> list:
    filled = [c for c in ANSWERS if row.text(c)]
    if filled:
        last = ANSWERS.index(filled[-1])
        for column in ANSWERS[:last]:
            if not row.text(column):
                row.fail(column, f"empty, but '{filled[-1]}' is filled; fill the answers "
                                 f"in order")
    return [_choice(row, c) for c in filled]


def _correct_numbers(row: _Row, count: int) -> list[int]:
    raw = row.text(CORRECT)
    numbers = []
    for part in re.split(r"[,;\s]+", raw):
        if not part:
            continue
        if not part.isdigit():
            row.fail(CORRECT, f"{part!r} is not an answer number; write e.g. 1 or 1,3")
        elif not 1 <= int(part) <= count:
            row.fail(CORRECT, f"{part} is not one of the answers 1-{count}")
        else:
            numbers.append(int(part))
    if not raw:
        row.fail(CORRECT, f"empty; give the number of the right answer (1-{count})")
    return numbers


def _build(row: _Row) -> dict | None:
    kind_raw = row.text(TYPE).lower()
    if kind_raw not in TYPES:
        row.fail(TYPE, f"{row.text(TYPE)!r} is not a question type; use one of "
                       f"{', '.join(sorted({t for t in TYPES.values() if t}))}")
        return None
    kind, answers = TYPES[kind_raw], _answers(row)
    q: dict = {"text": row.text(QUESTION)}
    if kind in (None, "single", "multi"):
        numbers = _correct_numbers(row, len(answers)) if answers else []
        if not answers:
            row.fail(ANSWERS[0], "a choice question needs at least two answers")
        if kind is None:
            kind = "multi" if len(numbers) > 1 else "single"
        if kind == "single" and len(numbers) > 1:
            row.fail(CORRECT, "a single-choice question has one right answer; set Type to "
                              "multi for several")
        q["choices"] = answers
        q["answer"] = ([n - 1 for n in numbers] if kind == "multi"
                       else (numbers[0] - 1 if numbers else None))
    elif kind == "truefalse":
        raw = row.text(CORRECT).lower()
        if raw not in ("1", "2", "true", "false"):
            row.fail(CORRECT, "write 1 (true) or 2 (false)")
        # spelled out as the editor stores them, so export then import is the same quiz
        q["choices"] = ["True", "False"]
        q["answer"] = 0 if raw in ("1", "true") else 1
    elif kind in ("poll", "order"):
        q["choices"] = answers
        if kind == "poll":
            q["answer"] = None
        if row.text(CORRECT):
            row.fail(CORRECT, "leave empty: polls have no right answer" if kind == "poll"
                     else "leave empty: list the answers in the right order instead")
    elif kind == "text":
        accepted = row.text("Accepted answers")
        q["answer"] = ([a.strip() for a in accepted.split("|") if a.strip()] if accepted
                       else [a if isinstance(a, str) else a["alt"] for a in answers])
        if row.flag("Fuzzy"):
            q["fuzzy"] = True
    elif kind == "slider":
        for column in ("Min", "Max", "Step", "Tolerance", "Margin"):
            value = row.number(column)
            if value is not None:
                q[column.lower()] = value
        q["answer"] = row.number(CORRECT)
        if row.text("Unit"):
            q["unit"] = row.text("Unit")
    q["type"] = kind
    time_limit = row.number(TIME, whole=True)
    if time_limit is not None:
        q["time_limit"] = time_limit
    for column, key in (("Points", "points"), ("Explanation", "explanation"),
                        ("Image", "image"), ("Image alt", "image_alt")):
        if row.text(column):
            q[key] = row.text(column).lower() if key == "points" else row.text(column)
    if row.flag("Partial"):
        q["partial"] = True
    tags = _split_tags(row.text(TAGS))
    if tags:
        q["tags"] = tags
    return q


def _split_tags(cell: str) -> list[str]:
    return [t.strip() for t in cell.split(",") if t.strip()]


def _column_of(path: str) -> str:
    """The sheet column a validator path (after questions[i].) points at."""
    field = re.match(r"[a-z_]+", path).group(0) if path else ""
    index = re.match(r"choices\[(\d+)\]", path)
    if index:
        return ANSWERS[int(index.group(1))] if int(index.group(1)) < len(ANSWERS) else ANSWERS[0]
    if field == "choices":
        return ANSWERS[0]
    return FIELD_COLUMN.get(field, QUESTION)


def read_rows(rows, default_title: str, missing_images=None) -> Draft:
    """``rows``: (row number, [cell values]) in order. A Draft, or BadImport."""
    header, meta, errors = None, {}, []
    rows = iter(rows)
    for number, cells in rows:
        names = [canonical(c) for c in cells]
        if QUESTION in names and ({TYPE, CORRECT, ANSWERS[0]} & set(names)):
            header = names
            break
        filled = [c for c in cells if c not in (None, "")]
        if filled and canonical(filled[0]) in META:
            meta[canonical(filled[0])] = str(filled[1]).strip() if len(filled) > 1 else ""
        if number >= HEADER_SEARCH:
            break
    if header is None:
        raise BadImport([f"no header row found in the first {HEADER_SEARCH} rows: one row "
                         f"must name the columns, with at least '{QUESTION}' and "
                         f"'{ANSWERS[0]}' or '{TYPE}' (download the template)"])
    questions, where, failed = [], [], set()
    for seen, (number, cells) in enumerate(rows, start=1):
        if seen > MAX_ROWS:
            errors.append(f"the sheet goes on past row {number - 1}; at most {MAX_ROWS} rows "
                          f"below the header are read")
            break
        by_name = {name: cells[i] for i, name in enumerate(header)
                   if name and i < len(cells) and cells[i] not in (None, "")}
        if not by_name:
            continue
        if len(questions) == MAX_QUESTIONS:
            errors.append(f"row {number}: a quiz holds at most {MAX_QUESTIONS} questions; "
                          f"this sheet has more. Split it into several quizzes")
            break
        before = len(errors)
        built = _build(_Row(number, by_name, errors))
        if len(errors) > before:
            failed.add(number)
        if built is not None:
            questions.append(built)
            where.append(number)
    if not questions and not errors:
        errors.append("the sheet has no questions below its header row")
    draft = Draft((meta.get("Title") or default_title)[:120], meta.get("Description", "")[:500],
                  _split_tags(meta.get("Tags", "")), questions)
    if questions:  # a row's own problems first; the validator's for the rows read well
        errors += [e for e in _validated(draft, where, missing_images)
                   if int(re.match(r"row (\d+)", e).group(1)) not in failed]
    if errors:
        raise BadImport(sorted(errors, key=_row_order))
    return draft


def _row_order(message: str):
    found = re.match(r"row (\d+)", message)
    return int(found.group(1)) if found else 10**9


def _validated(draft: Draft, where: list[int], missing_images) -> list[str]:
    errors = []
    try:
        parse_quiz({"title": draft.title[:120] or "Imported quiz",
                    "description": draft.description, "questions": draft.questions})
    except PackError as exc:
        for message in exc.errors:
            found = re.match(r"questions\[(\d+)\]\.?([^:]*): (.*)", message, re.S)
            if found:
                i, path, problem = int(found.group(1)), found.group(2), found.group(3)
                errors.append(f"row {where[i]}, column '{_column_of(path)}': {problem}")
    if missing_images is not None:
        for i, q in enumerate(draft.questions):
            names = [("Image", q.get("image"))] + [
                (ANSWERS[j], c["image"]) for j, c in enumerate(q.get("choices", []))
                if isinstance(c, dict)]
            for column, digest in names:
                if digest and digest in missing_images({digest}):
                    errors.append(f"row {where[i]}, column '{column}': no image with hash "
                                  f"{digest[:12]}… was uploaded to this server")
    return errors


def question_row(q: dict) -> list:
    """A question as a row of COLUMNS (export and template)."""
    cells = dict.fromkeys(COLUMNS, None)
    kind = q.get("type")
    cells[QUESTION], cells[TYPE] = q.get("text"), kind
    choices = q.get("choices") or []
    if kind == "truefalse":  # Kahoot! reads true/false as two answers; we read the Type
        choices = choices[:2] if len(choices) == 2 else ["True", "False"]
    for column, choice in zip(ANSWERS, choices):
        cells[column] = (f"image:{choice.get('image')} {choice.get('alt', '')}".strip()
                         if isinstance(choice, dict) else choice)
    answer = q.get("answer")
    if kind in ("single", "truefalse") and isinstance(answer, int):
        cells[CORRECT] = answer + 1
    elif kind == "multi" and isinstance(answer, list):
        cells[CORRECT] = ",".join(str(a + 1) for a in answer if isinstance(a, int))
    elif kind == "text" and isinstance(answer, list):
        cells["Accepted answers"] = " | ".join(str(a) for a in answer)
    elif kind == "slider":
        cells[CORRECT] = answer
        for key in ("min", "max", "step", "tolerance", "margin", "unit"):
            cells[key.capitalize()] = q.get(key)
    cells[TIME] = q.get("time_limit")
    cells["Points"] = q.get("points")
    cells["Explanation"] = q.get("explanation") or None
    cells["Partial"] = "yes" if q.get("partial") is True else None
    cells["Fuzzy"] = "yes" if q.get("fuzzy") is True else None
    cells["Image"], cells["Image alt"] = q.get("image") or None, q.get("image_alt") or None
    tags = q.get("tags")
    cells[TAGS] = ", ".join(str(t) for t in tags) if isinstance(tags, list) and tags else None
    return [cells[c] for c in COLUMNS]
