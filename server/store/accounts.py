"""Host accounts and sign-in failure counters in Redis (keys in keys.py)."""
from __future__ import annotations

import json
import re

import redis

from .keys import Keys

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")

# KEYS[1] the failure counter   ARGV[1] window (ms)
# Returns the failures counted so far in the window, this one included. The window
# starts at the first failure, so a counter never lives longer than one window.
COUNT_FAILURE = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
"""


class AccountStore:
    def __init__(self, client: redis.Redis, keys: Keys):
        self.r = client
        self.keys = keys
        self._count_failure = client.register_script(COUNT_FAILURE)

    def any(self) -> bool:
        return self.r.hlen(self.keys.hosts) > 0

    def get(self, name: str) -> dict | None:
        raw = self.r.hget(self.keys.hosts, name)
        return json.loads(raw) if raw else None

    def add(self, name: str, password_hash: str, created: int) -> bool:
        """False when the name is taken (nothing is changed then)."""
        record = json.dumps({"hash": password_hash, "created": created})
        return bool(self.r.hsetnx(self.keys.hosts, name, record))

    def set_hash(self, name: str, password_hash: str) -> None:
        record = self.get(name)
        if record is not None:
            record["hash"] = password_hash
            self.r.hset(self.keys.hosts, name, json.dumps(record))

    def remove(self, name: str) -> bool:
        return bool(self.r.hdel(self.keys.hosts, name))

    def names(self) -> list[dict]:
        return sorted(({"name": name, **{k: v for k, v in json.loads(raw).items() if k != "hash"}}
                       for name, raw in self.r.hgetall(self.keys.hosts).items()),
                      key=lambda a: a["name"])

    # sign-in failures, per address and per account name
    def failures(self, kind: str, value: str) -> tuple[int, int]:
        """Failures in the current window and the ms until it ends."""
        key = self.keys.signin_failures(kind, value)
        with self.r.pipeline(transaction=False) as pipe:
            pipe.get(key)
            pipe.pttl(key)
            count, ttl = pipe.execute()
        return int(count or 0), max(int(ttl), 0)

    def fail(self, kind: str, value: str, window_ms: int) -> int:
        return int(self._count_failure(keys=[self.keys.signin_failures(kind, value)],
                                       args=[window_ms]))

    def clear_failures(self, kind: str, value: str) -> None:
        self.r.delete(self.keys.signin_failures(kind, value))
