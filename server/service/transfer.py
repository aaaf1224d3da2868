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
from .offloop import Gate

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


# parsing holds the GIL (openpyxl is Python): two at once per worker, then 503
IMPORTS = Gate(2, 5.0, "reading other imports")


def read_file(filename: str, data: bytes, missing) -> tuple[str, Draft]:
    """(kind, Draft) of an import file: pure, for a native thread. A bundle's images
    carry on in the Draft, with ``verified`` the hashes their bytes really have."""
    kind, title = kind_of(filename, data), title_from(filename)
    if kind == "xlsx":
        return kind, read_xlsx(data, title, missing)
    if kind == "zip":
        draft = read_bundle(data, title)
        draft.verified = {d for d, b in draft.images.items()
                          if hashlib.sha256(b).hexdigest() == d}
        return kind, draft
    if kind == "json":
        return kind, read_json(data, title, missing)
    return kind, read_csv(data, title, missing)


class Transfer:
    def __init__(self, library, media):
        self.library = library
        self.media = media

    def import_file(self, owner, filename: str, data: bytes, charge=lambda: None) -> dict:
        """The quiz saved in the library; BadImport listing every problem otherwise.
        ``charge()`` spends one image upload of the sender's budget (or refuses): a
        bundle pays it for each image it brings, before any is decoded."""
        kind, draft = self._read(filename, data)
        if kind != "zip":
            return self.library.create(owner, draft.fields())
        stored = []  # (hash, new here) charged to the owner by this import
        try:
            self._with_images(draft, owner, charge, stored)
            return self.library.create(owner, draft.fields())
        except Exception:
            for digest, new in stored:
                self.media.undo(digest, owner, new)
            raise

    def _read(self, filename: str, data: bytes) -> tuple[str, Draft]:
        """Parsed off the loop. The images a file names are looked up on the loop (Redis
        is not for the native thread), so the file is read once, and once more only when
        some are missing, to name each where it is named."""
        asked = set()

        def record(digests):
            asked.update(digests)
            return set()
        try:
            result, failure = IMPORTS.run(read_file, filename, data, record), None
        except BadImport as exc:
            result, failure = None, exc
        gone = self.media.store.missing(asked)
        if gone:
            return IMPORTS.run(read_file, filename, data, lambda d: set(d) & gone)
        if failure is not None:
            raise failure
        return result

    def _with_images(self, draft: Draft, owner, charge, stored: list) -> None:
        """Every bundled image cleaned and stored like an upload (and charged like one);
        the quiz then names each by its hash here. Bytes already stored under their own
        hash are kept, and charged to the owner's images too."""
        kept = draft.verified - self.media.store.missing(draft.verified)
        for _digest in set(draft.images) - kept:
            charge()
        renamed, errors = {}, []
        for digest, data in draft.images.items():
            try:
                charged = self.media.claim(digest, owner) if digest in kept else None
                if charged is not None:
                    renamed[digest], new = digest, False
                else:
                    renamed[digest], new, charged, _ = self.media.store_image(data, owner)
                if charged:
                    stored.append((renamed[digest], new))
            except GameError as exc:
                if exc.code in ("media_quota", "unavailable"):
                    raise
                errors.append(f"images/{digest}: {exc.message}")
        if errors:
            raise BadImport(errors)
        for q in draft.questions:
            if q.get("image"):
                q["image"] = renamed[q["image"]]
            for c in q.get("choices") or []:
                if isinstance(c, dict):
                    c["image"] = renamed[c["image"]]

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
