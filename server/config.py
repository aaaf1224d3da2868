"""Configuration from environment variables, with defaults that run out of the box."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASYNC_MODES = ("gevent", "eventlet", "threading")


def _int(env, name, default):
    value = env.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError:
        raise SystemExit(f"{name} must be a whole number, got {value!r}") from None


def port(env=None) -> int:
    """PORT, the port `quizroom serve` listens on unless told with --port."""
    env = os.environ if env is None else env
    value = env.get("PORT") or "5000"
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise SystemExit(f"PORT must be a whole number from 1 to 65535, got {value!r}")
    return number


def _gc_threshold(env) -> tuple[int, ...] | None:
    value = env.get("QUIZROOM_GC_THRESHOLD", "10000,50,10").strip()
    if value in ("", "default"):
        return None
    try:
        numbers = tuple(int(part) for part in value.split(","))
    except ValueError:
        numbers = ()
    if len(numbers) != 3 or min(numbers) < 1:
        raise SystemExit("QUIZROOM_GC_THRESHOLD must be three positive whole numbers "
                         f"like 10000,50,10 (or 'default'), got {value!r}")
    return numbers


def _secret_key(instance_path: str) -> str:
    """A stable key per install, so sessions survive restarts without any setup."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def from_env(instance_path: str, env=None) -> dict:
    env = os.environ if env is None else env
    mode = env.get("QUIZROOM_ASYNC_MODE", "gevent")
    if mode not in ASYNC_MODES:
        raise SystemExit(f"QUIZROOM_ASYNC_MODE must be one of {', '.join(ASYNC_MODES)}")
    return {
        "SECRET_KEY": env.get("QUIZROOM_SECRET_KEY") or _secret_key(instance_path),
        # unset: an embedded redis-server keeps its data in the instance folder
        "REDIS_URL": env.get("REDIS_URL") or None,
        "QUIZROOM_KEY_PREFIX": env.get("QUIZROOM_KEY_PREFIX", "qr:"),
        "QUIZROOM_ASYNC_MODE": mode,
        "QUIZROOM_ROOM_TTL": _int(env, "QUIZROOM_ROOM_TTL", 24 * 3600),
        "QUIZROOM_MAX_PLAYERS": _int(env, "QUIZROOM_MAX_PLAYERS", 5000),
        "QUIZROOM_SEEDS_DIR": env.get("QUIZROOM_SEEDS_DIR", str(ROOT / "seeds")),
        # "redis" means: share broadcasts with other processes through REDIS_URL
        "QUIZROOM_MESSAGE_QUEUE": env.get("QUIZROOM_MESSAGE_QUEUE") or None,
        "QUIZROOM_TICK_SECONDS": float(env.get("QUIZROOM_TICK_SECONDS", "0.1")),
        "QUIZROOM_PUBLIC_URL": env.get("QUIZROOM_PUBLIC_URL", ""),
        # how many proxies (nginx: 1) set X-Forwarded-*; 0 trusts none of those headers
        "QUIZROOM_PROXIES": _int(env, "QUIZROOM_PROXIES", 0),
        # "auto": Secure cookies when QUIZROOM_PUBLIC_URL is https; or "1" / "0"
        "QUIZROOM_SECURE_COOKIES": env.get("QUIZROOM_SECURE_COOKIES", "auto"),
        "QUIZROOM_REDIS_MAX_CONNECTIONS": _int(env, "QUIZROOM_REDIS_MAX_CONNECTIONS", 200),
        # eventlet's server stops accepting at 1024 open connections unless told otherwise
        "QUIZROOM_MAX_CONNECTIONS": _int(env, "QUIZROOM_MAX_CONNECTIONS", 10_000),
        "QUIZROOM_CORS_ORIGINS": env.get("QUIZROOM_CORS_ORIGINS", ""),
        "QUIZROOM_MAX_MESSAGE_BYTES": _int(env, "QUIZROOM_MAX_MESSAGE_BYTES", 64 * 1024),
        # Python's collector thresholds; None keeps Python's own (700, 10, 10)
        "QUIZROOM_GC_THRESHOLD": _gc_threshold(env),
        # room creation (docs/security.md): a quiz's stored size, the rooms that may exist
        # at once per client address (an IPv6 /64) and per server, and the bytes of parsed
        # quizzes each worker keeps
        "QUIZROOM_MAX_QUIZ_BYTES": _int(env, "QUIZROOM_MAX_QUIZ_BYTES", 256 * 1024),
        "QUIZROOM_MAX_ROOMS_PER_ADDRESS": _int(env, "QUIZROOM_MAX_ROOMS_PER_ADDRESS", 20),
        "QUIZROOM_MAX_ROOMS": _int(env, "QUIZROOM_MAX_ROOMS", 1000),
        "QUIZROOM_QUIZ_CACHE_BYTES": _int(env, "QUIZROOM_QUIZ_CACHE_BYTES", 64 * 1024 * 1024),
        # comma-separated host names the server answers to (Flask's TRUSTED_HOSTS); empty:
        # any Host, with links built from it marked Vary: Host and Cache-Control: private
        "QUIZROOM_TRUSTED_HOSTS": env.get("QUIZROOM_TRUSTED_HOSTS", ""),
        # open connections from one address (an IPv6 /64); a classroom shares one NAT
        "QUIZROOM_MAX_CONNECTIONS_PER_ADDRESS": _int(env, "QUIZROOM_MAX_CONNECTIONS_PER_ADDRESS",
                                                     300),
        # seconds a connection may stay without attaching to a room; 0: no limit
        "QUIZROOM_ATTACH_TIMEOUT": float(env.get("QUIZROOM_ATTACH_TIMEOUT") or 15),
        # inbound Socket.IO packets a second for the whole process, shared fairly
        "QUIZROOM_INBOUND_PER_SECOND": _int(env, "QUIZROOM_INBOUND_PER_SECOND", 2000),
        # seconds a deleted library quiz stays restorable in the trash
        "QUIZROOM_TRASH_TTL": _int(env, "QUIZROOM_TRASH_TTL", 30 * 24 * 3600),
        # how long a challenge's results (and its players' reviews) stay after it closes
        "QUIZROOM_CHALLENGE_KEEP_DAYS": _int(env, "QUIZROOM_CHALLENGE_KEEP_DAYS", 14),
        "QUIZROOM_MAX_CHALLENGES": _int(env, "QUIZROOM_MAX_CHALLENGES", 1000),
        "QUIZROOM_LIBRARY_MAX_QUIZZES": _int(env, "QUIZROOM_LIBRARY_MAX_QUIZZES", 1000),
        # bytes of (cleaned) images each host may keep; 0: no cap
        "QUIZROOM_MEDIA_MAX_BYTES_PER_OWNER": _int(env, "QUIZROOM_MEDIA_MAX_BYTES_PER_OWNER",
                                                   200 * 1024 * 1024),
        "QUIZROOM_MAX_CHALLENGES_PER_ADDRESS": _int(env, "QUIZROOM_MAX_CHALLENGES_PER_ADDRESS", 50),
    }
