"""The host's side of a self-paced challenge, and the door its code opens.

A challenge link travels further than its class: anyone with it can take every seat.
So the host watches progress, kicks a player (banning the nickname and its
look-alikes), locks the challenge to new players, or closes it now, the results
kept as after any close. Each of these is one store script, so a join racing a
kick or a lock sees one or the other, whichever process serves it.

A lookup by code alone (the join page, the join, the QR code) goes through the
address's code lockout, as a lookup by PIN does: ``challenge_code`` misses in a
window, then only the codes the address has reached still open.
"""
from __future__ import annotations

from ..game import selfpaced
from ..game.errors import GameError
from .addresses import address_key
from .leagues import game_line
from .limits import ADDRESS, REACHED_TTL_S, refused


class ChallengeHost:
    def __init__(self, challenges):
        self.ch = challenges
        self.store = challenges.store

    # -- what the host sees
    def progress(self, code: str) -> dict:
        """Who is on which question, best first: the host's live view."""
        meta, quiz, _settings = self.ch.load(code, fresh=True)
        players = self.store.players(code)
        runs = self.store.runs(code, players)
        now = self.ch.now()
        rows = []
        for pid, score in self.store.board(code):
            if pid not in runs:
                continue
            run, results = runs[pid]
            rows.append({"player_id": pid, "nickname": players[pid]["nickname"],
                         "score": score, "where": selfpaced.where(run, len(quiz.questions), now),
                         "question": run.index + 1, "answered": len(results),
                         "correct": sum(1 for r in results.values() if r.get("correct")),
                         "finished": run.finished})
        rank(rows)
        closes = int(meta["closes"])
        return {"code": code, "title": quiz.title, "count": len(quiz.questions),
                "closes": closes, "closed": now > closes, "server_time": now,
                "players": rows, "finished": sum(1 for r in rows if r["finished"]),
                "locked": meta.get("locked") == "1", "reveal": reveal_of(meta),
                "banned": self.store.banned(code)}

    def results(self, code: str) -> dict:
        """The live game's results report: per player, each question's answer."""
        meta, quiz, _settings = self.ch.load(code, fresh=True)
        players = self.store.players(code)
        runs = self.store.runs(code, players)
        rows = []
        for pid, score in self.store.board(code):
            if pid not in runs:
                continue
            results = runs[pid][1]
            answers = [{"index": i, **(results.get(i) or {"answer": None, "correct": None,
                                                          "points": 0, "response_ms": None})}
                       for i in range(len(quiz.questions))]
            rows.append({"player_id": pid, "nickname": players[pid]["nickname"],
                         "score": score, "answers": answers})
        rank(rows)
        return {"challenge": code, "quiz": {"id": quiz.id, "title": quiz.title},
                "phase": "finished" if self.ch.now() > int(meta["closes"]) else "open",
                "questions": [{"index": i, "type": q.type, "text": q.text,
                               "correct": q.correct_for_reveal()}
                              for i, q in enumerate(quiz.questions)],
                "players": rows}

    # -- the host's controls (the caller has checked the host token)
    def kick(self, code: str, player_id: str, ban: bool = True) -> dict:
        meta = self.ch.load(code, fresh=True)[0]
        player = self.store.kick(code, player_id, ban, int(meta["closes"]))
        if player is None:
            raise GameError("not_found", "no player with that id in this challenge",
                            field="player_id")
        return {"player_id": player_id, "nickname": player["nickname"], "banned": ban}

    def lock(self, code: str, locked: bool) -> dict:
        if not self.store.set_locked(code, locked):
            raise GameError("not_found", "no challenge with that code")
        self.ch.load(code, fresh=True)  # this process's pages see it at once
        return {"code": code, "locked": locked}

    def close(self, code: str) -> dict:
        closes = self.store.close(code, self.ch.now())
        if closes is None:
            raise GameError("not_found", "no challenge with that code")
        self.ch.load(code, fresh=True)
        return {"code": code, "closes": closes, "closed": True}

    # -- closing
    def tick(self) -> int:
        """Count each challenge that has closed toward its league, exactly once."""
        counted = 0
        for code in self.store.due_closings(self.ch.now()):
            if self.store.take_closing(code):
                counted += self._count_in_league(code)
        return counted

    def _count_in_league(self, code: str) -> int:
        meta = self.store.meta(code)
        if not meta or not meta.get("league") or not self.ch.leagues:
            return 0
        report = self.results(code)
        members = {pid: p.get("member") for pid, p in self.store.players(code).items()}
        players = {}
        for row in report["players"]:
            member = members.get(row["player_id"])
            if not member:
                continue
            players[member] = game_line(row["nickname"], row["score"],
                                        (a["correct"] for a in row["answers"]))
        return int(self.ch.leagues.record_game(meta["league"], {
            "id": f"ch:{code}", "title": meta["title"], "pin": code,
            "finished": int(meta["closes"]), "players": players}))

    # -- the door: lookups by code alone
    def door(self, ip: str, code: str) -> None:
        """Let a lookup of ``code`` by code alone through, or refuse it: ``not_found``
        (a miss, counted), or ``rate_limited`` once the address is locked out."""
        ip = address_key(ip)
        budget = ADDRESS["challenge_code"]
        now = self.ch.now()
        window = now // budget.window_ms
        verdict = self.store.code_gate(code, f"challenge_code:{ip}:{window}", budget.limit,
                                       2 * budget.window_ms, ip, REACHED_TTL_S)
        if verdict == "locked_out":
            raise refused((window + 1) * budget.window_ms - now)
        if verdict == "not_found":
            raise GameError("not_found", "no challenge with that code")

    def made(self, ip: str, code: str) -> None:
        """The creator's address reaches its challenge (its class often shares it)."""
        self.store.reached(address_key(ip), code, REACHED_TTL_S)


def reveal_of(meta: dict) -> str:
    return meta.get("reveal") or "each"  # challenges made before the setting: each


def rank(rows: list) -> None:
    """Places, players on equal points sharing one (1, 2, 2, 4)."""
    last, place = None, 0
    for i, row in enumerate(rows):
        if row["score"] != last:
            place, last = i + 1, row["score"]
        row["rank"] = place
