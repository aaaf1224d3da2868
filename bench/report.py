"""docs/benchmarks.md from the results of a run (bench/results.json)."""
from __future__ import annotations

import datetime
import json
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import chart
import procs
from scenarios import MODES, PHASE_TIMEOUT_MS, QUESTIONS, TIME_LIMIT, targets

NOTES_START, NOTES_END = "<!-- notes:start -->", "<!-- notes:end -->"
PY_PACKAGES = ("flask", "flask-socketio", "python-socketio", "python-engineio", "gevent",
               "gevent-websocket", "eventlet", "greenlet", "redis", "simple-websocket")


def _out(cmd) -> str:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        return "?"


def machine_meta(args, reps: int, elapsed: float) -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text()
                .splitlines() if ln.startswith("model name")), platform.processor())
    mem = next((ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines()
                if ln.startswith("MemTotal")), "0")
    versions = {}
    for name in PY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    for name in ("socket.io", "socket.io-client"):
        package = procs.BENCH / "node_modules" / name / "package.json"
        versions[name] = json.loads(package.read_text())["version"] if package.exists() else "?"
    try:
        versions["redis-server"] = procs.redis_client().info("server")["redis_version"]
    except Exception:  # noqa: BLE001
        versions["redis-server"] = "?"
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "nproc": os.cpu_count(), "cpu": cpu, "mem_gb": round(int(mem) / 2**20, 1),
            "kernel": platform.release(), "python": platform.python_version(),
            "node": _out(["node", "--version"]), "versions": versions, "reps": reps,
            "pinned": procs.PINNED, "quick": bool(args.quick),
            "loadavg": Path("/proc/loadavg").read_text().split()[:3],
            "commit": _out(["git", "-C", str(procs.ROOT), "rev-parse", "--short", "HEAD"]),
            "command": "bench/run " + " ".join(sys.argv[1:])}


def fmt(value, digits=1, scale=1.0) -> str:
    return "–" if value is None else f"{value * scale:,.{digits}f}"


COLUMNS = [("join_ms", "join all (s)", 2, 0.001), ("fanout_p50", "fan-out p50", 1, 1),
           ("fanout_p99", "fan-out p99", 1, 1), ("fanout_last", "fan-out last", 1, 1),
           ("ack_p50", "ack p50", 1, 1), ("ack_p99", "ack p99", 1, 1),
           ("end_lag", "last ack → end", 1, 1), ("cpu_ms_per_broadcast", "CPU ms / broadcast", 1, 1),
           ("cpu_us_per_msg", "CPU µs / msg", 1, 1), ("rss_mb", "RSS MB", 0, 1),
           ("rss_kb_per_player", "KB / player", 0, 1), ("redis_game_cpu_ms", "Redis CPU ms", 0, 1),
           ("loadgen_busy", "load gen. busy %", 0, 100)]
SPREAD_SERVERS = ["quizroom-gevent", "quizroom-eventlet", "flask-gevent", "flask-eventlet", "node"]
RATIOS = [("join_ms", "join"), ("fanout_p50", "fan-out p50"), ("fanout_p99", "fan-out p99"),
          ("ack_p99", "ack p99"), ("game_cpu_ms", "CPU"), ("rss_mb", "RSS")]


def figures_table(results: dict, scenario: dict) -> list[str]:
    lines = ["| server | ok runs | " + " | ".join(c[1] for c in COLUMNS) + " |",
             "|---|---|" + "---|" * len(COLUMNS)]
    for server, e in results.get(scenario["name"], {}).items():
        status = f"{e['ok_runs']}/{e['runs']}" + ("" if e["ok"] else " **FAILED**")
        cells = [fmt(e.get(key), digits, scale) for key, _, digits, scale in COLUMNS]
        lines.append(f"| {server} | {status} | " + " | ".join(cells) + " |")
    return lines


def ratio_lines(results: dict, scenario: dict) -> list[str]:
    rows = []
    entries = results.get(scenario["name"], {})
    for mode in MODES:
        mine = entries.get(f"quizroom-{mode}")
        for ref in (f"flask-{mode}", "node"):
            other = entries.get(ref)
            if not mine or not other:
                continue
            cells = []
            for key, _ in RATIOS:
                a, b = mine.get(key), other.get(key)
                ok = mine["ok"] and other["ok"] and a is not None and b
                cells.append(f"{a / b:.2f}" if ok else "–")
            rows.append(f"| quizroom-{mode} / {ref} | " + " | ".join(cells) + " |")
    if not rows:
        return []
    return ["| ratio (lower is better for QuizRoom) | " + " | ".join(r[1] for r in RATIOS) + " |",
            "|---|" + "---|" * len(RATIOS), *rows]


