"""RoomStore: room state, players, answers and scores in Redis."""
from __future__ import annotations

import hashlib
import json

import redis

from ..game.errors import GameError
from ..game.model import RoomState
from . import scripts
from .keys import Keys

STATE_INTS = ("index", "count", "started", "deadline", "version", "ended", "next_at",
              "remaining", "paused_at")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _state(raw: dict) -> tuple[RoomState, dict]:
    values = {k: int(raw.get(k, 0)) for k in STATE_INTS}
    return RoomState(phase=raw["phase"], locked=raw.get("locked") == "1",
                     resume_phase=raw.get("resume_phase", ""), manual=raw.get("manual") == "1",
                     revote=raw.get("revote") == "1",
                     **values), raw


def room_identity(raw: dict) -> str:
    """What tells two rooms that had the same PIN apart (see keys.py)."""
    return raw.get("rid") or raw.get("created") or ""


def _check(reply):
    """Turn a script's {"err", code} reply into a GameError."""
    if isinstance(reply, list) and reply and reply[0] == "err":
        raise GameError(reply[1], ERROR_MESSAGES.get(reply[1], reply[1]))
    return reply


ERROR_MESSAGES = {
    "not_found": "no room with that PIN",
    "game_over": "this game has finished",
    "room_locked": "the host has locked this room",
    "game_started": "this game has started and takes no new players",
    "room_full": "this room is full",
    "nickname_taken": "that nickname is taken in this room",
    "nickname_banned": "that nickname is not allowed in this room",
    "bad_token": "that seat does not exist (wrong PIN or token)",
    "too_late": "time is up for that question",
    "not_accepting": "that question is not open for answers",
    "already_answered": "you have already answered this question",
    "forbidden": "you are not a player of this room",
    "stale": "that room changed while you joined; try again",
}


