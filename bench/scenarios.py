"""What bench/run measures: the scenarios, the servers, and the targets to report against."""
from __future__ import annotations

from dataclasses import dataclass

QUESTIONS = 5
TIME_LIMIT = 30          # seconds; a lost answer then shows as a timeout, never as an early end
PHASE_TIMEOUT_MS = 15000  # longest wait for any one step of a game (all joins of a wave, a broadcast)

# id -> (kind, async mode)
SERVERS = {
    "quizroom-gevent": ("quizroom", "gevent"),
    "quizroom-eventlet": ("quizroom", "eventlet"),
    "flask-gevent": ("flask", "gevent"),
    "flask-eventlet": ("flask", "eventlet"),
    "node": ("node", None),
}
QUIZROOM = ["quizroom-gevent", "quizroom-eventlet"]
MODES = ["gevent", "eventlet"]


@dataclass(frozen=True)
class Scenario:
    name: str
    rooms: int
    players: int          # per room
    workers: int = 1      # server processes sharing Redis (QuizRoom only)
    servers: tuple = tuple(SERVERS)

    @property
    def total(self) -> int:
        return self.rooms * self.players

    @property
    def title(self) -> str:
        if self.workers > 1:
            return f"{self.workers} workers, 1 room x {self.players}"
        if self.rooms > 1:
            return f"{self.rooms} rooms x {self.players}"
        return f"1 room x {self.players}"

    def deadline_ms(self) -> int:
        # generous, but bounded: joins at >= 20/s, plus each question's waits
        return int(60_000 + self.total * 50 + QUESTIONS * 4 * PHASE_TIMEOUT_MS)


def room(n: int) -> Scenario:
    return Scenario(f"room-{n}", 1, n)


ROOMS_50X40 = Scenario("rooms-50x40", 50, 40)
WORKERS_2X1000 = Scenario("workers-2x1000", 1, 1000, workers=2, servers=tuple(QUIZROOM))

FULL = [room(100), room(500), room(1000), room(2000), ROOMS_50X40, WORKERS_2X1000]
QUICK = [room(100), room(1000), ROOMS_50X40, WORKERS_2X1000]
ALL = {s.name: s for s in FULL + QUICK}


def targets(results: dict) -> list[dict]:
    """Each target of issue 6 with its measured value and pass/fail (None: not measured).

    ``results[scenario][server]`` is the aggregated figure dict (medians of ok runs) or
    absent; a failed scenario has ``ok`` False and fails every target that needs it.
    """
    def get(scenario, server, key):
        entry = results.get(scenario, {}).get(server)
        if not entry:
            return None, "not measured"
        if not entry["ok"]:
            return None, f"failed: {entry['failure']}"
        return entry[key], None

    rows = []

    def ratio_target(name, scenario, server, ref, key, limit):
        a, why_a = get(scenario, server, key)
        b, why_b = get(scenario, ref, key)
        if why_a or why_b:
            rows.append({"target": name, "value": why_a or f"{ref} {why_b}", "pass": None
                         if "not measured" in (why_a or why_b) else False})
        else:
            rows.append({"target": name, "value": f"{a / b:.2f}x ({a:.1f} / {b:.1f} ms)",
                         "pass": a / b <= limit})

    for mode in MODES:
        qr = f"quizroom-{mode}"
        for key, label in (("fanout_p99", "fan-out p99"), ("ack_p99", "answer-ack p99")):
            ratio_target(f"{mode}: 1000 players, {label} <= hand-written Flask-SocketIO",
                         "room-1000", qr, f"flask-{mode}", key, 1.0)
        for key, label in (("fanout_p99", "fan-out p99"), ("ack_p99", "answer-ack p99")):
            ratio_target(f"{mode} (stretch): 1000 players, {label} <= 2x Node socket.io",
                         "room-1000", qr, "node", key, 2.0)
        join, why = get("room-2000", qr, "join_ms")
        rows.append({"target": f"{mode}: 2000 players join in <= 5 s",
                     "value": why or f"{join / 1000:.2f} s", "pass": None if why == "not measured"
                     else (False if why else join <= 5000)})
        fan, why = get("rooms-50x40", qr, "fanout_p99")
        rows.append({"target": f"{mode}: 50 rooms x 40 players, fan-out p99 <= 100 ms",
                     "value": why or f"{fan:.1f} ms", "pass": None if why == "not measured"
                     else (False if why else fan <= 100)})
        two, why2 = get("workers-2x1000", qr, "fanout_p99")
        one, why1 = get("room-1000", qr, "fanout_p99")
        if why1 or why2:
            rows.append({"target": f"{mode}: two workers add <= 15 ms to fan-out p99 (1000 players)",
                         "value": why2 or why1, "pass": None if "not measured" in (why2 or why1) else False})
        else:
            rows.append({"target": f"{mode}: two workers add <= 15 ms to fan-out p99 (1000 players)",
                         "value": f"{two - one:+.1f} ms ({two:.1f} vs {one:.1f} ms)",
                         "pass": two - one <= 15})
    entry = results.get("room-2000", {}).get("quizroom-eventlet")
    rows.append({"target": "eventlet server accepts more than 1024 connections",
                 "value": "not measured" if not entry else
                 f"{entry['players_joined']} of 2000 players connected and joined"
                 + ("" if entry["ok"] else f" ({entry['failure']})"),
                 "pass": None if not entry else entry["players_joined"] > 1024})
    return rows
