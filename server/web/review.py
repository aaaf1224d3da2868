"""A player's review of a game, the practice run of what they missed, and the
flashcard downloads. The seat token comes from the browser's session (kept by
POST /api/rooms/<pin>/seat) or an ``Authorization: Bearer`` header, never a player id.

A self-paced challenge has the same pages under /c/<code>/..., fed by its own
``Played`` (service/challenges.py) and its player token."""
from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request, session, url_for

from .. import schemas
from ..extensions import quizroom
from ..game.errors import GameError
from ..service import review, study_cards
from .api import api_error, client_ip, http_status, parse_body, well_formed
from .pages import error_page

bp = Blueprint("review", __name__)


# a challenge's key stays shut until it closes; a kicked player's token is refused
SHUT = {"not_revealed": 403, "kicked": 403}


@bp.errorhandler(GameError)
def game_error(exc: GameError):
    status = SHUT.get(exc.code) or http_status(exc.code)
    if request.path.startswith("/api/"):
        return api_error(status, exc.code, exc.message, **exc.details)
    return error_page(exc.code, exc.message, status, (request.view_args or {}).get("pin"))


def _played(pin: str) -> review.Played:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else \
        session.get("players", {}).get(pin)
    quizroom().limits.address(client_ip(), "seat")
    return quizroom().limits.tokened(client_ip(), well_formed(pin),
                                     review.RoomReviews(quizroom().service).load,
                                     well_formed(pin), token)


def _which() -> str:
    which = request.args.get("which", "missed")
    if which not in review.WHICH:
        raise GameError("bad_request", "which: must be missed or all", field="which")
    return which


def _page_data(pin: str) -> dict:
    return {"pin": pin, "review": url_for(".review_data", pin=pin),
            "practice": url_for(".practice_data", pin=pin),
            "grade": url_for(".practice_grade", pin=pin),
            "reviewPage": url_for(".review_page", pin=pin),
            "practicePage": url_for(".practice_page", pin=pin),
            "playPage": url_for("pages.play", pin=pin),
            "deck": url_for(".deck", pin=pin), "csv": url_for(".cards", pin=pin)}


@bp.get("/play/<pin>/review")
def review_page(pin: str):
    played = _played(pin)  # no seat here: the error page, not an empty review
    return render_template("review.html", pin=pin, title=played.title, data=_page_data(pin))


@bp.get("/play/<pin>/practice")
def practice_page(pin: str):
    played = _played(pin)
    return render_template("practice.html", pin=pin, title=played.title,
                           data={**_page_data(pin), "which": _which()})


@bp.get("/api/rooms/<pin>/review")
def review_data(pin: str):
    return jsonify({"pin": pin, **review.review_of(_played(pin))})


@bp.get("/api/rooms/<pin>/practice")
def practice_data(pin: str):
    return jsonify({"pin": pin, **review.practice_set(_played(pin), _which())})


@bp.post("/api/rooms/<pin>/practice")
def practice_grade(pin: str):
    body = parse_body(schemas.PracticeAnswer, "send a JSON object with index and answer")
    return jsonify(review.grade_one(_played(pin), body.index, body.answer))


def _download(body, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/play/<pin>/review/deck.apkg")
def deck(pin: str):
    which = _which()
    return _download(study_cards.anki_deck(_played(pin), which, quizroom().media),
                     "application/octet-stream", f"quizroom-{pin}-{which}.apkg")


@bp.get("/play/<pin>/review/cards.csv")
def cards(pin: str):
    which = _which()
    return _download(study_cards.cards_csv(_played(pin), which), "text/csv",
                     f"quizroom-{pin}-{which}.csv")


# -- the same, for a self-paced challenge ---------------------------------------------
def _challenge_played(code: str) -> review.Played:
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else \
        session.get("challenges", {}).get(code)
    if not token:
        raise GameError("forbidden", "this browser holds no player of that challenge")
    quizroom().limits.address(client_ip(), "seat")
    return quizroom().challenges.played(code if code.isalnum() else "-", token)


def _challenge_data(code: str) -> dict:
    return {"code": code, "review": url_for(".challenge_review_data", code=code),
            "practice": url_for(".challenge_practice_data", code=code),
            "grade": url_for(".challenge_practice_grade", code=code),
            "reviewPage": url_for(".challenge_review_page", code=code),
            "practicePage": url_for(".challenge_practice_page", code=code),
            "playPage": url_for("challenges.player_page", code=code),
            "deck": url_for(".challenge_deck", code=code),
            "csv": url_for(".challenge_cards", code=code)}


@bp.get("/c/<code>/review")
def challenge_review_page(code: str):
    played = _challenge_played(code)
    return render_template("review.html", pin=code, title=played.title,
                           data=_challenge_data(code))


@bp.get("/c/<code>/practice")
def challenge_practice_page(code: str):
    played = _challenge_played(code)
    return render_template("practice.html", pin=code, title=played.title,
                           data={**_challenge_data(code), "which": _which()})


@bp.get("/api/challenges/<code>/review")
def challenge_review_data(code: str):
    return jsonify({"code": code, **review.review_of(_challenge_played(code))})


@bp.get("/api/challenges/<code>/practice")
def challenge_practice_data(code: str):
    return jsonify({"code": code, **review.practice_set(_challenge_played(code), _which())})


@bp.post("/api/challenges/<code>/practice")
def challenge_practice_grade(code: str):
    body = parse_body(schemas.PracticeAnswer, "send a JSON object with index and answer")
    return jsonify(review.grade_one(_challenge_played(code), body.index, body.answer))


@bp.get("/c/<code>/review/deck.apkg")
def challenge_deck(code: str):
    which = _which()
    return _download(study_cards.anki_deck(_challenge_played(code), which, quizroom().media),
                     "application/octet-stream", f"quizroom-challenge-{code}-{which}.apkg")


@bp.get("/c/<code>/review/cards.csv")
def challenge_cards(code: str):
    which = _which()
    return _download(study_cards.cards_csv(_challenge_played(code), which), "text/csv",
                     f"quizroom-challenge-{code}-{which}.csv")
