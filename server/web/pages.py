"""The three web pages (host console, player phone, projector), the join QR code and
the host's results downloads. Game traffic itself goes over Socket.IO."""
from __future__ import annotations

import csv
import io
import json

import segno
from flask import Blueprint, Response, abort, render_template, request, session, url_for

from ..extensions import quizroom
from ..game import types
from ..game.errors import GameError
from .api import client_ip, http_status
from .auth import host_required
from .links import base_url

bp = Blueprint("pages", __name__)

# cells a spreadsheet would run as a formula; nicknames are chosen by strangers
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _pin_or_404(pin: str) -> str:
    if not (len(pin) == 6 and pin.isdigit()):
        abort(404)
    return pin


def _room_or_404(pin: str) -> str:
    """The page of a room that exists, else the error page naming the PIN. Each unknown
    PIN counts against the address like one tried on a socket: no new guessing oracle."""
    _pin_or_404(pin)
    quizroom().limits.pin_only(client_ip(), pin)
    return pin


# what an error page says, by error code: (heading, advice)
ERROR_PAGES = {
    "not_found": ("No room with PIN {pin}",
                  "Check the PIN on the big screen. The game may have ended: rooms close "
                  "some hours after their last game."),
    "rate_limited": ("Too many tries", "{message}"),
    "forbidden": ("Not allowed", "{message}"),
    "unavailable": ("Try again in a moment", "{message}"),
}


def error_page(code: str, message: str, status: int, pin: str | None = None):
    heading, advice = ERROR_PAGES.get(code, ("Something went wrong", "{message}"))
    if pin is None and code == "not_found":
        heading, advice = "No such room", "{message}"
    text = advice.format(message=message[:1].upper() + message[1:], pin=pin)
    if text and text[-1] not in ".!?":
        text += "."  # server messages are clauses; a page says sentences
    return render_template("error.html", code=code, heading=heading.format(pin=pin),
                           message=text), status


def _join_url(pin: str) -> str:
    return f"{base_url()}/play/{pin}"


@bp.errorhandler(GameError)
def game_error(exc: GameError):
    pin = (request.view_args or {}).get("pin")
    return error_page(exc.code, exc.message, http_status(exc.code), pin)


@bp.get("/")
def index():
    return render_template("index.html")


@bp.get("/host")
@host_required
def host_setup():
    return render_template("host_setup.html")


@bp.get("/host/<pin>")
def host_console(pin: str):
    _room_or_404(pin)
    # tokens reach the session over HTTP only (room creation, POST .../seat): the
    # Socket.IO path never touches sessions, so a page only reads them
    data = {"pin": pin, "hostToken": session.get("hosts", {}).get(pin),
            "joinUrl": _join_url(pin), "screenUrl": url_for(".screen", pin=pin),
            "resultsCsv": url_for(".results", pin=pin, fmt="csv"),
            "resultsJson": url_for(".results", pin=pin, fmt="json")}
    return render_template("host.html", pin=pin, data=data)


@bp.get("/play")
@bp.get("/play/<pin>")
def play(pin: str | None = None):
    if pin is not None:
        _room_or_404(pin)
    token = session.get("players", {}).get(pin) if pin else None
    return render_template("play.html", data={"pin": pin, "playerToken": token})


@bp.get("/screen/<pin>")
def screen(pin: str):
    _room_or_404(pin)
    data = {"pin": pin, "joinUrl": _join_url(pin)}
    return render_template("screen.html", pin=pin, data=data)


def qr_svg(url: str) -> Response:
    """A QR code of ``url`` that a phone reads off a projector across a room."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=2, xmldecl=False,
                                    omitsize=True, dark="#111", light="#fff")
    response = Response(out.getvalue(), mimetype="image/svg+xml")
    response.cache_control.max_age = 3600
    return response


@bp.get("/qr/<pin>.svg")
def qr_code(pin: str):
    _pin_or_404(pin)
    return qr_svg(_join_url(pin))


@bp.get("/host/<pin>/results.<any(csv, json):fmt>")
def results(pin: str, fmt: str):
    """The results API for a browser: the token comes from the session, not a header."""
    _pin_or_404(pin)
    token = session.get("hosts", {}).get(pin)
    if not token:
        return error_page("forbidden", "this browser is not the host of that room.", 403)
    service = quizroom().service
    service.check_host(pin, token)
    report = service.snapshots.results(pin)
    if fmt == "json":
        return Response(json.dumps(report, ensure_ascii=False, indent=2),
                        mimetype="application/json")
    quiz = service.room(pin)[2]
    response = Response(results_csv(report, quiz), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="quizroom-{pin}-results.csv"')
    return response


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _answer_text(question, answer) -> str:
    """Each answer as its type writes it for a reader: labels, not indexes."""
    return _cell(types.kind(question).export(question, answer))


def results_csv(report: dict, quiz) -> str:
    """One row per player: totals first, then answer, correctness, points and time per question."""
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["rank", "nickname", "score", "correct_answers"]
    for q in report["questions"]:
        n = q["index"] + 1
        header += [f"q{n}_answer", f"q{n}_correct", f"q{n}_points", f"q{n}_ms"]
    writer.writerow(header)
    for player in report["players"]:
        row = [player["rank"], _cell(player["nickname"]), player["score"],
               sum(1 for a in player["answers"] if a["correct"] is True)]
        for a in player["answers"]:
            correct = "" if a["correct"] is None else ("yes" if a["correct"] else "no")
            row += [_answer_text(quiz.questions[a["index"]], a["answer"]), correct,
                    a["points"], _cell(a["response_ms"])]
        writer.writerow(row)
    return out.getvalue()
