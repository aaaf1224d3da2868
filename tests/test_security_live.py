"""Hostile clients against the real server: origins, oversized and malformed
messages, a join flood, and a Redis pool smaller than the crowd."""
from __future__ import annotations

import asyncio
import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
import websocket

from tests.helpers import pack, single
from tests.live import Client, LiveServer

pytestmark = pytest.mark.live


@pytest.fixture
def server(redis_url, prefix, tmp_path):
    live = LiveServer(redis_url, prefix, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1", "QUIZROOM_REDIS_MAX_CONNECTIONS": "3"}).start()
    yield live
    live.stop()


class Raw:
    """A bare Engine.IO/Socket.IO websocket, for what no well-behaved client sends."""

    def __init__(self, url, address="10.0.0.1"):
        self.ws = websocket.create_connection(
            url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
            header=[f"X-Forwarded-For: {address}"], timeout=5)
        assert self.ws.recv().startswith("0")
        self.ws.send("40")
        assert self.ws.recv().startswith("40")

    def acks(self, count, timeout=10):
        found, deadline = {}, time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            frame = self.ws.recv()
            if frame == "2":
                self.ws.send("3")  # answer Engine.IO pings
            elif frame.startswith("43"):
                ack_id = int(frame[2:frame.index("[")])
                found[ack_id] = json.loads(frame[frame.index("["):])[0]
        return found


def test_other_origins_cannot_open_a_socket(server):
    handshake = server.url + "/socket.io/?EIO=4&transport=polling"
    evil = requests.get(handshake, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 400 and "sid" not in evil.text
    assert requests.get(handshake, headers={"Origin": server.url}).status_code == 200
    same = Client(server.url)  # websocket-client sends the page's own origin
    assert same.call("player:join", {"pin": "123456", "nickname": "Here"})["error"]["code"] == \
        "not_found"
    same.close()


def test_an_oversized_message_closes_only_that_connection(server):
    raw, other = Raw(server.url), Client(server.url)
    try:
        raw.ws.send('421["player:join",{"pin":"123456","nickname":"' + "x" * 70_000 + '"}]')
        with pytest.raises((websocket.WebSocketConnectionClosedException, ConnectionError,
                            BrokenPipeError)):
            for _ in range(5):
                raw.ws.send("2")
                raw.ws.recv()
        assert other.call("player:join", {"pin": "123456", "nickname": "Still"})["error"]["code"] \
            == "not_found"
        assert requests.get(server.url + "/healthz").status_code == 200
    finally:
        other.close()


def test_nested_and_malformed_packets_get_answers_not_tracebacks(server):
    raw = Raw(server.url)
    raw.ws.send('427["player:join",' + "[" * 20_000 + "]" * 20_000 + "]")
    ack = raw.acks(1)[7]
    assert ack["ok"] is False and ack["error"]["code"] == "bad_request"
    raw.ws.send('428"just a string"')
    assert raw.acks(1)[8]["error"]["code"] in ("bad_request", "unknown_event")
    raw.ws.send("4[{not a packet")
    with pytest.raises(Exception):
        for _ in range(5):
            raw.ws.send("2")
            raw.ws.recv()
    assert "Traceback" not in server.log()
    assert requests.get(server.url + "/healthz").status_code == 200


def test_reserved_event_names_from_a_client_are_unknown_events(server):
    """A client may not name python-socketio's own events: "disconnect" used to run the
    disconnect handler and take a seated player offline while the socket stayed, and
    "*" crashed the catch-all handler with no ack."""
    room = server.create_room(quiz=pack(single()))
    player = Client(server.url, address="10.0.0.9")
    assert player.call("player:join", {"pin": room["pin"], "nickname": "Stays"})["ok"]
    host = Client(server.url, address="10.0.0.8")
    state = host.call("host:attach", {"pin": room["pin"], "host_token": room["host_token"]})
    assert [p["online"] for p in state["state"]["roster"]] == [True]
    for name, payload in [("disconnect", None), ("connect", {}), ("*", None), ("*", {}),
                          ("connect_error", {})]:
        ack = player.call(name, payload, timeout=5)
        assert ack["ok"] is False and ack["error"]["code"] == "unknown_event", (name, ack)
    state = host.call("host:attach", {"pin": room["pin"], "host_token": room["host_token"]})
    assert [p["online"] for p in state["state"]["roster"]] == [True]
    assert "Traceback" not in server.log()


def test_a_join_flood_is_refused_while_an_honest_player_gets_in(server):
    room = server.create_room(quiz=pack(single()), settings={"max_players": 5000})
    pin = room["pin"]
    # 19 joins (and the Socket.IO connect) a connection: what one connection may send
    # at once before the transport budget drops them, see test_floods_live.py
    connections, per_connection = 50, 19
    flooders = [Raw(server.url, "10.66.0.1") for _ in range(connections)]
    started, wall_started = time.monotonic(), time.time()
    for c, raw in enumerate(flooders):
        for i in range(per_connection):
            raw.ws.send(f'42{i}["player:join",{{"pin":"{pin}","nickname":"bot{c}x{i}"}}]')
    honest_started = time.monotonic()
    honest = socketio.Client(reconnection=False)
    honest.connect(server.url, headers={"X-Forwarded-For": "10.1.2.3"}, transports=["websocket"])
    seat = honest.call("player:join", {"pin": pin, "nickname": "Honest"}, timeout=10)
    honest_ms = (time.monotonic() - honest_started) * 1000
    with ThreadPoolExecutor(connections) as pool:
        replies = [a for acks in pool.map(lambda r: r.acks(per_connection), flooders)
                   for a in acks.values()]
    flood_s = time.monotonic() - started
    # the address budget counts in clock-aligned seconds: 5 in each second the flood touched
    windows = int(time.time()) - int(wall_started) + 1
    honest.disconnect()
    accepted = sum(a["ok"] for a in replies)
    refused = [a["error"]["code"] for a in replies if not a["ok"]]
    assert len(replies) == connections * per_connection  # every attempt got an answer
    assert set(refused) <= {"rate_limited", "already_attached"}  # one seat per connection
    assert accepted <= 5 * windows and accepted / len(replies) <= 0.02
    assert seat["ok"] and honest_ms < 1000
    assert "Traceback" not in server.log()
    print(f"\nflood: {len(replies)} joins in {flood_s:.2f}s from one address, "
          f"{100 * len(refused) / len(replies):.1f}% refused ({accepted} let in); "
          f"honest player joined in {honest_ms:.0f} ms")


def test_more_clients_than_redis_connections_get_answers_never_errors(server):
    room = server.create_room(quiz=pack(single()), settings={"max_players": 500})

    def one(i):
        client = socketio.Client(reconnection=False)
        client.connect(server.url, headers={"X-Forwarded-For": f"10.9.{i // 250}.{i % 250}"},
                       transports=["websocket"])
        try:
            return client.call("player:join", {"pin": room["pin"], "nickname": f"c{i}"},
                               timeout=20)
        finally:
            client.disconnect()

    with ThreadPoolExecutor(40) as pool:
        acks = list(pool.map(one, range(120)))  # 40 at a time through a pool of 3
    codes = {a["error"]["code"] for a in acks if not a["ok"]}
    assert codes <= {"unavailable"} and sum(a["ok"] for a in acks) >= 100
    assert "Traceback" not in server.log()


async def _post_many(url: str, bodies: list[tuple[str, bytes]]) -> list[int]:
    """Every request on its own connection, all sent at once: the status of each."""
    host, port = url.split("//")[1].split(":")

    async def one(path_and_forwarded):
        path, forwarded, body = path_and_forwarded
        reader, writer = await asyncio.open_connection(host, int(port))
        writer.write((f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                      f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                      f"X-Forwarded-For: {forwarded}\r\nConnection: close\r\n\r\n").encode()
                     + body)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 60)
        writer.close()
        return int(status.split()[1])
    return await asyncio.gather(*(one(b) for b in bodies))


def test_a_burst_of_http_joins_waits_for_redis_rather_than_failing(redis_url, prefix, tmp_path):
    """Every join keeps its token in the browser's session, which is written to Redis
    through its own client: a crowd joining at once queues for a connection rather
    than any of them getting a 500."""
    server = LiveServer(redis_url, prefix, log_dir=tmp_path, env={"QUIZROOM_PROXIES": "1"}).start()
    made = requests.post(f"{server.url}/api/challenges", json={"quiz": pack(single())},
                         headers={"X-Forwarded-For": "10.8.0.1"}, timeout=10).json()
    bodies = [(f"/api/challenges/{made['code']}/join", f"10.7.{i // 4}.{i % 4}",
               json.dumps({"nickname": f"c{i}"}).encode()) for i in range(400)]
    try:
        # in a thread of its own: Playwright's sync API leaves a loop running in this one
        with ThreadPoolExecutor(1) as pool:
            statuses = pool.submit(asyncio.run, _post_many(server.url, bodies)).result()
        assert statuses.count(201) == 400, sorted(set(statuses))
        assert "Traceback" not in server.log()
    finally:
        server.stop()
