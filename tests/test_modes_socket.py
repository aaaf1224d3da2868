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


def test_accuracy_scoring_gives_the_slow_right_answer_full_points(game, clock):
    g = game(settings={"scoring": "accuracy", "streak_bonus": False})
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    assert ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)["ok"]
    clock.advance(15_000)
    assert bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)["ok"]
    (ada_result,) = events(ada, "player:result")
    (bob_result,) = events(bob, "player:result")
    assert ada_result["points"] == bob_result["points"] == 1000


def test_question_count_and_tags_choose_what_the_room_plays(game):
    quiz = pack(*[single(text=f"q{i}", tags=["a" if i < 3 else "b"]) for i in range(6)])
    g = game(quiz=quiz, settings={"tags": ["b"], "question_count": 2})
    assert g.attach["state"]["count"] == 2
    g.player("Ada")
    g.host_do("host:start")
    (start,) = events(g.host, "question:start")
    assert start["text"] in ("q3", "q4", "q5")


def test_unknown_tags_are_refused_at_creation(app):
    reply = app.test_client().post("/api/rooms", json={
        "quiz": pack(single(tags=["a"])), "settings": {"tags": ["zzz"]}})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "settings.tags"


def test_shuffled_answers_are_graded_and_reported_in_pack_order(app, game):
    g = game(quiz=pack(single(answer=1)), settings={"shuffle_answers": True})
    ada = g.player("Ada")
    group = ada.ack["state"]["you"]["perm_group"]
    g.host_do("host:start")
    (start,) = events(ada, "question:start")
    assert start["choices"] == ["a", "b", "c", "d"]  # the room broadcast is in pack order
    perm = start["perms"][group]
    # a second connection of the same seat sees its own order in the snapshot
    again = socketio.test_client(app)
    rejoin = again.emit("player:rejoin", {"pin": g.pin, "player_token": ada.ack["player_token"]},
                        callback=True)
    assert rejoin["state"]["question"]["choices"] == [["a", "b", "c", "d"][i] for i in perm]
    assert rejoin["state"]["question"]["perm"] == perm
    # the phone shows "b" (pack index 1, the right one) at position perm.index(1)
    assert ada.emit("player:answer", {"index": 0, "answer": perm.index(1)}, callback=True)["ok"]
    g.host_do("host:next", index=0, phase="question")
    (end,) = events(g.host, "question:end")
    assert end["correct"] == 1 and end["distribution"] == [0, 1, 0, 0]
    (result,) = events(ada, "player:result")
    assert result["correct"] is True
    results = app.test_client().get(f"/api/rooms/{g.pin}/results",
                                    headers={"Authorization": f"Bearer {g.token}"}).json
    assert results["players"][0]["answers"][0]["answer"] == 1
