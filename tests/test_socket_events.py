"""Every Socket.IO event and error code, through Flask-SocketIO's test client."""
import pytest

from server.extensions import socketio
from tests.helpers import (events, info, multi, order, pack, poll, single, slider, text,
                           truefalse, wordcloud)


@pytest.fixture
def game(app, clock):
    """A room, its attached host, and a factory for player connections."""
    http = app.test_client()

    class Game:
        def __init__(self, quiz=None, settings=None):
            # questions open at once unless a test asks for a get-ready (lead_in)
            body = {"quiz": quiz or pack(single(answer=1), single(answer=2)),
                    "settings": {"lead_in": 0, **(settings or {})}}
            reply = http.post("/api/rooms", json=body)
            assert reply.status_code == 201, reply.json
            self.pin, self.token = reply.json["pin"], reply.json["host_token"]
            self.host = socketio.test_client(app)
            self.attach = self.host.emit("host:attach", {"pin": self.pin, "host_token": self.token},
                                         callback=True)

        def player(self, nickname):
            clock.advance(250)  # players arrive over time, within the per-address join budget
            client = socketio.test_client(app)
            ack = client.emit("player:join", {"pin": self.pin, "nickname": nickname}, callback=True)
            assert ack["ok"], ack
            client.ack = ack
            return client

        def host_do(self, event, **extra):
            return self.host.emit(event, {"pin": self.pin, **extra}, callback=True)

    return Game


def code(ack):
    assert ack["ok"] is False, ack
    return ack["error"]["code"]


# -- attaching -------------------------------------------------------------------
def test_host_attach_returns_a_snapshot_with_the_roster(game):
    g = game()
    g.player("Ada")
    ack = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
    assert ack["ok"] and ack["state"]["phase"] == "lobby"
    assert [p["nickname"] for p in ack["state"]["roster"]] == ["Ada"]


def test_host_attach_refuses_wrong_token_and_unknown_pin(app, game):
    g = game()
    other = socketio.test_client(app)
    wrong = other.emit("host:attach", {"pin": g.pin, "host_token": "x" * 32}, callback=True)
    unknown = other.emit("host:attach", {"pin": "000000", "host_token": "x" * 32}, callback=True)
    assert code(wrong) == "forbidden"
    assert unknown == wrong  # an unknown PIN is not told apart from a wrong token


def test_screen_attach_is_read_only(app, game):
    g = game()
    screen = socketio.test_client(app)
    ack = screen.emit("screen:attach", {"pin": g.pin}, callback=True)
    assert ack["ok"]
    assert code(screen.emit("host:start", {"pin": g.pin}, callback=True)) == "forbidden"
    assert code(screen.emit("screen:attach", {"pin": "999999"}, callback=True)) in (
        "not_found", "already_attached")


# -- joining ---------------------------------------------------------------------
def test_join_gives_a_seat_and_tells_the_host(game):
    g = game()
    events(g.host)
    ada = g.player("  Ada ")
    assert ada.ack["nickname"] == "Ada" and ada.ack["player_token"] and ada.ack["player_id"]
    assert ada.ack["state"]["phase"] == "lobby" and ada.ack["state"]["players"] == 1
    (update,) = events(g.host, "lobby:update")
    assert update["joined"]["nickname"] == "Ada" and update["players"] == 1


@pytest.mark.parametrize("nickname, expected", [("ADA", "nickname_taken"), (" ada ", "nickname_taken"),
                                                ("", "bad_nickname"), ("x" * 21, "bad_nickname")])
def test_join_refusals_for_names(app, game, nickname, expected):
    g = game()
    g.player("Ada")
    client = socketio.test_client(app)
    assert code(client.emit("player:join", {"pin": g.pin, "nickname": nickname},
                            callback=True)) == expected


