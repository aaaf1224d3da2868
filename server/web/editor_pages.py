"""The quiz library pages: the list of a host's quizzes and the question editor.

Both pages are shells; they read and save quizzes through the library API
(/api/library...), so what the editor does a script can do too.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, current_app, render_template, url_for

from .auth import current_host_name, host_required

bp = Blueprint("editor", __name__)

# library ids are server-made and url-safe; built-in pack ids follow the pack id rule
QUIZ_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@bp.get("/quizzes")
@host_required
def quiz_list():
    return render_template("quizzes.html", data={
        "host": current_host_name(),
        "trashKept": kept_for(current_app.config["QUIZROOM_TRASH_TTL"])})


@bp.get("/quizzes/<quiz_id>/edit")
@host_required
def quiz_edit(quiz_id: str):
    if not QUIZ_ID.match(quiz_id):
        abort(404)
    data = {"id": quiz_id, "host": current_host_name(), "listUrl": url_for(".quiz_list")}
    return render_template("quiz_edit.html", data=data)


def kept_for(seconds: int) -> str:
    """How long the trash keeps a quiz (QUIZROOM_TRASH_TTL), in words: "30 days"."""
    for name, size in (("day", 86400), ("hour", 3600), ("minute", 60), ("second", 1)):
        if seconds % size == 0 or seconds >= 2 * size:
            n = round(seconds / size)
            return f"{n} {name}{'' if n == 1 else 's'}"
    return f"{seconds} seconds"
