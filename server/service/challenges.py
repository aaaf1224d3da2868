"""Self-paced challenges: a quiz each player plays alone, on their own clock, until
the challenge closes.

Each request loads the player's run, lets the rules (``game.selfpaced``) compute the
change and commits it only if the run did not move meanwhile; a commit that loses
reads again. So one answer per question counts however many processes serve the
phone, a late answer never does, and a restarted server finds every clock where it
was. A challenge's results use the live game's shapes: the results report (CSV and
JSON exports), a review ``Played`` per player, and a league's ``record_game``.
"""
from __future__ import annotations

import dataclasses
import json
import secrets
import time

from ..game import selfpaced, types
from ..game.errors import GameError
from ..game.modes import shuffle
from ..game.nickname import clean_nickname, is_offensive, nickname_key
from ..game.answers import clean_answer
from ..game.model import Quiz, Settings
from ..store.challenges import KICKED, KICKED_MESSAGE, ChallengeStore
from ..store.rooms import token_hash
from .challenge_host import ChallengeHost, rank as _rank, reveal_of as _reveal
from .game import prepare_quiz
from .quizzes import RoomQuizCache
from .review import Played, outcome

# no 0/O, 1/I/L: a code is read off a projector and typed on a phone
CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
CODE_LENGTH = 8
BOARD_SIZE = 10
TRIES = 20
# the host may lock or close a challenge: another process sees it within this long on
# the pages; joins, opens and answers read it in their scripts, so they see it at once
META_TTL_S = 1.0


def _forbidden():
    return GameError("forbidden", "that is not a player token of this challenge")


