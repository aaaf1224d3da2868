"""GameService: every game action, from creating a room to the podium.

The pattern for every phase move: load the room, let the pure rules compute
the next state and its events, commit with a compare-and-set on the room's
version, then publish the events. A worker that loses the race publishes
nothing, so each move (and each broadcast) happens exactly once.
"""
from __future__ import annotations

import hmac
import json
import logging
import secrets
import threading
import time

from ..game import phases
from ..game.errors import GameError
from ..game import types
from ..game.model import Quiz, RoomState, Settings, apply_settings, deal
from ..game.nickname import clean_nickname, is_offensive, nickname_key
from ..game.answers import clean_answer
from ..game.answers import Shown
from ..game.modes import pacing, pilot, revote, selection, shuffle, teams
from ..store.rooms import ERROR_MESSAGES, RoomStore, room_identity, token_hash
from .answers import AnswerBatcher
from .leaderboards import Leaderboards
from .quizzes import RoomQuizCache
from .snapshots import Snapshots

log = logging.getLogger(__name__)
COMMIT_TRIES = 20
HEARTBEAT_MS = 2000
# fifteen missed heartbeats: the worker is gone, its sockets too. Generous, because
# marking a live but busy worker's players gone is worse than waiting: a question
# never ends before its deadline for anyone still connected anyway
DEAD_AFTER_MS = 30_000


def wall_clock_ms() -> int:
    return int(time.time() * 1000)


def _verify_host(stored_hash: str | None, host_token) -> None:
    # compared even when the room is unknown, so timing says nothing about the PIN
    stored = stored_hash or "0" * 64
    if not isinstance(host_token, str) or not hmac.compare_digest(stored,
                                                                  token_hash(host_token)):
        raise GameError("forbidden", "wrong PIN or host token")


def _fields(state: RoomState) -> dict:
    # `locked` is left out: host:lock writes it directly, without a version bump
    return {"phase": state.phase, "index": state.index, "count": state.count,
            "started": state.started, "deadline": state.deadline,
            "version": state.version, "ended": state.ended, "next_at": state.next_at,
            "resume_phase": state.resume_phase, "remaining": state.remaining,
            "paused_at": state.paused_at, "manual": "1" if state.manual else "0",
            "revote": "1" if state.revote else "0"}


def prepare_quiz(quiz: Quiz, settings: Settings, rng) -> Quiz:
    """The quiz as a room (or a challenge) plays it: the questions drawn, the host's
    overrides folded in, what each type draws once dealt, answer orders shuffled."""
    quiz = deal(apply_settings(selection.select(quiz, settings, rng), settings), rng)
    return shuffle.deal_perms(quiz, rng) if settings.shuffle_answers else quiz


