"""Images are charged on the real server: a bundle pays for every image it brings, a
failed import keeps none of them, each host keeps at most its quota, and an image no
quiz names any more is let go once the trash has let its quiz go."""
from __future__ import annotations

import json
import time

import pytest
import requests

from server.service.images import process
from tests.live import LiveServer
from tests.test_import_export import zip_of
from tests.test_media import picture

pytestmark = pytest.mark.live


def start(redis_url, prefix, tmp_path, **env):
    return LiveServer(redis_url, prefix, log_dir=tmp_path,
                      env={k: str(v) for k, v in env.items()}).start()


@pytest.fixture
def server(redis_url, prefix, tmp_path):
    live = start(redis_url, prefix, tmp_path, QUIZROOM_LIBRARY_MAX_QUIZZES=2)
    yield live
    live.stop()


def images(count: int, start_at: int = 0) -> list[bytes]:
    """``count`` distinct small pictures (one colour each)."""
    return [picture(colour=(i % 256, i // 256, 99)) for i in range(start_at, start_at + count)]


def bundle(pictures: list[bytes]) -> bytes:
    """A bundle with a question per picture, each named by a made-up hash."""
    names = [f"{i:064x}" for i in range(len(pictures))]
    quiz = {"title": "Pictures", "questions": [
        {"type": "info", "text": f"Slide {i}", "image": name} for i, name in enumerate(names)]}
    return zip_of({"quiz.json": json.dumps(quiz).encode(),
                   **{f"images/{n}.png": data for n, data in zip(names, pictures)}})


def send(server, data: bytes, name="quiz.zip"):
    return requests.post(f"{server.url}/api/library/import", files={"file": (name, data)},
                         timeout=60)


def stored_images(rdb, prefix) -> list[str]:
    return [k for k in rdb.scan_iter(match=f"{prefix}media:*", count=1000)
            if len(k) == len(prefix) + len("media:") + 64]


def quizzes(server) -> list:
    listing = requests.get(f"{server.url}/api/library", timeout=10).json()["quizzes"]
    return [q for q in listing if not q["builtin"]]


def test_a_bundle_pays_for_each_image_it_brings(server, rdb, prefix):
    started = time.monotonic()
    reply = send(server, bundle(images(120)))
    # 120 images against 60 uploads a minute: refused before a single one is decoded
    assert reply.status_code == 429, reply.text[:300]
    assert reply.json()["error"]["code"] == "rate_limited"
    assert int(reply.headers["Retry-After"]) >= 1
    assert stored_images(rdb, prefix) == [] and quizzes(server) == []
    print(f"120-image bundle refused in {time.monotonic() - started:.2f} s")


def test_a_failed_import_keeps_none_of_its_images(server, rdb, prefix):
    damaged = picture()[:-40]
    reply = send(server, bundle(images(2) + [damaged]))
    assert reply.status_code == 400, reply.text[:300]
    assert reply.json()["error"]["code"] == "bad_import"
    assert "damaged" in reply.json()["error"]["message"]
    assert stored_images(rdb, prefix) == []
    # a library at its cap: the images were cleaned and stored, then the quiz was refused
    for title in ("one", "two"):
        assert requests.post(f"{server.url}/api/library", json={"title": title},
                             timeout=10).status_code == 201
    reply = send(server, bundle(images(2, start_at=10)))
    assert reply.status_code == 429 and reply.json()["error"]["code"] == "too_many_quizzes"
    assert stored_images(rdb, prefix) == []
    # a picture stored before, and brought again by a failed import, stays
    kept = requests.post(f"{server.url}/api/media", files={"file": ("k.png", images(1)[0])},
                         timeout=10).json()["hash"]
    assert send(server, bundle(images(1))).status_code == 429
    assert stored_images(rdb, prefix) == [f"{prefix}media:{kept}"]


def upload(server, data: bytes):
    return requests.post(f"{server.url}/api/media", files={"file": ("p.png", data)},
                         timeout=30)


def test_a_host_keeps_at_most_its_quota_and_unused_images_are_let_go(redis_url, prefix,
                                                                     tmp_path):
    old, shared, new = images(3, start_at=40)
    sizes = [len(process(p).data) for p in (old, shared, new)]
    live = start(redis_url, prefix, tmp_path, QUIZROOM_TRASH_TTL=1,
                 QUIZROOM_MEDIA_MAX_BYTES_PER_OWNER=sum(sizes) - 1)
    try:
        first, second = upload(live, old).json()["hash"], upload(live, shared).json()["hash"]
        assert upload(live, old).status_code == 201  # the same picture is charged once
        refused = upload(live, new)
        assert refused.status_code == 413, refused.text[:300]
        error = refused.json()["error"]
        assert error["code"] == "media_quota" and error["limit"] == sum(sizes) - 1
        assert error["used"] == sizes[0] + sizes[1]
        made = [requests.post(f"{live.url}/api/library", timeout=10, json={
            "title": title, "questions": [{"type": "info", "text": "Look", "image": digest}]})
            .json()["id"] for title, digest in (("gone", first), ("kept", second))]
        assert requests.delete(f"{live.url}/api/library/{made[0]}", timeout=10).ok
        time.sleep(1.5)  # the trash lets the deleted quiz go
        # over the quota again: the image no quiz names any more is let go, then stored
        assert upload(live, new).status_code == 201
        assert requests.get(f"{live.url}/media/{first}", timeout=10).status_code == 404
        assert requests.get(f"{live.url}/media/{second}", timeout=10).status_code == 200
    finally:
        live.stop()
