"""Import (JSON, bundle, CSV, XLSX) and export of library quizzes, over HTTP with real Redis."""
from __future__ import annotations

import io
import json
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PIL import Image

from server.game.pack import parse_quiz

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Kahoot!'s template filled in and saved by LibreOffice (tests/fixtures/README.md)
KAHOOT_30 = Path(__file__).parent / "fixtures" / "kahoot-30-libreoffice.xlsx"


@pytest.fixture
def http(app):
    return app.test_client()


def send(http, data: bytes, name: str):
    return http.post("/api/library/import", data={"file": (io.BytesIO(data), name)},
                     content_type="multipart/form-data")


def library_size(http) -> int:
    return len([q for q in http.get("/api/library").json["quizzes"] if not q.get("builtin")])


def workbook_bytes(rows, title_rows=()) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in title_rows:
        sheet.append(row)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_kahoot_layout_xlsx_saved_by_libreoffice_imports_30_questions(http):
    data = KAHOOT_30.read_bytes()
    assert b"<Application>LibreOffice/" in zipfile.ZipFile(io.BytesIO(data)).read(
        "docProps/app.xml")
    reply = send(http, data, "General knowledge.xlsx")
    assert reply.status_code == 201, reply.json
    quiz = reply.json["quiz"]
    questions = quiz["questions"]
    assert quiz["title"] == "General knowledge" and len(questions) == 30
    assert questions[0] == {"text": "What is the capital of France?", "type": "single",
                            "choices": ["Berlin", "Paris", "Madrid", "Rome"], "answer": 1,
                            "time_limit": 20}
    # "1,3" typed as text: Kahoot!'s several right answers
    assert questions[4] == {"text": "Which of these are prime numbers?", "type": "multi",
                            "choices": ["2", "4", "7", "9"], "answer": [0, 2],
                            "time_limit": 60}
    # answers typed as numbers come back as the text shown in the sheet
    assert questions[11]["choices"] == ["1959", "1969", "1979", "1989"]
    assert questions[22]["choices"] == ["0", "32", "100", "-10"]
    # TRUE and FALSE typed as booleans, and two-answer rows: Kahoot!'s true/false
    assert questions[20]["choices"] == ["True", "False"] and questions[20]["answer"] == 0
    assert questions[6]["choices"] == ["True", "False"] and questions[6]["answer"] == 1
    assert questions[17]["time_limit"] == 60  # a formula's cached value, never evaluated
    assert [q["answer"] for q in questions] == [
        1, 2, 2, 1, [0, 2], 0, 1, 3, 1, [0, 2], 0, 1, 0, 0, [0, 1], 2, 1, 0, 2, [0, 2],
        0, 1, 0, 2, [1, 3], 1, 2, 0, 1, 0]
    assert [q["time_limit"] for q in questions] == [
        20, 30, 10, 20, 60, 20, 10, 20, 5, 90, 10, 30, 20, 20, 120, 10, 20, 60, 20, 90,
        5, 30, 10, 20, 60, 10, 20, 240, 20, 30]
    assert questions[29]["text"] == "What does the HTTP status 404 mean?"
    assert http.get(f"/api/library/{quiz['id']}").json["errors"] == []
    play = http.post(f"/api/library/{quiz['id']}/play", json={})
    assert play.status_code == 201, play.json


def test_a_sheet_with_bad_rows_imports_nothing_and_lists_every_row(http):
    rows = [["Question", "Answer 1", "Answer 2", "Answer 3", "Answer 4", "Time limit (sec)",
             "Correct answer(s)"],
            ["Fine?", "yes", "no", None, None, 20, 1],
            ["Five of four?", "a", "b", "c", "d", 20, 5],
            [None, "a", "b", None, None, 20, 1],
            ["Slow?", "a", "b", None, None, "soon", 2],
            ["Gap?", "a", None, "c", None, 20, 1],
            ["Too long?", "a", "b", None, None, 9999, 1]]
    reply = send(http, workbook_bytes(rows), "bad.xlsx")
    assert reply.status_code == 400
    body = reply.json["error"]
    assert body["code"] == "bad_import"
    assert body["errors"] == [
        "row 3, column 'Correct answer(s)': 5 is not one of the answers 1-4",
        "row 4, column 'Question': must not be empty",
        "row 5, column 'Time limit (sec)': 'soon' is not a number",
        "row 6, column 'Answer 2': empty, but 'Answer 3' is filled; fill the answers in order",
        "row 7, column 'Time limit (sec)': must be an integer from 2 to 600 seconds",
    ]
    assert library_size(http) == 0


