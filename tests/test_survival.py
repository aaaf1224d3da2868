"""Games that survive: rejoins, a killed server, several workers, a Redis restart.

Each scenario starts real server processes and drives them with real
python-socketio clients. Figures (rejoin time, answers lost or doubled) are
printed; run with -s to see them.
"""
from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
import requests

from tests.helpers import pack, single
from tests.live import Client, LiveServer

pytestmark = pytest.mark.live


def parallel(fn, items, workers=25):
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))


def address(name: str) -> str:
    """A distinct client address per player, as in a real room."""
    n = sum(ord(c) * 31 ** i for i, c in enumerate(name)) % (250 * 250)
    return f"10.{n // 250 % 250}.{n % 250}.{len(name)}"


def join(url, pin, nickname):
    client = Client(url, address=address(nickname))
    ack = client.call("player:join", {"pin": pin, "nickname": nickname})
    assert ack["ok"], ack
    client.seat = ack
    return client


def rejoin(url, pin, token):
    client = Client(url)
    client.seat = client.call("player:rejoin", {"pin": pin, "player_token": token})
    assert client.seat["ok"], client.seat
    return client


def close_all(clients):
    parallel(lambda c: c.close(), [c for c in clients if c is not None])


def results(server, room):
    return requests.get(f"{server.url}/api/rooms/{room['pin']}/results", timeout=10,
                        headers={"Authorization": f"Bearer {room['host_token']}"}).json()


def keys_without_ttl(redis_url, prefix):
    """Keys that never expire, but for the live-room indexes, which must outlive any room
    kept busy and are pruned to live rooms by every room creation (store/keys.py)."""
    client = redis.Redis.from_url(redis_url)
    index = f"{prefix}rooms".encode()
    return [k for k in client.scan_iter(match=f"{prefix}*")
            if client.ttl(k) < 0 and k != index and not k.startswith(index + b":")]


@pytest.fixture
def start(redis_url, prefix, tmp_path):
    started = []

    def _start(**kwargs):
        kwargs["env"] = {"QUIZROOM_PROXIES": "1", **kwargs.get("env", {})}
        server = LiveServer(kwargs.pop("redis_url", redis_url), prefix, log_dir=tmp_path,
                            **kwargs).start()
        started.append(server)
        return server
    yield _start
    for server in started:
        server.stop(signal.SIGKILL)


def test_rejoin_keeps_seat_score_streak_and_the_one_answer_rule(start):
    server = start()
    room = server.create_room(quiz=pack(single(answer=1), single(answer=1)))
    pin = room["pin"]
    host = Client(server.url)
    host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
    ada, bob, cy = (join(server.url, pin, n) for n in ("Ada", "Bob", "Cy"))
    clients = [host, ada, bob, cy]
    try:
        host.call("host:start", {"pin": pin})
        ada.wait_for("question:start")
        assert ada.call("player:answer", {"index": 0, "answer": 1})["ok"]
        ada.close()
        bob.close()  # dropped before answering
        ada2 = rejoin(server.url, pin, ada.seat["player_token"])
        bob2 = rejoin(server.url, pin, bob.seat["player_token"])
        clients += [ada2, bob2]
        assert ada2.seat["answered"] is True and bob2.seat["answered"] is False
        assert ada2.seat["player_id"] == ada.seat["player_id"]
        assert ada2.call("player:answer", {"index": 0, "answer": 1})["error"]["code"] == \
            "already_answered"
        assert bob2.call("player:answer", {"index": 0, "answer": 1})["ok"]

        cy_tab = rejoin(server.url, pin, cy.seat["player_token"])  # a second tab
        host2 = Client(server.url)  # the host's laptop reconnects
        clients += [cy_tab, host2]
        attach = host2.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
        assert len(attach["state"]["roster"]) == 3  # the second tab made no new player
        assert cy_tab.seat["player_id"] == cy.seat["player_id"]
        assert host2.call("host:next", {"pin": pin}) == {"ok": True}  # control kept
        first = ada2.wait_for("player:result")[0]
        assert first["points"] > 0 and first["streak"] == 1
        assert cy_tab.wait_for("question:end") and cy.wait_for("question:end")

        ada2.close()  # drops during the reveal
        ada3 = rejoin(server.url, pin, ada.seat["player_token"])
        clients.append(ada3)
        assert (ada3.seat["score"], ada3.seat["streak"]) == (first["score"], 1)
        assert ada3.seat["state"]["phase"] == "reveal"
    finally:
        close_all(clients)


