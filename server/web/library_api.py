"""The quiz library over HTTP (docs/protocol.md, "The quiz library")."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from .. import schemas
from ..extensions import quizroom
from ..game.errors import GameError
from ..store.library import Conflict
from .api import api_error, client_ip, http_status, open_room, parse_body
from .auth import current_host_name, host_required, same_origin

bp = Blueprint("library", __name__)
STATUS = {"conflict": 409, "read_only": 403, "id_taken": 409}


def library():
    return current_app.extensions["quizroom_library"]


@bp.before_request
@host_required
def _signed_in_and_same_origin():
    # every endpoint needs a host once accounts exist; a change must come from our pages
    if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin():
        return api_error(403, "cross_site", "change the library from this server's own pages")
    return None


@bp.errorhandler(GameError)
def game_error(exc: GameError):
    reply = api_error(STATUS.get(exc.code) or http_status(exc.code), exc.code, exc.message,
                      **exc.details)
    if exc.code == "rate_limited":
        reply[0].headers["Retry-After"] = str(exc.details["retry_after"])
    return reply


@bp.errorhandler(Conflict)
def conflict(exc: Conflict):
    return api_error(409, "conflict", "this quiz was saved elsewhere since you opened it; "
                     "reload it to see the newer version", current=exc.current)


@bp.get("/api/library")
def list_library():
    deleted = request.args.get("deleted", "") in ("1", "true")
    return jsonify(library().list(current_host_name(), request.args.get("q", "")[:200],
                                  request.args.get("tag", "")[:40], trashed=deleted))


@bp.post("/api/library")
def create():
    body = parse_body(schemas.LibraryCreate, "send a JSON object: a draft or {duplicate: id}")
    quizroom().limits.address(client_ip(), "library_new")
    if body.duplicate is not None:
        if body.model_fields_set - {"duplicate"}:
            raise GameError("bad_request", "duplicate: give the id alone", field="duplicate")
        return jsonify(library().duplicate(current_host_name(), body.duplicate)), 201
    return jsonify(library().create(current_host_name(), body.model_dump(
        exclude={"duplicate"}))), 201


@bp.get("/api/library/<quiz_id>")
def read(quiz_id: str):
    return jsonify(library().get(current_host_name(), quiz_id))


@bp.put("/api/library/<quiz_id>")
def save(quiz_id: str):
    body = parse_body(schemas.LibrarySave, "send the quiz as a JSON object with its version")
    draft = body.model_dump(exclude={"version"})
    return jsonify(library().save(current_host_name(), quiz_id, draft, body.version))


@bp.delete("/api/library/<quiz_id>")
def delete(quiz_id: str):
    reply = library().delete(current_host_name(), quiz_id)
    quizroom().media.tidy()  # images of quizzes the trash has let go since
    return jsonify(reply)


@bp.post("/api/library/<quiz_id>/restore")
def restore(quiz_id: str):
    return jsonify(library().restore(current_host_name(), quiz_id))


@bp.post("/api/library/<quiz_id>/play")
def play(quiz_id: str):
    body = schemas.LibraryPlay()
    if request.content_length or request.is_json:
        body = parse_body(schemas.LibraryPlay, "send {settings?, league?} as a JSON object")
    library().get(current_host_name(), quiz_id)  # 404 before any rate budget is spent
    league = quizroom().leagues.check_for_room(current_host_name(), body.league)
    return open_room(body.settings, lambda: library().playable(current_host_name(), quiz_id),
                     league)
