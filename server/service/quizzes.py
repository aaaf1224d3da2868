"""Quiz packs from the seeds folder, and a small cache of each room's quiz."""
from __future__ import annotations

import json
import time
from collections import OrderedDict
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


class RoomQuizCache:
    """A room's quiz never changes once created, so each worker parses it once.

    A PIN is only drawn again after its room expired, which takes ``ttl``
    seconds without any activity; an entry unused for that long is read again,
    so a reused PIN can never be served the old room's quiz.
    """

    def __init__(self, ttl: float, size: int = 2048, clock=time.monotonic):
        self.ttl = ttl
        self.size = size
        self.clock = clock
        self._items: OrderedDict[str, tuple[Quiz, Settings, float]] = OrderedDict()

    def get(self, pin: str, loader) -> tuple[Quiz, Settings]:
        now = self.clock()
        item = self._items.get(pin)
        if item is None or now - item[2] >= self.ttl:
            quiz_json, settings_json = loader(pin)
            item = (quiz_from_json(json.loads(quiz_json)),
                    Settings(**json.loads(settings_json)), now)
            if len(self._items) >= self.size:
                self._items.popitem(last=False)
        self._items[pin] = (item[0], item[1], now)
        self._items.move_to_end(pin)
        return item[0], item[1]
