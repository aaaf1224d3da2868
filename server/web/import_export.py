"""Quiz files in and out of the library: POST /api/library/import, GET .../export,
and the template sheet."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from ..extensions import quizroom
from ..game.errors import GameError
from ..importing import MAX_IMPORT_BYTES, BadImport
from ..service.transfer import Transfer, template
from .api import api_error, client_ip
from .auth import current_host_name, host_required, same_origin
from .media import media_error, uploaded_file

bp = Blueprint("import_export", __name__)
public = Blueprint("import_template", __name__)


def transfer() -> Transfer:
    return Transfer(current_app.extensions["quizroom_library"], quizroom().media)


@bp.before_request
@host_required
def _signed_in_and_same_origin():
    if request.method == "POST" and not same_origin():
        return api_error(403, "cross_site", "import from this server's own pages")
    return None


bp.register_error_handler(GameError, media_error)


@bp.errorhandler(BadImport)
def bad_import(exc: BadImport):
    return api_error(400, "bad_import", exc.errors[0], errors=exc.errors)


@bp.post("/api/library/import")
def import_quiz():
    quizroom().limits.address(client_ip(), "media")
    quizroom().limits.address(client_ip(), "library_new")
    data = uploaded_file(MAX_IMPORT_BYTES, "an import file", "file_too_large")
    name = request.files["file"].filename or "quiz"
    # a bundle's images are uploads too: each spends one from the same budget
    quiz = transfer().import_file(current_host_name(), name, data,
                                  lambda: quizroom().limits.address(client_ip(), "media"))
    return jsonify({"quiz": quiz}), 201


@bp.get("/api/library/<quiz_id>/export")
def export_quiz(quiz_id: str):
    data, content_type, filename = transfer().export(
        current_host_name(), quiz_id, request.args.get("format", "json"))
    response = Response(data, mimetype=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@public.get("/api/library/template.xlsx")
def template_sheet():
    response = Response(template(), mimetype="application/vnd.openxmlformats-officedocument"
                                             ".spreadsheetml.sheet")
    response.headers["Content-Disposition"] = 'attachment; filename="quizroom-template.xlsx"'
    return response
