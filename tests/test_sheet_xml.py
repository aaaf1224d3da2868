"""A sheet's XML is cut to what a quiz can use in time linear in its size: a file of
unclosed tags or comments must not hold a worker (the regex module holds the GIL, so
a thread does not help) while it is cut."""
from __future__ import annotations

import time

import pytest

from server.importing.sheetxml import trim_sheet

HEAD, TAIL = b"<worksheet><sheetData>", b"</sheetData></worksheet>"
SIZE = 400_000  # bytes: a sheet of this size is well inside the zip caps


@pytest.mark.parametrize("filler", [b"<!--", b"<row ", b"<row><c ", b"<c "],
                         ids=["comments", "rows", "cells", "row-of-cells"])
def test_a_sheet_of_unclosed_tags_is_cut_at_once(filler):
    xml = HEAD + (b"<row>" if filler == b"<c " else b"") + filler * (SIZE // len(filler)) + TAIL
    started = time.monotonic()
    trim_sheet(xml, 2031, 40)
    # linear: well under a second on any machine; the quadratic cut took 30 s to minutes
    assert time.monotonic() - started < 5


def test_rows_and_cells_past_the_limits_are_cut_and_the_rest_kept():
    rows = b"".join(b'<row r="%d">' % n + b"".join(
        b'<c r="%s%d"><v>%d</v></c>' % (col, n, n) for col in (b"A", b"B", b"C")) + b"</row>"
        for n in range(1, 6))
    xml = b'<worksheet><!-- a note --><sheetData>' + rows + TAIL
    cut = trim_sheet(xml, 3, 2)
    assert cut.count(b"<row ") == 3 and b'r="C1"' not in cut and b'r="B3"' in cut
    assert b"a note" not in cut and cut.endswith(TAIL)
    prefixed = trim_sheet(xml.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
                          .replace(b"<x:!--", b"<!--"), 2, 1)
    assert prefixed.count(b"<x:row ") == 2 and b'r="B1"' not in prefixed