def profile_lines(profile: dict) -> list[str]:
    lines = ["## Where QuizRoom spends its time (py-spy, 1000 players, one room)", "",
             "An extra run per async mode under `py-spy record` (100 Hz; not part of the "
             "figures above), one recording while the players join and one for the game. "
             "Shares are of the busy samples of the thread running the event loop; "
             "*inclusive* = the function is anywhere on the stack, *self* = on top of it.", ""]
    for mode, p in profile.items():
        lines += [f"### {mode}: run {'ok' if p['ok'] else 'FAILED'}, join {fmt(p['join_ms'], 0)} ms, "
                  f"fan-out p99 {fmt(p['fanout_p99'])} ms, ack p99 {fmt(p['ack_p99'])} ms "
                  "(slowed by the sampler)", ""]
        for phase, a in p["phases"].items():
            if not a.get("samples"):
                continue
            lines += [f"**{mode}, {phase} phase**: {a['samples']} busy samples; raw stacks "
                      f"`{a['raw']}`", "",
                      "| QuizRoom code, inclusive | share | libraries, inclusive | share "
                      "| self | share |", "|---|---|---|---|---|---|"]
            columns = [a["server_inclusive"], a["all_inclusive"], a["self"]]
            for i in range(max(len(c) for c in columns)):
                cells = []
                for column in columns:
                    e = column[i] if i < len(column) else None
                    cells += [f"`{e['function']}`", f"{e['share'] * 100:.1f}%"] if e else ["", ""]
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    return lines


def old_notes(out: Path) -> str:
    if out.exists():
        text = out.read_text()
        if NOTES_START in text and NOTES_END in text:
            return text[text.index(NOTES_START):text.index(NOTES_END) + len(NOTES_END)]
    return f"{NOTES_START}\n{NOTES_END}"


