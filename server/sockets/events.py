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
    current = quizroom().connections.get(request.sid)
    if current is not None and current != binding:
        raise GameError("already_attached", "this connection already belongs to a room; "
                                            "open a new connection for another role")
    quizroom().connections[request.sid] = binding
    join_room(room_channel(binding.pin))
    if binding.role in ("host", "screen"):
        join_room(watchers_channel(binding.pin))
    else:
        join_room(player_channel(binding.pin, binding.player_id))


def _host_token(pin: str) -> str:
    """The token of this connection's host binding; the service checks it on every
    host action, so an expired room stops answering to it."""
    binding = quizroom().connections.get(request.sid)
    if binding is None or binding.role != "host" or binding.pin != pin:
        raise GameError("forbidden", "only the attached host of this room can do that")
    return binding.host_token


def _pin_lookup(fn, *args, spend=None):
    return quizroom().limits.lookup(request.remote_addr or "-", fn, *args, spend=spend)


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
    binding = quizroom().connections.pop(request.sid, None)
    if binding is not None and binding.role == "player":
        try:
            quizroom().service.leave(binding.pin, binding.player_id, request.sid)
        except Exception:  # noqa: BLE001 - a vanished room or Redis must not break disconnects
            log.warning("could not record that a player left %s", binding.pin, exc_info=True)


@socketio.on("host:attach")
@acked(schemas.HostAttach)
def host_attach(msg):
    _pin_lookup(quizroom().service.check_host, msg.pin, msg.host_token)
    _bind(Binding("host", msg.pin, host_token=msg.host_token))
    return {"state": quizroom().service.snapshots.state(msg.pin, "host")}


@socketio.on("screen:attach")
@acked(schemas.ScreenAttach)
def screen_attach(msg):
    state = _pin_lookup(quizroom().service.snapshots.state, msg.pin, "screen")
    _bind(Binding("screen", msg.pin))
    return {"state": state}


@socketio.on("player:join")
@acked(schemas.PlayerJoin)
def player_join(msg):
    if request.sid in quizroom().connections:
        raise GameError("already_attached", "this connection already has a seat")
    service, limits = quizroom().service, quizroom().limits
    limits.connection(request.sid, "join")
    seat, loaded = _pin_lookup(service.seat_player, msg.pin, msg.nickname, request.sid,
                               spend="join")
    _bind(Binding("player", msg.pin, player_id=seat["player_id"]))
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
        seat = _pin_lookup(service.rejoin, msg.pin, msg.player_token, request.sid)
        try:
            _bind(Binding("player", msg.pin, player_id=seat["player_id"]))
        except GameError:
            service.leave(msg.pin, seat["player_id"], request.sid)
            raise
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
@acked(schemas.HostAction)
def host_next(msg):
    quizroom().service.next(msg.pin, _host_token(msg.pin))


@socketio.on("host:end")
@acked(schemas.HostAction)
def host_end(msg):
    quizroom().service.end(msg.pin, _host_token(msg.pin))


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


@socketio.on("*")
@acked()
def unknown_event():
    # for the catch-all handler the event's own name arrives as its first argument
    event = str(request.event["args"][0])[:64]
    raise GameError("unknown_event", f"unknown event {event!r}", event=event)
