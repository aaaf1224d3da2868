"""Hostile clients for the live transport tests: raw websockets, packet flooders and
pacers. Every one is bounded in time and count and talks only to the loopback server;
the addresses it claims are X-Forwarded-For headers (the servers trust one proxy).
"""
from __future__ import annotations

import threading
import time

import websocket

FLOOD_SECONDS = 4.0
ANSWER = '42["player:answer",{"index":0,"answer":1}]'


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """The process's resident memory now (VmRSS), or its high-water mark (VmHWM)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field}")


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
            except Exception:  # noqa: BLE001 - refused (per-address cap, debt) or timed out
                self.refused += 1
                time.sleep(0.05)
                continue
            try:
                self.flood(ws, deadline)
            except Exception:  # noqa: BLE001 - closed by the server: come back
                pass
            finally:
                self.done(ws)

    def flood(self, ws, deadline: float) -> None:
        while time.monotonic() < deadline and self.sent < self.max_packets:
            for _ in range(100):
                ws.send(ANSWER)
            self.sent += 100

    def done(self, ws) -> None:
        ws.close(timeout=0.1)


class CountingFlooder(Flooder):
    """A Flooder whose packets ask for acks: ``admitted`` counts the acks, each one a packet
    the server let through to a handler."""

    def __init__(self, url: str, address: str, seconds: float = FLOOD_SECONDS):
        super().__init__(url, address, seconds)
        self.admitted = 0
        self.reader = None

    def flood(self, ws, deadline: float) -> None:
        self.reader = threading.Thread(target=self.count_acks, args=(ws,), daemon=True)
        self.reader.start()
        while time.monotonic() < deadline:
            for _ in range(100):
                ws.send(ANSWER.replace("42", f"42{self.sent}", 1))
                self.sent += 1

    def done(self, ws) -> None:
        if self.reader is not None:
            self.reader.join(2)
            self.reader = None
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
        self.sent, next_at = self.burst, time.monotonic()
        while not self.closed and time.monotonic() < self.until + 1.5:  # then acks in flight
            now = time.monotonic()
            if now >= next_at and now < self.until:
                self.ws.send(ANSWER.replace("42", f"42{1000 + self.sent}", 1))
                self.sent, next_at = self.sent + 1, next_at + self.interval
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
