"""Quiz packs from the seeds folder, and a small cache of each room's quiz."""
from __future__ import annotations

import json
import sys
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..game.errors import GameError
from ..game.model import Quiz, Settings
from ..game.pack import PackError, parse_quiz, quiz_from_json


def load_pack_file(path: Path) -> Quiz:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([f"{path.name}: cannot read: {exc}"]) from exc
    except json.JSONDecodeError as exc:
        raise PackError([f"{path.name}: not valid JSON: line {exc.lineno}: {exc.msg}"]) from exc
    return parse_quiz(data)


class PackLibrary:
    """The packs in ``seeds/``, read once and re-read when a file changes."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._cache: dict[Path, tuple[float, Quiz | None]] = {}

    def _scan(self) -> list[Quiz]:
        quizzes = []
        for path in sorted(self.folder.glob("*.json")):
            mtime = path.stat().st_mtime
            cached = self._cache.get(path)
            if cached is None or cached[0] != mtime:
                try:
                    cached = (mtime, load_pack_file(path))
                except PackError:
                    cached = (mtime, None)  # `quizroom quiz validate` says why
                self._cache[path] = cached
            if cached[1] is not None:
                quizzes.append(cached[1])
        return quizzes

    def list(self) -> list[dict]:
        return [q.summary() for q in self._scan()]

    def get(self, quiz_id: str) -> Quiz:
        for quiz in self._scan():
            if quiz.id == quiz_id:
                return quiz
        raise GameError("not_found", f"no quiz pack with id {quiz_id!r}")


def footprint(quiz: Quiz, settings: Settings) -> int:
    """Bytes a parsed quiz holds in this process (its strings, tuples and records), a
    little above what tracemalloc measures. Its stored JSON would be a poor weight:
    an ASCII pack holds twice its JSON size in Python (36 kB stored, 78 kB held)."""
    def size(value) -> int:
        if isinstance(value, (tuple, list)):
            return sys.getsizeof(value) + sum(size(v) for v in value)
        if hasattr(value, "__dict__"):  # Quiz, Question, Settings
            return (sys.getsizeof(value) + sys.getsizeof(value.__dict__)
                    + sum(size(v) for v in vars(value).values()))
        return sys.getsizeof(value)
    return size(quiz) + size(settings)


@dataclass(frozen=True)
class _Entry:
    quiz: Quiz
    settings: Settings
    identity: str
    size: int


class RoomQuizCache:
    """A room's quiz never changes once created, so each worker parses it once.

    Entries belong to a room, not a PIN: a PIN is drawn again once its room has
    expired, so every lookup that knows the room's identity (``rid`` from the room
    hash it just read) replaces an entry made for another room. The cache holds at
    most ``max_bytes`` of parsed quizzes (``footprint``), least recently used first
    out, so a worker's memory does not grow with the number of rooms.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024):
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[str, _Entry] = OrderedDict()

    def get(self, pin: str, loader, identity: str | None = None) -> tuple[Quiz, Settings]:
        """``loader(pin)`` gives (quiz JSON, settings JSON, identity) of the room now
        under ``pin``; ``identity``: the room the caller knows, None if it knows none."""
        item = self._items.get(pin)
        if item is None or (identity is not None and item.identity != identity):
            quiz_json, settings_json, loaded_identity = loader(pin)
            quiz = quiz_from_json(json.loads(quiz_json))
            settings = Settings(**json.loads(settings_json))
            item = _Entry(quiz, settings, loaded_identity, footprint(quiz, settings))
            self.forget(pin)
            self._items[pin] = item
            self.bytes += item.size
            while self.bytes > self.max_bytes and len(self._items) > 1:
                self._evict()
            if self.bytes > self.max_bytes:  # one quiz larger than the whole cache
                self._evict()
        else:
            self._items.move_to_end(pin)
        return item.quiz, item.settings

    def identity(self, pin: str) -> str | None:
        item = self._items.get(pin)
        return item.identity if item else None

    def forget(self, pin: str) -> None:
        item = self._items.pop(pin, None)
        if item is not None:
            self.bytes -= item.size

    def _evict(self) -> None:
        _pin, item = self._items.popitem(last=False)
        self.bytes -= item.size