def test_join_refused_for_unknown_pin_locked_full_and_finished_rooms(app, game, clock):
    g = game(settings={"max_players": 1})
    client = socketio.test_client(app)
    assert code(client.emit("player:join", {"pin": "123456" if g.pin != "123456" else "654321",
                                            "nickname": "X"}, callback=True)) == "not_found"
    g.player("First")
    assert code(client.emit("player:join", {"pin": g.pin, "nickname": "Second"},
                            callback=True)) == "room_full"
    g2 = game()
    assert g2.host_do("host:lock", locked=True) == {"ok": True, "locked": True}
    assert code(client.emit("player:join", {"pin": g2.pin, "nickname": "Y"},
                            callback=True)) == "room_locked"
    g2.host_do("host:lock", locked=False)
    g2.player("Y2")
    g2.host_do("host:start")
    g2.host_do("host:end")
    clock.advance(1000)
    assert code(client.emit("player:join", {"pin": g2.pin, "nickname": "Z"},
                            callback=True)) == "game_over"


def test_one_seat_per_connection(game):
    g = game()
    ada = g.player("Ada")
    assert code(ada.emit("player:join", {"pin": g.pin, "nickname": "Again"},
                         callback=True)) == "already_attached"


# -- rejoining -------------------------------------------------------------------
def test_rejoin_keeps_seat_and_score_in_every_phase_even_after_the_end(app, game, clock):
    g = game()
    ada = g.player("Ada")
    token, pid = ada.ack["player_token"], ada.ack["player_id"]
    g.host_do("host:start")
    clock.advance(1000)
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    ada.disconnect()
    phases = []
    for step in ("reveal", "question", "finished"):
        back = socketio.test_client(app)
        ack = back.emit("player:rejoin", {"pin": g.pin, "player_token": token}, callback=True)
        assert ack["ok"] and ack["player_id"] == pid and ack["nickname"] == "Ada"
        assert ack["score"] == 975
        phases.append(ack["state"]["phase"])
        back.disconnect()
        g.host_do("host:next")
    assert phases == ["reveal", "question", "finished"]


def test_two_tabs_with_one_token_share_one_seat(app, game):
    g = game()
    ada = g.player("Ada")
    tab = socketio.test_client(app)
    ack = tab.emit("player:rejoin", {"pin": g.pin, "player_token": ada.ack["player_token"]},
                   callback=True)
    assert ack["player_id"] == ada.ack["player_id"]
    again = tab.emit("player:rejoin", {"pin": g.pin, "player_token": ada.ack["player_token"]},
                     callback=True)
    assert again["ok"]
    g.player("Bob")  # keeps the question open after Ada answers
    g.host_do("host:start")
    tab.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    # a page asking again on the same connection (its resync) learns it has answered
    resync = tab.emit("player:rejoin", {"pin": g.pin, "player_token": ada.ack["player_token"]},
                      callback=True)
    assert resync["answered"] is True and resync["state"]["phase"] == "question"
    state = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
    assert [p["nickname"] for p in state["state"]["roster"]] == ["Ada", "Bob"]  # no second Ada


def test_rejoin_with_a_bad_token(app, game):
    g = game()
    client = socketio.test_client(app)
    assert code(client.emit("player:rejoin", {"pin": g.pin, "player_token": "nope-nope-nope"},
                            callback=True)) == "bad_token"


# -- answering -------------------------------------------------------------------
def test_answer_errors(app, game, clock):
    g = game()
    ada, bob = g.player("Ada"), g.player("Bob")
    stranger = socketio.test_client(app)
    assert code(stranger.emit("player:answer", {"index": 0, "answer": 1},
                              callback=True)) == "forbidden"
    assert code(ada.emit("player:answer", {"index": 0, "answer": 1},
                         callback=True)) == "not_accepting"  # lobby
    g.host_do("host:start")
    assert code(ada.emit("player:answer", {"index": 0, "answer": 9}, callback=True)) == "bad_answer"
    assert code(ada.emit("player:answer", {"index": 1, "answer": 1},
                         callback=True)) == "not_accepting"  # not open yet
    assert code(ada.emit("player:answer", {"index": 5, "answer": 1},
                         callback=True)) == "not_accepting"  # no such question
    assert ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)["ok"]
    assert code(ada.emit("player:answer", {"index": 0, "answer": 2},
                         callback=True)) == "already_answered"
    clock.advance(20_001)
    assert code(bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)) == "too_late"
    g.host_do("host:next")
    g.host_do("host:next")
    assert code(bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)) == "too_late"


