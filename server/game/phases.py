"""Phase moves: lobby -> question -> reveal -> question ... -> finished.

Each move takes the room state, the quiz and ``now`` and returns the new state
and the events to broadcast. Nothing here knows who broadcasts or stores them.
"""
from __future__ import annotations

from dataclasses import dataclass

from .answers import Shown, distribution
from .errors import GameError
from .leaderboard import PODIUM, TOP
from .model import Quiz, RoomState, Settings
from .modes import pacing, pilot, revote, shuffle, teams
from .scoring import PlayerResult, score_question

ROOM = "room"          # everyone in the room: players, host, screens
WATCHERS = "watchers"  # host and screens only


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict
    to: object = ROOM  # ROOM, WATCHERS or ("player", player_id)


def question_payload(state: RoomState, quiz: Quiz, now: int) -> dict:
    question = quiz.questions[state.index]
    payload = {"index": state.index, "count": state.count, **question.public(),
               "deadline": state.deadline, "server_time": now}
    if shuffle.perms(question):
        payload["perms"] = shuffle.perms(question)
    return payload


def _open(state: RoomState, quiz: Quiz, index: int, now: int, settings: Settings = Settings()):
    """Show question ``index``: after the room's lead-in, if it has one."""
    question = quiz.questions[index]
    if settings.lead_in:
        new = state.replace(phase="lead_in", index=index, started=0, next_at=0,
                            deadline=now + settings.lead_in * 1000, version=state.version + 1)
        return new, [Event("question:ready", pilot.ready_payload(new, question, now))]
    return _answers(state.replace(index=index), quiz, now)


def _answers(state: RoomState, quiz: Quiz, now: int):
    """Answers open now: response times count from here."""
    question = quiz.questions[state.index]
    new = state.replace(phase="question", started=now, next_at=0, revote=False,
                        deadline=now + question.time_limit_ms, version=state.version + 1)
    return new, [Event("question:start", question_payload(new, quiz, now))]


def open_answers(state: RoomState, quiz: Quiz, now: int):
    """The lead-in is over (or the host skipped it)."""
    if state.phase != "lead_in":
        raise GameError("bad_phase", "no question is getting ready")
    return _answers(state, quiz, now)


def next_move(state: RoomState) -> str:
    """What ``host:next`` means in this phase: start, close, open or finish."""
    if state.phase == "lobby":
        return "start"
    if state.phase == "lead_in":
        return "open_answers"
    if state.phase == "paused":
        raise GameError("bad_phase", "the game is paused; resume it first")
    if state.phase == "discuss":
        return "reopen"
    if state.phase == "break":
        return "open"
    if state.phase == "question":
        return "close"
    if state.phase == "reveal":
        return "open" if state.index + 1 < state.count else "finish"
    raise GameError("bad_phase", "the game is over")


def host_move(state: RoomState, action: str, seen: tuple[int, str] | None = None) -> str:
    """The move ``host:next`` or ``host:end`` makes now. ``seen`` is the (index, phase)
    the host was looking at when it clicked: the room may have moved on since (the
    last answer or the deadline closed the question, or a second click got there
    first), and then the click meant something else, so it is refused as stale
    rather than, say, opening the next question before anyone saw the reveal.
    ``seen`` None: a client that names nothing gets today's meaning."""
    if seen is not None and seen != (state.index, state.phase):
        raise GameError("stale", f"the room has moved on (now {state.phase}, question "
                                 f"{state.index + 1}); look again before acting",
                        index=state.index, phase=state.phase)
    if action == "next":
        return next_move(state)
    if state.phase == "finished":
        raise GameError("bad_phase", "the game is already over")
    return "finish"


def start(state: RoomState, quiz: Quiz, now: int, settings: Settings = Settings()):
    if state.phase != "lobby":
        raise GameError("bad_phase", "the game has already started")
    return _open(state, quiz, 0, now, settings)


def open_next(state: RoomState, quiz: Quiz, now: int, settings: Settings = Settings()):
    """The next question; at the end of a round with ``break_seconds``, a break first."""
    if state.phase not in ("reveal", "break") or state.index + 1 >= state.count:
        raise GameError("bad_phase", "there is no next question to open")
    if state.phase == "reveal" and pacing.takes_break(settings, state.index, state.count):
        ends = now + settings.break_seconds * 1000
        new = state.replace(phase="break", deadline=ends, next_at=0, version=state.version + 1)
        return new, [Event("game:break", {"index": state.index, "ends_at": ends,
                                          "seconds": settings.break_seconds,
                                          "server_time": now})]
    return _open(state, quiz, state.index + 1, now, settings)


