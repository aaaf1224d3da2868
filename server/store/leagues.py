"""Season leagues in Redis: a hash per league, its members, their nickname claims,
tokens and recovery codes, and the games it counted (keys.py, "Season leagues").

No TTL: a league lives until its host deletes it. Owners are account names, ""
on a server without accounts; a read with another owner finds nothing.
"""
from __future__ import annotations

import json

import redis

from ..game.errors import GameError
from . import league_scripts as scripts
from .keys import Keys
from .rooms import token_hash

NOT_FOUND = "no league with that id"


def _dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _check(reply):
    if isinstance(reply, list) and reply and reply[0] == "err":
        message = {"nickname_taken": "that nickname belongs to another player of this "
                                     "league; pick another",
                   "not_found": NOT_FOUND}[reply[1]]
        raise GameError(reply[1], message, **({"field": "nickname", "league": True}
                                               if reply[1] == "nickname_taken" else {}))
    return reply


class LeagueStore:
    def __init__(self, client: redis.Redis, keys: Keys, seat_ttl_s: float):
        self.r = client
        self.keys = keys
        self.seat_ttl = int(seat_ttl_s)
        self._claim = client.register_script(scripts.CLAIM)
        self._recover = client.register_script(scripts.RECOVER)
        self._record = client.register_script(scripts.RECORD)
        self._remove = client.register_script(scripts.REMOVE_MEMBER)

    # -- leagues
    def create(self, league_id: str, owner: str, name: str, now: int) -> bool:
        """False when the id is taken."""
        key = self.keys.league(league_id)
        if not self.r.hsetnx(key, "id", league_id):
            return False
        with self.r.pipeline(transaction=True) as pipe:
            pipe.hset(key, mapping={"owner": owner, "name": name, "created": now, "games": 0})
            pipe.sadd(self.keys.league_index(owner), league_id)
            pipe.execute()
        return True

    def find(self, league_id: str) -> dict | None:
        """The league whoever owns it (the public table and room joins)."""
        data = self.r.hgetall(self.keys.league(league_id))
        if not data or "owner" not in data:
            return None
        return {"id": data["id"], "name": data["name"], "owner": data["owner"] or None,
                "created": int(data["created"]), "games": int(data.get("games", 0))}

    def get(self, league_id: str, owner: str) -> dict | None:
        league = self.find(league_id)
        return league if league and (league["owner"] or "") == owner else None

    def ids(self, owner: str) -> list[str]:
        return sorted(self.r.smembers(self.keys.league_index(owner)))

    def delete(self, league_id: str, owner: str) -> None:
        k = self.keys
        with self.r.pipeline(transaction=True) as pipe:
            pipe.delete(k.league(league_id), k.league_members(league_id),
                        k.league_nicks(league_id), k.league_tokens(league_id),
                        k.league_codes(league_id), k.league_games(league_id))
            pipe.srem(k.league_index(owner), league_id)
            pipe.execute()

    # -- members
    def claim(self, league_id: str, member_id: str, member: dict, token: str,
              code: str) -> None:
        """A new member under ``member["key"]``; ``nickname_taken`` if it is claimed."""
        k = self.keys
        _check(self._claim(
            keys=[k.league(league_id), k.league_members(league_id), k.league_nicks(league_id),
                  k.league_tokens(league_id), k.league_codes(league_id)],
            args=[member_id, _dump(member), member["key"], token_hash(token),
                  token_hash(code)]))

    def release(self, league_id: str, member_id: str, member: dict, token: str,
                code: str) -> None:
        """Undo a claim whose player never got a seat (so never got the token either)."""
        k = self.keys
        with self.r.pipeline(transaction=True) as pipe:
            pipe.hdel(k.league_members(league_id), member_id)
            pipe.hdel(k.league_nicks(league_id), member["key"])
            pipe.hdel(k.league_tokens(league_id), token_hash(token))
            pipe.hdel(k.league_codes(league_id), token_hash(code))
            pipe.execute()

    def remove(self, league_id: str, member_id: str) -> bool:
        """Remove a member for good (their points leave the table); False: no such member."""
        k = self.keys
        return bool(self._remove(keys=[k.league_members(league_id), k.league_nicks(league_id),
                                       k.league_tokens(league_id), k.league_codes(league_id)],
                                 args=[member_id]))

    def member_by_token(self, league_id: str, token: str) -> tuple[str, dict] | None:
        member_id = self.r.hget(self.keys.league_tokens(league_id), token_hash(token))
        if member_id is None:
            return None
        raw = self.r.hget(self.keys.league_members(league_id), member_id)
        return (member_id, json.loads(raw)) if raw else None

    def members(self, league_id: str) -> dict[str, dict]:
        return {mid: json.loads(raw) for mid, raw in
                self.r.hgetall(self.keys.league_members(league_id)).items()}

    def recover(self, league_id: str, code: str, new_token: str,
                new_code: str) -> dict | None:
        """The member the code belongs to, now with a new token and code; None if unknown."""
        k = self.keys
        raw = self._recover(keys=[k.league_members(league_id), k.league_tokens(league_id),
                                  k.league_codes(league_id)],
                            args=[token_hash(code), token_hash(new_token), token_hash(new_code)])
        return json.loads(raw) if raw else None

    # -- rooms and games
    def seat(self, league_id: str, rid: str, player_id: str, member_id: str) -> None:
        """Which member a room's player is; kept as long as a room lives."""
        key = self.keys.league_seats(league_id, rid)
        with self.r.pipeline(transaction=False) as pipe:
            pipe.hset(key, player_id, member_id)
            pipe.expire(key, self.seat_ttl)
            pipe.execute()

    def seats(self, league_id: str, rid: str) -> dict[str, str]:
        return self.r.hgetall(self.keys.league_seats(league_id, rid))

    def record(self, league_id: str, game_id: str, game: dict) -> int:
        """1 recorded, 0 already recorded (by anyone), -1 the league is gone."""
        k = self.keys
        return int(self._record(keys=[k.league(league_id), k.league_games(league_id),
                                      k.league_members(league_id)],
                                args=[game_id, _dump(game)]))

    def games(self, league_id: str) -> dict[str, dict]:
        return {gid: json.loads(raw) for gid, raw in
                self.r.hgetall(self.keys.league_games(league_id)).items()}

    def room_league(self, pin: str) -> tuple[str, str]:
        """(league id or "", rid) of the room now under ``pin``."""
        league, rid, created = self.r.hmget(self.keys.room(pin), "league", "rid", "created")
        return league or "", rid or created or ""
