"""The live game modes through real Socket.IO events (test client, fixed clock, manual ticks)."""
import pytest

from server.extensions import socketio
from tests.helpers import events, pack, single


@pytest.fixture
def game(app, clock):
    http = app.test_client()

    class Game:
        def __init__(self, quiz=None, settings=None):
            body = {"quiz": quiz or pack(single(answer=1), single(answer=2))}
            if settings:
                body["settings"] = settings
            reply = http.post("/api/rooms", json=body)
            assert reply.status_code == 201, reply.json
            self.pin, self.token = reply.json["pin"], reply.json["host_token"]
            self.host = socketio.test_client(app)
            self.attach = self.host.emit("host:attach", {"pin": self.pin,
                                                         "host_token": self.token}, callback=True)

        def join(self, nickname, **extra):
            clock.advance(250)
            client = socketio.test_client(app)
            client.ack = client.emit("player:join", {"pin": self.pin, "nickname": nickname,
                                                     **extra}, callback=True)
            return client

        def player(self, nickname, **extra):
            client = self.join(nickname, **extra)
            assert client.ack["ok"], client.ack
            return client

        def host_do(self, event, **extra):
            return self.host.emit(event, {"pin": self.pin, **extra}, callback=True)

    return Game


def test_bad_mode_settings_are_refused_naming_the_field(app):
    reply = app.test_client().post("/api/rooms", json={
        "quiz": pack(single()), "settings": {"scoring": "fast", "teams": ["Solo"]}})
    assert reply.status_code == 400
    errors = reply.json["error"]["errors"]
    assert [e.split(":")[0] for e in errors] == ["settings.scoring", "settings.teams"]


def test_late_join_false_closes_the_room_once_the_game_starts(game):
    g = game(settings={"late_join": False})
    g.player("Ada")
    assert g.host_do("host:start")["ok"]
    late = g.join("Bob")
    assert late.ack["ok"] is False and late.ack["error"]["code"] == "game_started"


def test_late_join_is_allowed_by_default(game):
    g = game()
    g.player("Ada")
    assert g.host_do("host:start")["ok"]
    assert g.join("Bob").ack["ok"]