class ChallengeService:
    def __init__(self, store: ChallengeStore, clock, leagues=None,
                 max_quiz_bytes: int = 256 * 1024, max_challenges: int = 0,
                 max_per_address: int = 0):
        self.store = store
        self.now = clock
        self.leagues = leagues
        self.max_quiz_bytes = max_quiz_bytes
        self.max_challenges, self.max_per_address = max_challenges, max_per_address
        self.quizzes = RoomQuizCache(32 * 1024 * 1024)
        self._meta: dict[str, tuple[dict, float]] = {}  # code -> (hash, read at)
        self.host = ChallengeHost(self)  # progress, results, kick, lock, close, closing

    # -- the host's side
    def create(self, quiz: Quiz, settings: Settings, closes: int, owner: str | None = None,
               league: str | None = None, address: str | None = None,
               reveal: str = "each") -> dict:
        # a challenge's phone is its only screen: it shows the question's picture
        settings = dataclasses.replace(settings, show_images_on_devices=True)
        quiz = prepare_quiz(quiz, settings, secrets.SystemRandom())
        quiz_json = json.dumps(quiz.to_json(), separators=(",", ":"), ensure_ascii=False)
        if len(quiz_json.encode()) > self.max_quiz_bytes:
            raise GameError("quiz_too_large", f"a quiz may take at most "
                            f"{self.max_quiz_bytes // 1024} kB stored")
        host_token = secrets.token_urlsafe(24)
        fields = {"title": quiz.title, "count": len(quiz.questions), "closes": closes,
                  "created": self.now(), "host": token_hash(host_token), "owner": owner or "",
                  "league": league or "", "max_players": settings.max_players,
                  "settings": json.dumps(settings.to_json()), "reveal": reveal}
        for _ in range(10):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if self.store.create(code, fields, quiz_json, address or "-", self.max_challenges,
                                 self.max_per_address if address else 0):
                return {"code": code, "host_token": host_token, "closes": closes,
                        "reveal": reveal}
        raise GameError("unavailable", "could not find a free challenge code; try again")

    def check_host(self, code: str, host_token) -> dict:
        meta = self.store.meta(code)
        stored = (meta or {}).get("host") or "0" * 64
        if not isinstance(host_token, str) or not secrets.compare_digest(
                stored, token_hash(host_token)) or meta is None:
            raise GameError("forbidden", "wrong challenge code or host token")
        return meta

    def load(self, code: str, fresh: bool = False) -> tuple[dict, Quiz, Settings]:
        cached = self._meta.get(code)
        if fresh or cached is None or time.monotonic() - cached[1] > META_TTL_S:
            meta = self.store.meta(code)
            if meta is None:
                self._meta.pop(code, None)
                raise GameError("not_found", "no challenge with that code")
            if len(self._meta) >= 4096:
                self._meta.clear()
            self._meta[code] = (meta, time.monotonic())
        else:
            meta = cached[0]

        def loader(_key):
            return self.store.quiz_json(code) or "{}", meta["settings"], meta["created"]
        quiz, settings = self.quizzes.get(f"ch:{code}", loader, meta["created"])
        return meta, quiz, settings

    def quiz(self, code: str) -> Quiz:
        """The quiz as this challenge plays it (drawn and dealt at creation)."""
        return self.load(code)[1]

    def about(self, code: str) -> dict:
        """What the join page shows before a nickname is picked."""
        meta, quiz, settings = self.load(code)
        league = None
        if meta.get("league") and self.leagues:
            found = self.leagues.store.find(meta["league"])
            league = {"id": found["id"], "name": found["name"]} if found else None
        closes = int(meta["closes"])
        return {"code": code, "title": quiz.title, "description": quiz.description,
                "count": len(quiz.questions), "closes": closes,
                "closed": self.now() > closes, "scoring": settings.scoring, "league": league,
                "locked": meta.get("locked") == "1", "reveal": _reveal(meta)}

    def results(self, code: str) -> dict:
        return self.host.results(code)

    def tick(self) -> int:
        return self.host.tick()

    # -- the player's side
    def join(self, code: str, raw_nickname, league_token=None) -> dict:
        meta, _quiz, settings = self.load(code)
        nickname = clean_nickname(raw_nickname)
        if settings.profanity_filter and is_offensive(nickname):
            raise GameError("bad_nickname", "that nickname is not allowed here; pick another",
                            field="nickname")
        player_id, token = secrets.token_hex(8), secrets.token_urlsafe(24)
        player = {"nickname": nickname, "key": nickname_key(nickname), "joined": self.now()}
        league, issued = None, None
        if meta.get("league") and self.leagues:
            member_id, member, issued = self.leagues.member(meta["league"], nickname,
                                                             league_token)
            player.update(nickname=member["nickname"], key=member["key"], member=member_id)
            league = {"id": meta["league"], "member_id": member_id,
                      "nickname": member["nickname"]}
            if issued:
                league.update(token=issued[0], recovery_code=issued[1])
        try:
            self.store.join(code, player_id, player, token, self.now(), int(meta["closes"]))
        except GameError:
            if issued:
                self.leagues.store.release(meta["league"], league["member_id"], member, *issued)
            raise
        out = {"player_id": player_id, "player_token": token, "nickname": player["nickname"]}
        return {**out, "league": league} if league else out

    def _player(self, code: str, token) -> tuple[str, "selfpaced.Run"]:
        """The token's player id and run: a player request's two reads."""
        pid = self.store.player_id(code, token) if isinstance(token, str) else None
        if pid == KICKED:
            raise GameError("kicked", KICKED_MESSAGE)
        run = self.store.run(code, pid) if pid else None
        if run is None:
            raise _forbidden()
        return pid, run

    def view(self, code: str, token) -> dict:
        """Where the player is: what their phone draws after any (re)load."""
        pid, run = self._player(code, token)
        return self._view(code, pid, run)

    def _view(self, code: str, pid: str, run) -> dict:
        meta, quiz, settings = self.load(code)
        now = self.now()
        if selfpaced.timed_out(run, now):
            run = self._settle(code, pid, quiz, settings, run.index, None)[0]
        count = len(quiz.questions)
        shown = self._shown(meta)
        out = {"code": code, "title": quiz.title, "nickname": run.nickname,
               "count": count, "closes": int(meta["closes"]), "server_time": now,
               "where": selfpaced.where(run, count, now), "score": run.score if shown else None,
               "streak": run.streak if shown else None, "next": run.index + 1,
               "reveal": _reveal(meta), "revealed": shown}
        if out["where"] == "question":
            out["question"] = self._question(quiz, pid, run, now)
        if run.index >= 0 and run.settled:
            stored = self.store.runs(code, [pid])[pid][1].get(run.index)
            out["result"] = self._result(quiz, run, run.index, stored, shown)
        if out["where"] == "finished" and shown:
            out["board"] = self.board(code, pid)
        return out

    def open(self, code: str, token, index: int) -> dict:
        """Open question ``index`` on the player's own clock (again: the same one)."""
        pid, run = self._player(code, token)
        meta, quiz, settings = self.load(code)
        for _ in range(TRIES):
            now = self.now()
            if run.index == index and not run.settled and now <= run.deadline:
                return self._view(code, pid, run)  # a reload or a retry: the clock runs on
            if selfpaced.timed_out(run, now):
                run = self._settle(code, pid, quiz, settings, run.index, None)[0]
                continue
            problem = selfpaced.can_open(run, index, len(quiz.questions), now,
                                         int(meta["closes"]))
            if problem:
                raise GameError(problem, OPEN_PROBLEMS[problem])
            new = selfpaced.opened(run, index, quiz.questions[index], now)
            reply = self.store.commit(code, pid, run, new, now, check="open")
            if reply == "closed":
                raise GameError("closed", OPEN_PROBLEMS["closed"])
            if reply == "ok":
                # what the phone needs to draw the question, without reading it all back
                shown = self._shown(meta)
                return {"code": code, "where": "question", "score": new.score if shown else None,
                        "streak": new.streak if shown else None, "next": index + 1,
                        "server_time": now, "closes": int(meta["closes"]),
                        "count": len(quiz.questions), "nickname": run.nickname,
                        "question": self._question(quiz, pid, new, now)}
            run = self.store.run(code, pid)
        raise GameError("unavailable", "the challenge is busy; try again")

    def answer(self, code: str, token, index: int, value) -> dict:
        """Grade and keep the player's one answer; ``value`` None once time is up asks
        for the question's result. Returns the result the phone shows."""
        pid, run = self._player(code, token)
        meta, quiz, settings = self.load(code)
        if index != run.index:
            raise GameError("not_accepting", "that question is not open for you")
        question = quiz.questions[index]
        if value is not None:
            answer = shuffle.to_pack(question, pid, clean_answer(question, value))
        elif not run.settled and self.now() <= run.deadline \
                and types.kind(question).takes_answers:
            raise GameError("bad_request", "answer: null only once time is up (or on a "
                            "slide, which takes no answer)", field="answer")
        else:
            answer = None
        run, stored = self._settle(code, pid, quiz, settings, index, answer, run)
        return self._result(quiz, run, index, stored, self._shown(meta))

    def _settle(self, code, pid, quiz, settings, index, answer, run=None):
        """Commit question ``index``'s result once: the answer given in time, or none.
        Returns the run and the stored result (whoever stored it); ``too_late`` for an
        answer that came after the player's deadline (the question is settled without it)."""
        sent, late = answer is not None, False
        for _ in range(TRIES):
            run = run or self.store.run(code, pid)
            if run.index != index:
                raise GameError("not_accepting", "that question is not open for you")
            if run.settled:
                stored = self.store.runs(code, [pid])[pid][1].get(index)
                answered = bool(stored and stored["answer"] is not None)
                if sent:
                    raise GameError("already_answered" if answered and not late
                                    else "too_late", SETTLED[answered and not late])
                return run, stored
            now = self.now()
            if answer is not None and now > run.deadline:
                late, answer = True, None
            new, result = selfpaced.settle(run, quiz.questions[index], settings, answer, now,
                                           len(quiz.questions))
            reply = self.store.commit(code, pid, run, new, now,
                                      check="answer" if answer is not None else "",
                                      result=(index, result.to_json()))
            if reply == "ok":
                if late:
                    raise GameError("too_late", "time is up for that question")
                return new, result.to_json()
            if reply == "too_late":  # the deadline passed on the way: settle it unanswered
                late, answer = True, None
            run = None  # moved meanwhile: read it again
        raise GameError("unavailable", "the challenge is busy; try again")

    def _question(self, quiz: Quiz, pid: str, run, now: int) -> dict:
        question = quiz.questions[run.index]
        payload = {"index": run.index, "count": len(quiz.questions), **question.public(),
                   "deadline": run.deadline, "server_time": now}
        return shuffle.for_player(payload, question, pid)

    def _shown(self, meta: dict) -> bool:
        return selfpaced.revealed(_reveal(meta), int(meta["closes"]), self.now())

    @staticmethod
    def _result(quiz: Quiz, run, index: int, stored: dict | None, shown: bool) -> dict:
        question = quiz.questions[index]
        kind = types.kind(question)
        mine = stored or {}
        if not shown:  # at_close: nothing that tells right from wrong, not even points
            return {"index": index, "received": True, "revealed": False,
                    "answer": kind.export(question, mine.get("answer")),
                    "response_ms": mine.get("response_ms"),
                    "last": index + 1 >= len(quiz.questions)}
        return {"index": index, "outcome": outcome(question, stored),
                "correct": mine.get("correct"), "points": mine.get("points", 0),
                "response_ms": mine.get("response_ms"), "score": run.score,
                "streak": run.streak, "answer": kind.export(question, mine.get("answer")),
                "right": kind.right_answer(question), "explanation": question.explanation,
                "last": index + 1 >= len(quiz.questions)}

    def board(self, code: str, pid: str | None = None) -> dict:
        """The top ten, and the player's own place."""
        players = self.store.players(code)
        top = [{"player_id": p, "nickname": players.get(p, {}).get("nickname", "?"),
                "score": s} for p, s in self.store.board(code, BOARD_SIZE)]
        _rank(top)
        out = {"entries": top, "players": len(players)}
        if pid is not None:
            run = self.store.run(code, pid)
            out["you"] = {"score": run.score, "rank": self.store.rank(code, run.score)}
        return out

    def finished_board(self, code: str, token) -> dict:
        """Players see the challenge's board once they have finished it."""
        pid, run = self._player(code, token)
        meta, quiz, _settings = self.load(code)
        if selfpaced.where(run, len(quiz.questions), self.now()) != "finished":
            raise GameError("not_finished", "finish the challenge to see its leaderboard")
        self._check_revealed(meta)
        return self.board(code, pid)

    def _check_revealed(self, meta: dict) -> None:
        if not self._shown(meta):
            raise GameError("not_revealed", "results, answers and explanations show when "
                            "the challenge closes", closes=int(meta["closes"]))

    def played(self, code: str, token) -> Played:
        """One player's side of the challenge, for review, practice and flashcards."""
        pid, _run = self._player(code, token)
        meta, quiz, _settings = self.load(code)
        self._check_revealed(meta)
        run, results = self.store.runs(code, [pid])[pid]
        settled = run.index + 1 if run.settled else run.index
        return Played(key=f"challenge:{code}", title=quiz.title, nickname=run.nickname,
                      quiz=quiz, results=[results.get(i) for i in range(max(settled, 0))],
                      finished=bool(run.finished),
                      expires_ms=self.store.expire_at(int(meta["closes"])),
                      ended_ms=run.finished or self.now())


OPEN_PROBLEMS = {
    "finished": "you have played every question of this challenge",
    "stale": "that is not your next question",
    "still_open": "answer the open question first",
    "closed": "this challenge has closed",
}
SETTLED = {True: "you have already answered this question",
           False: "time is up for that question"}
