"""Hostile transports against the real server: packet floods, binary packets, oversized
frame headers, too many connections from one address, connections that never attach.

Every flooder is bounded in time and count and talks only to the loopback server;
the addresses it claims are X-Forwarded-For headers (the server trusts one proxy).
"""
from __future__ import annotations

import json
import os
import struct
import threading
import time

import pytest
import requests
import websocket

from tests.helpers import pack, single
from tests.live import Client, LiveServer

pytestmark = pytest.mark.live

FLOOD_SECONDS = 4.0
ANSWER = '42["player:answer",{"index":0,"answer":1}]'


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def raw_socket(url: str, address: str, timeout: float = 5):
    ws = websocket.create_connection(
        url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
        header=[f"X-Forwarded-For: {address}"], timeout=timeout)
    assert ws.recv().startswith("0")
    ws.send("40")  # a Socket.IO connection, which then never joins a room
    return ws


def closed_within(ws, seconds: float) -> bool:
    """True once the server has closed ``ws``; answers pings meanwhile."""
    deadline = time.monotonic() + seconds
    ws.settimeout(0.5)
    while time.monotonic() < deadline:
        try:
            frame = ws.recv()
        except websocket.WebSocketTimeoutException:
            continue
        except (websocket.WebSocketConnectionClosedException, OSError):
            return True
        if frame == "2":
            ws.send("3")
        elif frame in ("", "1") or frame.startswith("41"):
            return True  # Engine.IO close, Socket.IO disconnect, or the close frame
    return False


def refused(url: str, address: str) -> bool:
    """A refused connection: a 401 over polling; over a websocket, whose upgrade
    gevent-websocket completes before the application runs, closed at once."""
    try:
        ws = websocket.create_connection(
            url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
            header=[f"X-Forwarded-For: {address}"], timeout=5)
    except websocket.WebSocketBadStatusException:
        return True
    try:
        return not ws.recv().startswith("0")
    except (websocket.WebSocketConnectionClosedException, OSError):
        return True
    finally:
        ws.close(timeout=0.1)


class Flooder(threading.Thread):
    """Sends player:answer as fast as it can, reconnecting whenever it is closed."""

    def __init__(self, url: str, address: str, seconds: float = FLOOD_SECONDS,
                 max_packets: int = 3_000_000, max_connections: int = 500):
        super().__init__(daemon=True)
        self.url, self.address, self.seconds = url, address, seconds
        self.max_packets, self.max_connections = max_packets, max_connections
        self.sent = self.connections = self.refused = 0

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline and self.connections < self.max_connections:
            self.connections += 1
            try:
                ws = raw_socket(self.url, self.address, timeout=2)
            except Exception:  # noqa: BLE001 - refused (per-address cap) or timed out
                self.refused += 1
                time.sleep(0.05)
                continue
            try:
                while time.monotonic() < deadline and self.sent < self.max_packets:
                    for _ in range(100):
                        ws.send(ANSWER)
                    self.sent += 100
            except Exception:  # noqa: BLE001 - closed by the server: come back
                pass
            finally:
                ws.close(timeout=0.1)


class CountingFlooder(Flooder):
    """A Flooder whose packets ask for acks: ``admitted`` counts the acks, each one a packet
    the server let through to a handler."""

    def __init__(self, url: str, address: str, seconds: float = FLOOD_SECONDS):
        super().__init__(url, address, seconds)
        self.admitted = 0

    def run(self) -> None:
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline and self.connections < self.max_connections:
            self.connections += 1
            try:
                ws = raw_socket(self.url, self.address, timeout=2)
            except Exception:  # noqa: BLE001 - refused, or timed out
                self.refused += 1
                time.sleep(0.05)
                continue
            reader = threading.Thread(target=self.count_acks, args=(ws,), daemon=True)
            reader.start()
            try:
                while time.monotonic() < deadline:
                    for _ in range(100):
                        ws.send(ANSWER.replace("42", f"42{self.sent}", 1))
                        self.sent += 1
            except Exception:  # noqa: BLE001 - closed by the server: come back
                pass
            reader.join(2)
            ws.close(timeout=0.1)

    def count_acks(self, ws) -> None:
        try:
            while True:
                frame = ws.recv()
                if frame.startswith("43"):
                    self.admitted += 1
                elif frame in ("", "1"):
                    return
        except Exception:  # noqa: BLE001 - closed
            return


