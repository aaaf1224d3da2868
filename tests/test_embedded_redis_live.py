"""Several `quizroom serve` of one checkout share its embedded Redis: whichever stops,
the others keep their games, and the last one to stop stops the Redis (issue #19, 11).

Each test has an instance folder of its own (QUIZROOM_INSTANCE_PATH), so its Redis is
its own too and the developer's instance/ is never touched.
"""
from __future__ import annotations

import os
import signal
import time

import pytest
import requests

from tests.live import LiveServer
from tests.test_cli import _alive, _children

pytestmark = pytest.mark.live


@pytest.fixture
def instance(tmp_path):
    """The instance folder, and every server started on it (killed at the end), and its
    Redis (killed too if a test failed before the last server stopped it)."""
    folder = tmp_path / "instance"
    started = []

    def serve(*args, mode="gevent"):
        server = LiveServer(None, "qr:", mode, log_dir=tmp_path,
                            env={"QUIZROOM_INSTANCE_PATH": str(folder)}, args=list(args))
        started.append(server.start(timeout=60))
        return server
    serve.folder = folder
    yield serve
    for server in started:
        server.stop(signal.SIGKILL)
    pid_file = folder / "redis" / "redis.pid"
    if pid_file.exists() and _alive(int(pid_file.read_text())):
        os.kill(int(pid_file.read_text()), signal.SIGKILL)


def redis_pid(serve) -> int:
    return int((serve.folder / "redis" / "redis.pid").read_text())


def still_serves(server, room=None) -> None:
    """What a host at that server would do: the health check, the host page, a room."""
    assert requests.get(server.url + "/healthz", timeout=20).status_code == 200
    assert requests.get(server.url + "/host", timeout=20).status_code == 200
    made = requests.post(server.url + "/api/rooms", json={"quiz_id": "flask-interview"},
                         timeout=20)
    assert made.status_code == 201, made.text
    if room is not None:  # a room made before the other server stopped is still there
        auth = {"Authorization": f"Bearer {room['host_token']}"}
        assert requests.get(f"{server.url}/api/rooms/{room['pin']}/results", headers=auth,
                            timeout=20).ok


def stop(server, sig=signal.SIGTERM) -> None:
    """Stop it as a terminal would and wait, longer than LiveServer.stop, which kills a
    server still stopping after 10 s: on a busy machine an AOF write can take that."""
    server.proc.send_signal(sig)
    server.proc.wait(60)
    assert server.proc.returncode == 0, server.log()


def gone_within(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _alive(pid)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGHUP], ids=["ctrl-c", "closed"])
def test_a_second_server_stopping_leaves_the_first_its_redis(instance, sig):
    first = instance()
    second = instance()
    pid = redis_pid(instance)
    assert "reusing embedded redis" in second.log()
    room = first.create_room()

    stop(second, sig)  # Ctrl-C, or its terminal closed
    assert _alive(pid)
    still_serves(first, room)
    assert "leaving the embedded redis running" in second.log()

    stop(first)  # the last one to stop stops it
    assert gone_within(pid)
    assert "stopping the embedded redis" in first.log()


def test_the_server_that_started_redis_stopping_first_leaves_it_to_the_other(instance):
    first = instance()
    pid = redis_pid(instance)
    second = instance(mode="eventlet")
    room = second.create_room()

    stop(first)
    assert _alive(pid)
    still_serves(second, room)

    stop(second)
    assert gone_within(pid)


def test_a_killed_server_does_not_keep_redis_running_for_ever(instance):
    first = instance()
    pid = redis_pid(instance)
    second = instance()
    second.stop(signal.SIGKILL)  # no clean-up at all: its registration stays behind
    still_serves(first)

    stop(first)
    assert gone_within(pid)


def test_workers_and_a_single_server_share_redis_and_either_may_stop_first(instance):
    supervised = instance("--workers", "2")
    pid = redis_pid(instance)
    workers = [p for p in _children(supervised.proc.pid) if p != pid]
    single = instance()

    stop(supervised, signal.SIGHUP)
    assert not any(_alive(p) for p in workers)
    assert _alive(pid)
    still_serves(single)

    stop(single, signal.SIGINT)
    assert gone_within(pid)


def test_a_host_command_beside_a_server_leaves_it_its_redis(instance):
    from tests.test_cli import run
    env = {**os.environ, "QUIZROOM_INSTANCE_PATH": str(instance.folder)}
    env.pop("REDIS_URL", None)
    alone = run("quizroom", "host", "list", env=env)  # no server: started, then stopped
    assert alone.returncode == 0, alone.stderr
    # redis-server removes its pid file as it exits, and the port file goes with it
    assert not (instance.folder / "redis" / "redis.pid").exists()
    assert not (instance.folder / "redis" / "port").exists()
    server = instance()
    beside = run("quizroom", "host", "list", env=env)
    assert beside.returncode == 0, beside.stderr
    assert "no host accounts" in beside.stdout
    still_serves(server)
