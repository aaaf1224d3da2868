"""The quizroom command: help, pack validation, and serving with an embedded Redis."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.helpers import pack, single
from tests.live import ROOT, LiveServer

BIN = Path(sys.executable).parent


def run(*args, **kwargs):
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, **kwargs)


def test_help_explains_the_commands():
    out = run("quizroom", "--help")
    assert out.returncode == 0 and "serve" in out.stdout and "quiz" in out.stdout
    serve = run("quizroom", "serve", "--help").stdout
    for option in ("--host", "--port", "--async-mode", "REDIS_URL"):
        assert option in serve


def test_version_names_the_installed_release():
    from importlib.metadata import version
    out = run("quizroom", "--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"quizroom, version {version('quizroom')}"


@pytest.mark.parametrize("value", ["lots", "10000,50", "0,50,10"])
def test_a_bad_collector_setting_stops_serve_with_a_message_naming_it(value, redis_url):
    out = run("quizroom", "serve", "--port", "1", env={
        **os.environ, "REDIS_URL": redis_url, "QUIZROOM_GC_THRESHOLD": value})
    assert out.returncode != 0
    assert "QUIZROOM_GC_THRESHOLD must be three positive whole numbers" in out.stderr
    assert "Traceback" not in out.stderr


def test_validate_accepts_the_seeds_and_lists_every_error_of_a_bad_pack(tmp_path):
    ok = run("quizroom", "quiz", "validate", "seeds/")
    assert ok.returncode == 0 and "flask-interview.json: ok" in ok.stdout
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(pack(single(), single(), single(), single(answer=5),
                                   single(time_limit=1))))
    out = run("flask", "--app", "server", "quiz", "validate", str(bad))
    assert out.returncode == 1
    assert "questions[3].answer: index 5 out of range for 4 choices" in out.stdout
    assert "questions[4].time_limit: must be an integer from 2 to 600 seconds" in out.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    out = run("quizroom", "quiz", "validate", str(broken))
    assert out.returncode == 1 and "not valid JSON: line 1" in out.stdout


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is as good as gone
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


@pytest.mark.live
@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_embedded_redis_keeps_games_across_restarts_and_leaves_nothing_behind(tmp_path, prefix,
                                                                              mode):
    instance = tmp_path / "instance"
    env = {"QUIZROOM_INSTANCE_PATH": str(instance), "QUIZROOM_ASYNC_MODE": mode}
    server = LiveServer(None, prefix, log_dir=tmp_path, env=env).start()
    room = server.create_room(quiz=pack(single()))
    auth = {"Authorization": f"Bearer {room['host_token']}"}
    redis_pid = int((instance / "redis" / "redis.pid").read_text())
    port = (instance / "redis" / "port").read_text()

    server.stop(signal.SIGKILL)  # no cleanup at all: redis keeps running
    assert _alive(redis_pid)
    server = LiveServer(None, prefix, log_dir=tmp_path, env=env, port=server.port).start()
    assert (instance / "redis" / "port").read_text() == port  # found again, not doubled
    assert int((instance / "redis" / "redis.pid").read_text()) == redis_pid
    assert requests.get(f"{server.url}/api/rooms/{room['pin']}/results", headers=auth).ok

    server.stop(signal.SIGTERM)  # clean stop: redis shuts down after writing its AOF
    deadline = time.monotonic() + 10
    while _alive(redis_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(redis_pid)
    assert (instance / "redis" / "appendonly.aof").exists() or \
        (instance / "redis" / "appendonlydir").exists()

    server = LiveServer(None, prefix, log_dir=tmp_path, env=env).start()  # data survived
    try:
        assert requests.get(f"{server.url}/api/rooms/{room['pin']}/results", headers=auth).ok
        new_pid = int((instance / "redis" / "redis.pid").read_text())
        assert new_pid != redis_pid
    finally:
        server.stop(signal.SIGINT)
    deadline = time.monotonic() + 10
    while _alive(new_pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(new_pid)


@pytest.mark.live
def test_procfile_command_serves_a_game_over_websocket(tmp_path, redis_url, prefix):
    from tests.helpers import free_port
    from tests.live import Client
    line = (ROOT / "Procfile").read_text().split("web:", 1)[1].strip()
    port = free_port()
    command = line.replace("$PORT", str(port)).replace("0.0.0.0", "127.0.0.1")
    env = {**os.environ, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
           "PATH": f"{BIN}:{os.environ['PATH']}"}
    proc = subprocess.Popen(command, shell=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if requests.get(url + "/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        room = requests.post(url + "/api/rooms", json={"quiz": pack(single())}).json()
        client = Client(url)
        assert client.sio.transport() == "websocket"
        assert client.call("player:join", {"pin": room["pin"], "nickname": "Gunicorn"})["ok"]
        started = time.monotonic()
        client.close()
        assert time.monotonic() - started < 1  # a clean websocket close, no stall
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(10)


@pytest.mark.live
@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_closing_the_terminal_stops_the_embedded_redis_at_once_and_says_so(tmp_path, prefix,
                                                                          mode):
    instance = tmp_path / "instance"
    env = {"QUIZROOM_INSTANCE_PATH": str(instance), "QUIZROOM_ASYNC_MODE": mode}
    server = LiveServer(None, prefix, log_dir=tmp_path, env=env).start()
    redis_pid = int((instance / "redis" / "redis.pid").read_text())
    try:
        started = time.monotonic()
        server.proc.send_signal(signal.SIGHUP)  # what closing the terminal sends
        server.proc.wait(10)
        while _alive(redis_pid) and time.monotonic() - started < 10:
            time.sleep(0.02)
        took = time.monotonic() - started
    finally:
        server.stop(signal.SIGKILL)
        if _alive(redis_pid):
            os.kill(redis_pid, signal.SIGKILL)
    assert not _alive(redis_pid)
    assert took < 1.0, f"stopping took {took:.2f} s"
    assert "shutting down" in server.log().lower()


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if entry.isdigit() and int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.live
def test_closing_the_terminal_stops_every_worker_and_the_embedded_redis(tmp_path, prefix):
    instance = tmp_path / "instance"
    env = {"QUIZROOM_INSTANCE_PATH": str(instance)}
    server = LiveServer(None, prefix, log_dir=tmp_path, env=env,
                        args=["--workers", "2"]).start()
    redis_pid = int((instance / "redis" / "redis.pid").read_text())
    workers = [pid for pid in _children(server.proc.pid) if pid != redis_pid]
    try:
        assert len(workers) == 2, workers
        started = time.monotonic()
        server.proc.send_signal(signal.SIGHUP)
        server.proc.wait(10)
        while any(_alive(p) for p in workers + [redis_pid]) and time.monotonic() - started < 10:
            time.sleep(0.02)
        took = time.monotonic() - started
    finally:
        server.stop(signal.SIGKILL)
        for pid in workers + [redis_pid]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert not any(_alive(p) for p in workers + [redis_pid])
    assert took < 2.0, f"stopping took {took:.2f} s"
    assert "shutting down" in server.log().lower()


@pytest.mark.live
@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_requests_are_logged_only_with_access_log(tmp_path, redis_url, prefix, mode):
    from tests.live import Client
    logs = {}
    for flag in ([], ["--access-log"]):
        server = LiveServer(redis_url, prefix, log_dir=tmp_path / str(len(flag)), async_mode=mode,
                            args=flag)
        server.log_path.parent.mkdir(exist_ok=True)
        server.start()
        try:
            requests.get(server.url + "/healthz?probe=1", timeout=5)
            Client(server.url, transports=("polling",)).close()  # long-poll requests
        finally:
            server.stop()
        logs[bool(flag)] = server.log()
    assert "healthz?probe=1" not in logs[False] and "socket.io" not in logs[False]
    assert "QuizRoom on http" in logs[False]  # the server still says where it listens
    assert "GET /healthz?probe=1" in logs[True] and "/socket.io/" in logs[True]