@pytest.fixture
def flood_server(redis_url, prefix, tmp_path, request):
    mode = getattr(request, "param", "gevent")
    live = LiveServer(redis_url, prefix, mode, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1"}).start()
    yield live
    live.stop()


def play_during_flood(server, flooders: int, flooder=Flooder) -> dict:
    room = server.create_room(quiz=pack(single(answer=1, time_limit=3)))
    pin = room["pin"]
    host = Client(server.url, address="127.0.9.1")
    players = [Client(server.url, address=f"127.0.9.{2 + i}") for i in range(2)]
    threads = []
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        for i, player in enumerate(players):
            assert player.call("player:join", {"pin": pin, "nickname": f"Honest{i}"})["ok"]
        time.sleep(0.5)
        rss_before = rss_mb(server.proc.pid)
        threads = [flooder(server.url, f"127.0.{66 + i}.1") for i in range(flooders)]
        for thread in threads:
            thread.start()
        time.sleep(1.0)  # the flood is in full swing

        started = time.monotonic()
        assert host.call("host:start", {"pin": pin}, timeout=10)["ok"]
        start_ms = (time.monotonic() - started) * 1000
        question = players[0].wait_for("question:start", timeout=10)[0]
        sent = time.monotonic()
        ack = players[0].call("player:answer", {"index": 0, "answer": 1}, timeout=10)
        ack_ms = (time.monotonic() - sent) * 1000
        assert ack["ok"], ack
        # the other player never answers: only the deadline closes the question
        players[1].wait_for("question:end", timeout=question["deadline"] / 1000 - time.time() + 10)
        late_ms = time.time() * 1000 - question["deadline"]
        for thread in threads:
            thread.join(FLOOD_SECONDS + 10)
        time.sleep(2.0)
        rss_after = rss_mb(server.proc.pid)
        assert requests.get(server.url + "/healthz", timeout=5).status_code == 200
    finally:
        for client in (host, *players):
            client.close()
    packets = sum(t.sent for t in threads)
    figures = {"flooders": flooders, "packets": packets, "rate": packets / FLOOD_SECONDS,
               "connections": sum(t.connections for t in threads), "start_ms": start_ms,
               "ack_ms": ack_ms, "late_ms": late_ms, "rss_before": rss_before,
               "rss_after": rss_after, "refused": sum(t.refused for t in threads),
               "admitted": sum(getattr(t, "admitted", 0) for t in threads)}
    print("\nflood: {flooders} flooder(s), {packets} packets ({rate:.0f}/s) over {connections} "
          "connections; host:start {start_ms:.0f} ms, answer acked in {ack_ms:.0f} ms, "
          "question closed {late_ms:.0f} ms after its deadline; RSS {rss_before:.0f} MB -> "
          "{rss_after:.0f} MB".format(**figures))
    return figures


def assert_the_game_played_on(figures: dict) -> None:
    # it was a flood: thousands a second (fewer than before the flooder's address had
    # to pay for its bursts, now that it is refused while it owes)
    assert figures["packets"] > 10_000
    assert figures["start_ms"] < 2000
    assert figures["ack_ms"] < 2000
    assert figures["late_ms"] < 2000
    assert figures["rss_after"] - figures["rss_before"] < 40


@pytest.mark.parametrize("flood_server", ["gevent", "eventlet"], indirect=True)
def test_one_flooding_socket_does_not_stall_an_honest_game(flood_server):
    figures = play_during_flood(flood_server, flooders=1)
    assert_the_game_played_on(figures)
    assert "inbound flood" in flood_server.log()
    assert "Traceback" not in flood_server.log()


def test_flooders_from_several_addresses_do_not_add_up(flood_server):
    assert_the_game_played_on(play_during_flood(flood_server, flooders=4))
    assert "Traceback" not in flood_server.log()


class Pacer(threading.Thread):
    """A connection that never joins: ``burst`` acked answers at once, then one every
    ``interval`` seconds until ``until``; ``acks[phase]`` counts the packets that reached a
    handler (every event is acked, refused or not; a dropped packet gets nothing)."""

    def __init__(self, url: str, address: str, burst: int, interval: float, until: float):
        super().__init__(daemon=True)
        self.ws = raw_socket(url, address)
        self.burst, self.interval, self.until = burst, interval, until
        self.acks = {"burst": 0, "paced": 0}
        self.closed = False

    def run(self) -> None:
        for i in range(self.burst):
            self.ws.send(ANSWER.replace("42", f"42{i}", 1))
        sent, next_at = 0, time.monotonic()
        while not self.closed and time.monotonic() < self.until + 1.5:  # then acks in flight
            now = time.monotonic()
            if now >= next_at and now < self.until:
                self.ws.send(ANSWER.replace("42", f"42{1000 + sent}", 1))
                sent, next_at = sent + 1, next_at + self.interval
            self.ws.settimeout(max(0.005, min(next_at, self.until + 1.5) - now))
            try:
                frame = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketConnectionClosedException, OSError):
                self.closed = True
                break
            if frame == "2":
                self.ws.send("3")
            elif frame.startswith("43"):
                self.acks["paced" if int(frame[2:frame.index("[")]) >= 1000 else "burst"] += 1
            elif frame in ("", "1") or frame.startswith("41"):
                self.closed = True
        self.ws.close(timeout=0.1)


