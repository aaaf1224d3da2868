"""Season leagues over HTTP (docs/protocol.md, "Season leagues") and their pages.

``bp``: the host's side (create, list, delete, exports), behind ``host_required``
like the library. ``public``: what players and the projector open by link: the
table, the recovery page, and a room's league before joining.
"""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify, render_template, request
from openpyxl import Workbook

from .. import schemas
from ..extensions import quizroom
from ..game.errors import GameError
from ..game.modes import teams
from .api import api_error, client_ip, http_status, parse_body, well_formed
from .auth import current_host_name, host_required, same_origin
from .pages import FORMULA_START, error_page

bp = Blueprint("leagues", __name__)
public = Blueprint("league_table", __name__)
STATUS = {"nickname_taken": 409, "too_many_leagues": 409}


def leagues():
    return quizroom().leagues


def _error(exc: GameError):
    if request.path.startswith("/api/"):
        return api_error(STATUS.get(exc.code) or http_status(exc.code), exc.code, exc.message,
                         **exc.details)
    return error_page(exc.code, exc.message, STATUS.get(exc.code) or http_status(exc.code))


bp.register_error_handler(GameError, _error)
public.register_error_handler(GameError, _error)


@bp.before_request
@host_required
def _signed_in_and_same_origin():
    if request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin():
        return api_error(403, "cross_site", "change leagues from this server's own pages")
    return None


# -- the host's side
@bp.get("/leagues")
def leagues_page():
    return render_template("leagues.html", data={"host": current_host_name()})


@bp.get("/api/leagues")
def list_leagues():
    return jsonify(leagues().list(current_host_name()))


@bp.post("/api/leagues")
def create_league():
    body = parse_body(schemas.LeagueCreate, "send {name} as a JSON object")
    return jsonify(leagues().create(current_host_name(), body.name)), 201


@bp.get("/api/leagues/<league_id>")
def read_league(league_id: str):
    return jsonify(leagues().get(current_host_name(), league_id))


@bp.delete("/api/leagues/<league_id>")
def delete_league(league_id: str):
    return jsonify(leagues().delete(current_host_name(), league_id))


@bp.delete("/api/leagues/<league_id>/members/<member_id>")
def remove_member(league_id: str, member_id: str):
    return jsonify(leagues().remove_member(current_host_name(), league_id, member_id))


@bp.get("/leagues/<league_id>/table.<any(csv, xlsx):fmt>")
def export(league_id: str, fmt: str):
    league = leagues().get(current_host_name(), league_id)
    rows = export_rows(leagues().table(league_id))
    name = f"league-{league_id}"
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows([[_csv_cell(v) for v in row] for row in rows])
        response = Response(out.getvalue(), mimetype="text/csv")
    else:
        response = Response(xlsx_bytes(rows, league["name"]), mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def export_rows(table: dict) -> list[list]:
    """Header and one row per player: totals, then the points of each game in order."""
    header = ["rank", "nickname", "games", "total_points", "points_per_game", "best_streak",
              "correct", "scored", "accuracy"]
    header += [f"game{i + 1}_points" for i in range(len(table["games"]))]
    rows = [header]
    for row in table["rows"]:
        rows.append([row["rank"], row["nickname"], row["games"], row["points"],
                     row["points_per_game"], row["best_streak"], row["correct"], row["scored"],
                     "" if row["accuracy"] is None else row["accuracy"],
                     *["" if p is None else p for p in row["per_game"]]])
    return rows


def _csv_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value  # a nickname is chosen by a stranger: never a formula
    return value


def xlsx_bytes(rows: list[list], title: str) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "League"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text as typed: openpyxl would take "=..." as a formula
    sheet.cell(row=len(rows) + 2, column=1, value=title).data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- public, by link
@public.get("/leagues/<league_id>")
def table_page(league_id: str):
    table = leagues().table(league_id)
    return render_template("league.html", table=table, data={"id": league_id})


@public.get("/api/leagues/<league_id>/table")
def table(league_id: str):
    return jsonify(leagues().table(league_id))


@public.get("/leagues/<league_id>/recover")
def recover_page(league_id: str):
    table = leagues().table(league_id)
    return render_template("league_recover.html", league=table["league"],
                           data={"id": league_id})


@public.post("/api/leagues/<league_id>/recover")
def recover(league_id: str):
    code = parse_body(schemas.LeagueRecover, "send {code} as a JSON object").code
    quizroom().limits.address(client_ip(), "league_code")
    return jsonify(leagues().recover(league_id, code))


@public.get("/api/rooms/<pin>/league")
def room_league(pin: str):
    """What a phone needs before joining: the league's token to send, the teams to pick."""
    pin = well_formed(pin)
    quizroom().limits.pin_only(client_ip(), pin)
    answer = leagues().room_league(pin)
    settings = quizroom().service.quiz(pin)[1]  # cached: room_league has just loaded it
    return jsonify({**answer, "teams": teams.listing(settings.teams)})
