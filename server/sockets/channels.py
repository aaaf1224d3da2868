"""Socket.IO room names, and publishing the rules' events to them."""
from __future__ import annotations

from ..game.phases import ROOM, WATCHERS


def room_channel(pin: str) -> str:
    return f"room:{pin}"


def watchers_channel(pin: str) -> str:
    return f"watch:{pin}"


def player_channel(pin: str, player_id: str) -> str:
    return f"player:{pin}:{player_id}"


def make_publisher(socketio):
    def publish(pin: str, events) -> None:
        for event in events:
            if event.to == ROOM:
                to = room_channel(pin)
            elif event.to == WATCHERS:
                to = watchers_channel(pin)
            else:
                to = player_channel(pin, event.to[1])
            socketio.emit(event.name, event.payload, to=to)
    return publish
