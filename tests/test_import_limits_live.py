"""Imports on the real server (gevent and eventlet) never stall the games of their
worker: a hostile sheet is refused quickly, parsed off the event loop, and a live
room's acks keep coming meanwhile."""
from __future__ import annotations

import io
import random
import statistics
import threading
import time
import zipfile

import pytest
import requests
from openpyxl import Workbook

from tests.helpers import pack, single
from tests.live import Client

pytestmark = pytest.mark.live


def wide_xlsx(cells: int = 650_000) -> bytes:
    """A real workbook whose first sheet's first row holds ``cells`` numbers: 3.7 MB,
    16 MB of sheet XML, under every zip cap (random digits keep the ratio near 4)."""
    book = Workbook()
    book.active.append(["x"])
    base = io.BytesIO()
    book.save(base)
    rnd = random.Random(7)
    row = "".join(f"<c><v>{rnd.random():.9f}</v></c>" for _ in range(cells))
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData><row r="1">{row}</row></sheetData></worksheet>').encode()
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, sheet if info.filename == "xl/worksheets/sheet1.xml"
                         else src.read(info))
    return out.getvalue()


def wide_csv(cells: int = 2_000_000) -> bytes:
    """One line of ``cells`` numbers (14 MB): the csv module splits it quickly, but a
    reader that looks at every cell for a header takes seconds."""
    return (",".join("1.5" for _ in range(cells)) + "\r\n").encode()


@pytest.fixture(scope="module")
def hostile_files():
    return {"wide.xlsx": wide_xlsx(), "wide.csv": wide_csv()}


def acks_during(server, work) -> tuple[list[float], object]:
    """Run ``work()`` in a thread while a host's console of a live room asks for its
    state every 50 ms; (each ack's seconds, work's result)."""
    room = server.create_room(quiz=pack(single()))
    host = Client(server.url)
    attach = {"pin": room["pin"], "host_token": room["host_token"]}
    assert host.call("host:attach", attach)["ok"]
    result, waits = {}, []
    worker = threading.Thread(target=lambda: result.update(value=work()))
    worker.start()
    try:
        while worker.is_alive() or not waits:
            started = time.monotonic()
            assert host.call("host:attach", attach, timeout=30)["ok"]
            waits.append(time.monotonic() - started)
            time.sleep(0.05)
    finally:
        worker.join()
        host.close()
    return waits, result["value"]


@pytest.mark.parametrize("name", ["wide.xlsx", "wide.csv"])
def test_a_hostile_sheet_is_refused_quickly_and_acks_keep_coming(live_server, hostile_files,
                                                                 name):
    data = hostile_files[name]

    def send():
        started = time.monotonic()
        reply = requests.post(f"{live_server.url}/api/library/import",
                              files={"file": (name, data)}, timeout=60)
        return reply, time.monotonic() - started

    waits, (reply, seconds) = acks_during(live_server, send)
    assert reply.status_code == 400, reply.text
    error = reply.json()["error"]
    assert error["code"] == "bad_import"
    assert error["message"].startswith("no header row found"), error
    p50, worst = statistics.median(waits), max(waits)
    print(f"{live_server.async_mode} {name}: refused in {seconds:.2f} s; acks meanwhile "
          f"p50 {p50 * 1000:.0f} ms, max {worst * 1000:.0f} ms ({len(waits)} acks)")
    # parsing the whole row took 4.4-12 s, all of it on the loop
    assert seconds < 2.0, seconds
    assert worst < 1.0, waits
