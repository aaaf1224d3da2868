"""Season leagues: a host's league, its members' identities, and its table.

A live room created in a league counts toward it: a player joining it is a member
(a league token brings back the same one on any device; a new player claims the
nickname league-wide), and the game's results are added once when it finishes.
``record_game`` is the one way in for results, so any other kind of game can count.
"""
from __future__ import annotations

import logging
import secrets

from ..game.errors import GameError
from ..game.nickname import clean_nickname, nickname_key
from ..store.leagues import NOT_FOUND, LeagueStore
from ..store.rooms import room_identity

log = logging.getLogger(__name__)
# no 0/O, 1/I/L: read off one screen and typed on another
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
MAX_LEAGUES = 100  # per owner


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def clean_code(raw) -> str:
    """What a player typed, as stored: dashes, spaces and case do not matter."""
    return "".join(ch for ch in str(raw).upper() if ch.isalnum())


def accuracy(correct: int, scored: int) -> float | None:
    return round(correct / scored, 4) if scored else None


def best_run(flags) -> int:
    """Longest run of right answers; unscored questions (None) neither add nor break."""
    best = run = 0
    for flag in flags:
        if flag is None:
            continue
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def game_line(nickname: str, points: int, flags) -> dict:
    """A member's line of one game, from their result per question (True, False, or
    None for an unscored one)."""
    flags = list(flags)
    return {"nickname": nickname, "points": points,
            "correct": sum(1 for f in flags if f is True),
            "scored": sum(1 for f in flags if f is not None), "best_streak": best_run(flags)}


