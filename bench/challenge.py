"""A thousand players on one self-paced challenge, on two server processes.

    python bench/challenge.py [--players 1000] [--questions 5] [--servers 2]

Starts the QuizRoom processes (core 0), creates a challenge, runs
``challenge_load.js`` (core 1), then checks from the host's side that every
player's every answer counted exactly once. Prints one JSON object; the figures
go in docs/benchmarks.md ("Self-paced challenges").
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import procs  # noqa: E402


def post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, json.dumps(body).encode(), {
        "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as reply:
        return json.loads(reply.read())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, default=1000)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--think-ms", type=int, default=1500)
    parser.add_argument("--mode", default="gevent")
    args = parser.parse_args()
    procs.install_cleanup()
    prefix = f"qrbench:ch{procs.free_port()}:"
    urls = []
    try:
        for n in range(args.servers):
            urls.append(procs.start_server("quizroom", args.mode, f"challenge-{n}", prefix,
                                           queue=True)[1])
        quiz = {"id": "bench", "title": "bench", "description": "", "questions": [
            {"type": "single", "text": f"Question {i + 1}?", "choices": ["a", "b", "c", "d"],
             "answer": 0, "time_limit": 30} for i in range(args.questions)]}
        made = post(f"{urls[0]}/api/challenges", {"quiz": quiz, "days": 1,
                                                  "settings": {"max_players": args.players}})
        load = subprocess.run(procs.pinned(
            ["node", str(procs.BENCH / "challenge_load.js"), "--urls", ",".join(urls),
             "--code", made["code"], "--players", str(args.players), "--questions",
             str(args.questions), "--think-ms", str(args.think_ms)], procs.LOADGEN_CPU),
            capture_output=True, text=True, timeout=600)
        figures = json.loads(load.stdout.strip().splitlines()[-1])
        req = urllib.request.Request(f"{urls[0]}/api/challenges/{made['code']}/progress",
                                     headers={"Authorization": f"Bearer {made['host_token']}"})
        with urllib.request.urlopen(req, timeout=30) as reply:
            progress = json.loads(reply.read())
        counted = sum(p["answered"] for p in progress["players"])
        figures["host_view"] = {"players": len(progress["players"]),
                                "finished": progress["finished"], "answers_counted": counted,
                                "exactly_once": counted == figures["answers"]}
        rss = []
        for n in range(args.servers):
            proc = next(p for p in procs._live if p.name == f"challenge-{n}")
            with open(f"/proc/{proc.pid}/status") as status:
                rss += [int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS")]
        figures["server_rss_mb"] = rss
        print(json.dumps(figures))
        ok = figures["errors"] == 0 and figures["host_view"]["exactly_once"]
        return 0 if ok else 1
    finally:
        procs.stop_all()
        procs.delete_prefix(prefix)


if __name__ == "__main__":
    sys.exit(main())
