"""A Redis at its memory limit (noeviction): a signed-in host still reads the library,
what needs a write gets 503 ``unavailable``, never a 500, and nothing is lost."""
from __future__ import annotations

import os
import uuid

import pytest
import redis
import requests

from tests.live import LiveServer
from tests.test_cli import run

pytestmark = pytest.mark.live

PASSWORD = "correct horse"
PAGE = {"Accept": "text/html"}


@pytest.fixture
def full(bare_redis, tmp_path):
    """A live server on a Redis of its own, and a function that fills that Redis."""
    prefix = f"qrfull:{uuid.uuid4().hex[:8]}:"
    env = {**os.environ, "REDIS_URL": bare_redis, "QUIZROOM_KEY_PREFIX": prefix}
    added = run("quizroom", "host", "add", "alice", "--password-stdin", input=PASSWORD + "\n",
                env=env)
    assert added.returncode == 0, added.stderr
    server = LiveServer(bare_redis, prefix, log_dir=tmp_path).start()
    client = redis.Redis.from_url(bare_redis)
    yield server, client
    server.stop()
    client.close()


def fill(client) -> None:
    """maxmemory just above what is used, then filler until Redis refuses a write."""
    client.config_set("maxmemory-policy", "noeviction")
    client.config_set("maxmemory", client.info("memory")["used_memory"] + 256 * 1024)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        for i in range(100_000):
            client.set(f"filler:{i}", b"x" * 256)
    # client buffers come and go, and a few kB freed would let a small write through
    # now and then: the limit stays a little under what is used
    client.config_set("maxmemory", client.info("memory")["used_memory"] - 64 * 1024)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        client.set("probe", b"x")


def test_a_full_redis_answers_503_never_500_and_loses_nothing(full):
    server, client = full
    host = requests.Session()
    assert host.post(server.url + "/login", json={"name": "alice", "password": PASSWORD}
                     ).status_code == 200
    made = host.post(server.url + "/api/library", json={"title": "Kept"})
    assert made.status_code == 201
    fill(client)

    # reads of a signed-in host: the session is not written again, so they answer
    listed = host.get(server.url + "/api/library")
    assert listed.status_code == 200, listed.text
    assert made.json()["id"] in [q["id"] for q in listed.json()["quizzes"]]
    assert host.get(server.url + "/api/me").json()["name"] == "alice"
    assert host.get(server.url + "/quizzes", headers=PAGE).status_code == 200
    # a write: 503 unavailable, as JSON under /api/
    refused = host.post(server.url + "/api/library", json={"title": "No room"})
    assert refused.status_code == 503, refused.text
    assert refused.json()["error"]["code"] == "unavailable"
    # a sign-in must store its session: 503 JSON, or the error page for a form
    fresh = requests.post(server.url + "/login", json={"name": "alice", "password": PASSWORD})
    assert fresh.status_code == 503 and fresh.json()["error"]["code"] == "unavailable"
    form = requests.post(server.url + "/login", headers=PAGE, allow_redirects=False,
                         data={"name": "alice", "password": PASSWORD})
    assert form.status_code == 503 and 'data-code="unavailable"' in form.text
    wrong = requests.post(server.url + "/login", json={"name": "alice", "password": "bad guess"})
    assert wrong.status_code == 503 and wrong.json()["error"]["code"] == "unavailable"
    assert "Traceback" not in server.log()

    client.config_set("maxmemory", 0)
    listed = host.get(server.url + "/api/library").json()["quizzes"]
    assert [q["title"] for q in listed if q["id"] == made.json()["id"]] == ["Kept"]
    again = requests.Session()
    assert again.post(server.url + "/login", json={"name": "alice", "password": PASSWORD}
                      ).status_code == 200
    assert again.post(server.url + "/api/library", json={"title": "Room now"}).status_code == 201
