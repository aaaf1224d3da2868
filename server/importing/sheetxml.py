"""A workbook's XML cut down to what a quiz can use, before openpyxl parses any of it.

openpyxl builds every cell of a row in Python, ``max_col`` or not, so one row of
650 000 cells held a worker for seconds. Here, with regular expressions and
``bytes.find`` (C speed, nothing per cell past the limit), each worksheet keeps
its first ``max_rows`` rows and each row its cells up to column ``max_cols``;
the other parts openpyxl reads whole (shared strings, styles, the workbook) may
hold at most ``MAX_MARKUP`` tags between them. The XML is not otherwise judged:
a cut that leaves it broken is for openpyxl to refuse.
"""
from __future__ import annotations

import re

from . import BadImport

MAX_MARKUP = 400_000   # tags in the parts read whole: a 2000-row sheet's strings and then some
_PREFIX = rb"(?:([A-Za-z_][\w.-]*):)?"
SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData(?=[\s/>])[^>]*>")
COMMENT = re.compile(rb"<!--.*?-->", re.S)
REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})""")


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _cells_end(xml: bytes, start: int, end: int, cell, max_cols: int) -> int:
    """Where the row's cells past column ``max_cols`` begin (``end`` when none are)."""
    column = 0
    for count, found in enumerate(cell.finditer(xml, start, end), start=1):
        ref = REF.search(found.group(0))
        column = _column(ref.group(1)) if ref else column + 1
        if column > max_cols or count > max_cols:
            return found.start()
    return end


def trim_sheet(xml: bytes, max_rows: int, max_cols: int) -> bytes:
    if b"<![CDATA[" in xml:
        raise BadImport(["the workbook's sheet holds CDATA sections, which spreadsheet "
                         "programs never write; save it again from Excel or LibreOffice"])
    xml = COMMENT.sub(b"", xml)
    data = SHEET_DATA.search(xml)
    if data is None or data.group(0).endswith(b"/>"):
        return xml
    name = (data.group(1) + b":") if data.group(1) else b""
    row = re.compile(rb"<" + re.escape(name) + rb"row(?=[\s/>])[^>]*>")
    cell = re.compile(rb"<" + re.escape(name) + rb"c(?=[\s/>])[^>]*>")
    row_close, data_close = b"</" + name + b"row>", b"</" + name + b"sheetData>"
    end = xml.find(data_close, data.end())
    if end < 0:
        return xml
    out, pos = [xml[:data.end()]], data.end()
    for _ in range(max_rows):
        found = row.search(xml, pos, end)
        if found is None:
            break
        if found.group(0).endswith(b"/>"):
            out.append(xml[pos:found.end()])
            pos = found.end()
            continue
        closing = xml.find(row_close, found.end(), end)
        if closing < 0:
            break
        cut = _cells_end(xml, found.end(), closing, cell, max_cols)
        out += [xml[pos:cut], row_close]
        pos = closing + len(row_close)
    out.append(xml[end:])
    return b"".join(out)


def markup(xml: bytes) -> int:
    """How many tags a part holds, about (C speed): each costs openpyxl Python work."""
    return xml.count(b"<")
