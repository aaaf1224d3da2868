"""The live game modes through real Socket.IO events (test client, fixed clock, manual ticks)."""
import pytest

from server.extensions import socketio
from tests.helpers import events, info, pack, single


@pytest.fixture
def game(app, clock):
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


def names(client):
    return [name for name, _ in events(client)]


def test_lead_in_gets_ready_then_the_ticker_opens_answers(game, clock, service):
    g = game(settings={"lead_in": 3})
    ada = g.player("Ada")
    g.host_do("host:start")
    (ready,) = events(ada, "question:ready")
    assert ready["text"] == "Which one?" and "choices" not in ready
    early = ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert early["error"]["code"] == "not_accepting"
    snap = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
    assert snap["state"]["phase"] == "lead_in" and snap["state"]["ready"]["index"] == 0
    clock.advance(2000)
    service.tick()
    assert events(ada, "question:start") == []
    clock.advance(1000)
    service.tick()
    (start,) = events(ada, "question:start")
    assert start["deadline"] == clock() + 20_000
    clock.advance(700)
    ack = ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert ack["response_ms"] == 700  # measured from the opening, not the lead-in


def test_pause_keeps_the_question_time_and_resume_carries_on(game, clock, service, rdb,
                                                             prefix):
    g = game()
    ada = g.player("Ada")
    g.host_do("host:start")
    clock.advance(5000)
    assert g.host_do("host:pause")["ok"]
    (paused,) = events(ada, "game:paused")
    assert paused["remaining_ms"] == 15_000 and paused["phase"] == "question"
    assert rdb.zscore(f"{prefix}deadlines", g.pin) is None  # no timer while paused
    clock.advance(60_000)
    service.tick()
    assert events(ada, "question:end") == []  # the deadline did not run while paused
    refused = ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert refused["error"]["code"] == "not_accepting"
    assert g.host_do("host:resume")["ok"]
    (resumed,) = events(ada, "game:resumed")
    assert resumed["deadline"] == clock() + 15_000 and resumed["phase"] == "question"
    clock.advance(1000)
    ack = ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert ack["response_ms"] == 6000  # 5 s before the pause, 1 s after
    assert code_of(g.host_do("host:resume")) == "bad_phase"


def code_of(ack):
    assert ack["ok"] is False, ack
    return ack["error"]["code"]


def test_pause_needs_the_host(app, game):
    g = game()
    ada = g.player("Ada")
    g.host_do("host:start")
    assert code_of(ada.emit("host:pause", {"pin": g.pin}, callback=True)) == "forbidden"
    assert code_of(g.host_do("host:resume", manual="yes")) == "bad_request"


def test_auto_pilot_runs_from_lobby_to_podium_with_no_host_action(game, clock, service):
    g = game(settings={"auto_advance": 5, "auto_start": 2, "lead_in": 2})
    ada = g.player("Ada")
    service.tick()
    assert events(ada, "question:ready") == []
    bob = g.player("Bob")  # the second player starts the game
    assert len(events(ada, "question:ready")) == 1
    # the player whose join started it hears the start too, and its snapshot agrees
    assert len(events(bob, "question:ready")) == 1 and bob.ack["state"]["phase"] == "lead_in"
    seen = []
    for _ in range(80):
        clock.advance(1000)
        service.tick()
        seen += names(ada)
        if "game:over" in seen:
            break
    assert [n for n in seen if n in ("question:ready", "question:start", "question:end",
                                     "game:over")] == [
        "question:start", "question:end", "question:ready", "question:start",
        "question:end", "game:over"]


def test_the_auto_pilot_shows_a_slide_for_its_time_then_moves_on(game, clock, service):
    g = game(quiz=pack(info(time_limit=8), single(answer=1)), settings={"auto_advance": 5})
    ada = g.player("Ada")
    g.host_do("host:start")
    (slide,) = events(ada, "question:start")
    assert slide["type"] == "info" and slide["deadline"] == clock() + 8000
    clock.advance(7900)
    service.tick()
    assert events(ada, "question:end") == []  # nobody answers a slide: it shows its time
    clock.advance(100)
    service.tick()
    seen = dict(events(ada))
    assert seen["question:end"]["correct"] is None
    assert seen["question:end"]["next_at"] == clock() + 5000
    assert seen["player:result"]["points"] == 0 and seen["player:result"]["correct"] is None
    clock.advance(5000)
    service.tick()
    (start,) = events(ada, "question:start")
    assert start["index"] == 1 and start["type"] == "single"


