"""Rate limits: per connection in this worker's memory, per address in Redis.

A connection lives on one worker, so its budget is exact in memory and costs
no Redis round trip (an answer stays one script). An address can spread over
many connections and workers, so its budgets are Redis counters every worker
shares. Address windows are fixed and aligned to the clock (window n covers
[n * w, (n + 1) * w)), so every worker counts into the same key.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..game.errors import GameError
from .addresses import address_key


@dataclass(frozen=True)
class Budget:
    limit: int
    window_ms: int


# per connection (memory)
CONNECTION = {
    "event": Budget(60, 10_000),   # any event at all, including unknown ones
    "join": Budget(8, 10_000),     # player:join attempts (a taken name needs a retry or two)
    "answer": Budget(10, 10_000),  # one answer per question, plus a few refused tries
}
# per client address (Redis, shared by every worker)
ADDRESS = {
    # a classroom joins through one NAT: 5 a second lets 100 players in within
    # twenty seconds, while a script firing 1000 a second gets 99.5% refused
    "join": Budget(5, 1_000),
    "create_room": Budget(10, 60_000),
    "seat": Budget(30, 60_000),
    # PIN guessing: misses (unknown PIN, wrong token) lock the address out
    "pin_miss": Budget(20, 60_000),
}


MISSES = ("not_found", "bad_token", "forbidden")


def refused(retry_ms: int) -> GameError:
    seconds = max(1, -(-retry_ms // 1000))
    return GameError("rate_limited", f"too many attempts; try again in {seconds} s",
                     retry_after=seconds)


@dataclass
class Gate:
    """An address budget and the PIN lockout, checked by the join script itself, so a
    join costs one round trip. ``spent`` turns true once the script has counted it."""
    counter: str          # rate counter name, window included
    lifetime_ms: int
    limit: int
    retry_ms: int
    lockout: str          # PIN-miss counter name, window included
    lockout_limit: int
    lockout_retry_ms: int
    spent: bool = False

    def script_args(self) -> tuple[str, int, int, str, int]:
        self.spent = True
        return self.counter, 2 * self.lifetime_ms, self.limit, self.lockout, self.lockout_limit

    def refusal(self, code: str) -> GameError:
        return refused(self.retry_ms if code == "over_budget" else self.lockout_retry_ms)


class Limits:
    def __init__(self, store, clock):
        self.store = store
        self.now = clock
        self._windows: dict[tuple[str, str], list[int]] = {}

    def connection(self, sid: str, kind: str) -> None:
        budget = CONNECTION[kind]
        now = self.now()
        window = self._windows.get((sid, kind))
        if window is None or now - window[0] >= budget.window_ms:
            window = self._windows[(sid, kind)] = [now, 0]
        window[1] += 1
        if window[1] > budget.limit:
            raise refused(window[0] + budget.window_ms - now)

    def forget(self, sid: str) -> None:
        for kind in CONNECTION:
            self._windows.pop((sid, kind), None)

    def _window(self, kind: str) -> tuple[Budget, int, int]:
        budget = ADDRESS[kind]
        now = self.now()
        window = now // budget.window_ms
        return budget, window, (window + 1) * budget.window_ms - now

    def address(self, ip: str, kind: str) -> None:
        ip = address_key(ip)
        budget, window, left = self._window(kind)
        if self.store.hit(f"{kind}:{ip}", window, budget.window_ms) > budget.limit:
            raise refused(left)

    def locked_out(self, ip: str) -> None:
        """Refuse PIN-addressed requests from an address that missed too often."""
        ip = address_key(ip)
        budget, window, left = self._window("pin_miss")
        if self.store.peek(f"pin_miss:{ip}", window) >= budget.limit:
            raise refused(left)

    def missed(self, ip: str) -> None:
        ip = address_key(ip)
        budget, window, _left = self._window("pin_miss")
        self.store.hit(f"pin_miss:{ip}", window, budget.window_ms)

    def gate(self, ip: str, kind: str) -> Gate:
        ip = address_key(ip)
        budget, window, left = self._window(kind)
        lockout, miss_window, miss_left = self._window("pin_miss")
        return Gate(f"{kind}:{ip}:{window}", budget.window_ms, budget.limit, left,
                    f"pin_miss:{ip}:{miss_window}", lockout.limit, miss_left)

    def lookup(self, ip: str, fn, *args, spend: str | None = None):
        """Run a PIN-addressed call for ``ip``: refused while the address is locked out,
        and a miss (unknown PIN, wrong token) counts towards the lockout.

        ``spend``: ``fn`` also takes a ``gate`` and hands it to the store, whose script
        counts one hit of that address budget and checks the lockout before anything
        else. Should ``fn`` fail before reaching the store (a refused nickname), the
        attempt is counted here, so every attempt spends from the budget."""
        if spend is None:
            self.locked_out(ip)
            gate = None
        else:
            gate = self.gate(ip, spend)
        try:
            return fn(*args) if gate is None else fn(*args, gate=gate)
        except GameError as exc:
            if exc.code in ("over_budget", "locked_out") and gate is not None:
                raise gate.refusal(exc.code) from None
            if gate is not None and not gate.spent:
                self.address(ip, spend)
            if exc.code in MISSES:
                self.missed(ip)
            raise
