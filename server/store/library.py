"""The quiz library in Redis: one hash per quiz, an index and a trash per owner.

Owners are account names, "" on a server without accounts. Reads check the owner
too, so another host's quiz looks exactly like a missing one.
"""
from __future__ import annotations

import json

import redis

from ..game.errors import GameError
from . import library_scripts as scripts
from .keys import Keys

NOT_FOUND = "no quiz with that id in your library"


class Conflict(Exception):
    """A save based on a version that is no longer the stored one."""

    def __init__(self, current: dict | None):
        super().__init__("conflict")
        self.current = current


def _dump(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _check(reply):
    if isinstance(reply, list) and reply and reply[0] == "err":
        raise GameError(reply[1], NOT_FOUND)
    return reply


class LibraryStore:
    def __init__(self, client: redis.Redis, keys: Keys, trash_ttl_s: float):
        self.r = client
        self.keys = keys
        self.trash_ms = int(trash_ttl_s * 1000)
        self._create = client.register_script(scripts.CREATE)
        self._save = client.register_script(scripts.SAVE)
        self._delete = client.register_script(scripts.DELETE)
        self._restore = client.register_script(scripts.RESTORE)
        self._adopt = client.register_script(scripts.ADOPT)

    def create(self, quiz_id: str, owner: str, body: dict, summary: dict, now: int,
               version: int = 1, created: int | None = None, max_quizzes: int = 0,
               clock: int | None = None) -> bool:
        """False when the id is taken; ``too_many_quizzes`` when the owner keeps
        ``max_quizzes`` already, counting the trash (0: no cap)."""
        reply = self._create(
            keys=[self.keys.library_quiz(quiz_id), self.keys.library_index(owner),
                  self.keys.library_trash(owner)],
            args=[quiz_id, owner, version, created if created is not None else now, now,
                  _dump(body), _dump(summary), max_quizzes,
                  clock if clock is not None else now])
        if isinstance(reply, list):
            raise GameError("too_many_quizzes",
                            f"a library keeps at most {max_quizzes} quizzes, the trash "
                            "included; delete some for good, or empty the trash",
                            limit=max_quizzes)
        return bool(reply)

    def save(self, quiz_id: str, owner: str, based_on: int, body: dict, summary: dict,
             now: int) -> int:
        """The new version; Conflict (with the stored quiz) when ``based_on`` is stale."""
        reply = _check(self._save(keys=[self.keys.library_quiz(quiz_id)],
                                  args=[owner, based_on, now, _dump(body), _dump(summary)]))
        if reply[0] == "conflict":
            raise Conflict(self.get(quiz_id, owner))
        return int(reply[1])

    def get(self, quiz_id: str, owner: str, trashed: bool = False) -> dict | None:
        """The stored quiz, or None (missing, another owner's, or in the trash unless
        ``trashed``)."""
        data = self.r.hgetall(self.keys.library_quiz(quiz_id))
        if not data or data.get("owner") != owner or ("deleted" in data) != trashed:
            return None
        return self._quiz(data)

    def find(self, quiz_id: str) -> dict | None:
        """The quiz under this id whoever owns it (backups only: never for a request)."""
        data = self.r.hgetall(self.keys.library_quiz(quiz_id))
        return self._quiz(data) if data else None

    def _quiz(self, data: dict) -> dict:
        quiz = {"id": data["id"], **json.loads(data["body"]), "created": int(data["created"]),
                "updated": int(data["updated"]), "version": int(data["version"]),
                "owner": data["owner"] or None}
        if "deleted" in data:
            quiz["deleted"] = int(data["deleted"])
        return quiz

    def delete(self, quiz_id: str, owner: str, now: int) -> int:
        """When the quiz leaves the trash for good (ms)."""
        return int(_check(self._delete(
            keys=[self.keys.library_quiz(quiz_id), self.keys.library_index(owner),
                  self.keys.library_trash(owner)],
            args=[owner, quiz_id, now, self.trash_ms])))

    def restore(self, quiz_id: str, owner: str) -> None:
        _check(self._restore(
            keys=[self.keys.library_quiz(quiz_id), self.keys.library_index(owner),
                  self.keys.library_trash(owner)],
            args=[owner, quiz_id]))

    def summaries(self, owner: str, trashed: bool, now: int) -> list[dict]:
        """Listing entries {id, updated, version, deleted?, **summary} of an owner's
        library or trash; a trash entry whose quiz has expired is dropped on the way."""
        if trashed:
            trash = self.keys.library_trash(owner)
            self.r.zremrangebyscore(trash, "-inf", now)
            ids = self.r.zrange(trash, 0, -1)
        else:
            ids = sorted(self.r.smembers(self.keys.library_index(owner)))
        with self.r.pipeline(transaction=False) as pipe:
            for quiz_id in ids:
                pipe.hmget(self.keys.library_quiz(quiz_id),
                           "summary", "updated", "version", "deleted")
            rows = pipe.execute()
        out = []
        for quiz_id, (summary, updated, version, deleted) in zip(ids, rows):
            if summary is None:
                continue  # expired between the two reads
            entry = {"id": quiz_id, **json.loads(summary), "updated": int(updated),
                     "version": int(version)}
            if deleted is not None:
                entry["deleted"] = int(deleted)
            out.append(entry)
        return out

    def owners(self) -> list[str]:
        """Every owner with a live quiz ("" for none), for backups."""
        prefix = self.keys.library_index("x")[:-1]
        found = []
        for key in self.r.scan_iter(match=f"{prefix}*", count=1000):
            owner = key[len(prefix):]
            found.append("" if owner == "-" else owner)
        return sorted(found)

    def adopt(self, owner: str) -> int:
        """Give the quizzes made without accounts to ``owner``; how many."""
        return int(self._adopt(keys=[self.keys.library_index(""), self.keys.library_index(owner)],
                               args=[self.keys.library_quiz(""), owner]))