def test_fields_a_client_sends_about_score_or_time_are_refused(game):
    g = game()
    ada = g.player("Ada")
    g.host_do("host:start")
    ack = ada.emit("player:answer", {"index": 0, "answer": 1, "points": 5000}, callback=True)
    assert code(ack) == "bad_request" and ack["error"]["field"] == "points"


# -- the whole round trip ----------------------------------------------------------
@pytest.mark.parametrize("question, right, wrong, correct", [
    (single(answer=1), 1, 0, 1),
    (multi(answer=(0, 2)), [2, 0], [0], [0, 2]),
    (truefalse(answer=1), 1, 0, 1),
    (text(answer=("Jinja2",)), "jinja 2", "mako", ["Jinja2"]),
])
def test_each_type_never_leaks_the_answer_and_scores_on_reveal(game, clock, question, right,
                                                                wrong, correct):
    g = game(quiz=pack(question))
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    events(bob)
    (start,) = events(ada, "question:start")
    assert set(start) == {"index", "count", "type", "text", "choices", "time_limit_ms",
                          "deadline", "server_time"}
    clock.advance(2000)
    ada.emit("player:answer", {"index": 0, "answer": right}, callback=True)
    assert events(bob) == []  # nobody learns another's answer before the reveal
    clock.advance(1000)
    bob.emit("player:answer", {"index": 0, "answer": wrong}, callback=True)
    received = events(ada)
    end = [p for n, p in received if n == "question:end"][0]
    assert end["correct"] == correct
    mine = [p for n, p in received if n == "player:result"]
    assert mine[0]["correct"] is True and mine[0]["points"] > 0
    assert mine[0]["points"] == mine[0]["score"] and mine[0]["rank"] == 1
    theirs = events(bob, "player:result")
    assert theirs[0]["correct"] is False and theirs[0]["points"] == 0 and theirs[0]["rank"] == 2


def test_poll_reveals_distribution_and_scores_nothing(game):
    g = game(quiz=pack(poll()))
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 2}, callback=True)
    bob.emit("player:answer", {"index": 0, "answer": 2}, callback=True)
    received = dict(events(ada))
    assert received["question:end"]["correct"] is None
    assert received["question:end"]["distribution"] == [0, 0, 2]
    assert received["player:result"]["points"] == 0 and received["player:result"]["correct"] is None


def test_slider_round_trip_scores_closeness_and_reveals_the_value(game, clock):
    g = game(quiz=pack(slider(answer=50, tolerance=2, margin=12)))
    ada, bob, cy = g.player("Ada"), g.player("Bob"), g.player("Cy")
    g.host_do("host:start")
    (start,) = events(ada, "question:start")
    assert (start["min"], start["max"], start["step"], start["unit"]) == (0, 100, 0.5, "km")
    assert code(ada.emit("player:answer", {"index": 0, "answer": True}, callback=True)) == \
        "bad_request"
    assert code(ada.emit("player:answer", {"index": 0, "answer": 101}, callback=True)) == \
        "bad_answer"
    for client, value in ((ada, 51.2), (bob, 57), (cy, 80)):
        assert client.emit("player:answer", {"index": 0, "answer": value}, callback=True)["ok"]
    received = {n: dict(events(c)) for n, c in (("Ada", ada), ("Bob", bob), ("Cy", cy))}
    end = received["Ada"]["question:end"]
    assert end["correct"] == {"value": 50, "tolerance": 2, "margin": 12}
    assert sum(b["count"] for b in end["distribution"]["bins"]) == 3
    points = {n: r["player:result"] for n, r in received.items()}
    assert points["Ada"]["correct"] is True and points["Ada"]["points"] == 1000
    assert points["Bob"]["correct"] is False and points["Bob"]["points"] == 500
    assert points["Cy"]["points"] == 0


