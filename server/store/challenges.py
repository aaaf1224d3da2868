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
}


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
                                 k.challenge_run(code, player_id), k.challenge_board(code)],
                           args=[player_id, _dump(player), player["key"], token_hash(token),
                                 now, self.expire_at(closes), player["nickname"]])
        if isinstance(reply, list) and reply and reply[0] == "err":
            raise GameError(reply[1], MESSAGES[reply[1]],
                            **({"field": "nickname"} if reply[1] == "nickname_taken" else {}))

    def player_id(self, code: str, token: str) -> str | None:
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
               answer_check: bool = False, result: tuple[int, dict] | None = None) -> str:
        """'ok', 'moved' (the run changed since ``read``), 'too_late' or 'gone'."""
        k = self.keys
        index, body = result if result else ("", None)
        return self._commit(keys=[k.challenge_run(code, player_id), k.challenge_board(code)],
                            args=[read.version, "answer" if answer_check else "", now, player_id,
                                  _dump(new.to_hash()), index, _dump(body) if body else ""])

    # -- the board
    def board(self, code: str, top: int | None = None) -> list[tuple[str, int]]:
        """(player id, score), best first; ``top`` of them, or everyone."""
        return [(pid, int(score)) for pid, score in
                self.r.zrevrange(self.keys.challenge_board(code), 0,
                                 -1 if top is None else top - 1, withscores=True)]

    def rank(self, code: str, score: int) -> int:
        """1 + how many players have more points (players on equal points share a place)."""
        return 1 + self.r.zcount(self.keys.challenge_board(code), f"({score}", "+inf")
