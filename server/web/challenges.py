"""Self-paced challenges over HTTP (docs/protocol.md, "Self-paced challenges") and
their pages: the host's progress page and the player's page.

A player's token travels as ``Authorization: Bearer``; the join also keeps it in
the browser's session, so the review pages find it like a room's seat. The host's
token is kept in the session of the browser that created the challenge.
"""
from __future__ import annotations

import json

from flask import (Blueprint, Response, current_app, jsonify, render_template, request, session,
                   url_for)

from .. import schemas
from ..extensions import quizroom
from ..game import selfpaced
from ..game.errors import GameError
from ..game.pack import PackError, parse_quiz, parse_settings
from ..service.addresses import address_key
from .api import api_error, client_ip, http_status, parse_body, remember
from .auth import current_host_name, host_required, same_origin
from .library_api import library
from .links import base_url
from .pages import error_page, qr_svg, results_csv

bp = Blueprint("challenges", __name__)
STATUS = {"nickname_taken": 409, "already_answered": 409, "too_late": 409, "stale": 409,
          "still_open": 409, "not_accepting": 409, "finished": 409, "closed": 410,
          "not_finished": 403, "challenge_full": 409, "bad_nickname": 400,
          "challenge_locked": 409, "banned": 403, "kicked": 403, "not_revealed": 403,
          "cross_site": 403}


def challenges():
    return quizroom().challenges


@bp.errorhandler(GameError)
def _error(exc: GameError):
    status = STATUS.get(exc.code) or http_status(exc.code)
    if request.path.startswith("/api/"):
        return api_error(status, exc.code, exc.message, **exc.details)
    return error_page(exc.code, exc.message, status)


def _code(code: str) -> str:
    """A malformed code is just another miss."""
    return code if len(code) == 8 and code.isalnum() and code.islower() else "-"


def _player_token() -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else None


def _host(code: str, changes: bool = False) -> None:
    """The host of a challenge: a Bearer token, or the creating browser's session (for
    a change, from one of this server's own pages: a cookie rides on any site's form)."""
    token = _player_token()
    if not token:
        token = session.get("challenge_hosts", {}).get(code)
        if changes and token and not same_origin():
            raise GameError("cross_site", "change a challenge from this server's own pages")
    if not token:
        raise GameError("forbidden", "this browser is not the host of that challenge")
    challenges().check_host(_code(code), token)


def _door(code: str) -> str:
    """A lookup by code alone: through the address's code lockout."""
    challenges().host.door(client_ip(), _code(code))
    return _code(code)


def _links(code: str) -> dict:
    base = base_url()
    return {"link": f"{base}/c/{code}", "host_url": f"{base}/challenge/{code}"}


# -- the host's side
@bp.post("/api/challenges")
@host_required
def create():
    body = parse_body(schemas.CreateChallenge,
                      "send a JSON object with one of quiz_id, library_id or quiz")
    if sum(x is not None for x in (body.quiz_id, body.library_id, body.quiz)) != 1:
        return api_error(400, "bad_request", "give exactly one of quiz_id, library_id or quiz")
    quizroom().limits.address(client_ip(), "create_room")
    host = current_host_name()
    league = quizroom().leagues.check_for_room(host, body.league)
    closes = selfpaced.closing_time(body.closes, body.days, challenges().now())
    reveal = selfpaced.reveal_mode(body.reveal, league is not None, body.closes is not None)
    errors = selfpaced.live_only(body.settings)
    settings = quiz = None
    try:
        settings = parse_settings({k: v for k, v in (body.settings or {}).items()
                                   if k not in selfpaced.LIVE_ONLY} or None,
                                  current_app.config["QUIZROOM_MAX_PLAYERS"], challenges().now())
    except PackError as exc:
        errors += exc.errors
    try:
        if body.quiz_id is not None:
            quiz = quizroom().packs.get(body.quiz_id)
        elif body.library_id is not None:
            quiz = library().playable(host, body.library_id)
        else:
            quiz = parse_quiz(body.quiz)
    except PackError as exc:
        errors += exc.errors
    if errors:
        return api_error(400, "invalid_quiz", errors[0], errors=errors)
    quizroom().media.check_quiz(quiz)
    base_url()  # a bad Host is refused before anything is created
    made = challenges().create(quiz, settings, closes, host, league, address_key(client_ip()),
                               reveal)
    challenges().host.made(client_ip(), made["code"])
    remember("challenge_hosts", made["code"], made["host_token"])
    return jsonify({**made, **_links(made["code"])}), 201


