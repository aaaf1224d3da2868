"""Uploaded images in Redis, content-addressed: the key is the SHA-256 of the bytes."""
from __future__ import annotations

import hashlib
import re

import redis

from .client import make_client
from .keys import Keys

DIGEST_RE = re.compile(r"^[0-9a-f]{64}$")


def make_bytes_client(url: str, max_connections: int = 50) -> redis.Redis:
    """Images are binary: this client must not decode replies as UTF-8."""
    return make_client(url, max_connections, decode=False)


class MediaStore:
    def __init__(self, client: redis.Redis, keys: Keys):
        self.client = client
        self.keys = keys

    def put(self, data: bytes, content_type: str, width: int, height: int, now_ms: int) -> str:
        """Store the bytes; return their SHA-256. The same picture twice is one key."""
        digest = hashlib.sha256(data).hexdigest()
        key = self.keys.media(digest)
        pipe = self.client.pipeline(transaction=True)
        pipe.hset(key, mapping={"data": data, "type": content_type, "w": width, "h": height})
        pipe.hsetnx(key, "created", now_ms)
        pipe.execute()
        return digest

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
            pipe.exists(self.keys.media(digest))
        return {d for d, found in zip(wanted, pipe.execute()) if not found}
