"""Socket.IO event handlers: validate, call the service, ack."""
from __future__ import annotations

import logging

from flask import request
from flask_socketio import join_room

from ..extensions import Binding, quizroom, socketio
from ..game.errors import GameError
from .. import schemas
from . import wire
from .acks import acked, error
from .channels import player_channel, room_channel, watchers_channel

log = logging.getLogger(__name__)


def _bind(binding: Binding) -> None:
    """Bind this connection to its role. The socket may have closed while the join or
    rejoin waited on Redis: its disconnect handler then found nothing to undo, so the
    binding (and the seat's presence) is undone here instead of staying online for good.
    The binding is set before the server is asked whether the socket is still there, so
    a disconnect that starts after that check finds the binding and undoes it itself."""
    sid = request.sid
    current = quizroom().connections.get(sid)
    if current is not None and current != binding:
        raise GameError("already_attached", "this connection already belongs to a room; "
                                            "open a new connection for another role")
    quizroom().connections[sid] = binding
    try:
        if not socketio.server.manager.is_connected(sid, "/"):
            raise KeyError(sid)
        join_room(room_channel(binding.pin))
        if binding.role in ("host", "screen"):
            join_room(watchers_channel(binding.pin))
        else:
            join_room(player_channel(binding.pin, binding.player_id))
    except (KeyError, ValueError):  # join_room's answer for a socket gone meanwhile
        _release(sid)
        raise GameError("gone", "this connection closed while it was being attached") from None


def _release(sid: str) -> None:
    """Forget a connection's binding; a player's connection stops counting as online.
    Popping makes this happen once, whether the disconnect handler or ``_bind`` gets
    there first."""
    binding = quizroom().connections.pop(sid, None)
    if binding is not None and binding.role == "player":
        try:
            quizroom().service.leave(binding.pin, binding.player_id, sid)
        except Exception:  # noqa: BLE001 - a vanished room or Redis must not break disconnects
            log.warning("could not record that a player left %s", binding.pin, exc_info=True)


def _host_token(pin: str) -> str:
    """The token of this connection's host binding; the service checks it on every
    host action, so an expired room stops answering to it."""
    binding = quizroom().connections.get(request.sid)
    if binding is None or binding.role != "host" or binding.pin != pin:
        raise GameError("forbidden", "only the attached host of this room can do that")
    return binding.host_token


def _bind_seat(pin: str, player_id: str) -> None:
    """Bind a seat whose connection the store has just counted as online."""
    try:
        _bind(Binding("player", pin, player_id=player_id))
    except GameError as exc:
        if exc.code == "already_attached":  # another seat won the connection: not this one
            quizroom().service.leave(pin, player_id, request.sid)
        raise


def _address() -> str:
    return request.remote_addr or "-"


def _seen(msg: schemas.HostStep) -> tuple[int, str] | None:
    try:
        return msg.seen()
    except ValueError as exc:
        field = str(exc)
        raise GameError("bad_request", f"{field}: send index and phase together, or neither",
                        field=field) from None


def _player() -> Binding:
    binding = quizroom().connections.get(request.sid)
    if binding is None or binding.role != "player":
        raise GameError("forbidden", "join a room as a player first")
    return binding


@socketio.on("connect")
def on_connect(auth=None):
    quizroom().ticker.ensure_started()


@socketio.on("disconnect")
def on_disconnect(reason=None):
    quizroom().limits.forget(request.sid)
    _release(request.sid)


@socketio.on("host:attach")
@acked(schemas.HostAttach)
def host_attach(msg):
    quizroom().limits.tokened(_address(), msg.pin, quizroom().service.check_host, msg.pin,
                              msg.host_token)
    _bind(Binding("host", msg.pin, host_token=msg.host_token))
    return {"state": quizroom().service.snapshots.state(msg.pin, "host")}


@socketio.on("screen:attach")
@acked(schemas.ScreenAttach)
def screen_attach(msg):
    quizroom().limits.pin_only(_address(), msg.pin)
    state = quizroom().service.snapshots.state(msg.pin, "screen")
    _bind(Binding("screen", msg.pin))
    return {"state": state}


