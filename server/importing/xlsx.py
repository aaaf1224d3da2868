"""XLSX sheets through openpyxl: read in read-only, values-only mode; written with every
text cell kept as text (a question starting with "=" is no formula)."""
from __future__ import annotations

import io
import warnings
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from . import BadImport, Draft
from .columns import COLUMNS, HEADER_ROW, HELP, KAHOOT, KAHOOT_HEADER
from .sheet import HEADER_SEARCH, MAX_COLUMNS, MAX_ROWS, question_row, read_rows
from .sheetxml import MAX_MARKUP, markup, trim_sheet
from .zipsafe import MAX_ENTRY, open_zip



def bounded_workbook(data: bytes) -> bytes:
    """The workbook with every sheet cut to the rows and columns read (sheetxml.py), as
    an uncompressed zip for openpyxl; BadImport for one whose other parts are too big."""
    archive = open_zip(data, ".xlsx workbook")  # bombs and tricks refused before inflating
    out, tags = io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in archive.infolist():
            if info.is_dir():
                continue
            part = _member(archive, info)
            if info.filename.lower().endswith((".xml", ".rels")):
                if b"sheetData" in part:
                    part = trim_sheet(part, HEADER_SEARCH + MAX_ROWS + 1, MAX_COLUMNS)
                    if markup(part) > MAX_MARKUP:
                        raise BadImport([f"{info.filename!r}: its first {MAX_ROWS} rows "
                                         f"hold over {MAX_MARKUP} XML tags"])
                else:
                    tags += markup(part)
            copy.writestr(info.filename, part)
    if tags > MAX_MARKUP:
        raise BadImport([f"the workbook's shared strings and styles hold over {MAX_MARKUP} "
                         f"XML tags; a quiz sheet needs far fewer. Copy the questions into "
                         f"a new workbook (or the template)"])
    return out.getvalue()


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, read no further than its declared size (a lie is a CRC error)."""
    name = info.filename
    try:
        with archive.open(info) as member:
            data = member.read(min(info.file_size, MAX_ENTRY) + 1)
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise many kinds
        raise BadImport([f"the file is not an .xlsx workbook that can be read "
                         f"({type(exc).__name__})"]) from None
    if len(data) > MAX_ENTRY:
        raise BadImport([f"{name!r}: larger than {MAX_ENTRY // (1024 * 1024)} MB"])
    return data


def read_xlsx(data: bytes, default_title: str, missing_images=None) -> Draft:
    data = bounded_workbook(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        raise BadImport([f"the file is not an .xlsx workbook that can be read "
                         f"({type(exc).__name__})"]) from None
    try:
        sheet = book.worksheets[0]
        # the sheet's declared size is not trusted: rows and columns are capped here
        rows = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=HEADER_SEARCH + MAX_ROWS + 1,
                               values_only=True)
        return read_rows(((n, list(cells)) for n, cells in enumerate(rows, start=1)),
                         default_title, missing_images)
    except BadImport:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged sheet found while streaming
        raise BadImport([f"the workbook's first sheet cannot be read ({type(exc).__name__})"]) \
            from None
    finally:
        book.close()


def _text_cell(sheet, row: int, column: int, value) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=..." a formula


def write_xlsx(quiz: dict) -> bytes:
    """A quiz as a sheet in Kahoot!'s template layout: title rows, the header on row 8,
    then a question per row, numbered in column A; our columns after Kahoot!'s."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Quiz"
    bold = Font(bold=True)
    _text_cell(sheet, 2, 2, "QuizRoom quiz")
    sheet.cell(row=2, column=2).font = bold
    _text_cell(sheet, 3, 2, "One question per row below the header, numbered in column A. "
                            "Columns B to H are Kahoot!'s spreadsheet template; the columns "
                            "after them are QuizRoom's.")
    for row, (label, value) in enumerate((("Title", quiz.get("title", "")),
                                           ("Description", quiz.get("description", "")),
                                           ("Tags", ", ".join(quiz.get("tags") or []))), start=4):
        _text_cell(sheet, row, 2, label)
        sheet.cell(row=row, column=2).font = bold
        _text_cell(sheet, row, 3, value)
    for column, name in enumerate(COLUMNS, start=2):
        _text_cell(sheet, HEADER_ROW, column, KAHOOT_HEADER.get(name, name))
        sheet.cell(row=HEADER_ROW, column=column).font = bold
    for number, q in enumerate(quiz.get("questions") or [], start=1):
        sheet.cell(row=HEADER_ROW + number, column=1, value=number)
        for column, value in enumerate(question_row(q), start=2):
            if value is not None:
                _text_cell(sheet, HEADER_ROW + number, column, value)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 50
    help_sheet = book.create_sheet("Columns")
    _text_cell(help_sheet, 1, 1, "(column A)")
    _text_cell(help_sheet, 1, 2, "The question's number, as in Kahoot!'s template; read past "
                                 "on import.")
    for row, name in enumerate(COLUMNS, start=2):
        _text_cell(help_sheet, row, 1, name)
        _text_cell(help_sheet, row, 2, HELP.get(name, HELP["Answer 1"] if name.startswith(
            "Answer") else "") + (" (Kahoot! column)" if name in KAHOOT else ""))
    help_sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
