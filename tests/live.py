"""Start the real server in its own process and drive it with real clients."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
import socketio

from tests.helpers import free_port

ROOT = Path(__file__).resolve().parent.parent


class LiveServer:
    """``quizroom serve`` on a free port, against the test Redis and key prefix."""

    def __init__(self, redis_url: str, prefix: str, async_mode: str = "gevent",
                 log_dir: Path | None = None, port: int | None = None, env: dict | None = None,
                 args: list[str] | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.async_mode = async_mode
        self.log_path = (log_dir or Path("/tmp")) / f"quizroom-{self.port}.log"
        self.env = {**os.environ, "QUIZROOM_KEY_PREFIX": prefix,
                    "QUIZROOM_SECRET_KEY": "live-test", **(env or {})}
        self.env.pop("REDIS_URL", None)
        if redis_url:  # None: the server starts (or finds) its embedded redis
            self.env["REDIS_URL"] = redis_url
        self.args = list(args or [])  # extra `quizroom serve` options
        self.proc = None

    def start(self, timeout: float = 20) -> "LiveServer":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "server.entry", "serve", "--port", str(self.port),
             "--async-mode", self.async_mode, *self.args], cwd=ROOT, env=self.env, stdout=log,
            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not become healthy:\n{self.log()}")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-5000:]
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def create_room(self, **body) -> dict:
        body = body or {"quiz_id": "flask-interview"}
        # the tests' games open each question at once unless one asks for a get-ready
        body["settings"] = {"lead_in": 0, **(body.get("settings") or {})}
        reply = requests.post(self.url + "/api/rooms", json=body, timeout=5)
        reply.raise_for_status()
        return reply.json()


class Client:
    """A real python-socketio client that records every event it receives."""

    def __init__(self, url: str, transports=("websocket",), address: str | None = None):
        """``address``: the client address a proxy would report (X-Forwarded-For), for
        servers started with QUIZROOM_PROXIES=1, so many players are many addresses."""
        self.sio = socketio.Client(reconnection=False)
        self.received: list[tuple[str, dict]] = []
        self.sio.on("*", self._record)
        headers = {"X-Forwarded-For": address} if address else {}
        self.sio.connect(url, transports=list(transports), wait_timeout=10, headers=headers)

    def _record(self, event, data=None):
        self.received.append((event, data))

    def call(self, event: str, payload=None, timeout: float = 10):
        return self.sio.call(event, payload, timeout=timeout)

    def join(self, pin: str, nickname: str, **extra) -> dict:
        """player:join, waiting out the per-address join window (5 a second) when the
        test's own players fill it: every test client shares one address."""
        for _ in range(5):
            ack = self.call("player:join", {"pin": pin, "nickname": nickname, **extra})
            if ack["ok"] or ack["error"]["code"] != "rate_limited":
                return ack
            time.sleep(ack["error"].get("retry_after", 1))
        return ack

    def of(self, name: str) -> list:
        return [data for event, data in list(self.received) if event == name]

    def wait_for(self, name: str, count: int = 1, timeout: float = 10, where=None) -> list:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [d for d in self.of(name) if where is None or where(d)]
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} x {name}, got {self.received[-10:]}")

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
