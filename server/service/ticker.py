"""The ticker: each worker polls Redis for due deadlines and closes those rounds.

Deadlines are data in Redis, so it does not matter which worker's ticker sees
a round first (the commit lets exactly one win) or whether the worker that
opened the round is still alive.
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)


class Ticker:
    def __init__(self, socketio, service, interval: float):
        self.socketio = socketio
        self.service = service
        self.interval = interval
        self.enabled = interval > 0
        self.running = False
        self.also = []  # more due-work checks run on each tick (challenge closings)

    def ensure_started(self) -> None:
        if self.enabled and not self.running:
            self.running = True
            self.socketio.start_background_task(self._run)

    def _run(self) -> None:
        failing = False
        while self.running:
            try:
                self.service.tick()
                for check in self.also:
                    check()
                if failing:
                    log.warning("ticker: game store reachable again")
                failing = False
            except Exception as exc:  # noqa: BLE001 - the ticker must outlive any one failure
                if not failing:
                    log.warning("ticker: cannot close due rounds: %s", exc)
                failing = True
            self.socketio.sleep(self.interval)

    def stop(self) -> None:
        self.running = False
