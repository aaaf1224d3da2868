"""Hostile transports against the real server: binary packets, oversized frames and
fragmented messages, long-polls Engine.IO cannot decode, too many connections from
one address, connections that never attach (tests/floods.py has the raw clients).
"""
from __future__ import annotations

import json
import os
import struct
import time

import pytest
import requests
import websocket

from tests.floods import ANSWER, closed_within, raw_socket, refused, rss_mb
from tests.helpers import pack, single
from tests.live import Client, LiveServer

pytestmark = pytest.mark.live


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


@pytest.mark.parametrize("flood_server", ["gevent", "eventlet"], indirect=True)
def test_a_long_poll_engineio_refuses_is_answered_at_once_not_held_open(flood_server):
    """An unknown packet type or a body over the 64 kB cap: python-engineio closed the
    session waiting for a GET to collect the close packet, so the POST got no answer
    at all and its connection stayed held."""
    url = flood_server.url + "/socket.io/?EIO=4&transport=polling"
    headers = {"X-Forwarded-For": "127.0.7.3"}
    for body in ("9", "40\x1e9", "4" + "x" * 70_000):
        sid = json.loads(requests.get(url, headers=headers, timeout=5).text[1:])["sid"]
        session = f"{url}&sid={sid}"
        assert requests.post(session, data=body, headers=headers, timeout=5).status_code == 400
        assert requests.get(session, headers=headers, timeout=5).status_code == 400  # closed
    assert "Traceback" not in flood_server.log()


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
