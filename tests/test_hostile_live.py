"""Hostile clients against the real server, round two: sockets that vanish while they
join, a PIN guesser sharing a classroom's address, and host clicks that race the game."""
from __future__ import annotations

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
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


# -- 5. a shared address is not a shared fate -------------------------------------------
CLASS = "10.5.5.5"


def guess_pins(url, stop: threading.Event, codes: list, live_pins=()):
    """One client of the class's address trying random PINs with screen:attach, on a new
    connection every 15 tries (a connection may send 20 packets at once, then 10 a
    second; an address that keeps closing connections after their burst pays for it:
    its new ones start with less, or are refused: sockets/inbound.py). A call that gets
    no ack (dropped) ends its connection; a refused connection is tried again."""
    while not stop.is_set():
        try:
            guesser = Client(url, address=CLASS)
        except socketio.exceptions.ConnectionError:
            time.sleep(0.2)
            continue
        try:
            for _ in range(15):
                if stop.is_set():
                    break
                pin = f"{random.randrange(100000, 1000000):06d}"
                if pin not in live_pins:
                    try:
                        codes.append(code(guesser.call("screen:attach", {"pin": pin},
                                                       timeout=1)))
                    except socketio.exceptions.TimeoutError:
                        break
                    time.sleep(0.02)
        finally:
            guesser.close()


def test_a_pin_guesser_does_not_lock_out_the_class_sharing_its_address(server):
    room = server.create_room(quiz=pack(single()), settings={"max_players": 200})
    other = server.create_room(quiz=pack(single()))  # a live room nobody here has reached
    pin = room["pin"]
    host = Client(server.url, address=CLASS)
    assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
    seated = Client(server.url, address=CLASS)
    seat = seated.call("player:join", {"pin": pin, "nickname": "Early"})
    assert seat["ok"]
    seated.close()

    misses = []
    for first in (0, 11):  # two connections, each within its packet burst
        guesser = Client(server.url, address=CLASS)
        misses += [code(guesser.call("screen:attach", {"pin": f"{900000 + i:06d}"}))
                   for i in range(first, first + 11)
                   if f"{900000 + i:06d}" not in (pin, other["pin"])]
        guesser.close()
    assert misses[-1] == "rate_limited"  # the guesser is locked out...
    # ... and a live room it has never reached answers exactly like an unknown PIN
    probe = Client(server.url, address=CLASS)
    assert code(probe.call("screen:attach", {"pin": other["pin"]})) == "rate_limited"
    assert code(probe.call("player:join", {"pin": other["pin"], "nickname": "Probe"})) == \
        "rate_limited"
    probe.close()

    # requests with a valid token are never refused because of someone else's misses
    back = Client(server.url, address=CLASS)
    assert back.call("player:rejoin", {"pin": pin, "player_token": seat["player_token"]})["ok"]
    back.close()
    host2 = Client(server.url, address=CLASS)
    assert host2.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
    host2.close()

    # the class of 60 joins while the guesser keeps going
    stop, codes = threading.Event(), []
    worker = threading.Thread(target=guess_pins, args=(server.url, stop, codes,
                                                       (pin, other["pin"])))
    worker.start()

    refused = []

    def student(i):
        # a browser's socket.io client tries again when a connection is refused (the
        # guesser's closed connections may have put the address in debt:
        # sockets/inbound.py); so does each student here, after half a second
        for _ in range(60):
            try:
                client = Client(server.url, address=CLASS)
                break
            except socketio.exceptions.ConnectionError:
                refused.append(i)
                time.sleep(0.5)
        try:
            for _ in range(60):
                ack = client.call("player:join", {"pin": pin, "nickname": f"Student{i}"})
                if code(ack) != "rate_limited":
                    if ack["ok"]:  # the page keeps the seat in the session, as play.js does
                        kept = requests.post(f"{server.url}/api/rooms/{pin}/seat",
                                             json={"player_token": ack["player_token"]},
                                             headers={"X-Forwarded-For": CLASS}, timeout=10)
                        ack = ack if kept.status_code == 200 else {"ok": False, **kept.json()}
                    return ack
                time.sleep(min(ack["error"]["retry_after"], 1) * random.uniform(0.5, 1))
            return ack
        finally:
            client.close()

    started = time.monotonic()
    try:
        with ThreadPoolExecutor(60) as pool:
            acks = list(pool.map(student, range(60)))
        took = time.monotonic() - started
    finally:
        stop.set()
        worker.join(15)
    joined = sum(a["ok"] for a in acks)
    guesses = len(codes)
    found = [c for c in codes if c is None]
    print(f"\n60 joins from one address took {took:.1f}s while one client there made "
          f"{guesses} PIN guesses ({codes.count('not_found')} answered, "
          f"{codes.count('rate_limited')} refused); {len(refused)} student connections "
          f"were refused and tried again")
    assert joined == 60, [a for a in acks if not a["ok"]][:3]
    assert took < 60
    assert not found and codes.count("not_found") <= 20  # still locked out, nothing found
    host.close()


# -- 6. host actions name what they act on ----------------------------------------------
def test_a_host_click_racing_the_questions_own_close_does_not_skip_the_reveal(server):
    room = server.create_room(quiz=pack(single(answer=1), single(), single()))
    pin = room["pin"]
    host, player = Client(server.url, address="10.6.0.1"), Client(server.url, address="10.6.0.2")
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        assert player.call("player:join", {"pin": pin, "nickname": "Solo"})["ok"]
        assert host.call("host:start", {"pin": pin})["ok"]
        player.wait_for("question:start")
        # the last answer closes question 0 while the host is clicking "End question now"
        assert player.call("player:answer", {"index": 0, "answer": 1})["ok"]
        host.wait_for("question:end")
        late = host.call("host:next", {"pin": pin, "index": 0, "phase": "question"})
        assert code(late) == "stale", late
        time.sleep(0.3)
        assert len(player.of("question:start")) == 1  # the room still sees the reveal

        # a double click in the reveal opens one question, not two
        with ThreadPoolExecutor(2) as pool:
            clicks = list(pool.map(lambda _: host.call(
                "host:next", {"pin": pin, "index": 0, "phase": "reveal"}), range(2)))
        # the second is refused as stale, or (had both read the reveal before either
        # moved the room) answered ok for the move the first one made
        assert set(map(code, clicks)) <= {None, "stale"}, clicks
        time.sleep(0.3)
        assert [q["index"] for q in player.of("question:start")] == [0, 1]

        # host:end names what it ends too; one older than the room's phase is refused
        assert code(host.call("host:end", {"pin": pin, "index": 0, "phase": "reveal"})) == "stale"
        assert host.call("host:end", {"pin": pin, "index": 1, "phase": "question"})["ok"]
        host.wait_for("game:over")
        # a missing index/phase is taken as today (scripts), but only both or neither
        assert code(host.call("host:next", {"pin": pin, "index": 1})) == "bad_request"
    finally:
        host.close()
        player.close()
