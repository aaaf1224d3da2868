"""CSV sheets: the same columns as the XLSX layout, UTF-8, comma, semicolon or tab."""
from __future__ import annotations

import csv
import io

from . import BadImport, Draft
from .sheet import HEADER_SEARCH, MAX_ROWS, read_rows


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
    reader = csv.reader(io.StringIO(text, newline=""), dialect)

    def rows():
        try:
            for number, cells in enumerate(reader, start=1):
                if number > HEADER_SEARCH + MAX_ROWS + 1:
                    return
                yield number, cells
        except csv.Error as exc:
            raise BadImport([f"line {reader.line_num}: {exc}"]) from None
    return read_rows(rows(), default_title, missing_images)