class RoomStore:
    def __init__(self, client: redis.Redis, keys: Keys, ttl: int):
        self.r = client
        self.keys = keys
        self.ttl = ttl
        self._create = client.register_script(scripts.CREATE_ROOM)
        self._join = client.register_script(scripts.JOIN)
        self._attach = client.register_script(scripts.ATTACH)
        self._detach = client.register_script(scripts.DETACH)
        self._answers = client.register_script(scripts.ANSWERS)
        self._commit = client.register_script(scripts.COMMIT)
        self._remove = client.register_script(scripts.REMOVE_PLAYER)
        self._heartbeat = client.register_script(scripts.HEARTBEAT)
        self._hit = client.register_script(scripts.HIT)
        self._pin_gate = client.register_script(scripts.PIN_GATE)
        self._revote = client.register_script(scripts.REVOTE)

    # -- rooms -----------------------------------------------------------------
    def create_room(self, pin: str, quiz_json: str, fields: dict, owner: str = "-",
                    max_rooms: int = 0, max_per_owner: int = 0) -> bool:
        """False when the PIN is taken. ``owner`` is the creating address's key; a room
        past ``max_per_owner`` live rooms of that owner or ``max_rooms`` live rooms in
        all (0: no cap) is refused with ``too_many_rooms``."""
        flat = []
        for k, v in fields.items():
            flat += [k, str(v)]
        reply = self._create(
            keys=self.keys.room_keys(pin) + [self.keys.live_rooms,
                                             self.keys.address_rooms(owner)],
            args=[self.ttl, quiz_json, self.keys.prefix, max_rooms, max_per_owner, pin, owner,
                  *flat])
        if isinstance(reply, list):
            scope = reply[2]
            limit = max_per_owner if scope == "address" else max_rooms
            where = "from your network address" if scope == "address" else "on this server"
            raise GameError("too_many_rooms",
                            f"there are already {limit} live rooms {where}; a room ends a "
                            "day after its last use", scope=scope, limit=limit)
        return bool(reply)

    def load_state(self, pin: str) -> tuple[RoomState, dict] | None:
        """The room's phase state plus the raw hash (host hash, settings, ...)."""
        raw = self.r.hgetall(self.keys.room(pin))
        return _state(raw) if raw else None

    def load_room_quiz(self, pin: str) -> tuple[str | None, str | None, str]:
        """Quiz JSON, settings JSON and the room's identity, read together (MULTI) so
        they belong to the same room even while its PIN is being reused."""
        pipe = self.r.pipeline(transaction=True)
        pipe.get(self.keys.quiz(pin))
        pipe.hmget(self.keys.room(pin), "settings", "rid", "created")
        quiz_json, (settings, rid, created) = pipe.execute()
        return quiz_json, settings, rid or created or ""

    def set_locked(self, pin: str, locked: bool) -> None:
        self.r.hset(self.keys.room(pin), "locked", "1" if locked else "0")

    # -- players ---------------------------------------------------------------
    def join(self, pin, player_id, nickname, nick_key, token, now, sid,
             worker_id, gate=None, rid: str = "", team: int = -1,
             teams: int = 0) -> tuple[int, tuple[RoomState, dict]]:
        """Seat a player; returns how many players the room has now, and the room's
        state (as ``load_state`` gives it) just after the join. ``gate`` = (rate counter,
        its lifetime ms, limit, PIN-miss counter, limit) is checked first, in the script.
        ``rid``: the room the caller checked the nickname for; another room under the
        PIN is refused with ``stale``."""
        keys = self.keys.room_keys(pin) + [self.keys.worker_conns(worker_id)]
        args = [player_id, nickname, nick_key, token_hash(token), now, self.ttl, sid, pin,
                rid]
        if gate is not None:
            counter, lifetime_ms, limit, lockout, lockout_limit, lockout_ms, addr, ttl = gate
            keys += [self.keys.rate(counter), self.keys.rate(lockout), self.keys.reached(addr)]
            args += [lifetime_ms, limit, lockout_limit, lockout_ms, ttl]
        else:
            args += [""] * 5
        args += [team, teams]
        reply = _check(self._join(keys=keys, args=args))
        flat = reply[4:]
        return int(reply[3]), _state(dict(zip(flat[::2], flat[1::2])))

    def attach(self, pin, token, sid, worker_id) -> dict:
        reply = _check(self._attach(
            keys=self.keys.room_keys(pin) + [self.keys.worker_conns(worker_id)],
            args=[token_hash(token), self.ttl, sid, pin]))
        player = json.loads(reply[2])
        return {"player_id": reply[1], "nickname": player["nickname"],
                "score": int(float(reply[3])), "streak": int(reply[4]),
                "answered": bool(reply[5])}

    def seat(self, pin, token) -> dict | None:
        """The seat a token holds, read only (no presence change)."""
        pid = self.r.hget(self.keys.tokens(pin), token_hash(token))
        if pid is None:
            return None
        pipe = self.r.pipeline(transaction=False)
        pipe.hget(self.keys.players(pin), pid)
        pipe.zscore(self.keys.scores(pin), pid)
        pipe.hget(self.keys.streaks(pin), pid)
        player, score, streak = pipe.execute()
        if player is None:
            return None
        return {"player_id": pid, "nickname": json.loads(player)["nickname"],
                "score": int(score or 0), "streak": int(streak or 0)}

    def detach(self, pin, player_id, sid, worker_id) -> tuple[str, int, int]:
        phase, index, waiting = self._detach(
            keys=[self.keys.room(pin), self.keys.online(pin), self.keys.waiting(pin),
                  self.keys.conns(pin), self.keys.worker_conns(worker_id)],
            args=[player_id, sid, pin])
        return phase, int(index), int(waiting)

    # -- workers ---------------------------------------------------------------
    def heartbeat(self, worker_id: str, now: int, silence_ms: int) -> list[str]:
        """Say this worker is alive; returns the ids of workers silent for too long."""
        dead = self._heartbeat(keys=[self.keys.workers],
                               args=[worker_id, now, silence_ms, 60])
        return [w for w in dead if w != worker_id]

    def worker_connections(self, worker_id: str) -> list[tuple[str, str, str]]:
        """(pin, sid, player id) of every connection a worker held."""
        members = self.r.smembers(self.keys.worker_conns(worker_id))
        return [tuple(m.split("|", 2)) for m in members]

    def forget_worker(self, worker_id: str) -> None:
        pipe = self.r.pipeline(transaction=True)
        pipe.delete(self.keys.worker_conns(worker_id))
        pipe.zrem(self.keys.workers, worker_id)
        pipe.execute()

    def remove_player(self, pin, player_id, ban: bool) -> tuple[dict, list[str]] | None:
        """The removed player and the sids of their open connections, or None."""
        reply = self._remove(keys=self.keys.room_keys(pin), args=[player_id, "1" if ban else "0"])
        return (json.loads(reply[0]), list(reply[1:])) if reply else None

    def has_answered(self, pin, index, player_id) -> bool:
        return bool(self.r.hexists(self.keys.answers(pin, index), player_id))

    def answer_of(self, pin, index, player_id):
        """The answer this player sent to question ``index``, or None."""
        raw = self.r.hget(self.keys.answers(pin, index), player_id)
        return json.loads(raw)[1] if raw else None

    def answer_count(self, pin, index) -> int:
        return int(self.r.hlen(self.keys.answers(pin, index)))

    def player_count(self, pin) -> int:
        return int(self.r.hlen(self.keys.players(pin)))

    def player_names(self, pin, player_ids) -> dict[str, tuple[str, int]]:
        """(nickname, join seq) of the given players that still have a seat."""
        if not player_ids:
            return {}
        raw = self.r.hmget(self.keys.players(pin), player_ids)
        found = {}
        for pid, value in zip(player_ids, raw):
            if value is not None:
                p = json.loads(value)
                found[pid] = (p["nickname"], p["seq"])
        return found

    def scores(self, pin) -> list[tuple[str, int]]:
        return [(pid, int(score)) for pid, score in
                self.r.zrange(self.keys.scores(pin), 0, -1, withscores=True)]

    def standings(self, pin) -> tuple[list[tuple[str, int]], dict[str, int]]:
        """Scores and streaks in one round trip, for a leaderboard."""
        pipe = self.r.pipeline(transaction=False)
        pipe.zrange(self.keys.scores(pin), 0, -1, withscores=True)
        pipe.hgetall(self.keys.streaks(pin))
        scores, streaks = pipe.execute()
        return ([(pid, int(score)) for pid, score in scores],
                {pid: int(v) for pid, v in streaks.items()})

    def players(self, pin) -> dict[str, dict]:
        return {pid: json.loads(v) for pid, v in self.r.hgetall(self.keys.players(pin)).items()}

    def online(self, pin) -> set[str]:
        return set(self.r.hkeys(self.keys.online(pin)))

    def host_hash(self, pin) -> str | None:
        return self.r.hget(self.keys.room(pin), "host")

    # -- answers and scoring ---------------------------------------------------
    def answers(self, pin, index, items) -> tuple[list, int, int, int]:
        """Store a batch of answers to one question in one call (see scripts.ANSWERS).

        ``items`` are (player id, now, answer). Returns (outcomes, answered,
        waiting, players): per item its response ms or a GameError, then the
        counts after the batch (all 0 when nothing was stored).
        """
        args = [index, self.ttl]
        for player_id, now, answer in items:
            args += [player_id, now, json.dumps(answer, separators=(",", ":"))]
        reply = self._answers(keys=[self.keys.room(pin), self.keys.answers(pin, index),
                                    self.keys.waiting(pin), self.keys.players(pin)], args=args)
        outcomes = [GameError(r, ERROR_MESSAGES.get(r, r)) if isinstance(r, str) else int(r)
                    for r in reply[3:]]
        return outcomes, int(reply[0]), int(reply[1]), int(reply[2])

    def end_first_vote(self, pin, index, expected_version, fields, expected_answers) -> int:
        """Move question ``index``'s answers aside as its first vote (scripts.REVOTE)."""
        return int(self._revote(
            keys=[self.keys.room(pin), self.keys.answers(pin, index),
                  self.keys.first_vote(pin, index), self.keys.deadlines],
            args=[expected_version, json.dumps({k: str(v) for k, v in fields.items()}), pin,
                  self.ttl, expected_answers]))

    def first_vote(self, pin, index) -> dict:
        """A re-voted question's first answers: player id -> (answer, ms)."""
        parsed = {}
        for pid, raw in self.r.hgetall(self.keys.first_vote(pin, index)).items():
            t, answer = json.loads(raw)
            parsed[pid] = (answer, t)
        return parsed

    def team_of(self, pin, player_id) -> int | None:
        player = self.r.hget(self.keys.players(pin), player_id)
        return json.loads(player).get("team") if player else None

    def teams_of(self, pin) -> dict[str, int]:
        """Each player's team index (team rooms)."""
        return {pid: p["team"] for pid, p in self.players(pin).items() if "team" in p}

    def team_left(self, pin, team: int) -> None:
        self.r.hincrby(self.keys.room(pin), f"team:{team}", -1)

    def closing_snapshot(self, pin, index) -> tuple[list, dict, dict]:
        """Player ids, answers and streaks read together, to score a question."""
        pipe = self.r.pipeline(transaction=True)
        pipe.hkeys(self.keys.players(pin))
        pipe.hgetall(self.keys.answers(pin, index))
        pipe.hgetall(self.keys.streaks(pin))
        players, answers, streaks = pipe.execute()
        parsed = {}
        for pid, raw in answers.items():
            t, answer = json.loads(raw)
            parsed[pid] = (answer, t)
        return players, parsed, {pid: int(v) for pid, v in streaks.items()}

    def commit(self, pin, expected_version: int, fields: dict, *, deadline: int | None,
               expected_answers: int = -1, index: int = -1, deltas: dict | None = None,
               streaks: dict | None = None, results: dict | None = None,
               open_question: bool = False) -> int:
        """Apply a computed transition if nobody else did first (see scripts.COMMIT)."""
        keys = self.keys.room_keys(pin) + [self.keys.deadlines,
                                           self.keys.answers(pin, max(index, 0)),
                                           self.keys.results(pin, max(index, 0))]
        dump = lambda value: json.dumps(value, separators=(",", ":")) if value else ""  # noqa: E731
        return int(self._commit(keys=keys, args=[
            expected_version, expected_answers,
            json.dumps({k: str(v) for k, v in fields.items()}),
            "set" if deadline is not None else "del", deadline or 0, pin, self.ttl,
            dump(deltas), dump(streaks), dump(results), "1" if open_question else "0"]))

    def results(self, pin, count) -> list[dict | None]:
        raw = self.r.mget([self.keys.results(pin, i) for i in range(count)]) if count else []
        return [json.loads(r) if r else None for r in raw]

    def player_results(self, pin, count, player_id) -> tuple[list[dict | None], int]:
        """One player's stored result of each of the first ``count`` questions (None:
        not closed, or the player was not seated then) and the room's time to live in
        ms (-2: gone), read together: a review never refreshes the room's TTL."""
        pipe = self.r.pipeline(transaction=True)
        if count:
            pipe.mget([self.keys.results(pin, i) for i in range(count)])
        pipe.pttl(self.keys.room(pin))
        replies = pipe.execute()
        raw, ttl_ms = (replies[0] if count else []), int(replies[-1])
        mine = []
        for value in raw:
            stored = json.loads(value) if value else None
            mine.append(None if stored is None else stored["players"].get(player_id))
        return mine, ttl_ms

    def hide_word(self, pin, index, word) -> set[str]:
        """Add one entry to a question's hidden words; every hidden word, after."""
        key = self.keys.hidden(pin, index)
        pipe = self.r.pipeline(transaction=True)
        pipe.sadd(key, word)
        pipe.expire(key, self.ttl)
        pipe.smembers(key)
        return set(pipe.execute()[2])

    def hidden_words(self, pin, index) -> set[str]:
        return set(self.r.smembers(self.keys.hidden(pin, index)))

    def schedule(self, pin: str, at: int) -> None:
        """Put a room's timer in the deadlines zset outside a phase move (auto start)."""
        pipe = self.r.pipeline(transaction=True)
        pipe.zadd(self.keys.deadlines, {pin: at})
        pipe.expire(self.keys.deadlines, self.ttl)
        pipe.execute()

    def drop_deadline(self, pin: str) -> None:
        """Forget a deadline whose room closed or expired without the ticker noticing."""
        self.r.zrem(self.keys.deadlines, pin)

    def due_rooms(self, now: int, limit: int = 100) -> list[str]:
        return self.r.zrangebyscore(self.keys.deadlines, "-inf", now, start=0, num=limit)

    # -- rate counters -----------------------------------------------------------
    def hit(self, name: str, window: int, window_ms: int) -> int:
        """One more hit in window number ``window``; the hits so far."""
        return int(self._hit(keys=[self.keys.rate(f"{name}:{window}")], args=[2 * window_ms]))

    def pin_gate(self, pin: str, lockout: str, limit: int, lifetime_ms: int, addr: str,
                 reached_ttl: int) -> str:
        """A PIN-only lookup behind the address's lockout (see scripts.PIN_GATE)."""
        return self._pin_gate(keys=[self.keys.room(pin), self.keys.rate(lockout),
                                    self.keys.reached(addr)],
                              args=[pin, limit, lifetime_ms, reached_ttl])

    def reached(self, addr: str, pin: str, ttl: int) -> None:
        """Remember that ``addr`` found room ``pin`` (it held a valid token for it)."""
        pipe = self.r.pipeline(transaction=False)
        pipe.sadd(self.keys.reached(addr), pin)
        pipe.expire(self.keys.reached(addr), ttl)
        pipe.execute()

    def ping(self) -> bool:
        return bool(self.r.ping())