def test_host_takes_back_control_from_the_auto_pilot(game, clock, service):
    g = game(settings={"auto_advance": 5})
    g.player("Ada")
    g.host_do("host:start")
    g.host_do("host:next", index=0, phase="question")
    (end,) = events(g.host, "question:end")
    assert end["next_at"] == clock() + 5000
    g.host_do("host:pause")
    assert g.host_do("host:resume", manual=True)["ok"]
    clock.advance(60_000)
    service.tick()
    assert events(g.host, "question:start") == []  # the reveal waits for the host now
    assert g.host_do("host:next", index=0, phase="reveal")["ok"]
    g.host_do("host:next", index=1, phase="question")
    (end,) = [e for e in events(g.host, "question:end")]
    assert end["next_at"] == 0


def test_auto_start_at_a_time(game, clock, service):
    g = game(settings={"auto_start": clock() + 30_000})
    assert g.attach["state"]["next_at"] == clock() + 30_000
    clock.advance(31_000)
    service.tick()  # nobody there: it waits
    ada = g.player("Ada")
    service.tick()
    assert len(events(ada, "question:start")) == 1


def test_leaderboard_only_at_the_end_of_each_round(game, clock):
    g = game(quiz=pack(single(), single(), single()), settings={"leaderboard_every": 2})
    ada = g.player("Ada")
    g.host_do("host:start")
    boards = []
    for i in range(3):
        if i:
            g.host_do("host:next", index=i - 1, phase="reveal")
        g.host_do("host:next", index=i, phase="question")
        boards.append(len(events(ada, "leaderboard:update")))
        snap = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
        assert ("leaderboard" in snap["state"]) == bool(boards[-1])
    assert boards == [0, 1, 1]


def test_team_game_balances_scores_by_average_and_reports_teams(app, game, clock):
    g = game(quiz=pack(single(answer=1), single(answer=1)),
             settings={"teams": ["Red", "Blue"], "late_join": True})
    ada = g.player("Ada", team="red")
    bob = g.player("Bob")  # balanced: Blue is smaller
    cy = g.player("Cy")    # a tie: the first team
    assert (ada.ack["team"], bob.ack["team"], cy.ack["team"]) == ("Red", "Blue", "Red")
    assert ada.ack["state"]["you"]["team"] == "Red"
    bad = g.join("Dee", team="Green")
    assert bad.ack["error"]["code"] == "bad_team" and bad.ack["error"]["field"] == "team"
    joined = [m["joined"] for m in events(g.host, "lobby:update") if "joined" in m]
    assert [j.get("team") for j in joined] == ["Red", "Blue", "Red"]
    g.host_do("host:start")
    for client in (ada, bob):
        assert client.emit("player:answer", {"index": 0, "answer": 1}, callback=True)["ok"]
    assert cy.emit("player:answer", {"index": 0, "answer": 0}, callback=True)["ok"]
    (end,) = events(g.host, "question:end")
    board = {row["name"]: row for row in end["teams"]}
    # Blue: Bob's 1000; Red: Ada's 1000 and Cy's 0, averaged
    assert (board["Blue"]["points"], board["Red"]["points"]) == (1000, 500)
    assert end["teams"][0]["name"] == "Blue" and board["Red"]["members"] == 2
    late = g.player("Eve")  # a late joiner joins the smaller team
    assert late.ack["team"] == "Blue"
    g.host_do("host:next", index=0, phase="reveal")
    g.host_do("host:end", index=1, phase="question")
    (over,) = events(g.host, "game:over")
    assert [row["name"] for row in over["teams"]] == ["Blue", "Red"]
    assert over["teams"][0]["score"] == 1000  # Bob and Eve scored nothing on question 2
    results = app.test_client().get(f"/api/rooms/{g.pin}/results",
                                    headers={"Authorization": f"Bearer {g.token}"}).json
    assert {p["nickname"]: p["team"] for p in results["players"]} == {
        "Ada": "Red", "Bob": "Blue", "Cy": "Red", "Eve": "Blue"}
    snap = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
    assert snap["state"]["teams"] == over["teams"]


