"""bench/run's driver: every scenario x server x repetition, then docs/benchmarks.md.

Repetitions are the outer loop, so a noisy minute on the shared machine hits every
server of a repetition rather than all repetitions of one server.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

import procs
import profiling
import report
from scenarios import ALL, FULL, PHASE_TIMEOUT_MS, QUESTIONS, QUICK, SERVERS, TIME_LIMIT, Scenario

RESULTS = procs.BENCH / "results.json"
MEDIAN_KEYS = ("join_ms", "fanout_p50", "fanout_p99", "fanout_last", "ack_p50", "ack_p99",
               "end_lag", "end_from_sent", "game_cpu_ms", "join_cpu_ms", "cpu_us_per_msg",
               "cpu_ms_per_broadcast", "rss_mb", "rss_kb_per_player", "redis_game_cpu_ms",
               "redis_join_cpu_ms", "messages", "loadgen_busy", "loadgen_lag_p99")


def run_once(scenario: Scenario, server: str, rep: int, profile_to: Path | None = None) -> dict:
    kind, mode = SERVERS[server]
    prefix = f"qrbench:{uuid.uuid4().hex[:12]}:"
    name = f"{scenario.name}-{server}-{rep}"
    servers, spy, loadgen = [], None, None
    started = time.monotonic()
    try:
        for w in range(scenario.workers):
            servers.append(procs.start_server(kind, mode, f"{name}-w{w}", prefix,
                                              queue=scenario.workers > 1))
        cfg = {"urls": [url for _, url in servers], "rooms": scenario.rooms,
               "players": scenario.players, "questions": QUESTIONS, "time_limit": TIME_LIMIT,
               "concurrency": 100, "phase_timeout_ms": PHASE_TIMEOUT_MS,
               "deadline_ms": scenario.deadline_ms(), "pids": [p.pid for p, _ in servers],
               "redis_pid": procs.redis_pid() if kind == "quizroom" else None,
               "clk_tck": procs.os.sysconf("SC_CLK_TCK")}
        loadgen = procs.Proc(f"{name}-loadgen", procs.pinned(
            ["node", str(procs.BENCH / "loadgen.js"), json.dumps(cfg)], procs.LOADGEN_CPU))
        if profile_to is not None:
            spy = profiling.PhaseRecorder(servers[0][0].pid, loadgen, profile_to)
        try:
            loadgen.popen.wait(scenario.deadline_ms() / 1000 + 30)
        except procs.subprocess.TimeoutExpired:
            raise RuntimeError("load generator overran its deadline") from None
        lines = [ln for ln in loadgen.tail(10**7).splitlines() if ln.startswith('{"config"')]
        if not lines:
            raise RuntimeError(f"load generator printed no result:\n{loadgen.tail()}")
        result = json.loads(lines[-1])
        for proc, _ in servers:
            if proc.popen.poll() is not None:
                result["ok"] = False
                result["errors"]["server_exit"] = 1
                result["error_samples"].append(f"{proc.name} exited:\n{proc.tail(500)}")
    except Exception as exc:  # noqa: BLE001 - a broken run is a failed run, reported
        result = {"ok": False, "errors": {"harness": 1}, "error_samples": [str(exc)[-1500:]]}
    finally:
        if spy is not None:
            spy.stop()
        for proc in ([loadgen] if loadgen else []) + [p for p, _ in servers]:
            proc.stop()
        result_keys = procs.delete_prefix(prefix)
    result.update(scenario=scenario.name, server=server, rep=rep, keys_deleted=result_keys,
                  wall_s=round(time.monotonic() - started, 1),
                  server_log_errors=[line for p, _ in servers for line in log_errors(p)])
    result.pop("config", None)
    if result.get("ok"):
        derive(result, scenario)
    return result


LOG_ERROR = re.compile(r"\b(ERROR|CRITICAL)\b|^Traceback")


def log_errors(proc: procs.Proc) -> list[str]:
    """Errors the server logged: a run can satisfy every client and still have them."""
    lines = [ln for ln in proc.tail(10**7).splitlines() if LOG_ERROR.search(ln)]
    return [f"{proc.name}: {ln[:200]}" for ln in lines]


def derive(r: dict, scenario: Scenario) -> None:
    r["cpu_us_per_msg"] = r["game_cpu_ms"] * 1000 / max(r["messages"], 1)
    r["cpu_ms_per_broadcast"] = r["game_cpu_ms"] / max(r["broadcasts"], 1)
    r["rss_mb"] = r["rss_kb"] / 1024
    r["rss_kb_per_player"] = (r["rss_kb"] - r["rss_idle_kb"]) / scenario.total


def failure_text(run: dict) -> str:
    kinds = ", ".join(f"{k} x{v}" for k, v in run.get("errors", {}).items())
    first = (run.get("error_samples") or [""])[0].splitlines()
    return f"{kinds}: {first[0][:160] if first else ''}"


def aggregate(runs: list[dict]) -> dict:
    ok = [r for r in runs if r.get("ok")]
    entry = {"runs": len(runs), "ok_runs": len(ok), "ok": bool(ok) and len(ok) == len(runs),
             "players_joined": max((r.get("players_joined", 0) for r in runs), default=0)}
    failed = [r for r in runs if not r.get("ok")]
    entry["failure"] = failure_text(failed[0]) if failed else None
    entry["server_log_errors"] = sum(len(r.get("server_log_errors", [])) for r in runs)
    for key in MEDIAN_KEYS:
        values = [r[key] for r in ok if r.get(key) is not None]
        entry[key] = statistics.median(values) if values else None
    return entry


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="bench/run", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer scenarios, 1 repetition")
    ap.add_argument("--reps", type=int, help="repetitions per scenario (default 3, quick 1)")
    ap.add_argument("--scenarios", help=f"comma-separated subset of: {', '.join(ALL)}")
    ap.add_argument("--servers", help=f"comma-separated subset of: {', '.join(SERVERS)}")
    ap.add_argument("--profile", action="store_true",
                    help="also profile QuizRoom (py-spy) in an extra, unmeasured 1000-player run")
    ap.add_argument("--report-only", action="store_true", help="rewrite the report from results.json")
    ap.add_argument("--out", default=str(procs.ROOT / "docs" / "benchmarks.md"))
    args = ap.parse_args(argv)
    if args.report_only:
        report.write(json.loads(RESULTS.read_text()), Path(args.out))
        return 0

    procs.install_cleanup()
    chosen = QUICK if args.quick else FULL
    if args.scenarios:
        chosen = [ALL[name] for name in args.scenarios.split(",")]
    only = set(args.servers.split(",")) if args.servers else set(SERVERS)
    reps = args.reps or (1 if args.quick else 3)
    plan = [(s, srv) for s in chosen for srv in s.servers if srv in only]
    runs, given_up = [], set()
    t0 = time.monotonic()
    for rep in range(reps):
        for scenario, server in plan:
            if (scenario.name, server) in given_up:
                continue  # failed once already: repeating it would only burn time on timeouts
            print(f"[{time.monotonic() - t0:6.0f}s] rep {rep + 1}/{reps} {scenario.name:15} "
                  f"{server:18}", end=" ", flush=True)
            run = run_once(scenario, server, rep)
            runs.append(run)
            if run.get("ok"):
                print(f"ok  join {run['join_ms']:7.0f} ms  fan-out p99 {run['fanout_p99']:7.1f} ms"
                      f"  ack p99 {run['ack_p99']:7.1f} ms  ({run['wall_s']} s)", flush=True)
            else:
                given_up.add((scenario.name, server))
                print(f"FAILED {failure_text(run)}", flush=True)

    results = {}
    for scenario, server in plan:
        mine = [r for r in runs if r["scenario"] == scenario.name and r["server"] == server]
        results.setdefault(scenario.name, {})[server] = aggregate(mine)
    data = {"meta": report.machine_meta(args, reps, time.monotonic() - t0),
            "scenarios": [{"name": s.name, "title": s.title, "players": s.total} for s in chosen],
            "results": results, "runs": runs}
    if args.profile:
        data["profile"] = profiling.profile_runs(run_once, ALL["room-1000"])
    data["meta"]["wall_s"] = round(time.monotonic() - t0)
    RESULTS.write_text(json.dumps(data, indent=1))
    report.write(data, Path(args.out))
    print(f"wrote {args.out} and {RESULTS} in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
