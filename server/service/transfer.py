"""Import a quiz file into the library, export a library quiz as a file."""
from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath

from ..game.errors import GameError
from ..importing import BadImport, Draft
from ..importing.bundle import read_bundle, write_bundle
from ..importing.csv_sheet import read_csv
from ..importing.packjson import read_json, write_json
from ..importing.xlsx import read_xlsx, write_xlsx
from ..importing.zipsafe import open_zip

EXPORTS = {
    "json": ("application/json", "json"),
    "zip": ("application/zip", "zip"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
TEMPLATE = {"title": "My quiz", "description": "One question per row", "tags": ["example"],
            "questions": [
                {"type": "single", "text": "Which planet is the largest?",
                 "choices": ["Mars", "Jupiter", "Venus", "Mercury"], "answer": 1,
                 "time_limit": 20, "tags": ["planets"]},
                {"type": "multi", "text": "Which are prime numbers?",
                 "choices": ["2", "4", "7", "9"], "answer": [0, 2], "partial": True},
                {"type": "truefalse", "text": "Water boils at 100 °C at sea level.",
                 "answer": 0},
                {"type": "text", "text": "The chemical symbol for gold?",
                 "answer": ["Au"], "explanation": "From the Latin aurum."},
                {"type": "slider", "text": "In which year did the Berlin wall fall?",
                 "min": 1950, "max": 2000, "answer": 1989, "tolerance": 1},
                {"type": "order", "text": "Smallest to largest",
                 "choices": ["Atom", "Cell", "Mouse", "Whale"]},
                {"type": "poll", "text": "Which did you like best?",
                 "choices": ["Space", "Maths", "History"], "points": "none"},
                {"type": "wordcloud", "text": "One word for today?", "points": "none"},
                {"type": "info", "text": "Halfway there!", "points": "none"}]}


def kind_of(filename: str, data: bytes) -> str:
    """What the bytes are, by their content; the file name only tells CSV from noise."""
    if data[:4] == b"PK\x03\x04":
        names = set(open_zip(data, "zip archive").namelist())
        return "xlsx" if "xl/workbook.xml" in names else "zip"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return "json"
    if PurePosixPath(filename.lower()).suffix in (".csv", ".txt", ".tsv", ""):
        return "csv"
    raise BadImport([f"{filename!r} is not a quiz file this server reads: send a .json pack, "
                     f"a .zip bundle, a .csv or an .xlsx sheet"])


def title_from(filename: str) -> str:
    stem = PurePosixPath(filename.replace("\\", "/")).stem
    return re.sub(r"[_\s]+", " ", stem).strip()[:120] or "Imported quiz"


class Transfer:
    def __init__(self, library, media):
        self.library = library
        self.media = media

    def import_file(self, owner, filename: str, data: bytes) -> dict:
        """The quiz saved in the library; BadImport listing every problem otherwise."""
        missing = self.media.store.missing
        kind, title = kind_of(filename, data), title_from(filename)
        if kind == "xlsx":
            draft = read_xlsx(data, title, missing)
        elif kind == "zip":
            draft = self._with_images(read_bundle(data, title))
        elif kind == "json":
            draft = read_json(data, title, missing)
        else:
            draft = read_csv(data, title, missing)
        return self.library.create(owner, draft.fields())

    def _with_images(self, draft: Draft) -> Draft:
        """Every bundled image cleaned and stored like an upload; the quiz then names
        each by its hash here. Bytes already stored under their own hash are kept."""
        renamed, errors = {}, []
        for digest, data in draft.images.items():
            if hashlib.sha256(data).hexdigest() == digest and not self.media.store.missing({digest}):
                renamed[digest] = digest
                continue
            try:
                renamed[digest] = self.media.upload(data)["hash"]
            except GameError as exc:
                errors.append(f"images/{digest}: {exc.message}")
        if errors:
            raise BadImport(errors)
        for q in draft.questions:
            if q.get("image"):
                q["image"] = renamed[q["image"]]
            for c in q.get("choices") or []:
                if isinstance(c, dict):
                    c["image"] = renamed[c["image"]]
        return draft

    def export(self, owner, quiz_id: str, fmt: str) -> tuple[bytes, str, str]:
        """(file bytes, Content-Type, file name)."""
        if fmt not in EXPORTS:
            raise GameError("bad_request", f"format: one of {', '.join(EXPORTS)}",
                            field="format")
        quiz = self.library.get(owner, quiz_id)
        if fmt == "json":
            data = write_json(quiz)
        elif fmt == "zip":
            data = write_bundle(quiz, self._image_bytes)
        else:
            data = write_xlsx(quiz)
        content_type, ext = EXPORTS[fmt]
        slug = re.sub(r"[^a-z0-9]+", "-", quiz.get("title", "").lower()).strip("-")[:60]
        return data, content_type, f"{slug or quiz_id}.{ext}"

    def _image_bytes(self, digest: str):
        found = self.media.store.get(digest)
        return found[0] if found else None


def template() -> bytes:
    return write_xlsx(TEMPLATE)