def test_server_killed_mid_question_loses_and_doubles_nothing(start, redis_url, prefix):
    players_n, answer_first, answer_later = 100, 60, 20
    server = start()
    room = server.create_room(quiz=pack(single(answer=1, time_limit=15),
                                        single(answer=1, time_limit=20)))
    pin, url = room["pin"], server.url
    host = Client(url)
    host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
    players = parallel(lambda i: join(url, pin, f"P{i:03d}"), range(players_n))
    tokens = [p.seat["player_token"] for p in players]
    host.call("host:start", {"pin": pin})
    deadline = players[0].wait_for("question:start")[0]["deadline"]
    acked = parallel(lambda p: p.call("player:answer", {"index": 0, "answer": 1}),
                     players[:answer_first])
    assert all(a["ok"] for a in acked)

    server.stop(signal.SIGKILL)
    close_all([host, *players])
    killed_at = time.monotonic()
    server = start(port=server.port)
    up_at = time.monotonic()
    back = parallel(lambda t: rejoin(url, pin, t), tokens)
    rejoined_at = time.monotonic()
    host = Client(url)
    clients = [host, *back]
    try:
        host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
        assert [c.seat["answered"] for c in back] == [True] * answer_first + \
            [False] * (players_n - answer_first)
        again = parallel(lambda c: c.call("player:answer", {"index": 0, "answer": 1}),
                         back[:answer_first])
        assert {a["error"]["code"] for a in again} == {"already_answered"}
        later = parallel(lambda c: c.call("player:answer", {"index": 0, "answer": 1}),
                         back[answer_first:answer_first + answer_later])
        assert all(a["ok"] for a in later)

        # 20 connected players never answer: the question ends at its original deadline
        end = back[-1].wait_for("question:end", timeout=25)[0]
        ended_ms = int(time.time() * 1000)
        assert end["answered"] == answer_first + answer_later
        assert -100 <= ended_ms - deadline < 1500
        results_0 = parallel(lambda c: c.wait_for("player:result")[0], back)
        assert sum(r["points"] > 0 for r in results_0) == answer_first + answer_later

        host.call("host:next", {"pin": pin})
        parallel(lambda c: c.wait_for("question:start", where=lambda q: q["index"] == 1)
                 and c.call("player:answer", {"index": 1, "answer": 1}), back)
        host.wait_for("question:end", where=lambda e: e["index"] == 1)
        host.call("host:next", {"pin": pin})
        over = host.wait_for("game:over")[0]

        report = results(server, room)
        answered_0 = [p for p in report["players"] if p["answers"][0]["answer"] is not None]
        lost = answer_first + answer_later - len(answered_0)
        doubled = sum(p["score"] != sum(a["points"] for a in p["answers"])
                      for p in report["players"])
        assert lost == 0 and doubled == 0
        assert [e["score"] for e in over["podium"]] == \
            [p["score"] for p in report["players"][:3]]
        assert keys_without_ttl(redis_url, prefix) == []
        print(f"\nkill->healthy {up_at - killed_at:.2f}s; {players_n} rejoins in "
              f"{rejoined_at - up_at:.2f}s; answers lost {lost}; counted twice {doubled}; "
              f"question ended {ended_ms - deadline} ms after its original deadline")
    finally:
        close_all(clients)