def test_formula_cells_are_never_evaluated_and_text_starting_with_equals_stays_text(http):
    book = Workbook()
    sheet = book.active
    sheet.append(["Question", "Answer 1", "Answer 2", "Correct answer(s)"])
    sheet.append(["Sum?", "=1+1", "3", 1])       # a formula, no cached value: reads empty
    sheet.append(["placeholder", "x", "y", 1])
    sheet["A3"].value = "=cmd|' /C calc'!A0"
    sheet["A3"].data_type = "s"                  # text that starts with =
    out = io.BytesIO()
    book.save(out)
    reply = send(http, out.getvalue(), "formulas.xlsx")
    assert reply.status_code == 400
    assert reply.json["error"]["errors"] == [
        "row 2, column 'Answer 1': empty, but 'Answer 2' is filled; fill the answers in order"]
    sheet["B2"].value = "2"
    out = io.BytesIO()
    book.save(out)
    quiz = send(http, out.getvalue(), "formulas.xlsx").json["quiz"]
    assert quiz["questions"][1]["text"] == "=cmd|' /C calc'!A0"
    exported = http.get(f"/api/library/{quiz['id']}/export?format=xlsx").data
    cell = load_workbook(io.BytesIO(exported)).active["B10"]  # the second question
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"  # not a formula


def test_ten_thousand_rows_are_refused_past_the_question_cap(http):
    rows = [["Question", "Answer 1", "Answer 2", "Correct answer(s)"]]
    rows += [[f"Q{i}", "a", "b", 1] for i in range(10_000)]
    started = time.monotonic()
    reply = send(http, workbook_bytes(rows), "huge.xlsx")
    assert time.monotonic() - started < 20
    assert reply.status_code == 400
    assert "at most 200 questions" in reply.json["error"]["message"]
    assert library_size(http) == 0


def test_huge_declared_dimensions_are_read_quickly(http):
    book = Workbook()
    sheet = book.active
    sheet.append(["Question", "Answer 1", "Answer 2", "Correct answer(s)"])
    sheet.append(["Far away?", "a", "b", 1])
    sheet.cell(row=1_048_576, column=16_384, value="corner")
    out = io.BytesIO()
    book.save(out)
    started = time.monotonic()
    reply = send(http, out.getvalue(), "wide.xlsx")
    assert time.monotonic() - started < 20
    assert reply.status_code == 400
    assert "at most 2000 rows" in reply.json["error"]["message"]


@pytest.mark.parametrize("data", [b"not a workbook at all", b"PK\x03\x04garbage" * 10])
def test_non_xlsx_bytes_are_a_clear_error(http, data):
    reply = send(http, data, "sheet.xlsx")
    assert reply.status_code == 400 and reply.json["error"]["code"] == "bad_import"


def test_csv_with_semicolons_and_our_columns(http):
    text = ("Type;Question;Answer 1;Answer 2;Answer 3;Correct answer(s);Min;Max;Step;Unit;"
            "Accepted answers;Fuzzy\n"
            ";Capital of France?;Paris;Rome;Oslo;1;;;;;;\n"
            "slider;How hot is it (°C)?;;;;21,5;-10;40;0,5;°C;;\n"
            "text;Type 'Flask';;;;;;;;;Flask | flask.py;yes\n"
            "poll;Tea or coffee?;Tea;Coffee;;;;;;;;\n")
    reply = send(http, text.encode("utf-8-sig"), "mixed.csv")
    assert reply.status_code == 201, reply.json
    questions = reply.json["quiz"]["questions"]
    assert [q["type"] for q in questions] == ["single", "slider", "text", "poll"]
    assert questions[1]["answer"] == 21.5 and questions[1]["unit"] == "°C"
    assert questions[2]["answer"] == ["Flask", "flask.py"] and questions[2]["fuzzy"] is True


