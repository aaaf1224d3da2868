"""A whole game against the real server process, in each async mode, with real clients."""
import time

import pytest
import requests

from tests.helpers import (info, multi, order, pack, poll, single, slider, text, truefalse,
                           wordcloud)
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


def test_every_question_type_in_one_game(live_server):
    items = ["Request", "Routing", "View", "Response"]
    quiz = pack(single(answer=1), multi(answer=(0, 1, 2), partial=True), truefalse(answer=0),
                text(answer=("Werkzeug",), fuzzy=True), poll(), slider(answer=50, tolerance=2),
                order(choices=items), wordcloud(), info())
    room = live_server.create_room(quiz=quiz)
    pin = room["pin"]
    host, screen = Client(live_server.url), Client(live_server.url)
    ada, bob = Client(live_server.url), Client(live_server.url)
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        assert screen.call("screen:attach", {"pin": pin})["ok"]
        for name, client in (("Ada", ada), ("Bob", bob)):
            assert client.call("player:join", {"pin": pin, "nickname": name})["ok"]
        assert host.call("host:start", {"pin": pin}) == {"ok": True}

        def play(index, answers):
            """Both players answer question ``index``; what the screen and Ada are told."""
            start = ada.wait_for("question:start", index + 1)[index]
            for client, answer in zip((ada, bob), answers):
                if answer is not None:
                    ack = client.call("player:answer", {"index": index, "answer": answer})
                    assert ack["ok"], ack
            if None in answers:
                assert host.call("host:next", {"pin": pin}) == {"ok": True}
            end = screen.wait_for("question:end", index + 1)[index]
            result = ada.wait_for("player:result", index + 1)[index]
            assert end["index"] == index and result["index"] == index
            return start, end, result, bob.wait_for("player:result", index + 1)[index]

        def next_question():
            assert host.call("host:next", {"pin": pin}) == {"ok": True}

        _s, end, ada_r, bob_r = play(0, (1, 0))
        assert end["distribution"] == [1, 1, 0, 0] and ada_r["correct"] and not bob_r["correct"]
        next_question()
        _s, end, ada_r, bob_r = play(1, ([0, 1, 2, 3], [0, 1]))  # ticking all four earns 0
        assert ada_r["points"] == 0 and 0 < bob_r["points"] < 700 and end["correct"] == [0, 1, 2]
        next_question()
        play(2, (0, 1))
        next_question()
        # two letters swapped is the one typo it forgives; two swaps are two typos
        _s, end, ada_r, bob_r = play(3, ("Werkzueg", "Wrekzueg"))
        assert (ada_r["correct"], bob_r["correct"]) == (True, False)
        assert {e["answer"]: e["correct"] for e in end["distribution"]} == \
            {"Werkzueg": True, "Wrekzueg": False}
        next_question()
        _s, end, ada_r, _b = play(4, (2, 2))
        assert end["distribution"] == [0, 0, 2] and ada_r["correct"] is None
        next_question()
        start, end, ada_r, bob_r = play(5, (50.4, 57))
        assert "answer" not in start and (start["min"], start["max"]) == (0, 100)
        assert end["correct"] == {"value": 50, "tolerance": 2, "margin": 10}
        assert ada_r["correct"] is True and bob_r["correct"] is False and bob_r["points"] > 0
        next_question()
        start = ada.wait_for("question:start", 7)[6]
        assert bob.wait_for("question:start", 7)[6]["choices"] == start["choices"] != items
        right = [start["choices"].index(item) for item in items]
        _s, end, ada_r, bob_r = play(6, (right, list(reversed(right))))
        assert end["correct"] == right and end["distribution"]["exact"] == 1
        assert ada_r["correct"] is True and bob_r["points"] == 0
        next_question()
        streak = ada_r["streak"]
        _s, end, ada_r, _b = play(7, (["Micro", "simple"], ["micro "]))
        assert end["distribution"] == [{"word": "micro", "count": 2},
                                       {"word": "simple", "count": 1}]
        assert (ada_r["correct"], ada_r["points"], ada_r["streak"]) == (None, 0, streak)
        assert host.call("host:hide_word", {"pin": pin, "index": 7, "word": "simple"}) == \
            {"ok": True}
        update = screen.wait_for("wordcloud:update")[0]
        assert update == {"index": 7, "distribution": [{"word": "micro", "count": 2}]}
        next_question()
        start = ada.wait_for("question:start", 9)[8]
        assert start["type"] == "info" and start["choices"] == []
        refused = ada.call("player:answer", {"index": 8, "answer": 0})
        assert refused["error"]["code"] == "bad_answer"
        _s, end, ada_r, _b = play(8, (None, None))  # the host moves on
        assert end["distribution"] == [] and ada_r["points"] == 0
        next_question()
        assert screen.wait_for("game:over")[0]["players"] == 2

        report = requests.get(f"{live_server.url}/api/rooms/{pin}/results",
                              headers={"Authorization": f"Bearer {room['host_token']}"}).json()
        assert [q["type"] for q in report["questions"]] == [q["type"] for q in quiz["questions"]]
    finally:
        for client in (host, screen, ada, bob):
            client.close()


def test_polling_transport_works_too(live_server):
    room = live_server.create_room(quiz=pack(single()))
    client = Client(live_server.url, transports=("polling",))
    try:
        assert client.call("player:join", {"pin": room["pin"], "nickname": "Poll"})["ok"]
    finally:
        client.close()