@pytest.fixture
def budget_server(redis_url, prefix, tmp_path):
    live = LiveServer(redis_url, prefix, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1", "QUIZROOM_INBOUND_PER_SECOND": "40"}).start()
    yield live
    live.stop()


def test_many_sockets_from_several_addresses_share_the_process_budget(budget_server):
    """QUIZROOM_INBOUND_PER_SECOND=40: 16 sockets from 4 addresses each ask for 5 packets a
    second, 80 in all; together they get no more than the process's 40 (after the
    burst every connection may send at once), in roughly equal shares, while an honest
    player's answer is acked at once."""
    server, budget, seconds = budget_server, 40, 6.0
    room = server.create_room(quiz=pack(single(answer=1)))
    host = Client(server.url, address="127.0.9.1")
    player = Client(server.url, address="127.0.9.2")
    pacers = []
    try:
        assert host.call("host:attach", {"pin": room["pin"], "host_token": room["host_token"]})["ok"]
        assert player.call("player:join", {"pin": room["pin"], "nickname": "Honest"})["ok"]
        until = time.monotonic() + 1 + seconds
        pacers = [Pacer(server.url, f"127.0.{70 + a}.1", burst=19, interval=0.2, until=until)
                  for a in range(4) for _ in range(4)]
        began = time.monotonic()
        for pacer in pacers:
            pacer.start()
        time.sleep(until - seconds / 2 - time.monotonic())  # halfway through the pacing
        sent = time.monotonic()
        assert host.call("host:start", {"pin": room["pin"]}, timeout=10)["ok"]
        start_ms = (time.monotonic() - sent) * 1000
        player.wait_for("question:start")
        sent = time.monotonic()
        assert player.call("player:answer", {"index": 0, "answer": 1}, timeout=10)["ok"]
        ack_ms = (time.monotonic() - sent) * 1000
        for pacer in pacers:
            pacer.join(seconds + 10)
    finally:
        for client in (host, player):
            client.close()
    paced = sorted(p.acks["paced"] for p in pacers)
    window = until - began  # the pacing ran from the bursts to ``until``
    print(f"\nprocess budget {budget}/s: {len(pacers)} sockets asked 5/s each; after their bursts "
          f"({sum(p.acks['burst'] for p in pacers)} packets) {sum(paced)} packets got through in "
          f"{window:.1f} s ({sum(paced) / window:.1f}/s), per socket {paced[0]}..{paced[-1]}; "
          f"host:start {start_ms:.0f} ms, answer acked in {ack_ms:.0f} ms")
    assert not any(p.closed for p in pacers)  # over their share, but not flooding
    assert all(p.acks["burst"] == 19 for p in pacers)  # the burst a connection may send
    assert sum(paced) <= budget * window + 2 * len(pacers)  # asked 80/s
    assert paced[0] >= 0.5 * paced[-1]  # fair shares: no socket starved, none favoured
    assert start_ms < 1000 and ack_ms < 1000


def test_a_flooder_reconnecting_as_fast_as_it_can_gets_one_connections_share(flood_server):
    """Every new connection may send 20 packets at once: a flooder that reconnected at
    once whenever it was closed got ~2,000 packets a second into handlers from one
    address (413 connections in 4 s), the whole process budget. Now it gets about what
    one connection that stays open gets (20 at once, then 10 a second), plus its
    address's allowance for connections that close early."""
    figures = play_during_flood(flood_server, flooders=1, flooder=CountingFlooder)
    print(f"reconnecting flooder: {figures['admitted']} packets reached a handler "
          f"({figures['admitted'] / FLOOD_SECONDS:.0f}/s); {figures['refused']} of "
          f"{figures['connections']} connection attempts refused")
    assert figures["connections"] > 100  # it kept knocking
    assert_the_game_played_on(figures)
    # one connection open all along: 20 + 10/s x 4 s = 60; with the allowance of an
    # address for connections it closes early (100) and the debt it may run up (100): 260
    assert figures["admitted"] <= 300
    assert "Traceback" not in flood_server.log()


def test_a_binary_event_closes_the_connection(flood_server):
    ws = raw_socket(flood_server.url, "127.0.5.1")
    assert ws.recv().startswith("40")
    # a binary event announcing ten billion attachments: python-socketio would keep
    # every later message of this connection, waiting for them
    ws.send('459999999999-["player:answer",{"_placeholder":true,"num":0}]')
    time.sleep(0.3)  # the header is taken in before its attachments arrive
    try:
        for _ in range(50):  # attachments, which the server would keep
            ws.send_binary(b"x" * 1000)
    except (websocket.WebSocketConnectionClosedException, OSError):
        pass
    assert closed_within(ws, 3)
    honest = Client(flood_server.url, address="127.0.5.2")
    assert honest.call("player:join", {"pin": "123456", "nickname": "Fine"})["error"]["code"] \
        == "not_found"
    honest.close()
    assert "JSON only" in flood_server.log()


@pytest.mark.parametrize("flood_server", ["gevent", "eventlet"], indirect=True)
def test_a_long_poll_with_too_many_packets_is_refused_with_one_line_not_a_traceback(
        flood_server):
    """python-engineio decodes at most 16 packets from one long-polling POST; past that
    it logged a full ERROR traceback per request and answered 200, keeping the
    session: a cheap way to flood the log."""
    url = flood_server.url + "/socket.io/?EIO=4&transport=polling"
    headers = {"X-Forwarded-For": "127.0.7.1"}
    for _ in range(5):
        opened = requests.get(url, headers=headers, timeout=5)
        sid = json.loads(opened.text[1:])["sid"]
        session = f"{url}&sid={sid}"
        assert requests.post(session, data="40", headers=headers, timeout=5).status_code == 200
        payload = "\x1e".join([ANSWER] * 17)
        reply = requests.post(session, data=payload, headers=headers, timeout=5)
        assert reply.status_code == 400
        assert requests.get(session, headers=headers, timeout=5).status_code == 400  # closed
    honest = Client(flood_server.url, transports=("polling",), address="127.0.7.2")
    assert honest.call("player:join", {"pin": "123456", "nickname": "Fine"})["error"]["code"] \
        == "not_found"
    honest.close()
    log = flood_server.log()
    assert "Traceback" not in log
    assert log.count("too many packets") == 5  # one line each


def stream(server, first: bytes, more: bytes, label: str) -> tuple[int, float]:
    """Sends ``first`` and then ``more`` over and over (up to 60 MB, 5 s) on one
    websocket; returns the bytes the server took in before it hung up, and how much
    its memory grew."""
    rss_before = rss_mb(server.proc.pid)
    ws = raw_socket(server.url, "127.0.5.3")
    sent, deadline = 0, time.monotonic() + 5
    try:
        ws.sock.sendall(first)
        while sent < 60 * (1 << 20) and time.monotonic() < deadline:
            ws.sock.sendall(more)
            sent += len(more)
    except OSError:
        pass
    time.sleep(0.5)
    grown = rss_mb(server.proc.pid) - rss_before
    print(f"\n{label}: refused after {sent / (1 << 20):.1f} MB sent; server RSS grew "
          f"{grown:.0f} MB")
    ws.close(timeout=0.1)
    return sent, grown


@pytest.mark.parametrize("flood_server", ["gevent", "eventlet"], indirect=True)
def test_an_oversized_frame_header_is_refused_before_its_payload(flood_server):
    # a text frame announcing 200 MB, masked as a client's must be
    header = bytes([0x81, 0xFF]) + struct.pack("!Q", 200_000_000) + os.urandom(4)
    sent, grown = stream(flood_server, header, b"a" * (1 << 20), "oversized frame")
    assert sent < 20 * (1 << 20)  # refused by its header, not after reading the payload
    assert grown < 20


@pytest.mark.parametrize("flood_server", ["gevent", "eventlet"], indirect=True)
def test_a_message_fragmented_into_small_frames_is_capped_as_a_whole(flood_server):
    """Each frame under the 64 kB cap, the message they make over it: eventlet's server
    checked frames one by one and gathered such a message whole (39 MB in 8 s)."""
    def frame(opcode: int, payload: bytes) -> bytes:  # not final; a zero mask keeps "a"s
        return bytes([opcode, 0x80 | 126]) + struct.pack("!H", len(payload)) + bytes(4) + payload

    chunk = b"a" * 60_000
    sent, grown = stream(flood_server, frame(0x01, chunk), frame(0x00, chunk) * 16,
                         "fragmented message")
    assert sent < 20 * (1 << 20)
    assert grown < 20


@pytest.fixture
def strict_server(redis_url, prefix, tmp_path):
    live = LiveServer(redis_url, prefix, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1", "QUIZROOM_MAX_CONNECTIONS_PER_ADDRESS": "5",
                           "QUIZROOM_ATTACH_TIMEOUT": "2"}).start()
    yield live
    live.stop()