def test_order_round_trip_answers_by_sent_position(game):
    items = ["Request", "Routing", "View", "Response"]
    g = game(quiz=pack(order(choices=items, partial=True)))
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    sent = events(ada, "question:start")[0]["choices"]
    assert events(bob, "question:start")[0]["choices"] == sent != items
    right = [sent.index(item) for item in items]
    half = [right[1], right[0], right[2], right[3]]
    assert ada.emit("player:answer", {"index": 0, "answer": right}, callback=True)["ok"]
    assert bob.emit("player:answer", {"index": 0, "answer": half}, callback=True)["ok"]
    end = events(ada, "question:end")[0]
    assert end["correct"] == right
    assert end["distribution"] == {"exact": 1, "by_position": [1, 1, 2, 2]}
    assert events(bob, "player:result")[0]["points"] == 500


def _cloud(game, settings=None):
    g = game(quiz=pack(wordcloud(), single()), settings=settings)
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    assert ada.emit("player:answer", {"index": 0, "answer": ["Simple", "shit"]},
                    callback=True)["ok"]
    assert bob.emit("player:answer", {"index": 0, "answer": ["simple "]}, callback=True)["ok"]
    return g, ada, bob


def test_wordcloud_round_trip_and_the_host_hides_an_entry(app, game):
    g, ada, bob = _cloud(game)
    received = dict(events(ada))
    end, result = received["question:end"], received["player:result"]
    assert end["correct"] is None
    assert end["distribution"] == [{"word": "simple", "count": 2}, {"word": "****", "count": 1}]
    assert (result["correct"], result["points"], result["streak"]) == (None, 0, 0)
    assert code(g.host_do("host:hide_word", index=0, word="flask")) == "not_found"
    assert g.host_do("host:hide_word", index=0, word="****") == {"ok": True}
    for client in (ada, bob, g.host):
        update = events(client, "wordcloud:update")
        assert update == [{"index": 0, "distribution": [{"word": "simple", "count": 2}]}]
    screen = socketio.test_client(app)
    state = screen.emit("screen:attach", {"pin": g.pin}, callback=True)["state"]
    assert state["reveal"]["distribution"] == [{"word": "simple", "count": 2}]
    assert code(ada.emit("host:hide_word", {"pin": g.pin, "index": 0, "word": "simple"},
                         callback=True)) == "forbidden"
    assert code(g.host_do("host:hide_word", index=0)) == "bad_request"
    g.host_do("host:next")  # the next question is open: the cloud is gone
    assert code(g.host_do("host:hide_word", index=0, word="simple")) == "bad_phase"
    g.host_do("host:next")
    assert code(g.host_do("host:hide_word", index=1, word="a")) == "bad_phase"


def test_wordcloud_answers_refused_with_the_reason(game):
    g = game(quiz=pack(wordcloud()))
    ada = g.player("Ada")
    g.host_do("host:start")
    too_many = ada.emit("player:answer", {"index": 0, "answer": ["a", "b", "c", "d"]},
                        callback=True)
    assert code(too_many) == "bad_answer" and "1 to 3 words" in too_many["error"]["message"]
    assert code(ada.emit("player:answer", {"index": 0, "answer": [1]}, callback=True)) == \
        "bad_answer"


def test_typed_answers_off_keeps_the_cloud_off_every_screen(game):
    _g, ada, _bob = _cloud(game, {"show_typed_answers": False})
    assert events(ada, "question:end")[0]["distribution"] == []