def test_csv_bad_rows_name_row_and_column(http):
    text = "Question,Answer 1,Answer 2,Correct answer(s),Type\nQ?,a,b,3,\nR?,a,b,,shrug\n"
    reply = send(http, text.encode(), "bad.csv")
    assert reply.json["error"]["errors"] == [
        "row 2, column 'Correct answer(s)': 3 is not one of the answers 1-2",
        "row 3, column 'Type': 'shrug' is not a question type; use one of info, multi, order, "
        "poll, single, slider, text, truefalse, wordcloud"]


# -- round trips -----------------------------------------------------------------
def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (0, 0, 200)).save(out, "PNG")
    return out.getvalue()


def every_type(digest: str) -> list[dict]:
    return [
        {"type": "single", "text": "Pick", "choices": ["a", {"image": digest, "alt": "blue"}],
         "answer": 1, "time_limit": 30, "points": "double", "explanation": "Why",
         "image": digest, "image_alt": "a blue square"},
        {"type": "multi", "text": "Several", "choices": ["a", "b", "c"], "answer": [0, 2],
         "partial": True},
        {"type": "truefalse", "text": "True?", "answer": 1},
        {"type": "text", "text": "Type", "answer": ["Jinja", "Jinja2"], "fuzzy": True},
        {"type": "poll", "text": "Vote", "choices": ["x", "y"], "points": "none"},
        {"type": "slider", "text": "How many", "min": 0, "max": 10, "step": 0.5,
         "answer": 7.5, "tolerance": 0.5, "margin": 2, "unit": "kg"},
        {"type": "order", "text": "Sort", "choices": ["1", "2", "3"], "partial": True},
        {"type": "wordcloud", "text": "Words", "points": "none"},
        {"type": "info", "text": "Read me", "points": "none", "time_limit": 10},
    ]


def normal(questions) -> list:
    return parse_quiz({"title": "t", "questions": questions}).to_json()["questions"]


@pytest.mark.parametrize("fmt", ["json", "zip", "xlsx"])
def test_export_then_import_gives_the_same_quiz_for_every_type(http, fmt):
    digest = http.post("/api/media", data={"file": (io.BytesIO(png()), "b.png")},
                       content_type="multipart/form-data").json["hash"]
    original = http.post("/api/library", json={
        "title": "All types", "description": "Each kind once", "tags": ["demo", "types"],
        "questions": every_type(digest)}).json
    reply = http.get(f"/api/library/{original['id']}/export?format={fmt}")
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == f'attachment; filename="all-types.{fmt}"'
    back = send(http, reply.data, f"export.{fmt}")
    assert back.status_code == 201, back.json
    quiz = back.json["quiz"]
    assert quiz["id"] != original["id"]
    assert (quiz["title"], quiz["description"], quiz["tags"]) == \
        ("All types", "Each kind once", ["demo", "types"])
    assert normal(quiz["questions"]) == normal(original["questions"])


def kahoot_header() -> list:
    """The header row of Kahoot!'s template (the fixture's row 8)."""
    return [c.value for c in load_workbook(KAHOOT_30).worksheets[0][8]]


