"""Host accounts and sign-in failure counters in Redis (keys in keys.py)."""
from __future__ import annotations

import json
import re

import redis

from .keys import Keys

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")

# KEYS[1] the address's failure counter   KEYS[2] the name's failure counter
# ARGV[1] failures allowed in a window     ARGV[2] window (ms)
# Returns {charge, retry_ms}. charge > 0: the password may be checked; the attempt is
# counted as a failure already (charge against the address, one against the name),
# and a right password gives it back (REFUND). charge 0: refused for retry_ms. Counting
# before the check, in one script, means parallel guesses cannot all pass the same
# check. Past the name's budget, only an address with no failure in its window gets a
# check, and a failure there spends the address's whole budget: one guess each.
ADMIT = """
local budget, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local function left(key)
  local ms = redis.call('PTTL', key)
  if ms < 0 then return window end
  return ms
end
local address = tonumber(redis.call('GET', KEYS[1]) or '0')
if address >= budget then return {0, left(KEYS[1])} end
local charge = 1
if tonumber(redis.call('GET', KEYS[2]) or '0') >= budget then
  if address > 0 then return {0, math.min(left(KEYS[1]), left(KEYS[2]))} end
  charge = budget
end
local amounts = {charge, 1}
for i, key in ipairs(KEYS) do
  if redis.call('INCRBY', key, amounts[i]) == amounts[i] then
    redis.call('PEXPIRE', key, window)
  end
end
return {charge, 0}
"""

# KEYS[1] the address's failure counter   KEYS[2] the name's failure counter
# ARGV[1] the charge ADMIT counted against the address
# A right password: the attempt ADMIT counted is no failure. A counter whose window
# has ended meanwhile is left alone (no key without a TTL is made).
REFUND = """
local amounts = {tonumber(ARGV[1]), 1}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 and redis.call('DECRBY', key, amounts[i]) <= 0 then
    redis.call('DEL', key)
  end
end
return 1
"""


class AccountStore:
    def __init__(self, client: redis.Redis, keys: Keys):
        self.r = client
        self.keys = keys
        self._admit = client.register_script(ADMIT)
        self._refund = client.register_script(REFUND)

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
    def admit(self, address: str, name: str, budget: int, window_ms: int) -> tuple[int, int]:
        """(charge, retry_ms): see ADMIT."""
        charge, retry_ms = self._admit(keys=self._counters(address, name),
                                       args=[budget, window_ms])
        return int(charge), int(retry_ms)

    def refund(self, address: str, name: str, charge: int) -> None:
        self._refund(keys=self._counters(address, name), args=[charge])

    def _counters(self, address: str, name: str) -> list[str]:
        return [self.keys.signin_failures("addr", address),
                self.keys.signin_failures("host", name)]
