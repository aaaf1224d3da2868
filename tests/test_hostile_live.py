"""Hostile clients against the real server, round two: sockets that vanish while they
join, a PIN guesser sharing a classroom's address, and host clicks that race the game."""
from __future__ import annotations

import json
import time

import pytest
import websocket

from tests.helpers import pack, single
from tests.live import Client, LiveServer

pytestmark = pytest.mark.live


def start(redis_url, prefix, tmp_path, mode="gevent"):
    return LiveServer(redis_url, prefix, mode, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1"}).start()


@pytest.fixture
def server(redis_url, prefix, tmp_path):
    live = start(redis_url, prefix, tmp_path)
    yield live
    live.stop()


def send_and_vanish(url, event, payload, address):
    """Send one event on a bare websocket and close it at once, without waiting for the ack."""
    ws = websocket.create_connection(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                     header=[f"X-Forwarded-For: {address}"], timeout=5)
    assert ws.recv().startswith("0")
    ws.send("40")
    assert ws.recv().startswith("40")
    ws.send("421" + json.dumps([event, payload]))
    ws.close()


def code(ack):
    return None if ack["ok"] else ack["error"]["code"]


# -- 4. no ghost players ----------------------------------------------------------------
@pytest.mark.parametrize("mode", ["gevent", "eventlet"])
def test_a_socket_closed_while_it_joins_leaves_no_ghost(redis_url, prefix, tmp_path, mode):
    live = start(redis_url, prefix, tmp_path, mode)
    room = live.create_room(quiz=pack(single(answer=1, time_limit=30)))
    pin = room["pin"]
    host = Client(live.url, address="10.4.0.1")
    real = Client(live.url, address="10.4.0.2")
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        assert real.call("player:join", {"pin": pin, "nickname": "Real"})["ok"]
        # seats whose phones dropped; each comes back only to vanish again at once
        tokens = []
        for i in range(4):
            seated = Client(live.url, address=f"10.4.1.{i}")
            tokens.append(seated.call("player:join", {"pin": pin, "nickname": f"Seat{i}"})
                          ["player_token"])
            seated.close()
        for i in range(8):
            send_and_vanish(live.url, "player:join", {"pin": pin, "nickname": f"Ghost{i}"},
                            f"10.4.2.{i}")
        for i, token in enumerate(tokens):
            send_and_vanish(live.url, "player:rejoin", {"pin": pin, "player_token": token},
                            f"10.4.3.{i}")
        time.sleep(1.5)  # every join and rejoin has long run to its end

        look = Client(live.url, address="10.4.0.3")
        roster = look.call("host:attach", {"pin": pin, "host_token": room["host_token"]}
                           )["state"]["roster"]
        look.close()
        online = sorted(p["nickname"] for p in roster if p["online"])
        assert online == ["Real"], f"ghosts still online: {online}"

        # what the room notices: the one player left answers, and the question ends now
        assert host.call("host:start", {"pin": pin})["ok"]
        real.wait_for("question:start")
        answered = time.monotonic()
        assert real.call("player:answer", {"index": 0, "answer": 1})["ok"]
        host.wait_for("question:end", timeout=10)
        assert time.monotonic() - answered < 3  # not the 30 s deadline
        assert "Traceback" not in live.log()
    finally:
        host.close()
        real.close()
        live.stop()
