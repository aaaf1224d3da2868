"""Building the redis-py client QuizRoom uses everywhere."""
from __future__ import annotations

import redis

# Above this many connections callers wait (up to POOL_TIMEOUT) instead of the
# pool raising, so a burst of events queues briefly rather than failing.
MAX_CONNECTIONS = 200
POOL_TIMEOUT = 5


def make_client(url: str, max_connections: int = MAX_CONNECTIONS,
                decode: bool = True) -> redis.Redis:
    """Every client QuizRoom opens, the session's and the images' (``decode=False``:
    binary values) too: a plain pool raises once a burst of requests (a class joining
    at once) wants more connections than it may open, and each would be a 500."""
    pool = redis.BlockingConnectionPool.from_url(
        url, max_connections=max_connections, timeout=POOL_TIMEOUT,
        decode_responses=decode, socket_timeout=5, socket_connect_timeout=2,
        health_check_interval=30, retry_on_timeout=False,
        # no CLIENT SETINFO: two round trips (and a package-metadata lookup) fewer for
        # each connection the pool opens, which it does by the dozen in a join burst
        driver_info=None)
    return redis.Redis(connection_pool=pool)