def test_info_slide_takes_no_answer_and_the_host_moves_on(game):
    g = game(quiz=pack(info(), single()))
    ada = g.player("Ada")
    g.host_do("host:start")
    (start,) = events(ada, "question:start")
    assert start["type"] == "info" and start["choices"] == [] and start["time_limit_ms"] == 10_000
    refused = ada.emit("player:answer", {"index": 0, "answer": 0}, callback=True)
    assert code(refused) == "bad_answer"
    assert refused["error"]["message"] == "info slides take no answer"
    assert g.host_do("host:next") == {"ok": True}
    received = dict(events(ada))
    assert received["question:end"]["distribution"] == []
    assert (received["player:result"]["correct"], received["player:result"]["points"]) == (None, 0)


def test_question_ends_when_every_connected_player_answered_or_left(game):
    g = game()
    ada, bob, cy = g.player("Ada"), g.player("Bob"), g.player("Cy")
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    cy.disconnect()
    assert events(ada, "question:end") == []
    bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert len(events(ada, "question:end")) == 1


def test_deadline_ends_the_question_through_the_ticker(game, service, clock):
    g = game()
    ada = g.player("Ada")
    g.player("Bob")
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    events(ada)
    clock.advance(19_999)
    assert service.tick() == 0
    clock.advance(1)
    assert service.tick() == 1
    assert service.tick() == 0  # exactly once
    assert [n for n, _ in events(ada)] == ["question:end", "player:result", "leaderboard:update"]


def test_progress_goes_to_host_and_screen_only(app, game, service):
    g = game()
    screen = socketio.test_client(app)
    screen.emit("screen:attach", {"pin": g.pin}, callback=True)
    ada, _bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert events(g.host, "question:progress") == []  # batched: sent on the next tick
    service.tick()
    assert events(g.host, "question:progress")[-1] == {"index": 0, "answered": 1, "players": 2}
    assert events(screen, "question:progress")[-1]["answered"] == 1
    assert events(ada, "question:progress") == []


def test_streak_bonus_and_score_sum_over_a_game(game):
    g = game(quiz=pack(single(answer=1), single(answer=1), single(answer=1)))
    ada = g.player("Ada")
    g.host_do("host:start")
    for i in range(3):
        # a lone player answering ends the question at once; next opens the following one
        assert ada.emit("player:answer", {"index": i, "answer": 1}, callback=True)["ok"]
        g.host_do("host:next")
    results = events(ada, "player:result")
    assert [r["streak"] for r in results] == [1, 2, 3]
    assert [r["points"] for r in results] == [1000, 1100, 1200]
    assert results[-1]["score"] == sum(r["points"] for r in results) == 3300


# -- host controls -----------------------------------------------------------------
def test_host_events_from_anyone_else_are_forbidden(app, game):
    g = game()
    ada = g.player("Ada")
    for event in ("host:start", "host:next", "host:end"):
        assert code(ada.emit(event, {"pin": g.pin}, callback=True)) == "forbidden"
    assert code(ada.emit("host:kick", {"pin": g.pin, "player_id": "x"}, callback=True)) == "forbidden"
    assert code(ada.emit("host:lock", {"pin": g.pin, "locked": True}, callback=True)) == "forbidden"
    g2 = game()
    assert code(g.host.emit("host:start", {"pin": g2.pin}, callback=True)) == "forbidden"


def test_start_needs_a_player_and_only_once(game):
    g = game()
    assert code(g.host_do("host:start")) == "no_players"
    g.player("Ada")
    assert g.host_do("host:start") == {"ok": True}
    assert code(g.host_do("host:start")) == "bad_phase"


