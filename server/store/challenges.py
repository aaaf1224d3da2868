"""Self-paced challenges in Redis: the challenge, its players and each player's run
(keys.py, "Self-paced challenges"). Every key of a challenge expires together, a
while after it closes (``keep_ms``), so reviews keep working that long.
"""
from __future__ import annotations

import json

import redis

from ..game.errors import GameError
from ..game.selfpaced import Run
from . import challenge_scripts as scripts
from .keys import Keys
from .rooms import token_hash

MESSAGES = {
    "not_found": "no challenge with that code",
    "closed": "this challenge has closed",
    "challenge_full": "this challenge has all the players it takes",
    "nickname_taken": "that nickname is taken in this challenge",
    "challenge_locked": "the host has locked this challenge: it takes no new players now",
    "banned": "the host removed that nickname from this challenge; pick another",
}


KICKED = "-kicked"
KICKED_MESSAGE = "the host removed you from this challenge"


def _dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class ChallengeStore:
    def __init__(self, client: redis.Redis, keys: Keys, keep_ms: int):
        self.r = client
        self.keys = keys
        self.keep_ms = keep_ms
        self._create = client.register_script(scripts.CREATE)
        self._join = client.register_script(scripts.JOIN)
        self._commit = client.register_script(scripts.COMMIT_RUN)
        self._kick = client.register_script(scripts.KICK)
        self._set_lock = client.register_script(scripts.SET_LOCK)
        self._close = client.register_script(scripts.CLOSE)
        self._code_gate = client.register_script(scripts.CODE_GATE)

    def expire_at(self, closes: int) -> int:
        return closes + self.keep_ms

    # -- challenges
    def create(self, code: str, fields: dict, quiz_json: str, address: str = "-",
               max_all: int = 0, max_per_address: int = 0) -> bool:
        """False when the code is taken; ``too_many_challenges`` past ``max_per_address``
        stored challenges made from ``address`` or ``max_all`` in all (0: no cap)."""
        k = self.keys
        flat = []
        for name, value in {"code": code, **fields}.items():
            flat += [name, str(value)]
        reply = self._create(
            keys=[k.challenge(code), k.challenge_quiz(code), k.challenges_closing,
                  k.live_challenges, k.address_challenges(address)],
            args=[self.expire_at(int(fields["closes"])), quiz_json, k.prefix, max_all,
                  max_per_address, code, address, int(fields["closes"]), *flat])
        if isinstance(reply, list):
            scope = reply[2]
            limit = max_per_address if scope == "address" else max_all
            where = "from your network address" if scope == "address" else "on this server"
            raise GameError("too_many_challenges",
                            f"there are already {limit} challenges {where}; a challenge is "
                            "kept until a while after it closes", scope=scope, limit=limit)
        return bool(reply)

    def meta(self, code: str) -> dict | None:
        data = self.r.hgetall(self.keys.challenge(code))
        return data if data and "closes" in data else None

    def quiz_json(self, code: str) -> str | None:
        return self.r.get(self.keys.challenge_quiz(code))

    def due_closings(self, now: int) -> list[str]:
        return self.r.zrangebyscore(self.keys.challenges_closing, "-inf", now, start=0, num=50)

    def take_closing(self, code: str) -> bool:
        """True for exactly one caller: the one that records the closed challenge."""
        return self.r.zrem(self.keys.challenges_closing, code) == 1

    # -- players
    def join(self, code: str, player_id: str, player: dict, token: str, now: int,
             closes: int) -> None:
        k = self.keys
        reply = self._join(keys=[k.challenge(code), k.challenge_players(code),
                                 k.challenge_nicks(code), k.challenge_tokens(code),
                                 k.challenge_run(code, player_id), k.challenge_board(code),
                                 k.challenge_banned(code)],
                           args=[player_id, _dump(player), player["key"], token_hash(token),
                                 now, self.expire_at(closes), player["nickname"]])
        if isinstance(reply, list) and reply and reply[0] == "err":
            named = reply[1] in ("nickname_taken", "banned")
            raise GameError(reply[1], MESSAGES[reply[1]], **({"field": "nickname"} if named
                                                              else {}))

    def player_id(self, code: str, token: str) -> str | None:
        """The token's player id; KICKED for the token of a player the host kicked."""
        return self.r.hget(self.keys.challenge_tokens(code), token_hash(token))

    def players(self, code: str) -> dict[str, dict]:
        return {pid: json.loads(raw) for pid, raw in
                self.r.hgetall(self.keys.challenge_players(code)).items()}

    # -- runs
    def run(self, code: str, player_id: str) -> Run | None:
        raw = self.r.hgetall(self.keys.challenge_run(code, player_id))
        return Run.from_hash(raw) if raw else None

    def runs(self, code: str, player_ids) -> dict[str, tuple[Run, dict]]:
        """Each player's run and stored results ({index: result}), in one round trip."""
        ids = list(player_ids)
        with self.r.pipeline(transaction=False) as pipe:
            for pid in ids:
                pipe.hgetall(self.keys.challenge_run(code, pid))
            replies = pipe.execute()
        out = {}
        for pid, raw in zip(ids, replies):
            if raw:
                out[pid] = (Run.from_hash(raw), {int(f[1:]): json.loads(v) for f, v in raw.items()
                                                 if f.startswith("r") and f[1:].isdigit()})
        return out

    def commit(self, code: str, player_id: str, read: Run, new: Run, now: int,
               check: str = "", result: tuple[int, dict] | None = None) -> str:
        """'ok', 'moved' (the run changed since ``read``), 'too_late' or 'closed' (past
        the challenge's closing time, for ``check`` 'open'); ``kicked`` when the run is gone."""
        k = self.keys
        index, body = result if result else ("", None)
        reply = self._commit(keys=[k.challenge_run(code, player_id), k.challenge_board(code),
                                   k.challenge(code)],
                             args=[read.version, check, now, player_id, _dump(new.to_hash()),
                                   index, _dump(body) if body else ""])
        if reply == "gone":
            raise GameError("kicked", KICKED_MESSAGE)
        return reply

    # -- the board
    def board(self, code: str, top: int | None = None) -> list[tuple[str, int]]:
        """(player id, score), best first; ``top`` of them, or everyone."""
        return [(pid, int(score)) for pid, score in
                self.r.zrevrange(self.keys.challenge_board(code), 0,
                                 -1 if top is None else top - 1, withscores=True)]

    def rank(self, code: str, score: int) -> int:
        """1 + how many players have more points (players on equal points share a place)."""
        return 1 + self.r.zcount(self.keys.challenge_board(code), f"({score}", "+inf")

    # -- the host's controls (service/challenge_seats.py)
    def kick(self, code: str, player_id: str, ban: bool, closes: int) -> dict | None:
        """Take a player out (their token then answers ``kicked``); with ``ban`` their
        nickname, and any look-alike, may not join again. None: no such player."""
        k = self.keys
        raw = self._kick(keys=[k.challenge_players(code), k.challenge_nicks(code),
                               k.challenge_tokens(code), k.challenge_run(code, player_id),
                               k.challenge_board(code), k.challenge_banned(code)],
                         args=[player_id, "1" if ban else "0", self.expire_at(closes)])
        return json.loads(raw) if raw else None

    def set_locked(self, code: str, locked: bool) -> bool:
        """False: no such challenge."""
        return bool(self._set_lock(keys=[self.keys.challenge(code)],
                                   args=["1" if locked else "0"]))

    def close(self, code: str, now: int) -> int | None:
        """Close now (closing time ``now - 1``); the closing time, None for no challenge."""
        k = self.keys
        reply = self._close(
            keys=[k.challenge(code), k.challenges_closing, k.challenge_quiz(code),
                  k.challenge_players(code), k.challenge_nicks(code), k.challenge_tokens(code),
                  k.challenge_board(code), k.challenge_banned(code)],
            args=[now - 1, self.keep_ms, code, k.challenge_run(code, "")])
        return None if reply is None else int(reply)

    def banned(self, code: str) -> int:
        return self.r.scard(self.keys.challenge_banned(code))

    # -- lookups by code alone
    def code_gate(self, code: str, counter: str, limit: int, lifetime_ms: int, addr: str,
                  reached_ttl: int) -> str:
        """'ok', 'locked_out' or 'not_found' (see scripts.CODE_GATE)."""
        k = self.keys
        return self._code_gate(keys=[k.challenge(code), k.rate(counter),
                                     k.challenges_reached(addr)],
                               args=[code, limit, lifetime_ms, reached_ttl])

    def reached(self, addr: str, code: str, ttl: int) -> None:
        """``addr`` made challenge ``code``: it stays open to it through a lockout."""
        with self.r.pipeline(transaction=False) as pipe:
            pipe.sadd(self.keys.challenges_reached(addr), code)
            pipe.expire(self.keys.challenges_reached(addr), ttl)
            pipe.execute()
