"""Streaks on the leaderboard: the projector shows who is on a run of right answers."""
import pytest

from server.game.leaderboard import rank
from tests.helpers import pack, poll, single
from tests.live import Client


def test_entries_carry_each_players_streak():
    entries = rank([("a", "A", 100, 1), ("b", "B", 300, 2)], {"b": 3})
    assert [(e["nickname"], e["streak"]) for e in entries] == [("B", 3), ("A", 0)]


@pytest.mark.live
def test_leaderboard_snapshot_and_podium_carry_streaks(live_server):
    room = live_server.create_room(quiz=pack(single(answer=1), single(answer=2), poll()))
    pin = room["pin"]
    host, screen = Client(live_server.url), Client(live_server.url)
    ada, bao = Client(live_server.url), Client(live_server.url)
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        assert screen.call("screen:attach", {"pin": pin})["ok"]
        for client, name in ((ada, "Ada"), (bao, "Bao")):
            assert client.call("player:join", {"pin": pin, "nickname": name})["ok"]
        assert host.call("host:start", {"pin": pin}) == {"ok": True}
        for index, (right, wrong) in enumerate(((1, 0), (2, 2))):
            ada.wait_for("question:start", index + 1)
            bao.wait_for("question:start", index + 1)
            assert ada.call("player:answer", {"index": index, "answer": right})["ok"]
            assert bao.call("player:answer", {"index": index, "answer": wrong})["ok"]
            board = screen.wait_for("leaderboard:update", index + 1)[index]["entries"]
            assert host.call("host:next", {"pin": pin}) == {"ok": True}
            if index == 0:
                assert {e["nickname"]: e["streak"] for e in board} == {"Ada": 1, "Bao": 0}
        assert {e["nickname"]: e["streak"] for e in board} == {"Ada": 2, "Bao": 1}

        # a poll leaves streaks alone; a projector that reloads sees them in its snapshot
        ada.wait_for("question:start", 3)
        assert ada.call("player:answer", {"index": 2, "answer": 0})["ok"]
        assert host.call("host:next", {"pin": pin}) == {"ok": True}
        screen.wait_for("leaderboard:update", 3)
        again = Client(live_server.url)
        snap = again.call("screen:attach", {"pin": pin})["state"]
        again.close()
        assert {e["nickname"]: e["streak"] for e in snap["leaderboard"]} == {"Ada": 2, "Bao": 1}
        assert host.call("host:next", {"pin": pin}) == {"ok": True}
        over = screen.wait_for("game:over")[0]
        assert [(e["nickname"], e["streak"]) for e in over["podium"]] == [("Ada", 2), ("Bao", 1)]
    finally:
        for client in (host, screen, ada, bao):
            client.close()
