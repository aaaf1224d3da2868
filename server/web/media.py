"""Image upload (POST /api/media) and serving (GET /media/<hash>)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from ..extensions import quizroom
from ..game.errors import GameError
from ..service.images import MAX_BYTES
from .api import api_error, client_ip, http_status
from .auth import current_host_name, host_required, same_origin

bp = Blueprint("media", __name__)
# multipart framing around the file: boundaries, headers, a field name
FORM_OVERHEAD = 64 * 1024
# a hash names one set of bytes forever, so any cache may keep it for a year
IMMUTABLE = "public, max-age=31536000, immutable"


@bp.record_once
def _quota(state) -> None:
    """The owners' quota and how long an unused image is kept (as long as the trash)."""
    media = state.app.extensions["quizroom"].media
    media.quota = state.app.config["QUIZROOM_MEDIA_MAX_BYTES_PER_OWNER"]
    media.keep_ms = state.app.config["QUIZROOM_TRASH_TTL"] * 1000


@bp.errorhandler(GameError)
def media_error(exc: GameError):
    status = 413 if exc.code in ("image_too_large", "file_too_large", "media_quota") \
        else http_status(exc.code)
    reply = api_error(status, exc.code, exc.message, **exc.details)
    if "retry_after" in exc.details:  # rate_limited, and unavailable (decoders busy)
        reply[0].headers["Retry-After"] = str(exc.details["retry_after"])
    return reply


def uploaded_file(limit: int, what: str, code: str) -> bytes:
    """The bytes of the multipart field ``file``, at most ``limit`` of them."""
    if (request.content_length or 0) > limit + FORM_OVERHEAD:
        raise GameError(code, f"{what} may be at most {limit // (1024 * 1024)} MB")
    request.max_content_length = limit + FORM_OVERHEAD
    upload = request.files.get("file")
    if upload is None:
        raise GameError("bad_request", "send the file as multipart/form-data field 'file'",
                        field="file")
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise GameError(code, f"{what} may be at most {limit // (1024 * 1024)} MB")
    return data


@bp.post("/api/media")
@host_required
def upload():
    if not same_origin():
        return api_error(403, "cross_site", "upload images from this server's own pages")
    quizroom().limits.address(client_ip(), "media")
    data = uploaded_file(MAX_BYTES, "an image", "image_too_large")
    return jsonify(quizroom().media.upload(data, current_host_name())), 201


@bp.get("/media/<digest>")
def serve(digest: str):
    data, content_type = quizroom().media.get(digest)
    response = Response(data, mimetype=content_type)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    # opened on its own, the image is still a document of ours: no script may run in it
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Content-Disposition"] = "inline"
    response.set_etag(digest)
    return response.make_conditional(request)
