"""A question's own tags (which a room can pick questions by) survive a spreadsheet
export and re-import, XLSX and CSV, over HTTP with real Redis."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.test_import_export import http, send  # noqa: F401  (the same client and upload)

QUESTIONS = [
    {"type": "single", "text": "Largest planet?", "choices": ["Mars", "Jupiter"], "answer": 1,
     "tags": ["planets", "year 9"]},
    {"type": "truefalse", "text": "The Sun is a star.", "answer": 0, "tags": ["stars"]},
    {"type": "text", "text": "Symbol for gold?", "answer": ["Au"]},
]




def exported_xlsx(http) -> bytes:
    quiz = http.post("/api/library", json={"title": "Tagged", "tags": ["space"],
                                           "questions": QUESTIONS}).json
    reply = http.get(f"/api/library/{quiz['id']}/export?format=xlsx")
    assert reply.status_code == 200
    return reply.data


def as_csv(xlsx: bytes) -> bytes:
    """The first sheet saved as CSV, as a spreadsheet program's "Save as CSV" would."""
    sheet = load_workbook(io.BytesIO(xlsx), read_only=True).worksheets[0]
    out = io.StringIO()
    writer = csv.writer(out)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow(["" if cell is None else cell for cell in row])
    return out.getvalue().encode()


def question_tags(quiz: dict) -> list:
    return [q.get("tags", []) for q in quiz["questions"]]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_sheet_export_then_import_keeps_each_questions_tags(http, fmt):
    data = exported_xlsx(http)
    if fmt == "csv":
        data = as_csv(data)
    back = send(http, data, f"tagged.{fmt}")
    assert back.status_code == 201, back.json
    quiz = back.json["quiz"]
    assert quiz["tags"] == ["space"]
    assert question_tags(quiz) == [["planets", "year 9"], ["stars"], []]


def test_the_template_and_its_help_sheet_have_a_question_tags_column(http):
    book = load_workbook(io.BytesIO(http.get("/api/library/template.xlsx").data))
    header = [c.value for c in book.worksheets[0][8]]  # Kahoot!'s header row
    assert "Question tags" in header
    help_rows = {row[0].value: row[1].value for row in book["Columns"].iter_rows()}
    assert "comma" in help_rows["Question tags"]


def test_a_bad_question_tag_in_a_sheet_names_its_row_and_column(http):
    sheet = ("Question,Answer 1,Answer 2,Correct answer(s),Question tags\n"
             f"Sky colour?,Blue,Red,1,\"{', '.join(f't{i}' for i in range(11))}\"\n")
    reply = send(http, sheet.encode(), "tags.csv")
    assert reply.status_code == 400
    assert reply.json["error"]["errors"] == [
        "row 2, column 'Question tags': must be a list of at most 10 strings"]
