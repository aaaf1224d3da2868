"""Uploaded images in Redis, content-addressed: the key is the SHA-256 of the bytes.

An image may serve several owners' quizzes, so it is owned jointly: each owner keeps
a set of the hashes it stored (with when it last did) and a byte counter, and the
image counts how many owners hold it. Storing and charging is one script; an image
leaves Redis only when its last owner lets it go (``release``) or, owned by nobody,
when the prune finds no quiz naming it (``drop``)."""
from __future__ import annotations

import hashlib
import re

import redis

from .client import make_client
from .keys import Keys

DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")

PUT = """
-- KEYS[1] the image (P media:{sha256})   KEYS[2] the owner's images (zset hash -> ms)
-- KEYS[3] the owner's bytes (string)
-- ARGV[1] the image bytes, or "" to claim one stored already   ARGV[2] Content-Type
-- ARGV[3] width   ARGV[4] height   ARGV[5] now (ms)   ARGV[6] the hash
-- ARGV[7] most bytes the owner may keep (0: no cap)
-- Returns {1 when the image is new here else 0, bytes charged, the owner's bytes};
-- {"err", "over_quota", bytes kept} past the cap; {"err", "gone"} to claim a missing one.
local stored = redis.call('HEXISTS', KEYS[1], 'data') == 1
local size = string.len(ARGV[1])
if size == 0 then
  if not stored then return {'err', 'gone'} end
  size = redis.call('HSTRLEN', KEYS[1], 'data')
end
local used = tonumber(redis.call('GET', KEYS[3]) or '0')
local charged = 0
if not redis.call('ZSCORE', KEYS[2], ARGV[6]) then
  if tonumber(ARGV[7]) > 0 and used + size > tonumber(ARGV[7]) then
    return {'err', 'over_quota', used}
  end
  used = redis.call('INCRBY', KEYS[3], size)
  redis.call('HINCRBY', KEYS[1], 'owners', 1)
  charged = size
end
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[6])
if not stored then
  redis.call('HSET', KEYS[1], 'data', ARGV[1], 'type', ARGV[2], 'w', ARGV[3], 'h', ARGV[4])
end
redis.call('HSETNX', KEYS[1], 'created', ARGV[5])
return {stored and 0 or 1, charged, used}
"""

RELEASE = """
-- KEYS[1] the image   KEYS[2] the owner's images   KEYS[3] the owner's bytes
-- ARGV[1] the hash   ARGV[2] only when the owner last stored it at or before (ms)
-- ARGV[3] "1": delete the image once no owner holds it
-- Returns 1 when released, 2 when the image was deleted too, 0 when kept (stored again
-- since, or not this owner's).
local when = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not when or tonumber(when) > tonumber(ARGV[2]) then return 0 end
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return 1 end
redis.call('DECRBY', KEYS[3], redis.call('HSTRLEN', KEYS[1], 'data'))
if redis.call('HINCRBY', KEYS[1], 'owners', -1) <= 0 and ARGV[3] == '1' then
  redis.call('DEL', KEYS[1])
  return 2
end
return 1
"""

DROP = """
-- KEYS[1] the image   ARGV[1] only when stored at or before (ms)
-- Deletes an image no owner holds (stored before owners were counted, or restored from
-- a backup); the caller has found no quiz naming it. Returns 1 when deleted.
if tonumber(redis.call('HGET', KEYS[1], 'owners') or '0') > 0 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'created') or '0') > tonumber(ARGV[1]) then
  return 0
end
return redis.call('DEL', KEYS[1])
"""


class OverQuota(Exception):
    def __init__(self, used: int):
        super().__init__("over_quota")
        self.used = used


def make_bytes_client(url: str, max_connections: int = 50) -> redis.Redis:
    """Images are binary: this client must not decode replies as UTF-8."""
    return make_client(url, max_connections, decode=False)


def _text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