def test_next_closes_then_opens_then_finishes_with_a_podium(game):
    g = game()
    ada = g.player("Ada")
    g.host_do("host:start")
    g.host_do("host:next")
    assert events(ada, "question:end")[0]["index"] == 0
    g.host_do("host:next")
    assert events(ada, "question:start")[-1]["index"] == 1
    g.host_do("host:next")
    g.host_do("host:next")
    (over,) = events(ada, "game:over")
    assert over["podium"][0]["nickname"] == "Ada" and over["leaderboard"][0]["rank"] == 1
    assert code(g.host_do("host:next")) == "bad_phase"
    assert code(g.host_do("host:end")) == "bad_phase"


def test_end_during_a_question_scores_what_was_answered(game):
    g = game()
    ada, _bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert g.host_do("host:end") == {"ok": True}
    names = [n for n, _ in events(ada)]
    assert names[-4:] == ["question:end", "player:result", "leaderboard:update", "game:over"]


def test_kick_revokes_the_token_and_ban_keeps_the_name_out(app, game):
    g = game()
    ada = g.player("Ada")
    pid, token = ada.ack["player_id"], ada.ack["player_token"]
    assert g.host_do("host:kick", player_id=pid, ban=True) == {"ok": True}
    assert events(ada, "player:kicked") == [{"player_id": pid, "banned": True}]
    again = socketio.test_client(app)
    assert code(again.emit("player:rejoin", {"pin": g.pin, "player_token": token},
                           callback=True)) == "bad_token"
    assert code(again.emit("player:join", {"pin": g.pin, "nickname": "ada"},
                           callback=True)) == "nickname_banned"
    assert code(g.host_do("host:kick", player_id=pid)) == "not_found"
    bob = g.player("Bob")
    g.host_do("host:kick", player_id=bob.ack["player_id"])
    assert g.player("Bob").ack["ok"]  # without a ban the name is free again


def test_locked_room_still_lets_players_rejoin(app, game):
    g = game()
    ada = g.player("Ada")
    g.host_do("host:lock", locked=True)
    back = socketio.test_client(app)
    assert back.emit("player:rejoin", {"pin": g.pin, "player_token": ada.ack["player_token"]},
                     callback=True)["ok"]


# -- malformed input ---------------------------------------------------------------
@pytest.mark.parametrize("payload, field", [
    ({"pin": "12345", "nickname": "A"}, "pin"),
    ({"pin": 123456, "nickname": "A"}, "pin"),
    ({"nickname": "A"}, "pin"),
    ({"pin": "123456", "nickname": "A", "admin": True}, "admin"),
    ({"pin": "123456", "nickname": ["A"]}, "nickname"),
])
def test_bad_payloads_get_bad_request_naming_the_field(app, payload, field):
    client = socketio.test_client(app)
    ack = client.emit("player:join", payload, callback=True)
    assert code(ack) == "bad_request" and ack["error"]["field"] == field


def test_non_object_payloads_extra_arguments_and_unknown_events(app):
    client = socketio.test_client(app)
    assert code(client.emit("player:join", "hello", callback=True)) == "bad_request"
    assert code(client.emit("player:join", {"pin": "1"}, {"x": 1}, callback=True)) == "bad_request"
    ack = client.emit("admin:drop_tables", {}, callback=True)
    assert code(ack) == "unknown_event" and ack["error"]["event"] == "admin:drop_tables"


def test_a_kick_in_the_reveal_leaves_every_later_snapshot(app, game):
    g = game()
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    screen = socketio.test_client(app)
    board = screen.emit("screen:attach", {"pin": g.pin}, callback=True)["state"]["leaderboard"]
    assert {e["nickname"] for e in board} == {"Ada", "Bob"}
    g.host_do("host:kick", player_id=bob.ack["player_id"])
    again = socketio.test_client(app).emit("screen:attach", {"pin": g.pin}, callback=True)
    assert [e["nickname"] for e in again["state"]["leaderboard"]] == ["Ada"]
    assert again["state"]["players"] == 1


