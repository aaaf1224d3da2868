"""Group commit: the answers a worker receives for a room at the same moment, stored together.

A question's answers arrive in a burst: a thousand phones tap within a few
hundred milliseconds. Each Redis call costs the worker about a hundred
microseconds of CPU in the client however little it carries, on the same core
that sends the broadcasts. So the first answer for a room goes to Redis at
once, and the answers that arrive while that call is in flight wait for it and
then go together in the next call, led by the first of them. Under load a call
carries dozens of answers; a lone answer waits for nobody.

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
    event: threading.Event | None = None
    outcome: Stored | BaseException | None = None
    batch: list | None = field(default=None)  # set when this slot is handed the lead


class AnswerBatcher:
    def __init__(self, store, make_event=threading.Event):
        self.store = store
        self.make_event = make_event
        self._lock = threading.Lock()
        # pin -> answers waiting for the call in flight; a pin is here while a call is
        self._pending: dict[str, list[_Slot]] = {}

    def submit(self, pin: str, index: int, player_id: str, now: int, answer) -> Stored:
        """Store one answer (with whatever else arrives meanwhile); raises its GameError."""
        slot = _Slot(index, player_id, now, answer)
        with self._lock:
            waiting = self._pending.get(pin)
            if waiting is None:
                self._pending[pin] = []
            else:
                slot.event = self.make_event()
                waiting.append(slot)
        if slot.event is None:
            self._lead(pin, [slot], slot)
        elif not slot.event.wait(WAIT_S):
            self._give_up(pin, slot)
        if slot.batch is not None:
            batch, slot.batch = slot.batch, None  # the batch holds the slot: no cycle
            self._lead(pin, batch, slot)
        if isinstance(slot.outcome, BaseException):
            raise slot.outcome
        return slot.outcome

    def _give_up(self, pin: str, slot: _Slot) -> None:
        """Waited too long. Leave the queue, unless just handed the lead, which must be
        taken (the others wait on it). An answer already in a call in flight may still
        be stored; asking again then says already_answered."""
        with self._lock:
            if slot.batch is not None or slot.outcome is not None:
                return
            waiting = self._pending.get(pin)
            if waiting is not None and slot in waiting:
                waiting.remove(slot)
        raise GameError("unavailable", "the game store is slow; try again")

    def _lead(self, pin: str, batch: list[_Slot], leader: _Slot) -> None:
        try:
            self._store(pin, batch)
        finally:
            with self._lock:
                successor = self._pending.pop(pin)
                if successor:  # the next batch is led by its first answer
                    self._pending[pin] = []
                    successor[0].batch = successor
            for slot in batch:
                if slot is not leader:
                    slot.event.set()
            if successor:
                successor[0].event.set()

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
