"""Ranked leaderboards per room, built once per change instead of once per request.

Nicknames never change for a player id, so each worker keeps them; entries are
cached under the room's (identity, version, joins, kicks), which every room read already
carries, so a snapshot in the reveal costs no Redis read when nothing moved.
"""
from __future__ import annotations

from collections import OrderedDict

from ..game.leaderboard import rank
from ..store.rooms import room_identity

ROOMS_KEPT = 256


class Leaderboards:
    def __init__(self, store):
        self.store = store
        self._names: OrderedDict[str, dict[str, tuple[str, int]]] = OrderedDict()
        self._entries: dict[str, tuple[tuple, list[dict], dict[str, dict]]] = {}

    def _names_of(self, pin: str, player_ids) -> dict[str, tuple[str, int]]:
        names = self._names.setdefault(pin, {})
        self._names.move_to_end(pin)
        if len(self._names) > ROOMS_KEPT:
            evicted, _ = self._names.popitem(last=False)
            self._entries.pop(evicted, None)
        missing = [pid for pid in player_ids if pid not in names]
        names.update(self.store.player_names(pin, missing))
        return names

    def fresh(self, pin: str, streaks: dict[str, int] | None = None) -> list[dict]:
        """Read the scores now and rank them. ``streaks``: the ones the caller has
        just written (scoring a question), which spares reading them back."""
        if streaks is None:
            scores, streaks = self.store.standings(pin)
        else:
            scores = self.store.scores(pin)
        names = self._names_of(pin, [pid for pid, _ in scores])
        return rank(((pid, names[pid][0], score, names[pid][1])
                     for pid, score in scores if pid in names), streaks)

    def entries(self, pin: str, raw: dict) -> tuple[list[dict], dict[str, dict]]:
        """Ranked entries and the same entries by player id, for the room hash ``raw``."""
        # the identity too: a reused PIN's new room can reach the same version and counts
        key = (room_identity(raw), raw.get("version"), raw.get("seq"), raw.get("kicks"))
        cached = self._entries.get(pin)
        if cached is None or cached[0] != key:
            entries = self.fresh(pin)
            cached = (key, entries, {e["player_id"]: e for e in entries})
            self._entries[pin] = cached
        return cached[1], cached[2]
