"""Timed phases: the lead-in, the auto-pilot and pausing, as functions of state and ``now``.

Every timed phase has one timer, the room's entry in the deadlines zset:
``lead_in`` and ``question`` end at ``deadline``; a ``reveal`` (auto-pilot) and
the ``lobby`` (auto start at a time) move on at ``next_at`` (0: they wait for
the host). A ``paused`` room has no timer: pausing keeps the time left in
``remaining`` and drops the entry, resuming sets a new one. So any worker's
ticker, also after a restart, finds what is due and does it exactly once.
"""
from __future__ import annotations

from ..errors import GameError
from ..model import RoomState, Settings

PAUSABLE = ("lead_in", "question", "reveal", "break")
DEADLINED = ("lead_in", "question", "break")


def timer(state: RoomState) -> int | None:
    """The deadlines-zset score of this state, or None for no entry."""
    if state.phase in DEADLINED:
        return state.deadline
    if state.phase in ("reveal", "lobby") and state.next_at:
        return state.next_at
    return None


def due_move(state: RoomState, now: int) -> str | None:
    """The move the ticker makes now, if any."""
    at = timer(state)
    if at is None or now < at:
        return None
    if state.phase == "lead_in":
        return "open_answers"
    if state.phase == "question":
        return "close"
    if state.phase == "lobby":
        return "start"
    if state.phase == "break":
        return "open"
    return "open" if state.index + 1 < state.count else "finish"


def reveal_timer(state: RoomState, settings: Settings, now: int) -> int:
    """When a reveal moves on by itself: never once the host took back control."""
    if settings.auto_advance and not state.manual:
        return now + settings.auto_advance * 1000
    return 0


def ready_payload(state: RoomState, question, now: int) -> dict:
    """``question:ready``: the text for the projector, no choices, no answer."""
    return {"index": state.index, "count": state.count, "type": question.type,
            "text": question.text, "opens_at": state.deadline,
            "lead_in_ms": state.deadline - now, "server_time": now}


def pause(state: RoomState, now: int) -> tuple[RoomState, dict]:
    if state.phase == "paused":
        raise GameError("bad_phase", "the game is already paused")
    if state.phase not in PAUSABLE:
        raise GameError("bad_phase", f"nothing runs to pause in the {state.phase} phase")
    at = timer(state)
    remaining = max(0, at - now) if at is not None else 0
    new = state.replace(phase="paused", resume_phase=state.phase, remaining=remaining,
                        paused_at=now, version=state.version + 1)
    return new, {"index": state.index, "phase": state.phase, "remaining_ms": remaining,
                 "timed": at is not None, "server_time": now}


def resume(state: RoomState, now: int, manual: bool = False) -> tuple[RoomState, dict]:
    """Back to the paused phase with the time it had left. ``manual``: the host takes
    back control, and reveals wait for the host from now on."""
    if state.phase != "paused":
        raise GameError("bad_phase", "the game is not paused")
    phase, shift = state.resume_phase, now - state.paused_at
    changes = {"phase": phase, "resume_phase": "", "remaining": 0, "paused_at": 0,
               "manual": state.manual or manual, "version": state.version + 1}
    if phase in DEADLINED:
        changes["deadline"] = now + state.remaining
        if phase == "question":
            # response times count from the opening, less the time spent paused
            changes["started"] = state.started + shift
    elif phase == "reveal":
        changes["next_at"] = 0 if (manual or not state.next_at) else now + state.remaining
    new = state.replace(**changes)
    return new, {"index": new.index, "phase": phase, "deadline": new.deadline,
                 "next_at": new.next_at, "manual": new.manual, "server_time": now}
