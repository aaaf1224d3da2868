"""HTTP endpoints: health, packs, room creation, results."""
import pytest

from server.extensions import socketio
from tests.helpers import pack, single, text


@pytest.fixture
def http(app):
    return app.test_client()


def test_healthz_ok_when_redis_answers(http):
    assert http.get("/healthz").json == {"status": "ok"}


def test_healthz_503_when_redis_is_unreachable(redis_url, prefix, clock):
    from server import create_app
    app = create_app({"TESTING": True, "REDIS_URL": "redis://127.0.0.1:1/0",
                      "QUIZROOM_KEY_PREFIX": prefix, "QUIZROOM_ASYNC_MODE": "threading",
                      "QUIZROOM_TICK_SECONDS": 0, "SECRET_KEY": "t"})
    reply = app.test_client().get("/healthz")
    assert reply.status_code == 503 and reply.json["status"] == "unavailable"


def test_quizzes_lists_the_seed_pack(http):
    quizzes = http.get("/api/quizzes").json["quizzes"]
    flask_pack = next(q for q in quizzes if q["id"] == "flask-interview")
    assert flask_pack["questions"] >= 80 and flask_pack["title"]


def test_create_room_from_seed_pack(http):
    reply = http.post("/api/rooms", json={"quiz_id": "flask-interview"})
    assert reply.status_code == 201
    body = reply.json
    assert len(body["pin"]) == 6 and body["pin"].isdigit() and len(body["host_token"]) >= 24
    assert body["join_url"].endswith(f"/play/{body['pin']}")
    assert body["host_url"].endswith(f"/host/{body['pin']}")
    assert body["screen_url"].endswith(f"/screen/{body['pin']}")


def test_create_room_applies_settings_overrides(app, http):
    reply = http.post("/api/rooms", json={"quiz": pack(single(time_limit=20)),
                                          "settings": {"time_limit": 7, "points": "double"}})
    pin = reply.json["pin"]
    quiz, settings = app.extensions["quizroom"].service.room(pin)[2:]
    assert quiz.questions[0].time_limit == 7 and quiz.questions[0].base_points == 2000


@pytest.mark.parametrize("body, status, code", [
    (None, 400, "bad_request"),
    ([], 400, "bad_request"),
    ({}, 400, "bad_request"),
    ({"quiz_id": "flask-interview", "quiz": {}}, 400, "bad_request"),
    ({"quiz_id": "nope"}, 404, "not_found"),
    ({"quiz_id": 5}, 400, "bad_request"),
    ({"quiz_id": "flask-interview", "colour": "red"}, 400, "bad_request"),
    ({"quiz_id": "flask-interview", "settings": {"max_players": 0}}, 400, "invalid_quiz"),
])
def test_create_room_errors(http, body, status, code):
    reply = http.post("/api/rooms", json=body) if body is not None else http.post(
        "/api/rooms", data="not json", content_type="application/json")
    assert reply.status_code == status
    assert reply.json["error"]["code"] == code and reply.json["error"]["message"]


def test_invalid_inline_pack_lists_every_error_with_its_path(http):
    bad = pack(single(), single(), single(), single(answer=5), text(answer=[]))
    reply = http.post("/api/rooms", json={"quiz": bad})
    assert reply.status_code == 400
    errors = reply.json["error"]["errors"]
    assert "questions[3].answer: index 5 out of range for 4 choices" in errors
    assert "questions[4].answer: must be a list of 1..10 accepted strings" in errors