def test_a_phone_learns_the_rooms_teams_before_joining(app, game):
    """The join form lists the teams to pick from, with the colours the boards use."""
    http = app.test_client()
    g = game(settings={"teams": ["Red", "Blue", "Green"]})
    reply = http.get(f"/api/rooms/{g.pin}/league")
    assert reply.status_code == 200
    assert reply.json == {"league": None, "teams": [
        {"team": 0, "name": "Red", "colour": "#e21b3c"},
        {"team": 1, "name": "Blue", "colour": "#1368ce"},
        {"team": 2, "name": "Green", "colour": "#26890c"}]}
    plain = game()
    assert http.get(f"/api/rooms/{plain.pin}/league").json["teams"] == []
    assert http.get("/api/rooms/999999/league").status_code == 404


def test_team_is_refused_in_a_room_without_teams_only_if_unknown(game):
    g = game()
    ada = g.player("Ada", team="anything")  # no teams: the field is ignored
    assert "team" not in ada.ack


def test_revote_spreads_without_the_answer_then_scores_the_second_vote(app, game, clock):
    g = game(quiz=pack(single(answer=1), single()))
    ada, bob = g.player("Ada"), g.player("Bob")
    g.host_do("host:start")
    events(ada)
    ada.emit("player:answer", {"index": 0, "answer": 0}, callback=True)  # wrong
    assert g.host_do("host:revote")["ok"]
    (spread,) = events(bob, "question:spread")
    assert spread == {"index": 0, "distribution": [1, 0, 0, 0], "answered": 1}
    assert events(bob, "question:end") == [] and events(bob, "player:result") == []
    late = bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    assert late["error"]["code"] == "not_accepting"
    snap = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
    assert snap["state"]["phase"] == "discuss" and snap["state"]["spread"] == spread
    assert "reveal" not in snap["state"]
    clock.advance(30_000)
    assert g.host_do("host:next", index=0, phase="discuss")["ok"]
    (start,) = events(ada, "question:start")
    assert start["index"] == 0 and start["revote"] is True
    assert ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)["ok"]
    assert bob.emit("player:answer", {"index": 0, "answer": 1}, callback=True)["ok"]
    (end,) = events(g.host, "question:end")
    assert end["revote"]["before"] == [1, 0, 0, 0] and end["revote"]["moved"] == 2
    assert end["distribution"] == [0, 2, 0, 0]
    (result,) = events(ada, "player:result")
    assert result["correct"] is True and result["points"] > 0
    results = app.test_client().get(f"/api/rooms/{g.pin}/results",
                                    headers={"Authorization": f"Bearer {g.token}"}).json
    first = {p["nickname"]: p["answers"][0] for p in results["players"]}
    assert (first["Ada"]["first_answer"], first["Ada"]["answer"]) == (0, 1)
    assert first["Bob"]["first_answer"] is None
    assert code_of(g.host_do("host:revote")) == "bad_phase"  # in the reveal now


def test_a_break_between_rounds_is_timed_by_the_ticker(game, clock, service):
    g = game(quiz=pack(single(), single()),
             settings={"leaderboard_every": 1, "break_seconds": 20, "auto_advance": 5})
    ada = g.player("Ada")
    g.host_do("host:start")
    g.host_do("host:next", index=0, phase="question")
    events(ada)
    clock.advance(5000)
    service.tick()
    (brk,) = events(ada, "game:break")
    assert brk["ends_at"] == clock() + 20_000
    snap = g.host.emit("host:attach", {"pin": g.pin, "host_token": g.token}, callback=True)
    assert snap["state"]["phase"] == "break" and snap["state"]["leaderboard"]
    clock.advance(20_000)
    service.tick()
    (start,) = events(ada, "question:start")
    assert start["index"] == 1
