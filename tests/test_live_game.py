"""A whole game against the real server process, in each async mode, with real clients."""
import time

import pytest
import requests

from tests.helpers import pack, single, text, truefalse
from tests.live import Client

pytestmark = pytest.mark.live


def test_a_whole_game_end_to_end(live_server):
    room = live_server.create_room(quiz=pack(single(answer=1, time_limit=10), text(time_limit=10),
                                             truefalse(answer=0, time_limit=2)))
    pin = room["pin"]
    host, screen = Client(live_server.url), Client(live_server.url)
    players = {name: Client(live_server.url) for name in ("Ada", "Bob", "Cy")}
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        assert screen.call("screen:attach", {"pin": pin})["ok"]
        seats = {n: c.call("player:join", {"pin": pin, "nickname": n}) for n, c in players.items()}
        assert all(s["ok"] for s in seats.values())
        host.wait_for("lobby:update", 3)
        assert host.call("host:start", {"pin": pin}) == {"ok": True}

        # question 0: everyone answers, so it ends early, long before its 10 s
        started = time.monotonic()
        for name, client in players.items():
            q = client.wait_for("question:start")[0]
            assert q["index"] == 0 and "answer" not in q and q["deadline"] > q["server_time"]
            ack = client.call("player:answer", {"index": 0, "answer": 1 if name != "Cy" else 0})
            assert ack["ok"] and ack["response_ms"] >= 0
        for client in [*players.values(), host, screen]:
            end = client.wait_for("question:end")[0]
            assert end["correct"] == 1 and end["distribution"] == [1, 2, 0, 0]
        assert time.monotonic() - started < 5
        assert host.wait_for("question:end")[0]["answered"] == 3
        results = {n: c.wait_for("player:result")[0] for n, c in players.items()}
        assert results["Cy"]["points"] == 0 and results["Cy"]["rank"] == 3
        assert results["Ada"]["correct"] and results["Ada"]["points"] > 900
        assert players["Ada"].call("player:answer", {"index": 0, "answer": 1})["error"]["code"] \
            == "too_late"
        board = screen.wait_for("leaderboard:update")[0]["entries"]
        assert [e["score"] for e in board] == sorted((e["score"] for e in board), reverse=True)

        # question 1 (text): host closes it early with next
        assert host.call("host:next", {"pin": pin}) == {"ok": True}
        players["Bob"].wait_for("question:start", 2)
        assert players["Bob"].call("player:answer", {"index": 1, "answer": " JINJA2 "})["ok"]
        # host and screen see answers come in (batched by the ticker, ten times a second)
        for watcher in (host, screen):
            watcher.wait_for("question:progress", where=lambda p: p["index"] == 1 and
                             p["answered"] == 1, timeout=2)
        assert not [p for p in players["Ada"].of("question:progress")]  # not for players
        assert host.call("host:next", {"pin": pin}) == {"ok": True}
        assert players["Bob"].wait_for("player:result", 2)[1]["correct"] is True
        assert players["Ada"].wait_for("player:result", 2)[1]["points"] == 0

        # question 2: nobody answers; its 2 s deadline ends it through the ticker
        host.call("host:next", {"pin": pin})
        q2 = players["Ada"].wait_for("question:start", 3)[2]
        end2 = players["Ada"].wait_for("question:end", 3, timeout=6)[2]
        assert end2["index"] == 2
        late_ms = int(time.time() * 1000) - q2["deadline"]
        assert late_ms < 1500  # closed promptly after the deadline, not by anyone's action

        assert host.call("host:next", {"pin": pin}) == {"ok": True}
        over = screen.wait_for("game:over")[0]
        assert [p["nickname"] for p in over["podium"]][0] in ("Ada", "Bob")
        assert len(over["podium"]) == 3 and over["podium"][0]["rank"] == 1

        # after the game a refreshed phone still finds its seat and score
        final_score = players["Bob"].of("player:result")[-1]["score"]
        players["Bob"].close()
        again = Client(live_server.url)
        back = again.call("player:rejoin", {"pin": pin, "player_token": seats["Bob"]["player_token"]})
        assert back["ok"] and back["score"] == final_score and back["state"]["phase"] == "finished"
        again.close()

        report = requests.get(f"{live_server.url}/api/rooms/{pin}/results",
                              headers={"Authorization": f"Bearer {room['host_token']}"}).json()
        assert [p["score"] for p in report["players"]] == [e["score"] for e in over["leaderboard"]]
    finally:
        for client in [host, screen, *players.values()]:
            client.close()


def test_polling_transport_works_too(live_server):
    room = live_server.create_room(quiz=pack(single()))
    client = Client(live_server.url, transports=("polling",))
    try:
        assert client.call("player:join", {"pin": room["pin"], "nickname": "Poll"})["ok"]
    finally:
        client.close()