def test_results_need_the_host_token(http):
    pin = http.post("/api/rooms", json={"quiz": pack(single())}).json["pin"]
    assert http.get(f"/api/rooms/{pin}/results").status_code == 401
    wrong = http.get(f"/api/rooms/{pin}/results", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403 and wrong.json["error"]["code"] == "forbidden"
    missing = http.get("/api/rooms/000000/results", headers={"Authorization": "Bearer nope"})
    assert (missing.status_code, missing.json) == (wrong.status_code, wrong.json)  # no PIN oracle


def test_results_report_each_players_answers_points_and_times(app, http, clock):
    room = http.post("/api/rooms", json={"quiz": pack(single(answer=1), text()),
                                         "settings": {"lead_in": 0}}).json
    pin, token = room["pin"], room["host_token"]
    host = socketio.test_client(app)
    host.emit("host:attach", {"pin": pin, "host_token": token}, callback=True)
    ada, bob = socketio.test_client(app), socketio.test_client(app)
    ada.emit("player:join", {"pin": pin, "nickname": "Ada"}, callback=True)
    bob.emit("player:join", {"pin": pin, "nickname": "Bob"}, callback=True)
    host.emit("host:start", {"pin": pin}, callback=True)
    clock.advance(4000)
    ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    bob.emit("player:answer", {"index": 0, "answer": 0}, callback=True)
    host.emit("host:next", {"pin": pin}, callback=True)
    host.emit("host:end", {"pin": pin}, callback=True)
    body = http.get(f"/api/rooms/{pin}/results", headers={"Authorization": f"Bearer {token}"}).json
    assert body["phase"] == "finished" and len(body["questions"]) == 2
    first, second = body["players"]
    assert (first["nickname"], first["rank"], first["score"]) == ("Ada", 1, 900)
    assert first["answers"][0] == {"index": 0, "answer": 1, "correct": True, "points": 900,
                                   "response_ms": 4000}
    assert first["answers"][1]["answer"] is None and first["answers"][1]["points"] == 0
    assert (second["nickname"], second["answers"][0]["correct"]) == ("Bob", False)


def test_unknown_api_path_is_json_404(http):
    reply = http.get("/api/nothing-here")
    assert reply.status_code == 404 and reply.json["error"]["code"] == "not_found"


def test_redis_outage_gives_unavailable_ack_not_a_crash(app, redis_url, prefix):
    """A socket event while Redis is unreachable is refused clearly, not lost silently."""
    from server import create_app
    down = create_app({"TESTING": True, "REDIS_URL": "redis://127.0.0.1:1/0",
                       "QUIZROOM_KEY_PREFIX": prefix, "QUIZROOM_ASYNC_MODE": "threading",
                       "QUIZROOM_TICK_SECONDS": 0, "SECRET_KEY": "t"})
    client = socketio.test_client(down)
    ack = client.emit("player:join", {"pin": "123456", "nickname": "Ada"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "unavailable"


def test_seat_is_kept_in_the_browser_session_for_a_refresh(app, http):
    pin = http.post("/api/rooms", json={"quiz": pack(single())}).json["pin"]
    ada = socketio.test_client(app)
    token = ada.emit("player:join", {"pin": pin, "nickname": "Ada"}, callback=True)["player_token"]
    reply = http.post(f"/api/rooms/{pin}/seat", json={"player_token": token})
    assert reply.status_code == 200 and reply.json["nickname"] == "Ada"
    with http.session_transaction() as stored:
        assert stored["players"] == {pin: token}
    wrong = http.post(f"/api/rooms/{pin}/seat", json={"player_token": "not-a-real-token"})
    assert wrong.status_code == 400 and wrong.json["error"]["code"] == "bad_token"
    assert http.post(f"/api/rooms/{pin}/seat", json={}).json["error"]["field"] == "player_token"


def test_a_pasted_host_token_can_be_kept_in_the_session(app):
    pin, token = (lambda b: (b["pin"], b["host_token"]))(
        app.test_client().post("/api/rooms", json={"quiz": pack(single())}).json)
    other_browser = app.test_client()
    wrong = other_browser.post(f"/api/rooms/{pin}/host", json={"host_token": "x" * 32})
    assert wrong.status_code == 403
    assert other_browser.post(f"/api/rooms/{pin}/host",
                              json={"host_token": token}).status_code == 200
    with other_browser.session_transaction() as stored:
        assert stored["hosts"] == {pin: token}


def test_settings_and_pack_errors_come_back_together(http):
    reply = http.post("/api/rooms", json={"quiz": pack(single(answer=9)),
                                          "settings": {"max_players": 0}})
    errors = reply.json["error"]["errors"]
    assert any(e.startswith("settings.max_players") for e in errors)
    assert "questions[0].answer: index 9 out of range for 4 choices" in errors


def test_with_a_public_url_every_link_uses_it_whatever_the_host(redis_url, prefix, clock):
    from server import create_app
    app = create_app({"TESTING": True, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
                      "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0,
                      "QUIZROOM_CLOCK": clock, "SECRET_KEY": "t",
                      "QUIZROOM_PUBLIC_URL": "https://quiz.example.org/"})
    http = app.test_client()
    evil = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    room = http.post("/api/rooms", json={"quiz": pack(single())}, headers=evil).json
    assert room["join_url"] == f"https://quiz.example.org/play/{room['pin']}"
    screen = http.get(f"/screen/{room['pin']}", headers=evil).get_data(as_text=True)
    assert "evil.example" not in screen and "https://quiz.example.org/play/" in screen
    qr = http.get(f"/qr/{room['pin']}.svg", headers=evil)
    assert "private" not in qr.headers["Cache-Control"]  # the same for every client
