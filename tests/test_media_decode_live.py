"""Image decoding on the real server is bounded by the pixels it really decodes: a thin
JPEG the reduced-scale path used to skip, sent four at once, costs the worker a few
megabytes, not gigabytes."""
from __future__ import annotations

import io
import threading

import pytest
import requests
from PIL import Image, ImageDraw

from tests.floods import rss_mb

pytestmark = pytest.mark.live


def peak_mb(pid: int) -> float:
    return rss_mb(pid, "VmHWM")


@pytest.fixture(scope="module")
def thin_jpeg() -> bytes:
    """65500 x 763 (50 MP under the cap): 1/8 scale still leaves it 96 px tall, which
    the old draft() request (1600 x 1600) did not allow, so it decoded at full size."""
    image = Image.new("RGB", (65500, 763), (40, 90, 160))
    draw = ImageDraw.Draw(image)
    for x in range(0, 65500, 700):
        draw.rectangle((x, 100, x + 300, 600), fill=(250, 200, 30))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def test_four_thin_jpegs_at_once_cost_little_memory(live_server, thin_jpeg):
    pid = live_server.proc.pid
    # warm the decoder and encoder up first: their first use maps libraries and pools
    small = io.BytesIO()
    Image.new("RGB", (64, 64), "red").save(small, "JPEG")
    assert requests.post(f"{live_server.url}/api/media", files={"file": ("s.jpg",
                         small.getvalue())}, timeout=30).status_code == 201
    before = rss_mb(pid)
    replies = [None] * 4

    def upload(i):
        replies[i] = requests.post(f"{live_server.url}/api/media",
                                   files={"file": (f"thin{i}.jpg", thin_jpeg)}, timeout=60)

    threads = [threading.Thread(target=upload, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    grown, kept = peak_mb(pid) - before, rss_mb(pid) - before
    for reply in replies:
        # each one a clear answer: stored, or "busy, try again" when the decoders are taken
        assert reply.status_code in (201, 503), reply.text
        if reply.status_code == 201:
            assert (reply.json()["width"], reply.json()["height"]) == (1600, 19)
        else:
            assert reply.json()["error"]["code"] == "unavailable"
            assert int(reply.headers["Retry-After"]) >= 1
    assert any(r.status_code == 201 for r in replies)
    print(f"thin JPEG x4: peak +{grown:.0f} MB, kept +{kept:.0f} MB")
    # the full-size decode was +577 MB each (2.3 GB for the four)
    assert grown < 150, (grown, kept)
