"""A quiz bundle: a .zip holding quiz.json and images/<hash>.<ext> for each picture
it names, so a quiz with pictures moves between servers in one file."""
from __future__ import annotations

import io
import re
import zipfile

from . import BadImport, Draft
from .packjson import image_paths, read_json, write_json
from .zipsafe import open_zip, read_member

QUIZ = "quiz.json"
IMAGE_NAME = re.compile(r"^images/([0-9a-f]{64})\.(webp|png|jpe?g|gif)$")
MAX_QUIZ_JSON = 2 * 1024 * 1024
MAX_IMAGE = 10 * 1024 * 1024


def read_bundle(data: bytes, default_title: str) -> Draft:
    archive = open_zip(data, "quiz bundle (.zip)")
    names = {info.filename for info in archive.infolist() if not info.is_dir()}
    if QUIZ not in names:
        raise BadImport([f"the bundle has no {QUIZ} at its top level"])
    draft = read_json(read_member(archive, QUIZ, MAX_QUIZ_JSON), default_title)
    images = {}
    for name in names:
        found = IMAGE_NAME.match(name)
        if found:
            images[found.group(1)] = name
    errors = []
    for path, digest in image_paths(draft.questions):
        if digest not in images:
            errors.append(f"{path}: the bundle has no images/{digest}.webp")
        elif digest not in draft.images:
            draft.images[digest] = read_member(archive, images[digest], MAX_IMAGE)
    if errors:
        raise BadImport(errors)
    return draft


def write_bundle(quiz: dict, image_bytes) -> bytes:
    """``image_bytes(hash)`` gives a stored image's bytes, or None when it is gone."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(QUIZ, write_json(quiz))
        for _path, digest in image_paths(quiz.get("questions") or []):
            name = f"images/{digest}.webp"
            data = image_bytes(digest)
            if data is not None and name not in archive.namelist():
                archive.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    return out.getvalue()