def test_an_xlsx_export_is_laid_out_as_kahoots_template(http):
    digest = http.post("/api/media", data={"file": (io.BytesIO(png()), "b.png")},
                       content_type="multipart/form-data").json["hash"]
    original = http.post("/api/library", json={
        "title": "All types", "description": "Each kind once", "tags": ["demo", "types"],
        "questions": every_type(digest)}).json
    exported = http.get(f"/api/library/{original['id']}/export?format=xlsx").data
    sheet = load_workbook(io.BytesIO(exported)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    # the header where Kahoot!'s is, its seven columns worded as Kahoot!'s, ours after
    assert rows[7][:8] == kahoot_header()
    assert rows[7][8:] == ["Type", "Answer 5", "Answer 6", "Points", "Explanation", "Partial",
                           "Accepted answers", "Fuzzy", "Min", "Max", "Step", "Unit",
                           "Tolerance", "Margin", "Image", "Image alt", "Question tags"]
    below = rows[8:]
    assert [r[0] for r in below] == list(range(1, 10))  # row numbers in column A
    assert [r[1] for r in below] == [q["text"] for q in every_type(digest)]
    assert below[0][2:8] == ["a", f"image:{digest} blue", None, None, 30, 1 + 1]
    assert below[1][2:8] == ["a", "b", "c", None, None, "1,3"]
    # true/false as Kahoot! writes it: two answers, the right one's number
    assert below[2][2:8] == ["True", "False", None, None, None, 2]
    assert (below[2][8], below[5][8]) == ("truefalse", "slider")
    # the quiz's own fields above the header, in the template's title rows
    above = {r[1]: r[2] for r in rows[:7] if r[1] in ("Title", "Description", "Tags")}
    assert above == {"Title": "All types", "Description": "Each kind once",
                     "Tags": "demo, types"}


def test_an_export_cut_to_kahoots_columns_still_reads_its_choice_questions(http):
    # what Kahoot! itself reads of our sheet: columns A to H, the rest cut away
    questions = [q for q in every_type("ab" * 32) if q["type"] in ("multi", "truefalse")]
    original = http.post("/api/library", json={"title": "Kahoot", "questions": questions}).json
    book = load_workbook(io.BytesIO(
        http.get(f"/api/library/{original['id']}/export?format=xlsx").data))
    book.worksheets[0].delete_cols(9, 30)
    out = io.BytesIO()
    book.save(out)
    back = send(http, out.getvalue(), "cut.xlsx")
    assert back.status_code == 201, back.json
    read = back.json["quiz"]["questions"]
    assert [(q["text"], q["choices"], q["answer"]) for q in read] == [
        ("Several", ["a", "b", "c"], [0, 2]), ("True?", ["True", "False"], 1)]


def test_bundle_carries_its_images_to_another_server(http, rdb, prefix):
    digest = http.post("/api/media", data={"file": (io.BytesIO(png()), "b.png")},
                       content_type="multipart/form-data").json["hash"]
    original = http.post("/api/library", json={"title": "Pics",
                                               "questions": every_type(digest)[:1]}).json
    bundle = http.get(f"/api/library/{original['id']}/export?format=zip").data
    assert f"images/{digest}.webp" in zipfile.ZipFile(io.BytesIO(bundle)).namelist()
    rdb.delete(f"{prefix}media:{digest}")             # a server that never saw the image
    quiz = send(http, bundle, "pics.zip").json["quiz"]
    assert http.get(f"/media/{quiz['questions'][0]['image']}").status_code == 200
    assert http.post(f"/api/library/{quiz['id']}/play", json={}).status_code == 201


def test_json_naming_an_image_this_server_lacks_is_refused(http):
    pack = {"title": "x", "questions": [dict(every_type("ab" * 32)[2], image="ab" * 32)]}
    reply = send(http, json.dumps(pack).encode(), "x.json")
    assert reply.status_code == 400
    assert reply.json["error"]["errors"][0].startswith("questions[0].image: no image")


# -- hostile zips ------------------------------------------------------------------
def zip_of(entries: dict, compression=zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


QUIZ_JSON = json.dumps({"title": "z", "questions": [{"type": "info", "text": "hi",
                                                       "points": "none"}]})


@pytest.mark.parametrize("entries, says", [
    ({"quiz.json": QUIZ_JSON, "../../etc/cron.d/x": "boom"}, "leaves the archive"),
    ({"quiz.json": QUIZ_JSON, "/etc/passwd": "boom"}, "absolute path"),
    ({"quiz.json": QUIZ_JSON, "images\\..\\x": "boom"}, "leaves the archive"),
    ({"quiz.json": QUIZ_JSON, **{f"f{i}": "" for i in range(501)}}, "at most 500"),
    ({"quiz.json": QUIZ_JSON, "zeros": b"\0" * (30 * 1024 * 1024)}, "zip bomb"),
])
def test_hostile_bundles_are_refused(http, entries, says):
    reply = send(http, zip_of(entries), "bundle.zip")
    assert reply.status_code == 400, reply.json
    assert says in reply.json["error"]["message"]
    assert library_size(http) == 0


def test_symlink_in_a_bundle_is_refused(http):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("quiz.json", QUIZ_JSON)
        link = zipfile.ZipInfo("images/link")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    reply = send(http, out.getvalue(), "bundle.zip")
    assert reply.status_code == 400 and "symbolic link" in reply.json["error"]["message"]


def rewrite_entry(data: bytes, name: str, flags: int | None = None,
                  size: int | None = None) -> bytes:
    """The zip with one entry's general-purpose flags or uncompressed size changed in
    both its local header and the central directory, as a hand-made archive may say."""
    out = bytearray(data)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    central = 0
    while True:
        central = out.index(b"PK\x01\x02", central + 1)
        length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + length] == name.encode():
            break
    if flags is not None:
        struct.pack_into("<H", out, local + 6, flags)
        struct.pack_into("<H", out, central + 8, flags)
    if size is not None:
        struct.pack_into("<I", out, local + 22, size)
        struct.pack_into("<I", out, central + 24, size)
    return bytes(out)


def peak_memory_of(call):
    """What ``call`` returns, and the most Python memory it held at once, in MB."""
    tracemalloc.start()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_an_encrypted_entry_in_a_bundle_is_refused(http):
    bundle = rewrite_entry(zip_of({"quiz.json": QUIZ_JSON}), "quiz.json", flags=0x1)
    assert zipfile.ZipFile(io.BytesIO(bundle)).getinfo("quiz.json").flag_bits & 0x1
    reply = send(http, bundle, "locked.zip")
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == "bad_import"
    assert reply.json["error"]["errors"] == ["'quiz.json': is encrypted"]
    assert library_size(http) == 0


def test_a_zip_directory_that_lies_about_sizes_is_never_inflated(http):
    # a valid quiz.json, then 64 MB of spaces (still valid JSON), declared as the
    # quiz's few bytes: the directory's checks pass, so only the read can stop it
    honest = zip_of({"quiz.json": QUIZ_JSON + " " * (64 * 1024 * 1024)})
    assert len(honest) < 1024 * 1024
    liar = rewrite_entry(honest, "quiz.json", size=len(QUIZ_JSON))
    assert zipfile.ZipFile(io.BytesIO(liar)).getinfo("quiz.json").file_size == len(QUIZ_JSON)
    reply, peak = peak_memory_of(lambda: send(http, liar, "liar.zip"))
    assert reply.status_code == 400
    assert reply.json["error"]["errors"] == [
        "'quiz.json': cannot be read (Bad CRC-32 for file 'quiz.json')"]
    assert peak < 20  # MB: the 64 MB were never inflated
    assert library_size(http) == 0


def sheet_with(grow) -> bytes:
    """A valid one-question workbook whose sheet XML ``grow`` rewrites."""
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes(
        [["Question", "Answer 1", "Answer 2", "Correct answer(s)"], ["Q?", "a", "b", 1]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = grow(data)
            archive.writestr(item.filename, data)
    return out.getvalue()


def test_a_zip_bomb_inside_an_xlsx_is_refused_before_inflating(http):
    # 64 MB of whitespace inside the sheet's XML (still well-formed) packs into 64 kB
    bomb = sheet_with(lambda xml: xml.replace(b"<sheetData>",
                                              b"<sheetData>" + b" " * (64 * 1024 * 1024)))
    assert len(bomb) < 100 * 1024
    reply, peak = peak_memory_of(lambda: send(http, bomb, "bomb.xlsx"))
    assert reply.status_code == 400
    assert reply.json["error"]["errors"] == [
        "'xl/worksheets/sheet1.xml': inflates to 65536 kB from 64 kB (a zip bomb?)",
        "the zip archive inflates to 64 MB; at most 60 MB"]
    assert peak < 20
    # the same sheet declared at its honest size: openpyxl's read stops there
    honest_size = len(zipfile.ZipFile(io.BytesIO(sheet_with(lambda xml: xml))).read(
        "xl/worksheets/sheet1.xml"))
    liar = rewrite_entry(bomb, "xl/worksheets/sheet1.xml", size=honest_size)
    reply, peak = peak_memory_of(lambda: send(http, liar, "liar.xlsx"))
    assert reply.status_code == 400
    assert reply.json["error"]["message"] == \
        "the file is not an .xlsx workbook that can be read (BadZipFile)"
    assert peak < 20
    assert library_size(http) == 0


@pytest.mark.parametrize("size", [21 * 1024 * 1024, 20 * 1024 * 1024 + 1])
def test_an_import_past_20_mb_is_413_with_a_json_error(http, size):
    # 21 MB is refused on its Content-Length; 20 MB and a byte fits the form's
    # overhead, so the read itself stops one byte past the cap
    reply = send(http, b"a" * size, "huge.csv")
    assert reply.status_code == 413
    assert reply.is_json
    assert reply.json["error"] == {"code": "file_too_large",
                                   "message": "an import file may be at most 20 MB"}
    assert library_size(http) == 0


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16"])
def test_a_csv_not_in_utf8_is_a_clear_error_naming_the_encoding(http, encoding):
    # Excel's plain "CSV" is the Windows code page; its "Unicode text" is UTF-16
    text = "Question,Answer 1,Answer 2,Correct answer(s)\nCafé crème?,oui,non,1\n"
    reply = send(http, text.encode(encoding), "accents.csv")
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == "bad_import"
    assert reply.json["error"]["errors"] == [
        'the CSV file is not UTF-8 text; save it as "CSV UTF-8"']
    assert library_size(http) == 0


def test_template_sheet_downloads_and_imports(http):
    reply = http.get("/api/library/template.xlsx")
    assert reply.status_code == 200 and reply.mimetype == XLSX
    quiz = send(http, reply.data, "quizroom-template.xlsx").json["quiz"]
    assert len(quiz["questions"]) == 9 and quiz["title"] == "My quiz"
    sheet = load_workbook(io.BytesIO(reply.data)).worksheets[0]
    assert [c.value for c in sheet[8]][:8] == kahoot_header()
    assert [sheet.cell(row=r, column=1).value for r in range(9, 18)] == list(range(1, 10))
    assert sheet["B9"].value == "Which planet is the largest?"


def test_an_xml_entity_bomb_in_a_workbook_is_refused(http):
    book = Workbook()
    book.active.append(["Question", "Answer 1", "Answer 2", "Correct answer(s)"])
    book.active.append(["Q?", "a", "b", 1])
    out = io.BytesIO()
    book.save(out)
    source = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
            + "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">'
                      for i in range(1, 10))  # 10^9 "lol"s if expanded
            + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
              '</sheetData></worksheet>')
    hostile = io.BytesIO()
    with zipfile.ZipFile(hostile, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = bomb.encode()
            archive.writestr(item, data)
    started = time.monotonic()
    reply = send(http, hostile.getvalue(), "bomb.xlsx")
    assert time.monotonic() - started < 10
    assert reply.status_code == 400 and reply.json["error"]["code"] == "bad_import"
    assert "cannot be read" in reply.json["error"]["message"] or \
        "can be read" in reply.json["error"]["message"]
    import openpyxl.xml
    assert openpyxl.xml.DEFUSEDXML  # openpyxl parses through defusedxml: entities refused
