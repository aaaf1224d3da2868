"""Starting, pinning, watching and always stopping the processes of a benchmark run."""
from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
LOG_DIR = Path(os.environ.get("QUIZROOM_BENCH_LOGS", "/tmp/quizroom-bench"))
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PINNED = (os.cpu_count() or 1) >= 2 and bool(subprocess.run(
    ["sh", "-c", "command -v taskset"], capture_output=True).stdout)
SERVER_CPU, LOADGEN_CPU = "0", "1"

_live: list["Proc"] = []


def pinned(cmd: list[str], cpu: str) -> list[str]:
    """The server on one core, the load generator on the other, so neither steals the other's."""
    return ["taskset", "-c", cpu, *cmd] if PINNED else cmd


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Proc:
    def __init__(self, name: str, cmd: list[str], env: dict | None = None, cwd: Path = ROOT):
        LOG_DIR.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.log_path = LOG_DIR / f"{name}.log"
        self.log = open(self.log_path, "wb")
        # own process group: Ctrl-C in the terminal reaches us, and we stop the children
        self.popen = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})},
                                      stdout=self.log, stderr=subprocess.STDOUT,
                                      start_new_session=True)
        _live.append(self)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def tail(self, chars: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, sig)
                self.popen.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.popen.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.popen.wait(5)
        self.log.close()
        if self in _live:
            _live.remove(self)


def stop_all() -> None:
    for proc in list(_live):
        proc.stop()


def install_cleanup() -> None:
    """Every started process dies with the driver: normal exit, error, Ctrl-C or SIGTERM."""
    atexit.register(stop_all)

    def on_signal(signum, _frame):
        print(f"\ninterrupted (signal {signum}): stopping every process started", file=sys.stderr)
        stop_all()
        sys.exit(128 + signum)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)


def wait_healthy(proc: Proc, url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.popen.poll() is not None:
            raise RuntimeError(f"{proc.name} exited early:\n{proc.tail()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{proc.name} did not become healthy in {timeout} s:\n{proc.tail()}")


def start_server(kind: str, mode: str | None, name: str, prefix: str, queue: bool = False):
    """One server process: ``quizroom``, ``flask`` (reference) or ``node`` (reference)."""
    port = free_port()
    if kind == "quizroom":
        cmd = [sys.executable, "-m", "server.entry", "serve", "--port", str(port),
               "--async-mode", mode]
        env = {"REDIS_URL": REDIS_URL, "QUIZROOM_KEY_PREFIX": prefix,
               "QUIZROOM_SECRET_KEY": "bench", "QUIZROOM_MAX_PLAYERS": "10000"}
        if queue:
            env["QUIZROOM_MESSAGE_QUEUE"] = "redis"
    elif kind == "flask":
        cmd, env = [sys.executable, str(BENCH / "reference" / "flask_server.py"), "--port",
                    str(port), "--async-mode", mode], {}
    elif kind == "node":
        cmd, env = ["node", str(BENCH / "reference" / "node_server.js"), "--port", str(port)], {}
    else:
        raise ValueError(kind)
    proc = Proc(name, pinned(cmd, SERVER_CPU), env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(proc, url)
    except Exception:
        proc.stop()
        raise
    return proc, url


def redis_client():
    import redis
    return redis.Redis.from_url(REDIS_URL, socket_timeout=5)


def delete_prefix(prefix: str) -> int:
    """Remove every key a run created; the prefix is unique to the run."""
    r = redis_client()
    deleted = 0
    batch = []
    for key in r.scan_iter(match=prefix + "*", count=1000):
        batch.append(key)
        if len(batch) >= 500:
            deleted += r.delete(*batch)
            batch = []
    if batch:
        deleted += r.delete(*batch)
    return deleted


def redis_pid() -> int | None:
    """The local redis-server's pid, so its CPU can be read too (None if not visible here)."""
    try:
        pid = int(redis_client().info("server")["process_id"])
    except Exception:  # noqa: BLE001 - a remote or hidden Redis just means no figure
        return None
    return pid if Path(f"/proc/{pid}/stat").exists() else None
