"""Every Redis key QuizRoom writes, in one place.

All names start with the configured prefix P (default ``qr:``). ``ROOM_TTL`` is
the room lifetime after its last activity (24 h by default): every script that
touches a room refreshes it, so a room and everything in it disappears a day
after it was last used, finished or not.

| pattern                     | type   | TTL      | holds                                                        |
|-----------------------------|--------|----------|--------------------------------------------------------------|
| P room:{pin}                | hash   | ROOM_TTL | phase, index, count, started, deadline, locked, version,     |
|                             |        |          | ended, created, seq (join counter), kicks, host (sha256 of   |
|                             |        |          | token),                                                      |
|                             |        |          | max_players, settings (JSON)                                  |
| P room:{pin}:quiz           | string | ROOM_TTL | the validated quiz as JSON (immutable once the room exists)  |
| P room:{pin}:players        | hash   | ROOM_TTL | player id -> JSON {nickname, key, seq, token, joined}        |
| P room:{pin}:nicks          | hash   | ROOM_TTL | nickname key (casefolded) -> player id; uniqueness index     |
| P room:{pin}:tokens         | hash   | ROOM_TTL | sha256(player token) -> player id                            |
| P room:{pin}:scores         | zset   | ROOM_TTL | player id -> total score                                     |
| P room:{pin}:streaks        | hash   | ROOM_TTL | player id -> consecutive correct answers                     |
| P room:{pin}:online         | hash   | ROOM_TTL | player id -> number of live connections                      |
| P room:{pin}:conns          | set    | ROOM_TTL | "sid|player id" of every live player connection              |
| P room:{pin}:waiting        | set    | ROOM_TTL | connected players who have not answered the open question    |
| P room:{pin}:banned         | set    | ROOM_TTL | nickname keys the host banned from the room                  |
| P room:{pin}:answers:{i}    | hash   | ROOM_TTL | player id -> JSON [response_ms, answer] for question i       |
| P room:{pin}:results:{i}    | string | ROOM_TTL | JSON {player id: {answer, correct, points, response_ms}}     |
| P room:{pin}:hidden:{i}     | set    | ROOM_TTL | word-cloud entries (as shown) the host hid for question i    |
| P deadlines                 | zset   | ROOM_TTL | pin -> deadline (ms epoch) of every open question; a member  |
|                             |        |          | leaves when its question closes; TTL renewed on every ZADD   |
| P workers                   | zset   | 60 s     | worker id -> last heartbeat (ms); refreshed every 2 s        |
| P worker:{id}:conns         | set    | ROOM_TTL | "pin|sid|player id" of the connections a worker holds;       |
|                             |        |          | read and deleted by a live worker once that worker is silent |
| P rate:{kind}:{addr}:{n}    | string | 2 windows| hits in window n (now // window) of a rate limit             |
| P session:{id}              | string | ROOM_TTL | Flask-Session data (tokens a browser holds)                  |

Tokens are never stored in clear: only their SHA-256, so a Redis dump does not
let anyone take over a seat or a host console.
"""
from __future__ import annotations


class Keys:
    def __init__(self, prefix: str = "qr:"):
        self.prefix = prefix
        self.deadlines = f"{prefix}deadlines"
        self.workers = f"{prefix}workers"
        self.session_prefix = f"{prefix}session:"

    def room(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}"

    def quiz(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:quiz"

    def players(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:players"

    def nicks(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:nicks"

    def tokens(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:tokens"

    def scores(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:scores"

    def streaks(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:streaks"

    def online(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:online"

    def waiting(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:waiting"

    def banned(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:banned"

    def answers(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:answers:{index}"

    def results(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:results:{index}"

    def hidden(self, pin: str, index: int) -> str:
        return f"{self.prefix}room:{pin}:hidden:{index}"

    def rate(self, name: str) -> str:
        return f"{self.prefix}rate:{name}"

    def conns(self, pin: str) -> str:
        return f"{self.prefix}room:{pin}:conns"

    def worker_conns(self, worker_id: str) -> str:
        return f"{self.prefix}worker:{worker_id}:conns"

    def room_keys(self, pin: str) -> list[str]:
        """The fixed keys of a room, in the order the scripts expect them as KEYS."""
        return [self.room(pin), self.quiz(pin), self.players(pin), self.nicks(pin),
                self.tokens(pin), self.scores(pin), self.streaks(pin), self.online(pin),
                self.waiting(pin), self.banned(pin), self.conns(pin)]
