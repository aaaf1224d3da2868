"""A workbook's XML cut down to what a quiz can use, before openpyxl parses any of it.

openpyxl builds every cell of a row in Python, ``max_col`` or not, so one row of
650 000 cells held a worker for seconds. Here, with regular expressions that only
find where a tag opens and ``bytes.find`` for the rest (C speed, linear in the size,
nothing per cell past the limit), each worksheet keeps its first ``max_rows`` rows
and each row its cells up to column ``max_cols``;
the other parts openpyxl reads whole (shared strings, styles, the workbook) may
hold at most ``MAX_MARKUP`` tags between them. The XML is not otherwise judged:
a cut that leaves it broken is for openpyxl to refuse.
"""
from __future__ import annotations

import re

from . import BadImport

MAX_MARKUP = 400_000   # tags in the parts read whole: a 2000-row sheet's strings and then some
_PREFIX = rb"(?:([A-Za-z_][\w.-]*):)?"
# tag openings only: each tag's end is found with bytes.find, never by a pattern that
# a tag left open would send to the end of the file again and again (quadratic)
SHEET_DATA = re.compile(rb"<" + _PREFIX + rb"sheetData(?=[\s/>])")
REF = re.compile(rb"""\sr\s*=\s*["']\$?([A-Za-z]{1,3})""")


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _without_comments(xml: bytes) -> bytes:
    """The XML with its comments taken out; an unclosed one runs to the end."""
    out, pos = [], 0
    while (start := xml.find(b"<!--", pos)) >= 0:
        out.append(xml[pos:start])
        end = xml.find(b"-->", start + 4)
        if end < 0:
            return b"".join(out)
        pos = end + 3
    out.append(xml[pos:])
    return b"".join(out)


def _tags(xml: bytes, opening, start: int, end: int):
    """(start, end, text) of each tag ``opening`` begins between ``start`` and ``end``;
    stops at a tag that is never closed."""
    while (found := opening.search(xml, start, end)) is not None:
        close = xml.find(b">", found.end(), end)
        if close < 0:
            return
        yield found.start(), close + 1, xml[found.start():close + 1]
        start = close + 1


def _cells_end(xml: bytes, start: int, end: int, cell, max_cols: int) -> int:
    """Where the row's cells past column ``max_cols`` begin (``end`` when none are)."""
    column = 0
    for count, (at, _after, tag) in enumerate(_tags(xml, cell, start, end), start=1):
        ref = REF.search(tag)
        column = _column(ref.group(1)) if ref else column + 1
        if column > max_cols or count > max_cols:
            return at
    return end


def trim_sheet(xml: bytes, max_rows: int, max_cols: int) -> bytes:
    if b"<![CDATA[" in xml:
        raise BadImport(["the workbook's sheet holds CDATA sections, which spreadsheet "
                         "programs never write; save it again from Excel or LibreOffice"])
    xml = _without_comments(xml)
    data = next(_tags(xml, SHEET_DATA, 0, len(xml)), None)
    if data is None or data[2].endswith(b"/>"):
        return xml
    name = SHEET_DATA.match(data[2]).group(1)
    name = name + b":" if name else b""
    row = re.compile(rb"<" + re.escape(name) + rb"row(?=[\s/>])")
    cell = re.compile(rb"<" + re.escape(name) + rb"c(?=[\s/>])")
    row_close, data_close = b"</" + name + b"row>", b"</" + name + b"sheetData>"
    end = xml.find(data_close, data[1])
    if end < 0:
        return xml
    out, pos = [xml[:data[1]]], data[1]
    rows = _tags(xml, row, pos, end)
    for _ in range(max_rows):
        found = next(rows, None)
        if found is None:
            break
        _at, after, tag = found
        if tag.endswith(b"/>"):
            out.append(xml[pos:after])
            pos = after
            continue
        closing = xml.find(row_close, after, end)
        if closing < 0:
            break
        cut = _cells_end(xml, after, closing, cell, max_cols)
        out += [xml[pos:cut], row_close]
        pos = closing + len(row_close)
        rows = _tags(xml, row, pos, end)
    out.append(xml[end:])
    return b"".join(out)


def markup(xml: bytes) -> int:
    """How many tags a part holds, about (C speed): each costs openpyxl Python work."""
    return xml.count(b"<")
