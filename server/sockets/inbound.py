"""What a connection may cost before any handler runs: the Engine.IO receive path.

python-engineio hands every inbound message to ``_trigger_event('message', ...)``,
which (``async_handlers``, on by default) spawns a task per message before
python-socketio has even decoded it. A client sending a few hundred thousand tiny
packets then queues as many tasks: an honest answer waits behind them, the ticker
runs late and memory grows by hundreds of megabytes. The budgets in the handlers
(service/limits.py) come too late, once the task exists. So the gate sits on that
one call, where a packet is still a string: it is counted, and dropped or its
connection closed, before it costs a task.

- Budget: each connection has a token bucket (``BURST`` packets at once) refilled at
  ``min(PER_CONNECTION_RATE, process_rate / open connections)`` per second, so the
  sustained inbound rate of the whole process stays under ``process_rate`` however
  many connections or addresses share it, each getting a fair share. Over budget a
  packet is dropped; a connection that keeps sending into an empty bucket is closed.
- Bursts are not free: a flooder that reconnected whenever it was closed got a fresh
  burst each time (2,000 packets a second from one address). When a connection
  closes, its address is charged for the packets it sent beyond what its refill had
  earned (its start tokens minus what is left); an address has ``ALLOWANCE`` of such
  packets, refilled at one connection's share. In debt, its new connections start
  with ``DEBT_START`` packets (enough to connect and attach) instead of a burst; past
  ``REFUSE_DEBT`` they are refused until the debt is paid. A class behind one NAT
  keeps its connections open and pays nothing; the work is per connection, not per
  packet.
- Binary packets: QuizRoom's protocol is JSON only. A binary event announces how
  many attachments follow, and python-socketio keeps every later message of that
  connection until they arrive; any binary packet closes the connection instead.
- Connections per address (IPv6 by /64) are capped, and a connection that has not
  attached to a room (host, screen or player) within ``attach_timeout`` is closed.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from engineio.exceptions import SocketIsClosedError

from ..service.addresses import address_key

log = logging.getLogger(__name__)

PER_CONNECTION_RATE = 10.0   # packets a second, at most, for any one connection
BURST = 20                   # packets a connection may send at once
CLOSE_AFTER = 2 * BURST      # dropped packets (decaying at the refill rate) before closing
ALLOWANCE = 5 * BURST        # unearned packets an address may spend on connections it closes
DEBT_START = 3               # packets at once for a new connection while its address owes
REFUSE_DEBT = 5 * BURST      # debt past which an address's new connections are refused
SWEEP_SECONDS = 1.0


@dataclass
class Meter:
    address: str
    deadline: float                  # attach by then (monotonic seconds)
    tokens: float = BURST
    dropped: float = 0.0
    at: float = field(default_factory=time.monotonic)
    start: float = BURST             # tokens it was given when it opened


@dataclass
class Address:
    open: int = 0                    # its connections open now
    balance: float = ALLOWANCE       # below 0: it owes packets
    at: float = field(default_factory=time.monotonic)
    refusing: bool = False           # said so in the log already

    def refill(self, now: float, rate: float) -> float:
        self.balance = min(ALLOWANCE, self.balance + (now - self.at) * rate)
        self.at = now
        return self.balance


class InboundGate:
    def __init__(self, sio_server, attached, *, process_rate: float, per_address: int,
                 attach_timeout: float):
        self.sio = sio_server
        self.eio = sio_server.eio
        self.attached = attached          # socket.io sid -> binding, for attached connections
        self.process_rate = process_rate
        self.per_address = per_address
        self.attach_timeout = attach_timeout
        self.meters: dict[str, Meter] = {}
        self.addresses: dict[str, Address] = {}
        self._sweeper = None

    def install(self) -> None:
        # _trigger_event is the one place every transport (websocket and polling)
        # passes a message through before it is spawned as a task; the instance
        # attribute shadows the method for this server only
        original = self.eio._trigger_event

        def trigger(event, *args, **kwargs):
            if event == "message":
                if not self.admit(args[0], args[1]):
                    if args[0] not in self.meters:
                        # closed: end the reader loop now (Engine.IO's websocket loop
                        # stops quietly on this error), rather than read the rest
                        raise SocketIsClosedError()
                    # a green socket's recv returns without yielding while data is
                    # waiting: without this a flooding reader would starve the loop
                    self.eio.sleep(0)
                    return None
            elif event == "connect":
                if not self.opened(args[0], args[1]):
                    return False
                result = original(event, *args, **kwargs)
                if result is not None and result is not True:
                    self.closed(args[0])
                return result
            elif event == "disconnect":
                self.closed(args[0])
            return original(event, *args, **kwargs)

        self.eio._trigger_event = trigger

    # -- connections ---------------------------------------------------------------
    def opened(self, eio_sid: str, environ: dict) -> bool:
        # REMOTE_ADDR is already the client's when QUIZROOM_PROXIES set up ProxyFix,
        # which wraps the Engine.IO middleware
        key = address_key(environ.get("REMOTE_ADDR"))
        address = self.addresses.get(key) or self.addresses.setdefault(key, Address())
        now = time.monotonic()
        balance = address.refill(now, self.share())
        if self.per_address and address.open >= self.per_address:
            log.warning("refused a connection from %s: %d already open", key, address.open)
            return False
        if balance < -REFUSE_DEBT:
            if not address.refusing:
                address.refusing = True
                log.warning("refusing new connections from %s: it closed connections that had "
                            "sent %d packets more than their share", key, -balance)
            return False
        if balance >= 0:
            address.refusing = False  # paid back: a new episode gets a new log line
        address.open += 1
        start = BURST if balance >= 0 else DEBT_START
        deadline = now + self.attach_timeout if self.attach_timeout else float("inf")
        self.meters[eio_sid] = Meter(key, deadline, tokens=start, at=now, start=start)
        if self._sweeper is None:
            self._sweeper = self.eio.start_background_task(self._sweep)
        return True

    def closed(self, eio_sid: str) -> None:
        meter = self.meters.pop(eio_sid, None)
        if meter is None:
            return
        now, rate = time.monotonic(), self.share()
        address = self.addresses[meter.address]
        # what it sent beyond what its refill earned: its start, less what is left
        left = min(BURST, meter.tokens + (now - meter.at) * rate)
        address.refill(now, rate)
        address.balance -= max(0.0, meter.start - left)
        address.open -= 1
        if address.open <= 0 and address.balance >= ALLOWANCE:
            del self.addresses[meter.address]

    def share(self) -> float:
        """Packets a second for each connection: its fair share of the process budget."""
        return min(PER_CONNECTION_RATE, self.process_rate / max(1, len(self.meters)))

    def _close(self, eio_sid: str) -> None:
        self.closed(eio_sid)
        socket = self.eio.sockets.get(eio_sid)
        if socket is not None:
            # not eio.disconnect(): that waits for the writer to flush, and this runs
            # in the connection's own reader, which should go back to reading at once
            socket.close(wait=False, reason=self.eio.reason.SERVER_DISCONNECT)

    # -- messages ------------------------------------------------------------------
    def admit(self, eio_sid: str, data) -> bool:
        meter = self.meters.get(eio_sid)
        if meter is None:  # closed already: what the reader still had buffered
            return False
        if isinstance(data, (bytes, bytearray)) or data[:1] in ("5", "6"):
            log.warning("binary packet from %s (%s); QuizRoom speaks JSON only, closing it",
                        eio_sid, meter.address)
            self._close(eio_sid)
            return False
        now = time.monotonic()
        rate = self.share()
        elapsed, meter.at = now - meter.at, now
        meter.tokens = min(BURST, meter.tokens + elapsed * rate)
        meter.dropped = max(0.0, meter.dropped - elapsed * rate)
        if meter.tokens >= 1:
            meter.tokens -= 1
            return True
        meter.dropped += 1
        if meter.dropped > CLOSE_AFTER:
            log.warning("inbound flood from %s (%s); closing it", eio_sid, meter.address)
            self._close(eio_sid)
        return False

    # -- attach timeout, and addresses that have paid ------------------------------
    def _sweep(self) -> None:
        while True:
            self.eio.sleep(SWEEP_SECONDS)
            try:
                now = time.monotonic()
                if self.attach_timeout:
                    self._close_idle(now)
                self._forget_paid(now)
            except Exception:  # noqa: BLE001 - the sweeper must outlive any one failure
                log.exception("inbound sweep failed")

    def _forget_paid(self, now: float) -> None:
        rate = self.share()
        for key, address in list(self.addresses.items()):
            if address.open <= 0 and address.refill(now, rate) >= ALLOWANCE:
                del self.addresses[key]

    def _close_idle(self, now: float) -> None:
        for eio_sid, meter in list(self.meters.items()):
            if meter.deadline > now:
                continue
            sid = self.sio.manager.sid_from_eio_sid(eio_sid, "/")
            if sid is not None and sid in self.attached:
                meter.deadline = float("inf")  # attached: no timeout any more
                continue
            log.info("closing %s (%s): not attached to a room within %g s", eio_sid,
                     meter.address, self.attach_timeout)
            if sid is not None:
                # a Socket.IO disconnect, which the pages tell from a network drop
                self.sio.disconnect(sid)
            self._close(eio_sid)
