"""Extension objects, bound to the app in ``create_app`` with ``init_app``."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app
from flask_session import Session
from flask_socketio import SocketIO

socketio = SocketIO()
server_session = Session()


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