def move(name: str, state: RoomState, quiz: Quiz, settings: Settings, now: int,
         manual: bool = False):
    """Every move but closing a question, by name: (new state, events)."""
    if name == "start":
        return start(state, quiz, now, settings)
    if name == "open":
        return open_next(state, quiz, now, settings)
    if name == "open_answers":
        return open_answers(state, quiz, now)
    if name == "reopen":
        new = revote.reopen(state, quiz, now)
        payload = question_payload(new, quiz, now)
        return new, [Event("question:start", {**payload, "revote": True})]
    if name == "finish":
        return finish(state, now)
    if name == "pause":
        new, payload = pilot.pause(state, now)
        return new, [Event("game:paused", payload)]
    if name == "resume":
        new, payload = pilot.resume(state, now, manual)
        return new, [Event("game:resumed", payload)]
    raise ValueError(name)


def is_due(state: RoomState, now: int) -> bool:
    return pilot.due_move(state, now) is not None


def close(state: RoomState, quiz: Quiz, settings: Settings, player_ids, answers: dict,
          streaks: dict, now: int, team_of: dict | None = None,
          team_before: list | None = None, first_vote: dict | None = None
          ) -> tuple[RoomState, dict[str, PlayerResult], list[Event]]:
    """End the open question: score everyone and reveal the answer. Team rooms:
    ``team_of`` maps each player to a team, ``team_before`` the teams' scores so far."""
    if state.phase != "question":
        raise GameError("bad_phase", "no question is open")
    question = quiz.questions[state.index]
    results = score_question(question, player_ids, answers, streaks, settings.streak_bonus,
                             settings.scoring == "accuracy")
    new = state.replace(phase="reveal", version=state.version + 1,
                        next_at=pilot.reveal_timer(state, settings, now))
    given = [answer for answer, _t in answers.values()]
    shown = Shown(settings.profanity_filter, settings.show_typed_answers)
    reveal = {"index": state.index, "correct": question.correct_for_reveal(),
              "distribution": distribution(question, given, shown), "answered": len(given),
              "explanation": question.explanation, "next_at": new.next_at}
    if state.revote:  # peer instruction: how the room moved between the two votes
        reveal["revote"] = revote.compare(question, first_vote or {}, answers, shown)
    if settings.teams:
        team_of = {pid: t for pid, t in (team_of or {}).items() if pid in results}
        points = teams.question_points(team_of, {p: r.points for p, r in results.items()},
                                       len(settings.teams))
        reveal["teams"] = teams.board(settings.teams, team_before or [], points, team_of)
    return new, results, [Event("question:end", reveal)]


def finish(state: RoomState, now: int):
    if state.phase == "finished":
        raise GameError("bad_phase", "the game is already over")
    if state.phase in ("question", "paused"):
        raise GameError("bad_phase", "close the open question first" if state.phase != "paused"
                        else "the game is paused; resume it first")
    return state.replace(phase="finished", ended=now, next_at=0,
                         version=state.version + 1), []


def result_events(index: int, results: dict[str, PlayerResult], entries: list[dict]):
    """One ``player:result`` per player, with the rank from the fresh leaderboard."""
    by_id = {e["player_id"]: e for e in entries}
    events = []
    for pid, result in results.items():
        entry = by_id.get(pid)
        if entry is None:  # kicked while the question was being scored
            continue
        events.append(Event("player:result", {
            "index": index, "correct": result.correct, "points": result.points,
            "answered": result.answer is not None, "score": entry["score"], "rank": entry["rank"], "streak": result.streak,
            "players": len(entries)}, ("player", pid)))
    return events


def leaderboard_event(entries: list[dict]) -> Event:
    return Event("leaderboard:update", {"entries": entries[:TOP], "players": len(entries)})


def game_over_event(entries: list[dict], team_board: list | None = None) -> Event:
    payload = {"podium": entries[:PODIUM], "leaderboard": entries[:TOP],
               "players": len(entries)}
    if team_board is not None:  # team rooms: the final team board, its top three the podium
        payload["teams"] = team_board
    return Event("game:over", payload)
