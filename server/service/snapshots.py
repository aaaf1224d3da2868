"""What a client sees on attach, rejoin or refresh, and the host's results report."""
from __future__ import annotations

import json
from collections import OrderedDict

from ..game import types
from ..game.leaderboard import PODIUM, TOP
from ..game.answers import Shown
from ..game.modes import pacing, pilot, revote, shuffle, teams
from ..game.phases import question_payload
from ..store.rooms import room_identity


def _team_of(player: dict, settings) -> dict:
    """``{team: name}`` for a team room's roster row, else nothing."""
    team = player.get("team")
    if not settings.teams or team is None or not 0 <= team < len(settings.teams):
        return {}
    return {"team": settings.teams[team]}


def _modes(settings, state) -> dict:
    """The modes the host console lists, as the room plays them now."""
    return {"scoring": settings.scoring, "auto_advance": settings.auto_advance,
            "manual": state.manual, "teams": len(settings.teams),
            "shuffle_questions": settings.shuffle_questions,
            "shuffle_answers": settings.shuffle_answers,
            "break_seconds": settings.break_seconds if settings.leaderboard_every else 0}


class Snapshots:
    def __init__(self, service):
        self.service = service
        self.store = service.store
        # a closed question's stored results never change: decode each once, keyed by
        # the room's identity too, since a PIN is drawn again once its room expired
        self._results: OrderedDict[tuple[str, str, int], dict | None] = OrderedDict()

    def closed_results(self, pin: str, index: int, identity: str) -> dict | None:
        key = (pin, identity, index)
        if key not in self._results:
            raw = self.store.r.get(self.store.keys.results(pin, index))
            self._results[key] = json.loads(raw) if raw else None
            if len(self._results) > 512:
                self._results.popitem(last=False)
        return self._results[key]

    def state(self, pin: str, role: str, player_id: str | None = None, loaded=None) -> dict:
        """The room as this role may see it right now: never an answer before the reveal.
        ``loaded``: the room's (state, raw hash) when the caller has just read it."""
        state, raw, quiz, settings = self.service.room(pin, loaded)
        now = self.service.now()
        snap = {"pin": pin, "title": quiz.title, "phase": state.phase, "index": state.index,
                "count": state.count, "locked": state.locked,
                "players": int(raw.get("seq", 0)) - int(raw.get("kicks", 0)),
                "server_time": now}
        # paused: what was showing when the host paused, under a "paused" notice
        shown = state.resume_phase if state.phase == "paused" else state.phase
        if state.phase == "paused":
            snap["paused"] = {"phase": shown, "remaining_ms": state.remaining}
        # a paused reveal's next_at is the one it had before the pause: remaining_ms says
        if state.phase in ("lobby", "reveal") and state.next_at:
            snap["next_at"] = state.next_at
        if state.phase == "lobby" and (settings.auto_start_players or settings.auto_start_at):
            snap["auto_start"] = {"players": settings.auto_start_players} \
                if settings.auto_start_players else {"at": settings.auto_start_at}
        if role == "host":
            snap["modes"] = _modes(settings, state)
        if shown == "lead_in":
            snap["ready"] = pilot.ready_payload(state, quiz.questions[state.index], now)
            if state.phase == "paused":
                snap["ready"].update(opens_at=0, lead_in_ms=state.remaining)
        if shown == "discuss":
            snap["spread"] = revote.spread_payload(
                state, quiz, self.store.first_vote(pin, state.index),
                Shown(settings.profanity_filter, settings.show_typed_answers))
        if state.revote and shown == "question":
            snap["revote"] = True
        if shown in ("question", "reveal", "discuss"):
            snap["question"] = question_payload(state, quiz, now)
            if state.phase == "paused" and shown == "question":
                # where the deadline would be if resumed now: a page that draws the
                # question shows the server's time left, not its stale deadline's
                snap["question"]["deadline"] = now + state.remaining
            if role == "player" and player_id is not None:
                snap["question"] = shuffle.for_player(snap["question"],
                                                      quiz.questions[state.index], player_id)
        stored = None
        if shown == "reveal":
            stored = self.closed_results(pin, state.index, room_identity(raw))
            snap["reveal"] = self._visible(pin, state.index, quiz, stored["reveal"]) \
                if stored else None
        ranked = shown != "lobby" and (role == "player" or shown not in ("question", "lead_in"))
        entries, by_id = self.service.leaderboards.entries(pin, raw) if ranked else ([], {})
        if shown == "break":
            snap["break"] = {"ends_at": state.deadline if state.phase == "break" else 0,
                             "remaining_ms": state.remaining if state.phase == "paused" else
                             max(0, state.deadline - now)}
        if shown in ("finished", "break") or (shown == "reveal" and pacing.shows_leaderboard(
                settings, state.index, state.count)):
            snap["leaderboard"] = entries[:TOP]
        if state.phase == "finished":
            snap["podium"] = entries[:PODIUM]
            if settings.teams:
                snap["teams"] = self.service.team_board(pin, raw, self._closed(state) - 1)
        if shown == "question" and role in ("host", "screen"):
            snap["answered"] = self.store.answer_count(pin, state.index)
        if settings.teams:
            snap["teams"] = snap.get("teams") or teams.listing(settings.teams)
        if role == "host" or (role == "screen" and state.phase == "lobby"):
            players, online = self.store.players(pin), self.store.online(pin)
            snap["roster"] = [{"player_id": pid, "nickname": p["nickname"],
                               "online": pid in online, **_team_of(p, settings)}
                              for pid, p in sorted(players.items(), key=lambda i: i[1]["seq"])]
        if role == "player" and player_id is not None:
            mine = by_id.get(player_id)
            snap["you"] = {"score": mine["score"] if mine else 0,
                           "rank": mine["rank"] if mine else None,
                           "perm_group": shuffle.group(player_id)}
            if settings.teams:
                team = self.store.team_of(pin, player_id)
                snap["you"]["team"] = settings.teams[team] if team is not None else None
            if stored:
                snap["you"]["result"] = stored["players"].get(player_id)
            if state.phase == "question":
                # a reloaded phone marks what it sent; absent until it sends one
                answer = self.store.answer_of(pin, state.index, player_id)
                if answer is not None:
                    snap["you"]["answer"] = answer
        return snap

    def _visible(self, pin: str, index: int, quiz, reveal: dict) -> dict:
        """The stored reveal less the word-cloud entries the host hid since."""
        question = quiz.questions[index]
        if not types.kind(question).hideable:
            return reveal
        hidden = self.store.hidden_words(pin, index)
        if not hidden:
            return reveal
        return {**reveal, "distribution": types.kind(question).hide(reveal["distribution"],
                                                                    hidden)}

    @staticmethod
    def _closed(state) -> int:
        """How many questions have been closed (their results stored)."""
        shown = state.resume_phase if state.phase == "paused" else state.phase
        if shown == "finished":
            # finished from a lead-in: that question never opened
            return state.index + 1 if state.started else max(state.index, 0)
        return state.index + 1 if shown == "reveal" else max(state.index, 0)

    def results(self, pin: str) -> dict:
        """Per player: score, rank and each closed question's answer, points and time."""
        state, _raw, quiz, settings = self.service.room(pin)
        closed = self._closed(state)
        per_question = self.store.results(pin, closed)
        team_of = self.store.teams_of(pin) if settings.teams else {}
        players = []
        for entry in self.service.leaderboards.fresh(pin):
            answers = []
            for i, stored in enumerate(per_question):
                result = (stored or {}).get("players", {}).get(entry["player_id"])
                answers.append({"index": i, **(result or {"answer": None, "correct": None,
                                                          "points": 0, "response_ms": None})})
            if settings.teams:
                team = team_of.get(entry["player_id"])
                entry = {**entry, "team": settings.teams[team] if team is not None else None}
            players.append({**entry, "answers": answers})
        return {"pin": pin, "quiz": {"id": quiz.id, "title": quiz.title},
                "phase": state.phase, "questions": [
                    {"index": i, "type": q.type, "text": q.text,
                     "correct": q.correct_for_reveal()} for i, q in enumerate(quiz.questions[:closed])],
                "players": players}