class GameService:
    def __init__(self, store: RoomStore, publish, clock=wall_clock_ms, disconnect=None,
                 make_event=threading.Event, spawn=None, *, max_quiz_bytes: int = 256 * 1024,
                 max_rooms: int = 0, max_rooms_per_address: int = 0,
                 quiz_cache_bytes: int = 64 * 1024 * 1024):
        """``publish(pin, events)`` sends events; ``clock()`` gives ms since the epoch;
        ``disconnect(sid)`` closes a connection, wherever it is; ``make_event()`` and
        ``spawn(fn, *args)`` make an event and start a task in the server's async mode.
        The rest are the room-creation caps of docs/security.md (0: no room cap)."""
        self.store = store
        self.publish = publish
        self.disconnect = disconnect or (lambda sid: None)
        self.now = clock
        self.max_quiz_bytes = max_quiz_bytes
        self.max_rooms, self.max_rooms_per_address = max_rooms, max_rooms_per_address
        self.quizzes = RoomQuizCache(quiz_cache_bytes)
        self.answers = AnswerBatcher(store, make_event, *([spawn] if spawn else []))
        self.leaderboards = Leaderboards(store)
        self.snapshots = Snapshots(self)
        # latest answer count per room, sent to host and screen on the next tick:
        # at most ten updates a second instead of one per answer
        self._progress: dict[str, dict] = {}
        # connections belong to a process; when one dies another cleans up after it
        self.worker_id = secrets.token_hex(6)
        self._next_heartbeat = 0
        self.on_finished = lambda pin: None  # the leagues' hook (service/leagues.py)

    # -- loading ---------------------------------------------------------------
    def room(self, pin: str, loaded=None) -> tuple[RoomState, dict, Quiz, Settings]:
        """State, raw hash, quiz and settings; ``loaded`` is a (state, raw) already read."""
        loaded = loaded or self.store.load_state(pin)
        if loaded is None:
            raise GameError("not_found", "no room with that PIN")
        state, raw = loaded
        quiz, settings = self.quizzes.get(pin, self._load_quiz, room_identity(raw))
        return state, raw, quiz, settings

    def quiz(self, pin: str) -> tuple[Quiz, Settings]:
        """The room's quiz and settings, from this worker's cache when it can. Callers
        that hold no room hash are bound to a room this worker already checked (a seat
        joined or rejoined here), or check the identity themselves (the join script)."""
        return self.quizzes.get(pin, self._load_quiz)

    def _load_quiz(self, pin: str) -> tuple[str, str, str]:
        quiz_json, settings, identity = self.store.load_room_quiz(pin)
        if quiz_json is None or settings is None:
            raise GameError("not_found", "no room with that PIN")
        return quiz_json, settings, identity

    # -- rooms and seats -------------------------------------------------------
    def create_room(self, quiz: Quiz, settings: Settings, address: str | None = None,
                    league: str | None = None) -> tuple[str, str]:
        """A new room for ``address`` (an ``address_key``): its PIN and host token.
        None: a caller on the server itself, held only to the server-wide cap."""
        # what a room draws once (the order items are sent in) is stored with its quiz:
        # the same for every player, worker and restart
        quiz = prepare_quiz(quiz, settings, secrets.SystemRandom())
        # UTF-8 as sent, not \u escapes: an emoji is 4 bytes stored, not 12
        quiz_json = json.dumps(quiz.to_json(), separators=(",", ":"), ensure_ascii=False)
        size = len(quiz_json.encode())
        if size > self.max_quiz_bytes:
            raise GameError("quiz_too_large",
                            f"this quiz takes {-(-size // 1024)} kB stored; a quiz may take at "
                            f"most {self.max_quiz_bytes // 1024} kB (fewer or shorter "
                            "questions)", size=size, limit=self.max_quiz_bytes)
        host_token = secrets.token_urlsafe(24)
        fields = {"phase": "lobby", "index": -1, "count": len(quiz.questions), "started": 0,
                  "deadline": 0, "version": 0, "ended": 0, "locked": "0", "seq": 0,
                  "created": self.now(), "rid": secrets.token_hex(8),
                  "host": token_hash(host_token), "max_players": settings.max_players,
                  "late_join": "1" if settings.late_join else "0",
                  "next_at": settings.auto_start_at,
                  "settings": json.dumps(settings.to_json())}
        if league:  # the season league this game counts toward (service/leagues.py)
            fields["league"] = league
        for _ in range(50):
            pin = str(100000 + secrets.randbelow(900000))
            if self.store.create_room(pin, quiz_json, fields, address or "-", self.max_rooms,
                                      self.max_rooms_per_address if address else 0):
                if settings.auto_start_at:
                    self.store.schedule(pin, settings.auto_start_at)
                return pin, host_token
        raise GameError("unavailable", "could not find a free PIN; try again")

    def check_host(self, pin: str, host_token) -> None:
        """Constant-time token check; an unknown PIN answers exactly like a wrong token."""
        _verify_host(self.store.host_hash(pin), host_token)

    def _host_room(self, pin: str, host_token) -> tuple[RoomState, dict]:
        """The room, read once for both the host check and the move. Every host
        action takes the host's token and checks it here or with ``check_host``
        (None: the caller is trusted, as in tests and the ticker)."""
        loaded = self.store.load_state(pin)
        if host_token is not None:
            _verify_host(loaded[1].get("host") if loaded else None, host_token)
        if loaded is None:
            raise GameError("not_found", "no room with that PIN")
        return loaded

    def join(self, pin: str, raw_nickname, sid: str) -> dict:
        seat = self.seat_player(pin, raw_nickname, sid)[0]
        seat.pop("players")
        return seat

    def seat_player(self, pin: str, raw_nickname, sid: str, team=None,
                    gate=None) -> tuple[dict, tuple]:
        """Seat a new player: the seat, and the room's (state, raw hash) right after.
        ``team``: the team name asked for in a team room (None: balanced).
        ``gate``: the address checks (``limits.Gate``) the join script makes first."""
        nickname = clean_nickname(raw_nickname)
        player_id, token = secrets.token_hex(8), secrets.token_urlsafe(24)
        for fresh in (False, True):
            if fresh:  # the cached room was an expired one under the same PIN
                self.quizzes.forget(pin)
            settings = self.quiz(pin)[1]
            if settings.profanity_filter and is_offensive(nickname):
                raise GameError("bad_nickname", "that nickname is not allowed here; pick another")
            wanted = teams.pick(settings.teams, team)
            try:
                count, loaded = self.store.join(
                    pin, player_id, nickname, nickname_key(nickname), token, self.now(), sid,
                    self.worker_id, gate.script_args() if gate and not gate.spent else None,
                    rid=self.quizzes.identity(pin) or "", team=wanted,
                    teams=len(settings.teams))
                break
            except GameError as exc:
                if exc.code != "stale" or fresh:
                    raise
        seat = {"player_id": player_id, "player_token": token, "nickname": nickname}
        joined = {"player_id": player_id, "nickname": nickname}
        if settings.teams:
            seat["team"] = joined["team"] = settings.teams[self.store.team_of(pin, player_id)]
        self.publish(pin, [phases.Event("lobby:update", {"joined": joined, "players": count},
                                        phases.WATCHERS)])
        seat["players"] = count
        return seat, loaded

    def rejoin(self, pin: str, token: str, sid: str) -> dict:
        try:
            return self.store.attach(pin, token, sid, self.worker_id)
        except GameError as exc:
            if exc.code == "not_found":  # say nothing about whether the PIN exists
                raise GameError("bad_token", ERROR_MESSAGES["bad_token"])
            raise

    def leave(self, pin: str, player_id: str, sid: str, worker_id: str | None = None) -> None:
        """A connection of the player closed; may end a question nobody is left to answer."""
        phase, index, waiting = self.store.detach(pin, player_id, sid,
                                                  worker_id or self.worker_id)
        if phase == "question" and waiting == 0:
            self._close_if(pin, index)

    def kick(self, pin: str, player_id: str, ban: bool = False, host_token=None) -> None:
        if host_token is not None:
            self.check_host(pin, host_token)
        found = self.store.remove_player(pin, player_id, ban)
        if found is None:
            raise GameError("not_found", "no such player in this room")
        removed, sids = found
        if "team" in removed:  # the next balanced join sees the team one smaller
            self.store.team_left(pin, removed["team"])
        self.publish(pin, [
            phases.Event("player:kicked", {"player_id": player_id, "banned": ban},
                         ("player", player_id)),
            phases.Event("lobby:update", {"left": {"player_id": player_id,
                                                   "nickname": removed["nickname"]},
                                          "players": self.store.player_count(pin)},
                         phases.WATCHERS)])
        # after player:kicked, on the same channel: the phone reads it, then the socket
        # closes, so a client that ignores the event gets no further broadcasts either
        for sid in sids:
            self.disconnect(sid)

    def lock(self, pin: str, locked: bool, host_token=None) -> None:
        if host_token is not None:
            self.check_host(pin, host_token)
        self.store.set_locked(pin, locked)
        self.publish(pin, [phases.Event("lobby:update", {"locked": locked}, phases.WATCHERS)])

    def hide_word(self, pin: str, index: int, word: str, host_token=None) -> list:
        """Take one entry off the word cloud of the question being revealed."""
        state, raw, quiz, _settings = self.room(pin, self._host_room(pin, host_token))
        if state.phase != "reveal" or state.index != index:
            raise GameError("bad_phase", f"question {index} is not being revealed")
        kind = types.kind(quiz.questions[index])
        stored = self.snapshots.closed_results(pin, index, room_identity(raw))
        shown = kind.hide(stored["reveal"]["distribution"] if stored else [], set())
        if not kind.shows_entry(shown, word):
            raise GameError("not_found", "that word is not in the cloud")
        visible = kind.hide(shown, self.store.hide_word(pin, index, word))
        self.publish(pin, [phases.Event(kind.update_event,
                                        {"index": index, "distribution": visible})])
        return visible

    # -- answers ---------------------------------------------------------------
    def answer(self, pin: str, player_id: str, index: int, value) -> dict:
        now = self.now()  # measured on arrival, before any waiting on Redis
        quiz = self.quiz(pin)[0]  # cached: the answer script is the one Redis round trip
        if not 0 <= index < len(quiz.questions):
            raise GameError("not_accepting", f"there is no question {index}")
        # a shuffled phone answers in its own order: graded and stored in the pack's
        answer = shuffle.to_pack(quiz.questions[index], player_id,
                                 clean_answer(quiz.questions[index], value))
        stored = self.answers.submit(pin, index, player_id, now, answer)
        self._progress[pin] = {"index": index, "answered": stored.answered,
                               "players": stored.players}
        if stored.closes:
            self._close_if(pin, index)
        return {"index": index, "response_ms": stored.response_ms}

    # -- phase moves -----------------------------------------------------------
    def start(self, pin: str, host_token=None) -> None:
        loaded = self._host_room(pin, host_token)
        if loaded[0].phase == "lobby" and not self.store.player_count(pin):
            raise GameError("no_players", "wait for at least one player to join")
        self._move(pin, "start", loaded)

    def joined(self, pin: str, players: int, loaded) -> tuple | None:
        """After a join is bound to its connection (so the new player hears the start
        too): start the game if the room's ``auto_start`` count is reached. The room as
        the new player should see it: ``loaded``, or None to read it again."""
        settings = self.quiz(pin)[1]
        if not (settings.auto_start_players and players >= settings.auto_start_players
                and loaded[0].phase == "lobby"):
            return loaded
        try:
            self._move(pin, "start")
        except GameError as exc:  # someone else started it first
            log.debug("auto start of %s: %s", pin, exc.code)
        return None

    def pause(self, pin: str, host_token=None) -> None:
        self._move(pin, "pause", self._host_room(pin, host_token))

    def resume(self, pin: str, host_token=None, manual: bool = False) -> None:
        """``manual``: the host takes back control (no more auto-advance)."""
        self._move(pin, "resume", self._host_room(pin, host_token), manual=manual)

    def revote(self, pin: str, host_token=None) -> None:
        """End the open question's first vote and show its spread (peer instruction)."""
        loaded = self._host_room(pin, host_token)
        for _ in range(COMMIT_TRIES):
            state, _raw, quiz, settings = self.room(pin, loaded)
            loaded = None
            _players, answers, _streaks = self.store.closing_snapshot(pin, max(state.index, 0))
            shown = Shown(settings.profanity_filter, settings.show_typed_answers)
            new, payload = revote.discuss(state, quiz, answers, shown, self.now())
            outcome = self.store.end_first_vote(pin, state.index, state.version, _fields(new),
                                                len(answers))
            if outcome == 1:
                self._progress.pop(pin, None)
                self.publish(pin, [phases.Event("question:spread", payload)])
                return
            if outcome == 0:
                raise GameError("stale", "the question closed meanwhile; look again",
                                index=state.index, phase=state.phase)
        raise GameError("unavailable", "the room is too busy; try again")

    def next(self, pin: str, host_token=None, seen: tuple[int, str] | None = None) -> None:
        """``seen``: the (index, phase) the host acts on; see ``phases.host_move``."""
        loaded = self._host_room(pin, host_token)
        self._move(pin, phases.host_move(loaded[0], "next", seen), loaded)

    def end(self, pin: str, host_token=None, seen: tuple[int, str] | None = None) -> None:
        loaded = self._host_room(pin, host_token)
        state = loaded[0]
        phases.host_move(state, "end", seen)
        if state.phase == "paused":  # ending scores what was open, as if resumed first
            self._move(pin, "resume", loaded)
            loaded = self.store.load_state(pin)
            state = loaded[0]
        if state.phase == "question":
            self._close_if(pin, state.index, loaded)
            loaded = None  # closing moved the room on: read it again
        self._move(pin, "finish", loaded)

    def heartbeat(self) -> int:
        """Every few seconds: say we are alive, and mark a dead worker's players gone."""
        now = self.now()
        if now < self._next_heartbeat:
            return 0
        self._next_heartbeat = now + HEARTBEAT_MS
        reaped = 0
        for worker in self.store.heartbeat(self.worker_id, now, DEAD_AFTER_MS):
            for pin, sid, player_id in self.store.worker_connections(worker):
                try:
                    self.leave(pin, player_id, sid, worker)
                    reaped += 1
                except GameError:
                    continue
            self.store.forget_worker(worker)
            log.info("worker %s went silent; %d of its connections marked gone", worker, reaped)
        return reaped

    def flush_progress(self) -> None:
        """Send each room's latest answer count (called by the ticker)."""
        pending, self._progress = self._progress, {}
        for pin, payload in pending.items():
            self.publish(pin, [phases.Event("question:progress", payload, phases.WATCHERS)])

    def tick(self) -> int:
        """Close every question whose deadline has passed; safe on every worker at once."""
        self.flush_progress()
        self.heartbeat()
        moved = 0
        for pin in self.store.due_rooms(self.now()):
            try:
                loaded = self.store.load_state(pin)
                if loaded is None or pilot.timer(loaded[0]) is None:
                    self.store.drop_deadline(pin)
                    continue
                move = pilot.due_move(loaded[0], self.now())
                if move == "close":
                    moved += self._close_if(pin, loaded[0].index, loaded)
                elif move == "start" and not self.store.player_count(pin):
                    continue  # an auto start with nobody there waits for the first player
                elif move is not None:
                    moved += self._move(pin, move, loaded)
            except GameError:
                continue
        return moved

    def _move(self, pin: str, move: str, loaded=None, manual: bool = False) -> bool:
        """Commit ``move`` once; if someone else moved the room first, that counts.
        ``loaded``: the room as just read, for the first try. True if this call moved it."""
        first = None
        for _ in range(COMMIT_TRIES):
            state, raw, quiz, settings = self.room(pin, loaded)
            loaded = None
            if first is None:
                first = (state.phase, state.index)
            elif (state.phase, state.index) != first:
                return False  # another worker (or the ticker) already made this move
            now = self.now()
            if move == "close":
                return self._close_if(pin, state.index)
            new, events = phases.move(move, state, quiz, settings, now, manual)
            # answers open: every connected player is waited for (not on a resume,
            # which keeps who has answered)
            opens = new.phase == "question" and state.phase != "paused"
            if self.store.commit(pin, state.version, _fields(new), deadline=pilot.timer(new),
                                 open_question=opens) == 1:
                if move == "finish":
                    last = state.index if state.phase == "reveal" else state.index - 1
                    board = self.team_board(pin, raw, last) if settings.teams else None
                    events.append(phases.game_over_event(
                        self.leaderboards.fresh(pin),
                        (board or teams.board(settings.teams, [], [0] * len(settings.teams),
                                              {})) if settings.teams else None))
                    self.on_finished(pin)
                self.publish(pin, events)
                return True
        raise GameError("unavailable", "the room is too busy; try again")

    def _teams(self, pin: str, raw: dict, settings: Settings, index: int):
        """Team rooms: each player's team, and the team scores before question ``index``."""
        if not settings.teams:
            return None, None
        return self.store.teams_of(pin), teams.totals(self.team_board(pin, raw, index - 1),
                                                      len(settings.teams))

    def team_board(self, pin: str, raw: dict, index: int) -> list | None:
        """The team board stored with question ``index``'s results (None before any)."""
        stored = self.snapshots.closed_results(pin, index, room_identity(raw)) \
            if index >= 0 else None
        return (stored or {}).get("reveal", {}).get("teams")

    def _close_if(self, pin: str, index: int, loaded=None) -> bool:
        """Close question ``index`` if it is still open. True if this call closed it."""
        for _ in range(COMMIT_TRIES):
            state, raw, quiz, settings = self.room(pin, loaded)
            loaded = None
            if state.phase != "question" or state.index != index:
                return False
            players, answers, streaks = self.store.closing_snapshot(pin, index)
            team_of, before = self._teams(pin, raw, settings, index)
            first = self.store.first_vote(pin, index) if state.revote else None
            now = self.now()
            new, results, events = phases.close(state, quiz, settings, players, answers,
                                                streaks, now, team_of, before, first)
            stored = {"reveal": events[0].payload,
                      "players": {pid: r.to_json() for pid, r in results.items()}}
            if first is not None:  # the first vote is kept in the results, unscored
                for pid, entry in stored["players"].items():
                    entry["first_answer"] = first[pid][0] if pid in first else None
            outcome = self.store.commit(
                pin, state.version, _fields(new), deadline=pilot.timer(new),
                expected_answers=len(answers),
                index=index, deltas={pid: r.points for pid, r in results.items() if r.points},
                streaks={pid: r.streak for pid, r in results.items()}, results=stored)
            if outcome == 0:
                return False
            if outcome == 1:
                self._progress.pop(pin, None)  # question:end carries the final count
                # the broadcast, not the stored reveal: pages count down to next_at on
                # the server's clock, and a snapshot brings its own server_time
                events[0] = phases.Event("question:end",
                                         {**events[0].payload, "server_time": now})
                entries = self.leaderboards.fresh(
                    pin, streaks={**streaks, **{pid: r.streak for pid, r in results.items()}})
                events += phases.result_events(index, results, entries)
                if pacing.shows_leaderboard(settings, index, state.count):
                    events.append(phases.leaderboard_event(entries))
                self.publish(pin, events)
                return True
            # -1: an answer arrived while we scored; score again with it
        raise GameError("unavailable", "the room is too busy; try again")