@bp.get("/api/challenges/<code>/progress")
def progress(code: str):
    _host(code)
    return jsonify(challenges().host.progress(_code(code)))


@bp.post("/api/challenges/<code>/kick")
def kick(code: str):
    _host(code, changes=True)
    body = parse_body(schemas.ChallengeKick, "send {player_id} of the player to take out")
    return jsonify(challenges().host.kick(_code(code), body.player_id, body.ban))


@bp.post("/api/challenges/<code>/lock")
def lock(code: str):
    _host(code, changes=True)
    body = parse_body(schemas.ChallengeLock, "send {locked: true} or {locked: false}")
    return jsonify(challenges().host.lock(_code(code), body.locked))


@bp.post("/api/challenges/<code>/close")
def close(code: str):
    _host(code, changes=True)
    return jsonify(challenges().host.close(_code(code)))


@bp.get("/challenge/<code>/results.<any(csv, json):fmt>")
def results(code: str, fmt: str):
    _host(code)
    report = challenges().results(_code(code))
    if fmt == "json":
        return Response(json.dumps(report, ensure_ascii=False, indent=2),
                        mimetype="application/json")
    quiz = challenges().quiz(_code(code))
    response = Response(results_csv(report, quiz), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="quizroom-challenge-{code}-results.csv"')
    return response


@bp.get("/challenge/<code>")
def host_page(code: str):
    about = challenges().about(_door(code))
    try:
        _host(code)
        needs_token = False
    except GameError:  # another browser: it may paste the host token
        needs_token = True
    token = None if needs_token else (_player_token() or
                                      session.get("challenge_hosts", {}).get(code))
    return render_template("challenge_host.html", title=about["title"], needs_token=needs_token,
                           host_token=token,
                           data={"code": code, **_links(code), "closes": about["closes"],
                                 "needsToken": needs_token,
                                 "keep": url_for(".keep_host", code=code),
                                 "progress": url_for(".progress", code=code),
                                 "api": f"/api/challenges/{code}"})


@bp.post("/api/challenges/<code>/host")
def keep_host(code: str):
    """Keep a challenge's host token (pasted on another machine) in this browser's session."""
    token = parse_body(schemas.KeepHost, "send the host_token of this challenge").host_token
    quizroom().limits.address(client_ip(), "seat")
    challenges().check_host(_code(code), token)
    remember("challenge_hosts", code, token)
    return jsonify({"code": code})


@bp.get("/qr/c/<code>.svg")
def qr_code(code: str):
    challenges().about(_door(code))
    return qr_svg(_links(code)["link"])


# -- the player's side
@bp.get("/c/<code>")
def player_page(code: str):
    about = challenges().about(_door(code))
    return render_template("challenge.html", title=about["title"],
                           data={"code": code, "api": f"/api/challenges/{code}",
                                 "review": url_for("review.challenge_review_page", code=code)})


@bp.get("/api/challenges/<code>")
def about(code: str):
    return jsonify(challenges().about(_door(code)))


@bp.post("/api/challenges/<code>/join")
def join(code: str):
    body = parse_body(schemas.ChallengeJoin, "send a JSON object with your nickname")
    quizroom().limits.address(client_ip(), "join")
    joined = challenges().join(_door(code), body.nickname, body.league_token)
    remember("challenges", code, joined["player_token"])
    return jsonify(joined), 201


@bp.get("/api/challenges/<code>/me")
def me(code: str):
    return jsonify(challenges().view(_code(code), _player_token()))


@bp.post("/api/challenges/<code>/open")
def open_question(code: str):
    body = parse_body(schemas.ChallengeOpen, "send a JSON object with the index to open")
    return jsonify(challenges().open(_code(code), _player_token(), body.index))


@bp.post("/api/challenges/<code>/answer")
def answer(code: str):
    body = parse_body(schemas.ChallengeAnswer, "send a JSON object with index and answer")
    return jsonify(challenges().answer(_code(code), _player_token(), body.index, body.answer))


@bp.get("/api/challenges/<code>/board")
def board(code: str):
    return jsonify(challenges().finished_board(_code(code), _player_token()))
