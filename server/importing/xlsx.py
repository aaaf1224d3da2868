"""XLSX sheets through openpyxl: read in read-only, values-only mode; written with every
text cell kept as text (a question starting with "=" is no formula)."""
from __future__ import annotations

import io
import warnings

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from . import BadImport, Draft
from .columns import COLUMNS, HELP, KAHOOT
from .sheet import HEADER_SEARCH, MAX_ROWS, question_row, read_rows
from .zipsafe import open_zip

MAX_COLUMNS = 40


def read_xlsx(data: bytes, default_title: str, missing_images=None) -> Draft:
    open_zip(data, ".xlsx workbook")  # bombs and tricks refused before openpyxl inflates
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
    """A quiz as a sheet in our layout: title rows, the header, a question per row."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Quiz"
    bold = Font(bold=True)
    _text_cell(sheet, 1, 1, "QuizRoom quiz: one question per row below the header. The first "
                            "seven columns are Kahoot!'s spreadsheet layout.")
    for row, (label, value) in enumerate((("Title", quiz.get("title", "")),
                                           ("Description", quiz.get("description", "")),
                                           ("Tags", ", ".join(quiz.get("tags") or []))), start=2):
        _text_cell(sheet, row, 1, label)
        sheet.cell(row=row, column=1).font = bold
        _text_cell(sheet, row, 2, value)
    header_row = 6
    for column, name in enumerate(COLUMNS, start=1):
        _text_cell(sheet, header_row, column, name)
        sheet.cell(row=header_row, column=column).font = bold
    for row, q in enumerate(quiz.get("questions") or [], start=header_row + 1):
        for column, value in enumerate(question_row(q), start=1):
            if value is not None:
                _text_cell(sheet, row, column, value)
    sheet.column_dimensions["A"].width = 50
    help_sheet = book.create_sheet("Columns")
    for row, name in enumerate(COLUMNS, start=1):
        _text_cell(help_sheet, row, 1, name)
        _text_cell(help_sheet, row, 2, HELP.get(name, HELP["Answer 1"] if name.startswith(
            "Answer") else "") + (" (Kahoot! column)" if name in KAHOOT else ""))
    help_sheet.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
