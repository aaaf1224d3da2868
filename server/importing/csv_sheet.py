"""CSV sheets: the same columns as the XLSX layout, UTF-8, comma, semicolon or tab."""
from __future__ import annotations

import csv
import io

from . import BadImport, Draft
from .sheet import HEADER_SEARCH, MAX_COLUMNS, MAX_ROWS, read_rows


# a line is cut here before the csv module splits it: splitting holds the GIL, and a
# line of millions of cells held the worker's event loop for a second and more
MAX_LINE = 256 * 1024


def _lines(text: str):
    for line in io.StringIO(text, newline=""):
        yield line if len(line) <= MAX_LINE else line[:MAX_LINE] + "\n"


def read_csv(data: bytes, default_title: str, missing_images=None) -> Draft:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadImport(["the CSV file is not UTF-8 text; save it as \"CSV UTF-8\""]) from None
    if "\0" in text:
        raise BadImport(["the file is not a CSV text file"])
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(_lines(text), dialect)

    def rows():
        try:
            for number, cells in enumerate(reader, start=1):
                if number > HEADER_SEARCH + MAX_ROWS + 1:
                    return
                yield number, cells[:MAX_COLUMNS]  # a row is read this far, never further
        except csv.Error as exc:
            raise BadImport([f"line {reader.line_num}: {exc}"]) from None
    return read_rows(rows(), default_title, missing_images)
