"""Sampling the QuizRoom server with py-spy during an extra, unmeasured run, and summing it up.

The profiled run is never part of the figures: py-spy pauses the process for each
sample, which would make QuizRoom look slower than it is.
"""
from __future__ import annotations

import re
import shutil
import signal
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import procs

FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
TOP = 15


def py_spy() -> str:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else (shutil.which("py-spy") or "py-spy")


def start(pid: int, out: Path) -> procs.Proc:
    # on the load generator's core: the sampler must not take the server's core
    return procs.Proc(f"py-spy-{out.stem}", procs.pinned(
        [py_spy(), "record", "--pid", str(pid), "--rate", "100", "--format", "raw", "--threads",
         "--output", str(out)], procs.LOADGEN_CPU))


class PhaseRecorder:
    """One recording for the join phase and one for the game, split where the load
    generator reports that every player has joined."""

    def __init__(self, pid: int, loadgen: procs.Proc, out: dict):
        self.spy = start(pid, out["join"])
        self.thread = threading.Thread(target=self._watch, args=(pid, loadgen, out), daemon=True)
        self.thread.start()

    def _watch(self, pid, loadgen, out):
        while loadgen.popen.poll() is None:
            if "joined in" in loadgen.tail(4000):
                self.spy.stop(signal.SIGINT)  # SIGINT makes py-spy write its output
                self.spy = start(pid, out["game"])
                return
            time.sleep(0.05)

    def stop(self):
        self.thread.join(5)
        self.spy.stop(signal.SIGINT)


def frame_name(frame: str) -> str:
    match = FRAME.match(frame.strip())
    return f"{match['func']} ({match['file']})" if match else frame.strip()


def analyze(path: Path) -> dict:
    """Share of the event loop's busy samples in which each function is on the stack / on top.

    Only the thread that runs the Socket.IO handlers counts: gevent's and eventlet's
    helper threads wait in ways py-spy does not always see as idle.
    """
    stacks = []
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            frames = stack.split(";")
            thread = frames.pop(0) if frames[0].startswith("thread (") else "main"
            stacks.append((thread, [frame_name(f) for f in frames if f], int(count)))
    busy = Counter()
    for thread, frames, n in stacks:
        if any("(socketio/" in f for f in frames):
            busy[thread] += n
    loop = busy.most_common(1)[0][0] if busy else "main"
    inclusive, own, total = Counter(), Counter(), 0
    for thread, frames, n in stacks:
        if thread != loop or not frames:
            continue
        total += n
        own[frames[-1]] += n
        for name in set(frames):
            inclusive[name] += n

    def top(counter, keep=lambda name: True):
        return [{"function": name, "share": count / total, "samples": count}
                for name, count in counter.most_common() if keep(name)][:TOP]
    ours = re.compile(r"\(server/")
    return {"samples": total, "other_thread_samples": sum(n for t, _, n in stacks if t != loop),
            "server_inclusive": top(inclusive, lambda n: bool(ours.search(n))),
            "all_inclusive": top(inclusive, lambda n: not ours.search(n)),
            "self": top(own)}


def profile_runs(run_once, scenario) -> dict:
    """One profiled run per async mode of QuizRoom; a failed run still gets its profile."""
    profiles = {}
    for mode in ("gevent", "eventlet"):
        out = {phase: procs.LOG_DIR / f"profile-{scenario.name}-{mode}-{phase}.txt"
               for phase in ("join", "game")}
        for path in out.values():
            path.unlink(missing_ok=True)
        print(f"profiling quizroom-{mode} in {scenario.name} ...", flush=True)
        run = run_once(scenario, f"quizroom-{mode}", -1, profile_to=out)
        entry = {"ok": bool(run.get("ok")), "fanout_p99": run.get("fanout_p99"),
                 "ack_p99": run.get("ack_p99"), "join_ms": run.get("join_ms"), "phases": {}}
        for phase, path in out.items():
            if path.exists():
                entry["phases"][phase] = {"raw": str(path), **analyze(path)}
        profiles[mode] = entry
    return profiles