class LeagueService:
    def __init__(self, store: LeagueStore, game, clock):
        self.store = store
        self.game = game
        self.now = clock
        self._rooms: dict[tuple[str, str], str] = {}  # (pin, rid) -> league id or ""

    # -- the host's leagues
    def create(self, owner: str | None, name: str) -> dict:
        name = " ".join(name.split())
        if not name:
            raise GameError("bad_request", "name: give the league a name", field="name")
        if len(self.store.ids(owner or "")) >= MAX_LEAGUES:
            raise GameError("too_many_leagues", f"a host may keep {MAX_LEAGUES} leagues; "
                            "delete an old one first")
        for _ in range(5):
            league_id = secrets.token_hex(6)
            if self.store.create(league_id, owner or "", name, self.now()):
                return self.get(owner, league_id)
        raise GameError("unavailable", "could not find a free league id; try again")

    def get(self, owner: str | None, league_id: str) -> dict:
        league = self.store.get(league_id, owner or "")
        if league is None:
            raise GameError("not_found", NOT_FOUND)
        return {**league, "players": len(self.store.members(league_id))}

    def list(self, owner: str | None) -> dict:
        leagues = []
        for league_id in self.store.ids(owner or ""):
            league = self.store.get(league_id, owner or "")
            if league is not None:
                leagues.append(league)
        leagues.sort(key=lambda item: -item["created"])
        return {"leagues": leagues}

    def delete(self, owner: str | None, league_id: str) -> dict:
        self.get(owner, league_id)
        self.store.delete(league_id, owner or "")
        return {"id": league_id, "deleted": True}

    def remove_member(self, owner: str | None, league_id: str, member_id: str) -> dict:
        """The owner takes a member out: a bot that joined through a shared link, say."""
        self.get(owner, league_id)
        if not self.store.remove(league_id, member_id):
            raise GameError("not_found", "no member with that id in this league",
                            field="member_id")
        return {"id": league_id, "member_id": member_id, "removed": True}

    # -- the season table (public: the link is what a host shares)
    def table(self, league_id: str) -> dict:
        league = self.store.find(league_id)
        if league is None:
            raise GameError("not_found", NOT_FOUND)
        games = sorted(self.store.games(league_id).items(), key=lambda g: g[1]["finished"])
        rows = []
        for member_id, m in self.store.members(league_id).items():
            per_game = [g["players"].get(member_id, {}).get("points") for _, g in games]
            played = m.get("games", 0)
            rows.append({"member_id": member_id, "nickname": m["nickname"], "games": played,
                         "points": m.get("points", 0),
                         "points_per_game": round(m.get("points", 0) / played, 1) if played else 0,
                         "best_streak": m.get("best_streak", 0), "correct": m.get("correct", 0),
                         "scored": m.get("scored", 0),
                         "accuracy": accuracy(m.get("correct", 0), m.get("scored", 0)),
                         "per_game": per_game})
        rows.sort(key=lambda r: (-r["points"], -r["games"], r["nickname"].casefold()))
        rank, last = 0, None
        for i, row in enumerate(rows):
            if row["points"] != last:
                rank, last = i + 1, row["points"]
            row["rank"] = rank
        return {"league": {k: league[k] for k in ("id", "name", "created", "games")},
                "games": [{"id": gid, "title": g["title"], "finished": g["finished"]}
                          for gid, g in games],
                "rows": rows}

    # -- rooms in a league
    def check_for_room(self, owner: str | None, league_id: str | None) -> str | None:
        """The league a new room of this host may count toward (None: no league)."""
        if league_id is None:
            return None
        self.get(owner, league_id)
        return league_id

    def league_of(self, pin: str) -> str:
        """The league of the room now under ``pin`` ("" for none), once per room."""
        self.game.quiz(pin)  # not_found for a missing room; cached after the first join
        rid = self.game.quizzes.identity(pin) or ""
        if (pin, rid) not in self._rooms:
            league, stored_rid = self.store.room_league(pin)
            if len(self._rooms) > 4096:
                self._rooms.clear()
            self._rooms[(pin, stored_rid)] = league
            return league
        return self._rooms[(pin, rid)]

    def room_league(self, pin: str) -> dict:
        """What a phone needs before joining: which league's token to send."""
        league_id = self.league_of(pin)
        league = self.store.find(league_id) if league_id else None
        return {"league": {"id": league["id"], "name": league["name"]} if league else None}

    def member(self, league_id: str, nickname: str, league_token=None):
        """The league member a player is: the one ``league_token`` belongs to, or a new
        one claiming ``nickname`` (``nickname_taken`` if another member holds it).
        Returns (member id, member, issued): issued is the new member's (token, code),
        to give back with ``store.release`` if the player gets no seat after all."""
        found = self.store.member_by_token(league_id, league_token) if league_token else None
        if found is not None:
            return found[0], found[1], None
        nickname = clean_nickname(nickname)
        member_id, token, code = secrets.token_hex(8), secrets.token_urlsafe(24), new_code()
        member = {"nickname": nickname, "key": nickname_key(nickname), "joined": self.now(),
                  "games": 0, "points": 0, "correct": 0, "scored": 0, "best_streak": 0}
        self.store.claim(league_id, member_id, member, token, code)
        return member_id, member, (token, code)

    def seat_player(self, pin: str, raw_nickname, sid: str, league_token=None, team=None,
                    gate=None):
        """``GameService.seat_player``, as a member of the room's league if it has one."""
        league_id = self.league_of(pin)
        if not league_id:
            return self.game.seat_player(pin, raw_nickname, sid, team=team, gate=gate)
        member_id, member, issued = self.member(league_id, raw_nickname, league_token)
        try:
            seat, loaded = self.game.seat_player(pin, member["nickname"], sid, team=team,
                                                 gate=gate)
        except GameError:
            if issued:  # nobody holds this token: give the nickname back
                self.store.release(league_id, member_id, member, *issued)
            raise
        self.store.seat(league_id, room_identity(loaded[1]), seat["player_id"], member_id)
        league = {"id": league_id, "member_id": member_id, "nickname": member["nickname"]}
        if issued:
            league.update(token=issued[0], recovery_code=issued[1])
        return {**seat, "league": league}, loaded

    def recover(self, league_id: str, raw_code) -> dict:
        """A new token for the member whose recovery code this is, and a new code."""
        if self.store.find(league_id) is None:
            raise GameError("not_found", NOT_FOUND)
        token, code = secrets.token_urlsafe(24), new_code()
        member = self.store.recover(league_id, clean_code(raw_code), token, code)
        if member is None:
            raise GameError("bad_code", "that recovery code is not known in this league "
                            "(each code works once)", field="code")
        return {"league": league_id, "nickname": member["nickname"], "token": token,
                "recovery_code": code}

    # -- results
    def game_finished(self, pin: str) -> None:
        """GameService's hook: add a finished room's results to its league, if any."""
        try:
            league_id, rid = self.store.room_league(pin)
            if league_id:
                self.record_game(league_id, self._room_results(pin, league_id, rid))
        except Exception:  # noqa: BLE001 - the podium must not depend on the league
            log.warning("could not add room %s to its league", pin, exc_info=True)

    def _room_results(self, pin: str, league_id: str, rid: str) -> dict:
        report = self.game.snapshots.results(pin)
        seats = self.store.seats(league_id, rid)
        players = {}
        for player in report["players"]:
            member_id = seats.get(player["player_id"])
            if member_id is None:
                continue
            players[member_id] = game_line(player["nickname"], player["score"],
                                           (a["correct"] for a in player["answers"]))
        return {"id": rid, "title": report["quiz"]["title"], "pin": pin, "players": players}

    def record_game(self, league_id: str, results: dict) -> bool:
        """Add one game's results: {id (unique per game), title, players: {member id:
        {points, correct, scored, best_streak}}}. True if this call counted it; a game
        already counted (by any process) is not counted again."""
        game = {"title": results.get("title", ""), "pin": results.get("pin", ""),
                "finished": results.get("finished") or self.now(),
                "players": results["players"]}
        return self.store.record(league_id, results["id"], game) == 1
