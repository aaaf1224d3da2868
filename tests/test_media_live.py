"""A large upload on the real server (gevent and eventlet) does not stall the games on
the same worker: Pillow runs in a native thread while the event loop keeps serving."""
from __future__ import annotations

import io
import threading
import time

import pytest
import requests
from PIL import Image

pytestmark = pytest.mark.live


def slow_png() -> bytes:
    """Colour noise: the costliest picture to encode, a couple of seconds here."""
    noise = Image.merge("RGB", [Image.effect_noise((1600, 1600), 60) for _ in range(3)])
    out = io.BytesIO()
    noise.save(out, "PNG", compress_level=1)
    return out.getvalue()


def test_upload_does_not_stall_the_worker(live_server):
    data = slow_png()
    done = {}

    def upload():
        started = time.monotonic()
        reply = requests.post(f"{live_server.url}/api/media",
                              files={"file": ("noise.png", data)}, timeout=60)
        done["status"], done["seconds"] = reply.status_code, time.monotonic() - started

    worker = threading.Thread(target=upload)
    worker.start()
    slowest = 0.0
    while worker.is_alive():
        started = time.monotonic()
        assert requests.get(f"{live_server.url}/healthz", timeout=30).status_code == 200
        slowest = max(slowest, time.monotonic() - started)
        time.sleep(0.05)
    worker.join()
    assert done["status"] == 201
    # the upload took seconds; a health check during it answered in a fraction of that
    assert done["seconds"] > 0.4, "the picture was too quick to show anything"
    assert slowest < done["seconds"] / 2, (slowest, done["seconds"])