@pytest.mark.parametrize("workers", [2, 3])
def test_one_game_across_processes_and_losing_one_of_them(start, workers):
    servers = [start(env={"QUIZROOM_MESSAGE_QUEUE": "redis"}) for _ in range(workers)]
    room = servers[0].create_room(quiz=pack(single(answer=1, time_limit=20),
                                            single(answer=1, time_limit=4), single(answer=1)))
    pin = room["pin"]
    host, screen = Client(servers[0].url), Client(servers[-1].url)
    host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
    screen.call("screen:attach", {"pin": pin})
    players = [join(servers[i % workers].url, pin, f"W{i}") for i in range(3 * workers)]
    on_last = [p for i, p in enumerate(players) if i % workers == workers - 1]
    survivors = [p for p in players if p not in on_last]
    clients = [host, screen, *players]
    try:
        host.call("host:start", {"pin": pin})
        for p in players:
            p.wait_for("question:start")
            assert p.call("player:answer", {"index": 0, "answer": 1})["ok"]
        everyone = [host, screen, *players]
        for c in everyone:
            c.wait_for("leaderboard:update")
        time.sleep(0.3)  # any duplicate broadcast would have arrived by now
        for c in everyone:
            assert len(c.of("question:start")) == 1 and len(c.of("question:end")) == 1
        for p in players:
            assert len(p.of("player:result")) == 1
        boards = {str(c.of("leaderboard:update")) for c in everyone}
        assert len(boards) == 1  # identical on every process

        host.call("host:next", {"pin": pin})
        deadline = survivors[0].wait_for("question:start", 2)[1]["deadline"]
        for p in survivors:
            assert p.call("player:answer", {"index": 1, "answer": 1})["ok"]
        servers[-1].stop(signal.SIGKILL)
        end = survivors[0].wait_for("question:end", 2, timeout=15)[1]
        late = int(time.time() * 1000) - deadline
        assert end["index"] == 1 and -100 <= late < 1500  # on time without the dead process
        moved = [rejoin(servers[0].url, pin, p.seat["player_token"]) for p in on_last]
        clients += moved
        assert all(m.seat["score"] == p.of("player:result")[0]["score"]
                   for m, p in zip(moved, on_last))
        host.call("host:next", {"pin": pin})
        for p in survivors + moved:
            p.wait_for("question:start", where=lambda q: q["index"] == 2)
            assert p.call("player:answer", {"index": 2, "answer": 1})["ok"]
        host.wait_for("question:end", where=lambda e: e["index"] == 2)
        host.call("host:next", {"pin": pin})
        overs = [c.wait_for("game:over") for c in [host, *survivors, *moved]]
        assert all(len(o) == 1 for o in overs) and len({str(o) for o in overs}) == 1
    finally:
        close_all(clients)


def test_redis_restart_mid_game(start, tmp_path, prefix):
    import subprocess

    from server.embedded_redis import find_binary
    from tests.helpers import free_port
    port, folder = free_port(), tmp_path / "redis"
    folder.mkdir()
    command = [find_binary(), "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
               "--appendonly", "yes", "--appendfsync", "everysec", "--save", ""]
    redis_proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(100):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    server = start(redis_url=url)
    room = server.create_room(quiz=pack(single(answer=1, time_limit=30), single()))
    pin = room["pin"]
    host = Client(server.url)
    host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
    ada, bob = join(server.url, pin, "Ada"), join(server.url, pin, "Bob")
    try:
        host.call("host:start", {"pin": pin})
        bob.wait_for("question:start")
        assert ada.call("player:answer", {"index": 0, "answer": 1})["ok"]
        redis.Redis.from_url(url).shutdown()  # writes the AOF, then exits
        redis_proc.wait(10)
        assert requests.get(server.url + "/healthz").status_code == 503
        refused = bob.call("player:answer", {"index": 0, "answer": 1})
        assert refused["ok"] is False and refused["error"]["code"] == "unavailable"
        redis_proc = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while requests.get(server.url + "/healthz").status_code != 200:
            assert time.monotonic() < deadline, "server did not reconnect to redis"
            time.sleep(0.1)
        assert ada.call("player:answer", {"index": 0, "answer": 1})["error"]["code"] == \
            "already_answered"  # the answer before the outage survived it
        assert bob.call("player:answer", {"index": 0, "answer": 1})["ok"]
        results_0 = [bob.wait_for("player:result")[0], ada.wait_for("player:result")[0]]
        assert all(r["correct"] and r["points"] == r["score"] for r in results_0)
        report = results(server, room)
        assert [len([a for a in p["answers"] if a["answer"] is not None])
                for p in report["players"]] == [1, 1]
    finally:
        close_all([host, ada, bob])
        redis_proc.terminate()
        redis_proc.wait(10)