@socketio.on("player:join")
@acked(schemas.PlayerJoin)
def player_join(msg):
    if request.sid in quizroom().connections:
        raise GameError("already_attached", "this connection already has a seat")
    service, limits = quizroom().service, quizroom().limits
    limits.connection(request.sid, "join")
    seat, loaded = limits.join(_address(), msg.pin, quizroom().leagues.seat_player, msg.pin,
                               msg.nickname, request.sid, msg.league_token, msg.team)
    _bind_seat(msg.pin, seat["player_id"])
    loaded = service.joined(msg.pin, seat.pop("players"), loaded)
    return {**seat, "state": service.snapshots.state(msg.pin, "player", seat["player_id"],
                                                     loaded)}


@socketio.on("player:rejoin")
@acked(schemas.PlayerRejoin)
def player_rejoin(msg):
    service = quizroom().service
    current = quizroom().connections.get(request.sid)
    if current is not None and current.role == "player" and current.pin == msg.pin:
        seat = service.store.seat(msg.pin, msg.player_token)  # same seat: not a new connection
        if seat is None or seat["player_id"] != current.player_id:
            raise GameError("already_attached", "this connection already has a seat")
    else:
        seat = quizroom().limits.tokened(_address(), msg.pin, service.rejoin, msg.pin,
                                         msg.player_token, request.sid)
        _bind_seat(msg.pin, seat["player_id"])
    state = service.snapshots.state(msg.pin, "player", seat["player_id"])
    if state["phase"] == "question" and "answered" not in seat:
        seat["answered"] = service.store.has_answered(msg.pin, state["index"], seat["player_id"])
    return {**seat, "state": state}


@socketio.on("player:answer")
@acked(schemas.PlayerAnswer)
def player_answer(msg):
    binding = _player()
    quizroom().limits.connection(request.sid, "answer")
    return quizroom().service.answer(binding.pin, binding.player_id, msg.index, msg.answer)


@socketio.on("host:start")
@acked(schemas.HostAction)
def host_start(msg):
    quizroom().service.start(msg.pin, _host_token(msg.pin))


@socketio.on("host:next")
@acked(schemas.HostStep)
def host_next(msg):
    quizroom().service.next(msg.pin, _host_token(msg.pin), _seen(msg))


@socketio.on("host:end")
@acked(schemas.HostStep)
def host_end(msg):
    quizroom().service.end(msg.pin, _host_token(msg.pin), _seen(msg))


@socketio.on("host:pause")
@acked(schemas.HostAction)
def host_pause(msg):
    quizroom().service.pause(msg.pin, _host_token(msg.pin))


@socketio.on("host:resume")
@acked(schemas.HostResume)
def host_resume(msg):
    quizroom().service.resume(msg.pin, _host_token(msg.pin), msg.manual)


@socketio.on("host:revote")
@acked(schemas.HostAction)
def host_revote(msg):
    quizroom().service.revote(msg.pin, _host_token(msg.pin))


@socketio.on("host:kick")
@acked(schemas.HostKick)
def host_kick(msg):
    quizroom().service.kick(msg.pin, msg.player_id, msg.ban, _host_token(msg.pin))


@socketio.on("host:lock")
@acked(schemas.HostLock)
def host_lock(msg):
    quizroom().service.lock(msg.pin, msg.locked, _host_token(msg.pin))
    return {"locked": msg.locked}


@socketio.on("host:hide_word")
@acked(schemas.HostHideWord)
def host_hide_word(msg):
    quizroom().service.hide_word(msg.pin, msg.index, msg.word, _host_token(msg.pin))


@socketio.on(wire.BAD_PAYLOAD)
@acked()
def bad_payload():
    reason = request.event["args"][0] if request.event["args"] else "payload: malformed"
    raise GameError("bad_request", str(reason)[:100], field="payload")


@socketio.on(wire.RESERVED_EVENT)
@acked()
def reserved_event():
    event = str(request.event["args"][0])[:64]
    raise GameError("unknown_event", f"unknown event {event!r}", event=event)


@socketio.on("*")
@acked()
def unknown_event():
    # for the catch-all handler the event's own name arrives as its first argument
    event = str(request.event["args"][0])[:64]
    raise GameError("unknown_event", f"unknown event {event!r}", event=event)