class MediaStore:
    def __init__(self, client: redis.Redis, keys: Keys):
        self.client = client
        self.keys = keys
        self._put = client.register_script(PUT)
        self._release = client.register_script(RELEASE)
        self._drop = client.register_script(DROP)

    def put(self, data: bytes, content_type: str, width: int, height: int, now_ms: int,
            owner: str | None = None, quota: int = 0) -> tuple[str, bool, bool]:
        """Store the bytes; (their SHA-256, whether they are new here, whether this
        charged the owner). The same picture twice is one key. With an ``owner`` (""
        on a server without accounts), charged to that owner once; OverQuota past
        ``quota`` bytes (0: no cap)."""
        digest = hashlib.sha256(data).hexdigest()
        key = self.keys.media(digest)
        if owner is None:
            pipe = self.client.pipeline(transaction=True)
            pipe.hsetnx(key, "created", now_ms)
            pipe.hset(key, mapping={"data": data, "type": content_type, "w": width,
                                    "h": height})
            return digest, bool(pipe.execute()[0]), False
        return (digest, *self._charge(digest, data, content_type, width, height, now_ms,
                                      owner, quota))

    def claim(self, digest: str, owner: str, now_ms: int, quota: int = 0) -> bool | None:
        """Charge a stored image to ``owner`` as well: whether this charged it (False:
        the owner held it already); None when it is not stored."""
        try:
            return self._charge(digest, b"", "", 0, 0, now_ms, owner, quota)[1]
        except LookupError:
            return None

    def _charge(self, digest, data, content_type, width, height, now_ms, owner,
                quota) -> tuple[bool, bool]:
        reply = self._put(keys=[self.keys.media(digest), self.keys.media_owned(owner),
                                self.keys.media_bytes(owner)],
                          args=[data, content_type, width, height, now_ms, digest, quota])
        if _text(reply[0]) == "err":
            if _text(reply[1]) == "gone":
                raise LookupError(digest)
            raise OverQuota(int(reply[2]))
        return bool(reply[0]), int(reply[1]) > 0

    def release(self, digest: str, owner: str, before_ms: int, delete: bool) -> int:
        """Let ``owner``'s charge for an image go (see RELEASE for the reply)."""
        return int(self._release(keys=[self.keys.media(digest), self.keys.media_owned(owner),
                                       self.keys.media_bytes(owner)],
                                 args=[digest, before_ms, "1" if delete else "0"]))

    def drop(self, digest: str, before_ms: int) -> bool:
        return bool(self._drop(keys=[self.keys.media(digest)], args=[before_ms]))

    def used(self, owner: str) -> int:
        return int(self.client.get(self.keys.media_bytes(owner)) or 0)

    def owned(self, owner: str) -> list[tuple[str, int]]:
        """(hash, when last stored, ms) of every image charged to ``owner``."""
        return [(_text(d), int(ms)) for d, ms in
                self.client.zrange(self.keys.media_owned(owner), 0, -1, withscores=True)]

    def owners(self) -> list[str]:
        prefix = self.keys.media_owned("x")[:-1]
        return sorted({"" if (o := _text(k)[len(prefix):]) == "-" else o
                       for k in self.client.scan_iter(match=f"{prefix}*", count=1000)})

    def digests(self) -> list[str]:
        """Every stored image's hash."""
        prefix = self.keys.media("")
        found = (_text(k)[len(prefix):] for k in self.client.scan_iter(match=f"{prefix}*",
                                                                        count=1000))
        return sorted(d for d in found if DIGEST_RE.match(d))

    def quiz_texts(self) -> list[tuple[str | None, str]]:
        """(owner, JSON) of every quiz that may name an image: library quizzes (the trash
        too, until it expires), and the quizzes of live rooms and challenges (owner None:
        they protect an image for everyone)."""
        out = []
        library = self.keys.library_quiz("*")
        for pattern, is_hash in ((library, True), (self.keys.quiz("*"), False),
                                 (self.keys.challenge_quiz("*"), False)):
            keys = list(self.client.scan_iter(match=pattern, count=1000))
            with self.client.pipeline(transaction=False) as pipe:
                for key in keys:
                    if is_hash:
                        pipe.hmget(key, "owner", "body")
                    else:
                        pipe.get(key)
                rows = pipe.execute()
            for row in rows:
                if is_hash and row[1] is not None:
                    out.append((_text(row[0] or b""), _text(row[1])))
                elif not is_hash and row is not None and not isinstance(row, list):
                    out.append((None, _text(row)))
        return out

    def get(self, digest: str) -> tuple[bytes, str] | None:
        """(bytes, Content-Type), or None for an unknown or malformed digest."""
        if not DIGEST_RE.match(digest):
            return None
        data, content_type = self.client.hmget(self.keys.media(digest), "data", "type")
        if data is None or content_type is None:
            return None
        return data, content_type.decode()

    def missing(self, digests) -> set[str]:
        """The digests of ``digests`` that name no stored image."""
        wanted = sorted(set(digests))
        if not wanted:
            return set()
        pipe = self.client.pipeline(transaction=False)
        for digest in wanted:
            pipe.hexists(self.keys.media(digest), "data")
        return {d for d, found in zip(wanted, pipe.execute()) if not found}
