"""The application factory."""
from __future__ import annotations

import gc
import logging
import os

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from . import config as config_module
from .extensions import QuizRoom, server_session, socketio
from .service.game import GameService
from .service.limits import Limits
from .service.quizzes import PackLibrary
from .service.ticker import Ticker
# imported before any init_app: handlers declared before the server exists are
# kept by Flask-SocketIO and registered again on every app the factory makes
from .sockets import events  # noqa: F401
from .sockets import frames, inbound, wire
from .web import links, security, socket_requests
from .sockets.channels import make_publisher
from .store.client import make_client
from .store.keys import Keys
from .store.media import MediaStore, make_bytes_client
from .service.media import MediaService
from .store.rooms import RoomStore


def create_app(overrides: dict | None = None) -> Flask:
    app = QuizRoomFlask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("QUIZROOM_INSTANCE_PATH") or None,
                template_folder=str(config_module.ROOT / "templates"),
                static_folder=str(config_module.ROOT / "static"))
    app.config.update(config_module.from_env(app.instance_path))
    app.config.update(overrides or {})
    if app.config["QUIZROOM_GC_THRESHOLD"]:
        # a broadcast to a thousand sockets keeps thousands of packets alive for a few
        # milliseconds; at Python's default threshold the collector runs in the middle
        # of it, promotes them all, and then rescans the whole heap again and again
        # (40% of a game's CPU at 1000 players, see docs/benchmarks.md)
        gc.set_threshold(*app.config["QUIZROOM_GC_THRESHOLD"])
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if not app.config["REDIS_URL"]:
        from .embedded_redis import EmbeddedRedis
        embedded = EmbeddedRedis(app.instance_path)
        app.config["REDIS_URL"] = embedded.ensure_running()
        # the one that started redis-server is its parent: `quizroom serve` stops it
        # through this object, which can reap the process rather than poll for it
        app.extensions["embedded_redis"] = embedded
    url, prefix = app.config["REDIS_URL"], app.config["QUIZROOM_KEY_PREFIX"]

    keys = Keys(prefix)
    pool_size = app.config["QUIZROOM_REDIS_MAX_CONNECTIONS"]
    app.config.update(SESSION_TYPE="redis", SESSION_KEY_PREFIX=keys.session_prefix,
                      SESSION_REDIS=make_client_bytes(url, pool_size), SESSION_PERMANENT=True,
                      PERMANENT_SESSION_LIFETIME=app.config["QUIZROOM_ROOM_TTL"],
                      SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_HTTPONLY=True)
    security.init_app(app)
    links.init_app(app)
    server_session.init_app(app)

    queue = app.config["QUIZROOM_MESSAGE_QUEUE"]
    queue_options = {"message_queue": queue} if queue and queue != "redis" else {}
    if queue == "redis":
        import socketio as python_socketio
        # redis-py's default pool raises past 100 connections; python-socketio then
        # reconnects and drops what is published meanwhile. Publishes come one per
        # greenlet, so the cap must sit above any burst (a thousand joins at once).
        queue_options["client_manager"] = python_socketio.RedisManager(
            url, channel=f"{prefix}socketio", redis_options={"max_connections": 5000})
    origins = [o.strip() for o in app.config["QUIZROOM_CORS_ORIGINS"].split(",") if o.strip()]
    socketio.init_app(
        # sessions stay out of the socket path: with manage_session=False every event
        # would read (and save) the browser's session in Redis, answers included;
        # web/socket_requests.py keeps Flask from opening it again for each event
        app, async_mode=app.config["QUIZROOM_ASYNC_MODE"], manage_session=True,
        channel=f"{prefix}socketio", **queue_options,
        cors_allowed_origins=origins or None,  # None: same origin only
        max_http_buffer_size=app.config["QUIZROOM_MAX_MESSAGE_BYTES"], json=wire)
    wire.guard_malformed_packets(socketio.server)
    wire.guard_malformed_payloads()
    frames.cap_gevent_websocket_frames(app.config["QUIZROOM_MAX_MESSAGE_BYTES"])
    if app.config["QUIZROOM_ASYNC_MODE"] == "eventlet":
        frames.cap_eventlet_websocket_messages(app.config["QUIZROOM_MAX_MESSAGE_BYTES"])
    socket_requests.init_app(app, socketio.sockio_mw.engineio_path)

    store = RoomStore(make_client(url, pool_size), keys,
                      app.config["QUIZROOM_ROOM_TTL"])
    service = GameService(store, make_publisher(socketio),
                          disconnect=lambda sid: socketio.server.disconnect(sid),
                          make_event=socketio.server.eio.create_event,
                          spawn=socketio.start_background_task,
                          max_quiz_bytes=app.config["QUIZROOM_MAX_QUIZ_BYTES"],
                          max_rooms=app.config["QUIZROOM_MAX_ROOMS"],
                          max_rooms_per_address=app.config["QUIZROOM_MAX_ROOMS_PER_ADDRESS"],
                          quiz_cache_bytes=app.config["QUIZROOM_QUIZ_CACHE_BYTES"])
    if "QUIZROOM_CLOCK" in app.config:
        service.now = app.config["QUIZROOM_CLOCK"]
    ticker = Ticker(socketio, service, app.config["QUIZROOM_TICK_SECONDS"])
    app.extensions["quizroom"] = QuizRoom(store, service,
                                          PackLibrary(app.config["QUIZROOM_SEEDS_DIR"]), ticker,
                                          Limits(store, lambda: service.now()))
    app.extensions["quizroom"].media = MediaService(MediaStore(make_bytes_client(url), keys),
                                                    lambda: service.now())
    inbound.InboundGate(socketio.server, app.extensions["quizroom"].connections,
                        process_rate=app.config["QUIZROOM_INBOUND_PER_SECOND"],
                        per_address=app.config["QUIZROOM_MAX_CONNECTIONS_PER_ADDRESS"],
                        attach_timeout=app.config["QUIZROOM_ATTACH_TIMEOUT"]).install()

    _init_library(app, store.r, keys, service)
    _init_leagues(app, store.r, keys, service)
    _init_challenges(app, store.r, keys, service)
    from .web.api import bp as api_bp
    app.register_blueprint(api_bp)
    from .web.pages import bp as pages_bp
    app.register_blueprint(pages_bp)
    from .web.editor_pages import bp as editor_bp
    app.register_blueprint(editor_bp)
    from .web.media import bp as media_bp
    app.register_blueprint(media_bp)
    from .web.review import bp as review_bp
    app.register_blueprint(review_bp)


    if app.config["QUIZROOM_PROXIES"]:
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = app.config["QUIZROOM_PROXIES"]
        # no x_host: the proxy passes the Host it was asked for (deploy/nginx.conf), and
        # X-Forwarded-Host is a header any client can add, so links would follow it
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)

    from .web import errors  # after the session interface: it wraps it
    errors.init_app(app)

    @app.before_request
    def _start_ticker():
        ticker.ensure_started()

    if app.config.get("QUIZROOM_STARTUP_CHECKS", not app.testing):
        _startup_checks(app, store.r, prefix)
    return app


