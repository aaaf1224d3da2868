"""What a newcomer's first mistakes get: one clear sentence each, never a traceback, and
a non-zero exit where the server cannot run (issue #19, 12)."""
from __future__ import annotations

import json
import os
import socket

import pytest
import requests

from tests.conftest import _start_redis
from tests.helpers import free_port, pack, single
from tests.live import LiveServer
from tests.test_cli import run

pytestmark = pytest.mark.live


@pytest.fixture
def env(redis_url, prefix):
    return {**os.environ, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix}


@pytest.fixture
def taken():
    """A port something else listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def said(out) -> str:
    return out.stdout + out.stderr


def test_a_port_in_use_is_said_in_one_sentence_before_anything_else(taken, tmp_path, prefix):
    # no REDIS_URL: nor is an embedded Redis started for a server that cannot listen
    instance = tmp_path / "instance"
    env = {**os.environ, "QUIZROOM_INSTANCE_PATH": str(instance), "QUIZROOM_KEY_PREFIX": prefix}
    env.pop("REDIS_URL", None)
    out = run("quizroom", "serve", "--port", str(taken), env=env)
    assert out.returncode != 0
    assert f"port {taken} on 127.0.0.1 is already in use" in out.stderr, said(out)
    assert "--port" in out.stderr  # and what to do about it
    assert "Traceback" not in said(out) and "QuizRoom on http" not in said(out)
    assert not (instance / "redis" / "redis.pid").exists()  # no Redis left behind


def test_a_port_another_eventlet_quizroom_listens_on_is_not_shared_silently(env, redis_url,
                                                                          prefix, tmp_path):
    # eventlet listens with SO_REUSEPORT: a second one would bind the same port and take
    # half of the first one's connections
    first = LiveServer(redis_url, prefix, "eventlet", log_dir=tmp_path).start(timeout=60)
    try:
        out = run("quizroom", "serve", "--port", str(first.port), "--async-mode", "eventlet",
                  env=env)
    finally:
        first.stop()
    assert out.returncode != 0
    assert f"port {first.port} on 127.0.0.1 is already in use" in out.stderr, said(out)


def test_a_worker_port_in_use_stops_the_supervisor_with_the_same_sentence(taken, env):
    out = run("quizroom", "serve", "--port", str(taken - 1), "--workers", "2", env=env)
    assert out.returncode != 0
    assert f"port {taken} on 127.0.0.1 is already in use" in out.stderr, said(out)
    assert "Traceback" not in said(out) and "supervising" not in said(out)


@pytest.mark.parametrize("value", ["abc", "70000", "0"])
def test_a_bad_port_variable_is_named_with_what_it_must_be(value, env):
    out = run("quizroom", "serve", env={**env, "PORT": value})
    assert out.returncode != 0
    assert f"PORT must be a whole number from 1 to 65535, got {value!r}" in out.stderr, said(out)
    assert "Traceback" not in said(out)


def test_pages_and_the_api_say_the_database_is_unreachable_while_redis_is_down(tmp_path,
                                                                               prefix):
    proc, url = _start_redis(str(tmp_path))
    server = LiveServer(url, prefix, log_dir=tmp_path).start(timeout=60)
    browser = requests.Session()
    try:
        assert browser.post(server.url + "/api/rooms", json={"quiz_id": "flask-interview"},
                            timeout=5).status_code == 201  # the browser has a session now
        proc.kill()
        proc.wait(10)
        for who in (requests, browser):  # without a session cookie, and with one
            page = who.get(server.url + "/host", timeout=10)
            assert page.status_code == 503, page.text[:300]
            assert "text/html" in page.headers["Content-Type"]
            assert "cannot reach its database (Redis)" in page.text
            assert "try again" in page.text
            for method, path in (("post", "/api/rooms"), ("get", "/api/library")):
                reply = getattr(who, method)(server.url + path, json={"quiz_id": "x"},
                                             timeout=10)
                assert reply.status_code == 503, reply.text[:300]
                assert reply.json()["error"]["code"] == "unavailable"
                assert "Redis" in reply.json()["error"]["message"]
        assert "Traceback" not in server.log()
    finally:
        server.stop()
        if proc.poll() is None:
            proc.kill()


def test_importing_a_pack_the_validator_rejects_says_it_is_kept_as_a_draft(env, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    bad = pack(single(), single(answer=5), id="needs-work", title="Needs work")
    (folder / "needs-work.json").write_text(json.dumps(bad))
    (folder / "fine.json").write_text(json.dumps(pack(single(), id="fine", title="Fine")))
    checked = run("quizroom", "quiz", "validate", str(folder / "needs-work.json"))
    assert checked.returncode == 1  # the validator says no

    out = run("quizroom", "library", "import", str(folder), env=env)
    assert out.returncode == 0, said(out)
    lines = out.stdout.splitlines()
    (needs_work,) = [line for line in lines if line.startswith("needs-work.json:")
                     and "draft" in line]
    assert "kept as a draft" in needs_work and "cannot be played" in needs_work
    assert "  questions[1].answer: index 5 out of range for 4 choices" in lines
    assert not any("fine.json" in line and "draft" in line for line in lines)
