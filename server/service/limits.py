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
    # keeping a token in the session (POST /api/rooms/<pin>/seat and /host): every
    # player of a class does it once, right after joining
    "seat": Budget(300, 60_000),
    # PIN guessing: after this many unknown PINs in a window, the address may only
    # look up PINs it has already reached (see docs/security.md for the figures)
    "pin_miss": Budget(20, 60_000),
    # image uploads (POST /api/media): each one is decoded and encoded again, a
    # second of CPU for a large photo; a host adding pictures to a quiz needs a few
    "media": Budget(60, 60_000),
    # new library quizzes (create, duplicate, import): each is kept for good, so a
    # script on an open server must not add them by the thousand
    "library_new": Budget(60, 60_000),
    # league recovery codes (31^8 of them): a player mistypes one now and then
    "league_code": Budget(10, 60_000),
    # unknown challenge codes (31^8 of them): after this many in a window, the address
    # may only look up codes it has reached (service/challenge_host.py, ``door``)
    "challenge_code": Budget(20, 60_000),
}
# how long an address keeps the rooms it found open to it while locked out: a
# class period and then some; every join, attach or valid token renews it
REACHED_TTL_S = 4 * 3600


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
    address: str
    spent: bool = False

    def script_args(self) -> tuple:
        self.spent = True
        return (self.counter, 2 * self.lifetime_ms, self.limit, self.lockout,
                self.lockout_limit, 2 * ADDRESS["pin_miss"].window_ms, self.address,
                REACHED_TTL_S)

    def refusal(self, code: str) -> GameError:
        return refused(self.retry_ms if code == "over_budget" else self.lockout_retry_ms)


class Limits:
    """Budgets and the PIN lockout. Three kinds of PIN-addressed request:

    - with a token (``tokened``): never refused by the lockout, since a wrong token and
      an unknown PIN get the same reply and tell a guesser nothing;
    - by PIN alone (``pin_only``, ``join``): an unknown PIN is a miss; once an address
      has missed ``pin_miss`` times in a window, it may only reach PINs it has reached
      before (its class's room), and every other PIN, live or not, gets the same
      ``rate_limited`` without the room being read.
    """

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

    def gate(self, ip: str, kind: str) -> Gate:
        ip = address_key(ip)
        budget, window, left = self._window(kind)
        lockout, miss_window, miss_left = self._window("pin_miss")
        return Gate(f"{kind}:{ip}:{window}", budget.window_ms, budget.limit, left,
                    f"pin_miss:{ip}:{miss_window}", lockout.limit, miss_left, ip)

    def reached(self, ip: str, pin: str) -> None:
        """``ip`` has found room ``pin`` (made it, or showed a valid token for it)."""
        self.store.reached(address_key(ip), pin, REACHED_TTL_S)

    def tokened(self, ip: str, pin: str, fn, *args):
        """Run a call that carries a token for room ``pin``. Never refused by the lockout:
        a wrong token and an unknown PIN get the same reply, so it finds no PIN, and a
        seated student or the host must not pay for a guesser on their network."""
        result = fn(*args)
        self.reached(ip, pin)
        return result

    def pin_only(self, ip: str, pin: str) -> None:
        """Let a lookup of ``pin`` by PIN alone through, or refuse it (see the class)."""
        ip = address_key(ip)
        budget, window, left = self._window("pin_miss")
        verdict = self.store.pin_gate(pin, f"pin_miss:{ip}:{window}", budget.limit,
                                      2 * budget.window_ms, ip, REACHED_TTL_S)
        if verdict == "locked_out":
            raise refused(left)
        if verdict == "not_found":
            raise GameError("not_found", "no room with that PIN")

    def join(self, ip: str, pin: str, fn, *args, spend: str = "join"):
        """Run a join by PIN: ``fn`` takes a ``gate`` and hands it to the store, whose
        script checks the lockout, counts one hit of the address's ``spend`` budget and
        counts an unknown PIN as a miss, all before anything else. Should ``fn`` fail
        before reaching the store (a refused nickname, a room this worker could not
        find), the attempt spends from the budget here, and the answer goes through
        the PIN gate first, so it says no more about the PIN than the script would."""
        gate = self.gate(ip, spend)
        try:
            return fn(*args, gate=gate)
        except GameError as exc:
            if exc.code in ("over_budget", "locked_out"):
                raise gate.refusal(exc.code) from None
            if not gate.spent:
                self.address(ip, spend)
                if exc.code in ("not_found", "bad_nickname", "bad_team"):
                    self.pin_only(ip, pin)
            raise