def _startup_checks(app: Flask, client, prefix: str) -> None:
    """A server made here by gunicorn (the Procfile) or `flask run` hears what
    `quizroom serve` prints: a Redis that could lose the library, and no account."""
    from .startup import startup_warnings
    for warning in startup_warnings(client, prefix, host=None):
        app.logger.warning(warning)


def _init_library(app: Flask, client, keys: Keys, game) -> None:
    """Host accounts and the quiz library, each with its own store and service."""
    from .service.accounts import Accounts
    from .service.library import LibraryService
    from .store.accounts import AccountStore
    from .store.library import LibraryStore
    from .web import auth, library_api
    auth.init_app(app, Accounts(AccountStore(client, keys), lambda: game.now()))
    app.extensions["quizroom_library"] = LibraryService(
        LibraryStore(client, keys, app.config["QUIZROOM_TRASH_TTL"]),
        app.extensions["quizroom"].packs, lambda: game.now(),
        app.config["QUIZROOM_MAX_QUIZ_BYTES"], app.config["QUIZROOM_LIBRARY_MAX_QUIZZES"])
    app.register_blueprint(library_api.bp)
    from .web import import_export
    app.register_blueprint(import_export.bp)
    app.register_blueprint(import_export.public)


def _init_leagues(app: Flask, client, keys: Keys, game) -> None:
    from .service.leagues import LeagueService
    from .store.leagues import LeagueStore
    from .web import leagues
    service = LeagueService(LeagueStore(client, keys, app.config["QUIZROOM_ROOM_TTL"]), game,
                            lambda: game.now())
    app.extensions["quizroom"].leagues = service
    game.on_finished = service.game_finished
    app.register_blueprint(leagues.bp)
    app.register_blueprint(leagues.public)


def _init_challenges(app: Flask, client, keys: Keys, game) -> None:
    """Self-paced challenges: their own store and service; any ticker counts a closed
    one toward its league."""
    from .service.challenges import ChallengeService
    from .store.challenges import ChallengeStore
    from .web import challenges
    ext = app.extensions["quizroom"]
    keep_ms = app.config["QUIZROOM_CHALLENGE_KEEP_DAYS"] * 86_400_000
    ext.challenges = ChallengeService(
        ChallengeStore(client, keys, keep_ms), lambda: game.now(), ext.leagues,
        app.config["QUIZROOM_MAX_QUIZ_BYTES"], app.config["QUIZROOM_MAX_CHALLENGES"],
        app.config["QUIZROOM_MAX_CHALLENGES_PER_ADDRESS"])
    ext.ticker.also.append(ext.challenges.tick)
    app.register_blueprint(challenges.bp)


class SafeJSONProvider(DefaultJSONProvider):
    """A request body nested thousands deep is a 400 like any malformed JSON, not a 500."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc


class QuizRoomFlask(Flask):
    json_provider_class = SafeJSONProvider

    def handle_exception(self, e: Exception):
        from .web.errors import late_error
        answer = late_error(self, e)
        return super().handle_exception(e) if answer is None else answer


def make_client_bytes(url: str, max_connections: int):
    """Flask-Session stores binary (msgpack) values, so its client must not decode."""
    return make_client(url, max_connections, decode=False)
