"""The quiz library: drafts checked by the pack validator, versioned saves, the trash,
and the built-in packs of ``seeds/`` as read-only quizzes anyone may duplicate."""
from __future__ import annotations

import base64
import json
import secrets

from ..game.errors import GameError
from ..game.model import Quiz
from ..game.pack import ID_RE, PackError, parse_quiz
from ..store.library import NOT_FOUND, Conflict, LibraryStore

DRAFT_FIELDS = ("title", "description", "tags", "questions")


def new_id() -> str:
    """12 characters of lowercase base32 (60 random bits): url-safe, and a valid pack id."""
    return base64.b32encode(secrets.token_bytes(8)).decode()[:12].lower()


def clean_tags(tags) -> list[str]:
    """Trimmed, single-spaced, without empties or repeats (compared case-insensitively)."""
    out, seen = [], set()
    for tag in tags or []:
        tag = " ".join(str(tag).split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return out


def validate(quiz_id: str, draft: dict) -> tuple[Quiz | None, list[str]]:
    """The playable quiz, or None and the validator's path messages."""
    try:
        return parse_quiz({"id": quiz_id, "title": draft.get("title", ""),
                           "description": draft.get("description", ""),
                           "questions": draft.get("questions", [])}), []
    except PackError as exc:
        return None, exc.errors


class LibraryService:
    def __init__(self, store: LibraryStore, packs, now, max_quiz_bytes: int,
                 max_quizzes: int = 0):
        self.store = store
        self.packs = packs
        self.now = now
        self.max_quiz_bytes = max_quiz_bytes
        self.max_quizzes = max_quizzes  # per owner, the trash included (0: no cap)

    # -- reading
    def list(self, owner: str | None, q: str = "", tag: str = "", trashed: bool = False) -> dict:
        owner = owner or ""
        items = [dict(s, builtin=False, deleted=s.get("deleted")) for s in
                 self.store.summaries(owner, trashed, self.now())]
        for item in items:
            if trashed:
                item["restorable_until"] = item["deleted"] + self.store.trash_ms
        if not trashed:
            items += [dict(self._builtin_summary(s), builtin=True, deleted=None)
                      for s in self.packs.list()]
        tags = sorted({t for item in items for t in item["tags"]}, key=str.casefold)
        q, tag = q.strip().casefold(), tag.strip().casefold()
        items = [i for i in items if q in i["title"].casefold()
                 and (not tag or tag in (t.casefold() for t in i["tags"]))]
        items.sort(key=lambda i: (i["builtin"], -i["updated"], i["title"].casefold()))
        return {"quizzes": items, "tags": tags}

    @staticmethod
    def _builtin_summary(summary: dict) -> dict:
        return {**summary, "tags": [], "updated": 0, "version": 0}

    def get(self, owner: str | None, quiz_id: str) -> dict:
        """The quiz (a library one, else a built-in) with ``errors``: [] when playable."""
        quiz = self.store.get(quiz_id, owner or "")
        if quiz is None:
            quiz = self.builtin(quiz_id)
        return {**quiz, "errors": validate(quiz["id"], quiz)[1]}

    def builtin(self, quiz_id: str) -> dict:
        """A pack of ``seeds/`` as written in its file (not as parsed: a copy keeps every
        field the author wrote), shaped like a library quiz."""
        for path in sorted(self.packs.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict) and data.get("id") == quiz_id:
                self.packs.get(quiz_id)  # only the packs that pass the validator are built-ins
                return {"id": quiz_id, "title": data.get("title", ""),
                        "description": data.get("description", ""), "tags": [],
                        "questions": data.get("questions", []), "created": 0, "updated": 0,
                        "version": 0, "owner": None, "builtin": True}
        raise GameError("not_found", NOT_FOUND)

    def trashed(self, owner: str | None, quiz_id: str) -> dict:
        quiz = self.store.get(quiz_id, owner or "", trashed=True)
        if quiz is None:
            raise GameError("not_found", NOT_FOUND)
        return quiz

    # -- writing
    def _parts(self, draft: dict) -> tuple[dict, dict]:
        body = {"title": draft.get("title", ""), "description": draft.get("description", ""),
                "tags": clean_tags(draft.get("tags")), "questions": draft.get("questions", [])}
        size = len(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode())
        if size > self.max_quiz_bytes:
            raise GameError("quiz_too_large",
                            f"this quiz takes {-(-size // 1024)} kB; a quiz may take at most "
                            f"{self.max_quiz_bytes // 1024} kB", field="questions")
        summary = {"title": body["title"], "description": body["description"],
                   "tags": body["tags"], "questions": len(body["questions"])}
        return body, summary

    def create(self, owner: str | None, draft: dict, quiz_id: str | None = None,
               version: int = 1, created: int | None = None, updated: int | None = None) -> dict:
        body, summary = self._parts(draft)
        now = self.now()
        for _ in range(5 if quiz_id is None else 1):
            candidate = quiz_id or new_id()
            if self.store.create(candidate, owner or "", body, summary, updated or now,
                                 version=version, created=created,
                                 max_quizzes=self.max_quizzes, clock=now):
                return self.get(owner, candidate)
        raise GameError("id_taken", f"a quiz with id {quiz_id!r} exists already", field="id")

    def duplicate(self, owner: str | None, source_id: str) -> dict:
        source = self.get(owner, source_id)
        title = source["title"] if source.get("builtin") else f"{source['title']} (copy)"
        return self.create(owner, {**{k: source[k] for k in DRAFT_FIELDS}, "title": title[:120]})

    def save(self, owner: str | None, quiz_id: str, draft: dict, based_on: int) -> dict:
        """{quiz, errors}; Conflict carries the stored quiz when ``based_on`` is stale."""
        if self.store.get(quiz_id, owner or "") is None:
            self._refuse_builtin(quiz_id)
        body, summary = self._parts(draft)
        self.store.save(quiz_id, owner or "", based_on, body, summary, self.now())
        quiz = self.get(owner, quiz_id)
        return {"quiz": {k: v for k, v in quiz.items() if k != "errors"},
                "errors": quiz["errors"]}

    def delete(self, owner: str | None, quiz_id: str) -> dict:
        if self.store.get(quiz_id, owner or "") is None:
            self._refuse_builtin(quiz_id)
        return {"id": quiz_id, "restorable_until": self.store.delete(quiz_id, owner or "",
                                                                     self.now())}

    def restore(self, owner: str | None, quiz_id: str) -> dict:
        self.store.restore(quiz_id, owner or "")
        return self.get(owner, quiz_id)

    def _refuse_builtin(self, quiz_id: str) -> None:
        try:
            self.builtin(quiz_id)
        except GameError:
            return  # the store answers not_found itself
        raise GameError("read_only", "a built-in quiz cannot be changed; duplicate it into "
                        "your library first")

    def playable(self, owner: str | None, quiz_id: str) -> Quiz:
        """The quiz ready for a room; PackError listing what is missing otherwise."""
        quiz = self.get(owner, quiz_id)
        parsed, errors = validate(quiz["id"], quiz)
        if errors:
            raise PackError(errors)
        return parsed

    # -- backups
    def everything(self) -> list[dict]:
        """Every live quiz of every owner, in full, for ``quizroom library export``."""
        out = []
        for owner in self.store.owners():
            for summary in self.store.summaries(owner, False, self.now()):
                quiz = self.store.get(summary["id"], owner)
                if quiz is not None:
                    out.append(quiz)
        return out

    def import_record(self, record: dict, owner: str | None) -> tuple[str, str]:
        """Store an exported quiz; (its id here, what happened). An id that exists with
        other content is never overwritten: the record comes in under a new id."""
        draft = {k: record.get(k) for k in DRAFT_FIELDS if record.get(k) is not None}
        quiz_id = record.get("id")
        if not isinstance(quiz_id, str) or not ID_RE.match(quiz_id):
            quiz_id = new_id()
        stamps = {k: record.get(k) if isinstance(record.get(k), int) and record.get(k) > 0
                  else None for k in ("version", "created", "updated")}
        stamps["version"] = stamps["version"] or 1
        existing = self.store.find(quiz_id)
        if existing is None:
            self.create(owner, draft, quiz_id=quiz_id, **stamps)
            return quiz_id, "imported"
        body, _ = self._parts(draft)
        if (existing["owner"] == (owner or None) and existing["version"] == stamps["version"]
                and {k: existing[k] for k in DRAFT_FIELDS} == body):
            return quiz_id, "unchanged"
        quiz = self.create(owner, draft, version=stamps["version"], created=stamps["created"],
                           updated=stamps["updated"])
        return quiz["id"], (f"imported as a new quiz {quiz['id']}: {quiz_id} exists already "
                            f"with other content (version {existing['version']})")
