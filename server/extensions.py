"""Extension objects, bound to the app in ``create_app`` with ``init_app``."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_session import Session
from flask_session._utils import total_seconds
from flask_session.redis import RedisSessionInterface
from flask_socketio import SocketIO


class RedisSessions(RedisSessionInterface):
    """Flask-Session's Redis sessions, but an unchanged session is not written again on
    every request: its TTL is renewed with EXPIRE, which a Redis at maxmemory still
    runs (SET is refused there), so a signed-in host's reads keep working."""

    def forget(self, session) -> None:
        """Leave this request's session as it is stored: it could not be saved."""
        session.unsaved = True

    def save_session(self, app, session, response) -> None:
        if not getattr(session, "unsaved", False):
            super().save_session(app, session, response)

    def _upsert_session(self, session_lifetime, session, store_id) -> None:
        if session.modified:
            super()._upsert_session(session_lifetime, session, store_id)
        else:
            self.client.expire(store_id, total_seconds(session_lifetime))


class RedisSession(Session):
    def _get_interface(self, app):
        config = app.config
        return RedisSessions(app, client=config["SESSION_REDIS"],
                             key_prefix=config["SESSION_KEY_PREFIX"],
                             permanent=config["SESSION_PERMANENT"])


socketio = SocketIO()
server_session = RedisSession()


@dataclass
class Binding:
    """Who a Socket.IO connection is: set by attach/join, checked by every later event."""
    role: str                 # "host", "screen" or "player"
    pin: str
    player_id: str | None = None
    host_token: str | None = None


@dataclass
class QuizRoom:
    """Per-app objects; ``app.extensions["quizroom"]``."""
    store: object
    service: object
    packs: object
    ticker: object
    limits: object
    connections: dict[str, Binding] = field(default_factory=dict)
    media: object = None   # MediaService: uploaded images
    leagues: object = None  # LeagueService: season leagues
    challenges: object = None  # ChallengeService: self-paced challenges


def quizroom() -> QuizRoom:
    return current_app.extensions["quizroom"]
