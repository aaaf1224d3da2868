"""A Redis the server cannot reach: 503 with a sentence saying so, for pages and the API.

Connection errors and timeouts only; a Redis that answers with an error (a full one
refusing writes, say) is another matter, handled where those errors are.
"""
from __future__ import annotations

import logging

from flask import g, jsonify, render_template, request
from flask.globals import request_ctx
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 5  # seconds: Redis restarting takes about that, and a reload is cheap
ADVICE = ("If this lasts, whoever runs this server should check that Redis is running and "
          "that REDIS_URL points at it (without REDIS_URL, quizroom serve starts its own; "
          "its log is instance/redis/redis.log).")


def _message(exc: Exception) -> str:
    # a pool with every connection in use answers with a ConnectionError too
    if "No connection available" in str(exc):
        return "the server is too busy to reach its database (Redis) right now; try again " \
               "in a moment"
    return "the server cannot reach its database (Redis); try again in a moment"


def unreachable(exc: Exception):
    log.warning("redis unreachable during %s %s: %s", request.method, request.path, exc)
    message = _message(exc)
    if request_ctx.url_adapter is None or request.path.startswith("/api/") or \
            request.is_json or request.accept_mimetypes.best == "application/json":
        reply = jsonify({"error": {"code": "unavailable", "message": message,
                                   "retry_after": RETRY_AFTER}})
    else:
        reply = render_template("error.html", code="unavailable",
                                heading="The database cannot be reached",
                                message=f"{message[:1].upper()}{message[1:]}. {ADVICE}")
    return reply, 503, {"Retry-After": str(RETRY_AFTER)}


class SessionsWithoutRedis:
    """Wraps the session interface: a session that cannot be read because Redis is
    down is answered by the handler above, not as a 500 from outside every handler
    (Flask opens the session before any of them can run)."""

    def __init__(self, inner):
        self.inner = inner

    def open_session(self, app, request):
        try:
            return self.inner.open_session(app, request)
        except UNREACHABLE as exc:
            g.session_error = exc
            return self.make_null_session(app)  # a null session is never saved

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _raise_session_error():
    exc = g.pop("session_error", None)
    if exc is not None:
        raise exc


def init_app(app) -> None:
    """Call after the session interface is in place."""
    for exc_class in UNREACHABLE:
        app.register_error_handler(exc_class, unreachable)
    app.session_interface = SessionsWithoutRedis(app.session_interface)
    app.before_request_funcs.setdefault(None, []).insert(0, _raise_session_error)