def test_connections_per_address_are_capped_counting_ipv6_by_its_64(strict_server):
    sockets = [raw_socket(strict_server.url, f"2001:db8:0:1::{i + 1:x}") for i in range(5)]
    try:
        assert refused(strict_server.url, "2001:db8:0:1:ffff::1")  # the same /64
        elsewhere = raw_socket(strict_server.url, "2001:db8:0:2::1")  # another /64
        elsewhere.close()
        sockets.pop().close()
        time.sleep(0.5)
        sockets.append(raw_socket(strict_server.url, "2001:db8:0:1::99"))  # a place is free
    finally:
        for ws in sockets:
            ws.close(timeout=0.1)


def test_a_connection_that_never_attaches_is_closed(strict_server):
    room = strict_server.create_room(quiz=pack(single()))
    idle = raw_socket(strict_server.url, "127.0.6.1")
    player = Client(strict_server.url, address="127.0.6.2")
    try:
        assert player.call("player:join", {"pin": room["pin"], "nickname": "Seated"})["ok"]
        assert closed_within(idle, 6)
        time.sleep(1.5)
        assert player.sio.connected  # attached in time: stays
        assert player.call("player:answer", {"index": 0, "answer": 1})["error"]["code"] == \
            "not_accepting"
    finally:
        player.close()
