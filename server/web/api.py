"""JSON API: health, quiz packs, room creation and results."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, session
from pydantic import ValidationError

from .. import schemas
from ..extensions import quizroom
from ..game.errors import GameError
from ..game.pack import PackError, parse_quiz, parse_settings
from ..service.addresses import address_key
from ..store.rooms import ERROR_MESSAGES
from .auth import current_host_name, host_required
from .links import base_url

bp = Blueprint("api", __name__)


def api_error(status: int, code: str, message: str, **details):
    return jsonify({"error": {"code": code, "message": message, **details}}), status


def http_status(code: str) -> int:
    """The HTTP status of a refused move, for the API and the pages alike."""
    return {"not_found": 404, "forbidden": 403, "unavailable": 503,
            "rate_limited": 429, "quiz_too_large": 413, "too_many_rooms": 429,
            "too_many_challenges": 429, "too_many_quizzes": 429}.get(code, 400)


@bp.errorhandler(GameError)
def game_error(exc: GameError):
    status = http_status(exc.code)
    reply = api_error(status, exc.code, exc.message, **exc.details)
    if exc.code == "rate_limited":
        reply[0].headers["Retry-After"] = str(exc.details["retry_after"])
    return reply


def parse_body(schema, hint: str):
    """The JSON body validated against ``schema``; a 400 naming the field otherwise."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise GameError("bad_request", hint)
    try:
        return schema.model_validate(body)
    except ValidationError as exc:
        field, message = schemas.describe(exc)
        raise GameError("bad_request", f"{field}: {message}", field=field) from None


def well_formed(pin: str) -> str:
    """The PIN, or a key no room can have: a malformed PIN is just another miss."""
    return pin if len(pin) == 6 and pin.isdigit() else "-"


def client_ip() -> str:
    return request.remote_addr or "-"


@bp.get("/healthz")
def healthz():
    try:
        quizroom().store.ping()
    except Exception as exc:  # noqa: BLE001 - any failure to answer means unhealthy
        return jsonify({"status": "unavailable", "redis": str(exc)[:200]}), 503
    return jsonify({"status": "ok"})


@bp.get("/api/quizzes")
def list_quizzes():
    return jsonify({"quizzes": quizroom().packs.list()})


@bp.post("/api/rooms")
@host_required
def create_room():
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if (request.content_length or 0) > limit:
        return api_error(413, "too_large", f"a quiz pack may be at most {limit // 1024} kB")
    body = parse_body(schemas.CreateRoom, "send a JSON object with quiz_id or quiz")
    if (body.quiz_id is None) == (body.quiz is None):
        return api_error(400, "bad_request", "give exactly one of quiz_id or quiz")
    league = quizroom().leagues.check_for_room(current_host_name(), body.league)
    return open_room(body.settings, lambda: (quizroom().packs.get(body.quiz_id)
                                             if body.quiz_id is not None
                                             else parse_quiz(body.quiz)), league)


def open_room(settings_data, load_quiz, league: str | None = None):
    """A room for the quiz ``load_quiz()`` gives (PackError when it is not playable),
    under every room-creation limit: the one path to a new room over HTTP."""
    quizroom().limits.address(client_ip(), "create_room")
    errors, settings, quiz = [], None, None
    try:  # settings and pack are both checked, so a host sees every problem at once
        settings = parse_settings(settings_data, current_app.config["QUIZROOM_MAX_PLAYERS"],
                                  quizroom().service.now())
    except PackError as exc:
        errors += exc.errors
    try:
        quiz = load_quiz()
    except PackError as exc:
        errors += exc.errors
    if errors:
        return api_error(400, "invalid_quiz", errors[0], errors=errors)
    quizroom().media.check_quiz(quiz)  # every image it names was uploaded here
    base = base_url()  # before the room exists: a bad Host creates nothing
    pin, host_token = quizroom().service.create_room(quiz, settings, address_key(client_ip()),
                                                       league)
    quizroom().limits.reached(client_ip(), pin)  # the class often shares the host's address
    remember("hosts", pin, host_token)
    return jsonify({"pin": pin, "host_token": host_token, "join_url": f"{base}/play/{pin}",
                    "host_url": f"{base}/host/{pin}", "screen_url": f"{base}/screen/{pin}"}), 201


@bp.post("/api/rooms/<pin>/host")
def keep_host(pin: str):
    """Keep a host token (pasted on another machine) in this browser's session."""
    token = parse_body(schemas.KeepHost, "send the host_token of this room").host_token
    quizroom().limits.address(client_ip(), "seat")
    quizroom().limits.tokened(client_ip(), well_formed(pin), quizroom().service.check_host,
                              well_formed(pin), token)
    remember("hosts", pin, token)
    return jsonify({"pin": pin})


@bp.post("/api/rooms/<pin>/seat")
def keep_seat(pin: str):
    """Keep a player's token in this browser's session, so a refresh finds the seat."""
    token = parse_body(schemas.KeepSeat, "send the player_token from player:join").player_token
    quizroom().limits.address(client_ip(), "seat")

    def find_seat():
        seat = quizroom().store.seat(well_formed(pin), token)
        if seat is None:
            raise GameError("bad_token", ERROR_MESSAGES["bad_token"])
        return seat
    seat = quizroom().limits.tokened(client_ip(), well_formed(pin), find_seat)
    remember("players", pin, token)
    return jsonify({"player_id": seat["player_id"], "nickname": seat["nickname"]})


def remember(kind: str, pin: str, token: str, keep: int = 10) -> None:
    """Tokens this browser holds, newest last, a few rooms at most."""
    tokens = dict(session.get(kind, {}))
    tokens.pop(pin, None)
    tokens[pin] = token
    session[kind] = dict(list(tokens.items())[-keep:])


@bp.get("/api/rooms/<pin>/results")
def results(pin: str):
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer ") or not header[7:].strip():
        return api_error(401, "unauthorized", "send Authorization: Bearer <host_token>")
    service = quizroom().service
    # an unknown PIN answers exactly like a wrong token: 403, same body
    service.check_host(well_formed(pin), header[7:].strip())  # a token: no PIN lookup
    return jsonify(service.snapshots.results(pin))
