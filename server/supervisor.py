"""``quizroom serve --workers N``: N single-process servers on consecutive ports.

Flask-SocketIO needs one process per worker and sticky sessions for the
polling transport, so the processes listen on ports P..P+N-1 (put nginx with
``ip_hash`` in front, see docs/deploy.md) and share broadcasts through Redis.
A child that dies is started again; its players rejoin with their tokens.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

RESTART_PAUSE = 1.0
# set for the workers: the supervisor said the start-up warnings once already
SUPERVISED = "QUIZROOM_SUPERVISED_WORKER"


def _child(port: int, host: str, async_mode: str, env: dict,
           access_log: bool) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "server.entry", "serve", "--host", host,
                             "--port", str(port), "--async-mode", async_mode, "--workers", "1",
                             "--access-log" if access_log else "--no-access-log"], env=env)


def supervise(workers: int, host: str, port: int, async_mode: str, redis_url: str,
              access_log: bool, on_exit) -> None:
    env = {**os.environ, "REDIS_URL": redis_url, "QUIZROOM_MESSAGE_QUEUE": "redis",
           "QUIZROOM_ASYNC_MODE": async_mode, SUPERVISED: "1"}
    ports = [port + i for i in range(workers)]
    children = {p: _child(p, host, async_mode, env, access_log) for p in ports}
    stopping = False

    def stop(signum, _frame):
        nonlocal stopping
        stopping = True

    # SIGHUP too: closing the terminal must not leave the embedded redis behind
    for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, stop)
    print(f"QuizRoom supervising {workers} workers on ports {ports[0]}..{ports[-1]}", flush=True)
    while not stopping:
        for p, proc in list(children.items()):
            if proc.poll() is not None and not stopping:
                print(f"worker on port {p} exited ({proc.returncode}); starting it again",
                      flush=True)
                time.sleep(RESTART_PAUSE)
                children[p] = _child(p, host, async_mode, env, access_log)
        time.sleep(0.2)
    try:
        print("QuizRoom shutting down", flush=True)
    except OSError:
        pass  # the terminal is gone
    for proc in children.values():
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc in children.values():
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
    on_exit()
