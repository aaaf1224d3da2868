"""Turning a handler's result or failure into the protocol's ack shape."""
from __future__ import annotations

import functools
import logging

import redis
from flask import request
from pydantic import ValidationError

from ..extensions import quizroom
from ..game.errors import GameError
from ..schemas import describe

log = logging.getLogger(__name__)


def error(code: str, message: str, **details) -> dict:
    return {"ok": False, "error": {"code": code, "message": message, **details}}


def acked(schema=None):
    """Validate the single payload against ``schema``, run the handler, always ack.

    No exception escapes to the Socket.IO server: every failure is an ack the
    client can show, and unexpected ones are logged once with their traceback.
    """
    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(*args):
            try:
                # every event spends from the connection's budget, unknown ones too
                quizroom().limits.connection(request.sid, "event")
                if schema is None:
                    return {"ok": True, **(handler() or {})}
                if len(args) > 1:
                    return error("bad_request", "send one payload object per event")
                payload = args[0] if args else None
                if not isinstance(payload, dict):
                    return error("bad_request", "payload: must be an object", field="payload")
                result = handler(schema.model_validate(payload))
                return {"ok": True, **(result or {})}
            except ValidationError as exc:
                field, message = describe(exc)
                return error("bad_request", f"{field}: {message}", field=field)
            except GameError as exc:
                return {"ok": False, "error": exc.to_dict()}
            except (redis.ConnectionError, redis.TimeoutError) as exc:
                log.warning("redis unavailable during %s: %s", handler.__name__, exc)
                return error("unavailable", "the game store is unavailable; try again shortly")
            except Exception:  # noqa: BLE001 - the client still deserves an answer
                log.exception("unexpected error in %s", handler.__name__)
                return error("internal", "something went wrong on the server")
        return wrapper
    return decorate