def write(data: dict, out: Path) -> None:
    meta, results = data["meta"], data["results"]
    png = out.with_suffix(".png")
    chart.draw(data, png)
    v = meta["versions"]
    lines = [
        "# Benchmarks: QuizRoom beside reference servers", "",
        "Written by `bench/run` (do not edit by hand, except between the notes markers). "
        "Reproduce with `bench/run` (full: every scenario, 3 repetitions) or "
        "`bench/run --quick` (4 scenarios, 1 repetition); `bench/run --help` lists the options.", "",
        f"- Date: {meta['date']}; commit `{meta['commit']}`; command `{meta['command']}`; "
        f"{meta['reps']} repetition(s), figures are medians of the successful runs; "
        f"whole run {meta.get('wall_s', '?')} s.",
        f"- Machine: {meta['nproc']} cores, {meta['cpu']}, {meta['mem_gb']} GB, Linux "
        f"{meta['kernel']}; " + ("server pinned to core 0 (`taskset -c 0`), load generator "
                                  "to core 1" if meta["pinned"] else "no CPU pinning") +
        "; Redis shared with other users of the machine, unpinned" +
        (f"; load average at the end {' / '.join(meta['loadavg'])} (1 / 5 / 15 min)"
         if meta.get("loadavg") else "") + ".",
        f"- Versions: Python {meta['python']}, " + ", ".join(
            f"{k} {val}" for k, val in v.items() if not k.startswith("socket.io")) +
        f"; Node {meta['node']}, socket.io {v.get('socket.io')}, "
        f"socket.io-client {v.get('socket.io-client')}.", "",
        "The machine is shared and noisy: read the **ratios** to the reference servers "
        "measured in the same run, not the absolute times.", "",
        "## Targets (one server process unless stated)", "",
        "| target | measured | result |", "|---|---|---|"]
    for t in targets(results):
        verdict = {True: "pass", False: "**FAIL**", None: "not measured"}[t["pass"]]
        lines.append(f"| {t['target']} | {t['value']} | {verdict} |")
    lines += ["", f"![fan-out p99, ack p99, join time and CPU per scenario]({png.name})", "",
              "## Figures per scenario", "",
              "Times in ms unless stated. `quizroom-*` is QuizRoom (state in Redis); "
              "`flask-*` the hand-written in-memory Flask-SocketIO server "
              "(`bench/reference/flask_server.py`, same async mode); `node` the in-memory "
              "socket.io server (`bench/reference/node_server.js`).", ""]
    for scenario in data["scenarios"]:
        lines += [f"### {scenario['title']} ({scenario['players']} players)", "",
                  *figures_table(results, scenario), ""]
        ratios = ratio_lines(results, scenario)
        if ratios:
            lines += [*ratios, ""]
    failed = [r for r in data["runs"] if not r.get("ok")]
    noisy = [r for r in data["runs"] if r.get("server_log_errors")]
    lines += ["## Errors in the server logs", "",
              "Lines with ERROR, CRITICAL or a traceback in the server processes' own logs "
              "(kept in `/tmp/quizroom-bench/`), whether or not the clients noticed.", ""]
    for r in noisy:
        shown = sorted(set(ln.split(": ", 1)[1] for ln in r["server_log_errors"]))[:4]
        lines.append(f"- {r['scenario']} / {r['server']} (repetition {r['rep'] + 1}): "
                     f"{len(r['server_log_errors'])} line(s)"
                     + "".join(f"\n  - `{ln[:160]}`" for ln in shown))
    if not noisy:
        lines.append("None.")
    lines += ["", "## Run-to-run spread", "",
              "Fan-out p99 / ack p99 of each successful run, in ms, in the order they ran: "
              "how far apart repetitions are says how much to trust a ratio.", "",
              "| scenario | " + " | ".join(SPREAD_SERVERS) + " |",
              "|---|" + "---|" * len(SPREAD_SERVERS)]
    for scenario in data["scenarios"]:
        cells = []
        for server in SPREAD_SERVERS:
            mine = [r for r in data["runs"] if r["scenario"] == scenario["name"]
                    and r["server"] == server and r.get("ok")]
            cells.append(", ".join(f"{r['fanout_p99']:.0f}/{r['ack_p99']:.0f}" for r in mine)
                         or "–")
        lines.append(f"| {scenario['title']} | " + " | ".join(cells) + " |")
    lines += ["", "## Failed runs", ""]
    lines += [f"- {r['scenario']} / {r['server']} (repetition {r['rep'] + 1}): "
              + "; ".join(f"{k} x{n}" for k, n in r.get("errors", {}).items())
              + "".join(f"\n  - `{s.splitlines()[0][:200]}`" for s in r.get("error_samples", [])[:3]
                        if s.strip()) for r in failed] or ["None."]
    lines.append("")
    if data.get("profile"):
        lines += profile_lines(data["profile"])
    lines += ["## How it is measured", "",
              f"- Each run starts fresh server process(es) and one load generator "
              f"(`bench/loadgen.js`, Node with socket.io-client, websocket transport only). It "
              f"creates the room(s) with an inline pack of {QUESTIONS} `single` questions "
              f"(time limit {TIME_LIMIT} s), attaches one host per room, joins the players "
              f"100 connections at a time, then the host starts the game and presses next "
              f"after every player has received question:end, player:result and "
              f"leaderboard:update. Every player answers 0 as soon as question:start arrives.",
              "- **join all**: first connection opened until the last player:join ack.",
              "- **fan-out**: host emits host:start / host:next until each player receives "
              "question:start, on the load generator's clock; p50/p99 over all players and "
              "questions; **last**: the slowest player of a question, median over questions.",
              "- **ack**: player:answer emitted until its ack arrives.",
              "- **last ack → end**: the last question:end receipt minus the last answer ack, "
              "median over questions. Negative when question:end reaches everyone before the "
              "last answer's ack (QuizRoom scores and broadcasts inside that answer's handler).",
              "- **CPU**: utime+stime of the server process(es) from `/proc/<pid>/stat`, from "
              "just before host:start to game:over at every player. *per broadcast*: divided by "
              "the room-wide broadcasts (question:start, question:end, leaderboard:update per "
              "question, and game:over); *per msg*: divided by every message delivered to every "
              "client in that time. **Redis CPU**: the local redis-server over the same span "
              "(QuizRoom only; the references keep state in memory).",
              "- **load gen. busy**: the load generator's own CPU time over the game's wall time. "
              "Near 100 % its one core is saturated, and the latencies include its own queueing: "
              "the `node` row then shows that floor.",
              "- **RSS**: VmRSS of the server process(es) at game:over with every player "
              "connected; *KB / player* = (that - RSS before the room existed) / players.",
              f"- **Errors**: error acks, connect failures, unexpected disconnects, duplicate "
              f"events, and any step that did not complete for every player within "
              f"{PHASE_TIMEOUT_MS / 1000:.0f} s. A run with any error is a failed run: its "
              f"times are not used, and the scenario is marked FAILED.",
              "- The two-worker scenario runs two QuizRoom processes with "
              "`QUIZROOM_MESSAGE_QUEUE=redis`, both on core 0; players alternate between them, "
              "the host is on the first.",
              "- Redis keys of a run use a unique prefix (`qrbench:<id>:`) and are deleted after it.",
              "", "## Notes", "", old_notes(out), ""]
    out.write_text("\n".join(lines))