def test_a_kicked_connection_is_closed_after_it_is_told(app, game):
    g = game()
    ada = g.player("Ada")
    g.host_do("host:kick", player_id=ada.ack["player_id"])
    assert events(ada, "player:kicked")
    assert not ada.is_connected()


def test_watchers_snapshots_carry_lobby_names_and_the_answered_count(app, game):
    g = game()
    ada, _bob = g.player("Ada"), g.player("Bob")
    lobby = socketio.test_client(app).emit("screen:attach", {"pin": g.pin}, callback=True)
    assert [p["nickname"] for p in lobby["state"]["roster"]] == ["Ada", "Bob"]
    g.host_do("host:start")
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    screen = socketio.test_client(app).emit("screen:attach", {"pin": g.pin}, callback=True)
    host = socketio.test_client(app).emit("host:attach", {"pin": g.pin, "host_token": g.token},
                                          callback=True)
    assert screen["state"]["answered"] == host["state"]["answered"] == 1
    assert "roster" not in screen["state"]  # names on the projector only in the lobby


# -- sessions --------------------------------------------------------------------
def test_socket_events_read_the_browser_session_once_per_connection(app, game, redis_url,
                                                                    prefix):
    """A browser with a session cookie costs one session read when its socket
    connects, not one per event: answers stay a single Redis round trip."""
    import threading

    import redis
    g = game()
    browser = app.test_client()
    kept = browser.post(f"/api/rooms/{g.pin}/host", json={"host_token": g.token})
    assert kept.status_code == 200, kept.json  # the browser now has a session in Redis
    session_keys = f"{prefix}session:"
    seen, ready = [], threading.Event()

    def monitor():
        with redis.Redis.from_url(redis_url).monitor() as m:
            ready.set()
            for command in m.listen():
                seen.append(command["command"])
                if "quizroom-monitor-stop" in command["command"]:
                    return

    watcher = threading.Thread(target=monitor, daemon=True)
    watcher.start()
    assert ready.wait(5)
    marker = redis.Redis.from_url(redis_url)
    sio = socketio.test_client(app, flask_test_client=browser)
    marker.get("quizroom-monitor-connected")
    for _ in range(5):
        ack = sio.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
        assert ack["ok"]
    marker.get("quizroom-monitor-stop")
    watcher.join(5)
    connected = next(i for i, c in enumerate(seen) if "quizroom-monitor-connected" in c)
    assert [c for c in seen[:connected] if session_keys in c], "the connect read the session"
    assert [c for c in seen[connected:] if session_keys in c] == []


def test_socket_events_leave_little_for_the_garbage_collector(app, game):
    """Each event's request context used to fail to match /socket.io/ and keep the
    NotFound, traceback and frames in a cycle: some fifty objects per event for the
    garbage collector, whose passes then ate 40% of a big game's CPU."""
    import gc
    g = game(quiz=pack(*[single() for _ in range(40)]))
    phones = [g.player(f"P{i}") for i in range(5)]
    g.host_do("host:start")
    gc.collect()
    gc.disable()
    try:
        for index in range(8):
            for phone in phones:
                ack = phone.emit("player:answer", {"index": index, "answer": 1}, callback=True)
                assert ack["ok"], ack
            assert g.host_do("host:next")["ok"]
        left = gc.collect()
    finally:
        gc.enable()
    # 48 events: werkzeug's URL matcher still leaves a small closure (8 objects) per
    # event; before, it was about 70
    assert left <= 10 * 48, f"{left} objects were only freed by the cycle collector"


def test_host_moves_stop_when_the_room_has_expired(game, rdb, prefix):
    g = game()
    g.player("Ada")
    for key in rdb.scan_iter(match=f"{prefix}room:{g.pin}*"):
        rdb.delete(key)  # what the TTL does to an abandoned room
    for event in ("host:start", "host:next", "host:end"):
        assert code(g.host_do(event)) == "forbidden", event  # like a wrong token
