"""Group commit: the answers a worker receives for a room at the same moment, stored together.

A question's answers arrive in a burst: a thousand phones tap within a few
hundred milliseconds. Each Redis call costs the worker about a hundred
microseconds of CPU in the client however little it carries, on the same core
that sends the broadcasts. So the first answer for a room goes to Redis at
once, and the answers that arrive while that call is in flight queue up and go
together in the next call, made by a background task once the first is back.
Under load a call carries dozens of answers; a lone answer waits for nobody.
The queued answers share one event, set when their call is done.

Nothing is weakened: each answer is checked and written by the atomic script
exactly as before, and each handler acks only after its own answer is stored.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from ..game.errors import GameError

log = logging.getLogger(__name__)
# longer than a Redis call can take (pool wait plus socket timeout) before it fails
WAIT_S = 15


@dataclass(eq=False)
class Stored:
    response_ms: int
    answered: int
    waiting: int
    players: int
    closes: bool  # this answer left nobody waiting: its handler closes the question


@dataclass(eq=False)
class _Slot:
    index: int
    player_id: str
    now: int
    answer: object
    outcome: Stored | BaseException | None = None


@dataclass(eq=False)
class _Batch:
    done: object                    # an event of the server's async mode
    slots: list = field(default_factory=list)
    taken: bool = False             # its call has started: too late to leave it


def _thread(fn, *args) -> None:
    threading.Thread(target=fn, args=args, daemon=True).start()


class AnswerBatcher:
    def __init__(self, store, make_event=threading.Event, spawn=_thread):
        """``make_event()`` and ``spawn(fn, *args)`` come from the server's async mode."""
        self.store = store
        self.make_event = make_event
        self.spawn = spawn
        self._lock = threading.Lock()
        # pin -> the batch queued behind the call in flight (None: nothing queued yet);
        # a pin is here exactly while a call for it is in flight
        self._pending: dict[str, _Batch | None] = {}

    def submit(self, pin: str, index: int, player_id: str, now: int, answer) -> Stored:
        """Store one answer (with whatever else arrives meanwhile); raises its GameError."""
        slot = _Slot(index, player_id, now, answer)
        with self._lock:
            if pin in self._pending:
                batch = self._pending[pin]
                if batch is None:
                    batch = self._pending[pin] = _Batch(self.make_event())
                batch.slots.append(slot)
            else:
                self._pending[pin] = None
                batch = None
        if batch is None:
            self._run(pin, [slot], None)
        elif not batch.done.wait(WAIT_S):
            self._give_up(batch, slot)
        if isinstance(slot.outcome, BaseException):
            raise slot.outcome
        return slot.outcome

    def _give_up(self, batch: _Batch, slot: _Slot) -> None:
        """Waited too long: leave the queue. An answer whose call has started may
        still be stored; asking again then says already_answered."""
        with self._lock:
            if slot.outcome is not None:
                return
            if not batch.taken:
                batch.slots.remove(slot)
        raise GameError("unavailable", "the game store is slow; try again")

    def _run(self, pin: str, slots: list[_Slot], batch: _Batch | None) -> None:
        """Store one batch, then hand what queued meanwhile to a background task."""
        queued = None
        try:
            self._store(pin, slots)
        finally:
            for slot in slots:  # only if this task was killed mid-call
                if slot.outcome is None:
                    slot.outcome = GameError("unavailable", "the game store is slow; try again")
            with self._lock:
                queued = self._pending.pop(pin)
                if queued is not None:
                    self._pending[pin] = None
                    queued.taken = True
            if batch is not None:
                batch.done.set()
        if queued is not None:
            try:
                self.spawn(self._run, pin, queued.slots, queued)
            except Exception:  # noqa: BLE001 - never leave the queue without a task
                log.exception("could not start the task storing queued answers")
                self._run_failed(pin, queued)

    def _run_failed(self, pin: str, batch: _Batch) -> None:
        for slot in batch.slots:
            slot.outcome = GameError("unavailable", "the game store is slow; try again")
        with self._lock:
            queued = self._pending.pop(pin, None)
        batch.done.set()
        if queued is not None:
            self._run_failed(pin, queued)

    def _store(self, pin: str, batch: list[_Slot]) -> None:
        groups: dict[int, list[_Slot]] = {}
        for slot in batch:
            groups.setdefault(slot.index, []).append(slot)
        for index, slots in groups.items():
            try:
                outcomes, answered, waiting, players = self.store.answers(
                    pin, index, [(s.player_id, s.now, s.answer) for s in slots])
            except Exception as exc:  # noqa: BLE001 - every handler in the batch gets the failure
                for slot in slots:
                    slot.outcome = exc
                continue
            last = None
            for slot, outcome in zip(slots, outcomes):
                if isinstance(outcome, GameError):
                    slot.outcome = outcome
                else:
                    slot.outcome = last = Stored(outcome, answered, waiting, players, False)
            if last is not None and waiting == 0:
                last.closes = True
