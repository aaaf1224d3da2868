"""Errors outside any view's own handling, answered alike for pages and the API.

- HTTP errors (404, 405, 413...): JSON under /api/ and for JSON clients, a page else.
- A Redis the server cannot reach (connection errors, timeouts): 503 saying so.
- A Redis that answers but refuses to write (full at ``maxmemory`` with noeviction, or
  a replica): 503 ``unavailable``; nothing was changed, so the client may try again.
  Any other error Redis answers is a bug: the 500 it has always been.

Flask opens the session before any handler can run, and stores it after the view:
a Redis error at either end reaches the same handlers (``SessionsWithoutRedis`` and
``late_error``) instead of a bare 500.
"""
from __future__ import annotations

import logging

import redis
from flask import g, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

UNREACHABLE = (redis.ConnectionError, redis.TimeoutError)
RETRY_UNREACHABLE = 5  # seconds: Redis restarting takes about that, and a reload is cheap
RETRY_FULL = 30        # someone has to make room first
ADVICE = ("If this lasts, whoever runs this server should check that Redis is running and "
          "that REDIS_URL points at it (without REDIS_URL, quizroom serve starts its own; "
          "its log is instance/redis/redis.log).")


def wants_json() -> bool:
    """Answer in JSON: the API, a JSON client, or a request no page can be drawn for (a
    Host outside TRUSTED_HOSTS is refused before any URL can be built, and every
    template links its styles with url_for)."""
    return (request_ctx.url_adapter is None or request.path.startswith("/api/")
            or request.is_json or request.accept_mimetypes.best == "application/json")


def reply(code: str, message: str, status: int, heading: str | None = None,
          retry_after: int | None = None):
    """``{"error": {code, message}}`` or the error page, with Retry-After if given."""
    if wants_json():
        error = {"code": code, "message": message}
        if retry_after is not None:
            error["retry_after"] = retry_after
        body = jsonify({"error": error})
    elif heading is not None:
        body = render_template("error.html", code=code, heading=heading,
                               message=message[:1].upper() + message[1:])
    else:
        from .pages import error_page
        body = error_page(code, message, status)[0]
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return body, status, headers


def http_error(exc: HTTPException):
    code = exc.name.lower().replace(" ", "_")
    if exc.code == 404 and not wants_json():
        return reply("page_not_found", f"There is no page at {request.path}.", 404,
                     heading="Page not found")
    return reply(code, exc.description, exc.code)


def _unreachable_message(exc: Exception) -> str:
    # a pool with every connection in use answers with a ConnectionError too
    if "No connection available" in str(exc):
        return "the server is too busy to reach its database (Redis) right now; try again " \
               "in a moment"
    return "the server cannot reach its database (Redis); try again in a moment"


def unreachable(exc: Exception):
    log.warning("redis unreachable during %s %s: %s", request.method, request.path, exc)
    message = _unreachable_message(exc)
    if wants_json():
        return reply("unavailable", message, 503, retry_after=RETRY_UNREACHABLE)
    return reply("unavailable", f"{message}. {ADVICE}", 503,
                 heading="The database cannot be reached", retry_after=RETRY_UNREACHABLE)


def is_full(exc: Exception) -> bool:
    """Redis answers but refuses to write (a script's write comes back as "Error running
    script ... -OOM" on Redis 6; Redis 7 refuses the EVALSHA itself)."""
    return isinstance(exc, (redis.exceptions.OutOfMemoryError, redis.ReadOnlyError)) or (
        isinstance(exc, redis.ResponseError) and "OOM command not allowed" in str(exc))


def refused_write(exc: redis.ResponseError):
    if not is_full(exc):
        raise exc
    log.warning("redis refused a write during %s %s: %s", request.method, request.path, exc)
    full = "OOM" in str(exc) or isinstance(exc, redis.exceptions.OutOfMemoryError)
    message = (f"the server's store is {'full' if full else 'read-only'} and takes no "
               f"changes; try again later")
    return reply("unavailable", message, 503, retry_after=RETRY_FULL)


def late_error(app, exc: Exception):
    """The answer to a Redis error raised after the view, while the session is stored:
    the handler registered for it, as for one raised in the view; None for any other
    error. The session it could not store is not tried again while that answer goes out."""
    if not (is_full(exc) or isinstance(exc, UNREACHABLE)):
        return None
    handler = app._find_error_handler(exc, request.blueprints)
    if handler is None:
        return None
    if hasattr(app.session_interface, "forget"):
        app.session_interface.forget(request_ctx.session)
    return app.finalize_request(app.ensure_sync(handler)(exc), from_error_handler=True)


class SessionsWithoutRedis:
    """Wraps the session interface: a session that cannot be read because Redis is
    down is answered by ``unreachable``, not as a 500 from outside every handler."""

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
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(redis.ResponseError, refused_write)
    for exc_class in UNREACHABLE:
        app.register_error_handler(exc_class, unreachable)
    app.session_interface = SessionsWithoutRedis(app.session_interface)
    app.before_request_funcs.setdefault(None, []).insert(0, _raise_session_error)
