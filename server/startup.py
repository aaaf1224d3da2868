"""What could lose the library or leave it open to the network, said once at start;
and why `quizroom serve` cannot listen where it was told, in a sentence.

`quizroom serve` knows the address it listens on and prints these itself; a server
made by ``create_app`` elsewhere (gunicorn from the Procfile, ``flask run``) logs them
from the factory, where the address is not known.
"""
from __future__ import annotations

import errno
import ipaddress
import socket

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


def cannot_listen(host: str, port: int) -> str | None:
    """Why a server could not listen on host:port, in a sentence; None if it can. The
    port is bound as gevent and eventlet bind it (SO_REUSEADDR: a port a stopped server
    left in TIME_WAIT is free) and let go at once."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        return f"--host {host}: not an address or a name this machine can resolve ({exc})"
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return listen_error(host, port, exc)
    return None


def listen_error(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (f"port {port} on {host} is already in use, by another program or another "
                f"QuizRoom: stop that, or give this one another port with --port (or PORT)")
    if exc.errno == errno.EACCES:
        return (f"port {port} needs administrator rights here: choose a port from 1024 up "
                "with --port (or PORT)")
    if exc.errno == errno.EADDRNOTAVAIL:
        return (f"--host {host} is not an address of this machine: use 127.0.0.1 (this "
                "machine only), 0.0.0.0 (every network) or one of its own addresses")
    return f"cannot listen on {host} port {port}: {exc.strerror or exc}"