def test_restart_mid_auto_pilot_carries_on_to_the_podium(start):
    """A meetup game on auto-pilot: the server dies during a reveal; the restarted one
    (ticking once the phones reconnect) opens the next question when the reveal's time
    is up and runs on to the podium, with nobody at the host's laptop."""
    server = start()
    room = server.create_room(quiz=pack(single(answer=1), single(answer=1), single(answer=1)),
                              settings={"auto_advance": 2, "lead_in": 1, "time_limit": 3})
    pin = room["pin"]
    ada = join(server.url, pin, "Ada")
    host = Client(server.url)
    host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
    clients = [ada, host]
    try:
        host.call("host:start", {"pin": pin})
        host.close()  # the host walks away
        ada.wait_for("question:start", timeout=10)
        assert ada.call("player:answer", {"index": 0, "answer": 1})["ok"]
        end = ada.wait_for("question:end", timeout=10)[0]
        assert end["next_at"] > 0
        server.stop(signal.SIGKILL)
        server = start(port=server.port)
        ada2 = rejoin(server.url, pin, ada.seat["player_token"])
        clients.append(ada2)
        assert ada2.seat["state"]["phase"] in ("reveal", "lead_in", "question")
        over = ada2.wait_for("game:over", timeout=30)[0]
        assert over["podium"][0]["nickname"] == "Ada"
        indexes = [e["index"] for e in ada2.of("question:start")]
        assert indexes[-1] == 2 and len(indexes) == len(set(indexes))  # none opened twice
        scored = results(server, room)["players"][0]["answers"]
        assert [a["index"] for a in scored] == [0, 1, 2] and scored[0]["correct"] is True
    finally:
        close_all(clients)


def test_restart_mid_pause_keeps_the_time_left(start):
    server = start()
    room = server.create_room(quiz=pack(single(answer=1, time_limit=30)))
    pin = room["pin"]
    ada = join(server.url, pin, "Ada")
    host = Client(server.url)
    host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
    clients = [ada, host]
    try:
        host.call("host:start", {"pin": pin})
        ada.wait_for("question:start")
        time.sleep(1)
        assert host.call("host:pause", {"pin": pin})["ok"]
        paused = ada.wait_for("game:paused")[0]
        assert 26_000 < paused["remaining_ms"] <= 29_500
        server.stop(signal.SIGKILL)
        time.sleep(3)  # longer than a second of the question's time
        server = start(port=server.port)
        host2 = Client(server.url)
        ada2 = rejoin(server.url, pin, ada.seat["player_token"])
        clients += [host2, ada2]
        snap = host2.call("host:attach", {"pin": pin, "host_token": room["host_token"]})
        assert snap["state"]["phase"] == "paused"
        assert snap["state"]["paused"] == {"phase": "question",
                                           "remaining_ms": paused["remaining_ms"]}
        assert ada2.call("player:answer", {"index": 0, "answer": 1})["error"]["code"] == \
            "not_accepting"
        assert host2.call("host:resume", {"pin": pin})["ok"]
        resumed = ada2.wait_for("game:resumed")[0]
        assert resumed["deadline"] - resumed["server_time"] == paused["remaining_ms"]
        ack = ada2.call("player:answer", {"index": 0, "answer": 1})
        assert ack["ok"] and ack["response_ms"] < 6000  # the pause and restart not counted
    finally:
        close_all(clients)
