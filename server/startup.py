"""What could lose the library or leave it open to the network, said once at start.

`quizroom serve` knows the address it listens on and prints these itself; a server
made by ``create_app`` elsewhere (gunicorn from the Procfile, ``flask run``) logs them
from the factory, where the address is not known.
"""
from __future__ import annotations

import ipaddress

import redis

from .store.accounts import AccountStore
from .store.durability import durability_warnings
from .store.keys import Keys

ADD_ACCOUNT = "`quizroom host add NAME` creates an account."


def startup_warnings(client: redis.Redis, prefix: str, host: str | None) -> list[str]:
    """Plain sentences, one per risk. ``host``: the address listened on, or None when
    this process cannot know it. A Redis that cannot be reached yet is said so, and
    the server starts anyway: it waits for Redis like any request does."""
    try:
        warnings = durability_warnings(client)
        if AccountStore(client, Keys(prefix)).any():
            return warnings
    except redis.RedisError as exc:
        return [f"could not reach Redis to check it at start ({exc}); whether it keeps the "
                "quiz library on disk, and whether any host account exists, is not known"]
    if host is None:
        warnings.append("there is no host account, so anyone who can reach this server can "
                        "create rooms and edit the quiz library. This process cannot see "
                        "the address it listens on (gunicorn's --bind; the Procfile binds "
                        "0.0.0.0, every network): if it is more than this machine, "
                        + ADD_ACCOUNT)
    elif not loopback(host):
        warnings.append(f"listening on {host} with no host account: anyone who can reach "
                        "this server can create rooms and edit the quiz library. "
                        + ADD_ACCOUNT)
    return warnings


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
