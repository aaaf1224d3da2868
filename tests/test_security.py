"""Hostile players: rate limits, PIN guessing, secrecy, nicknames, web hardening."""
import json

import pytest

from server.extensions import socketio
from tests.helpers import (events, info, multi, order, pack, poll, single, slider, text,
                           truefalse, wordcloud)


@pytest.fixture
def room(app):
    http = app.test_client()
    body = http.post("/api/rooms", json={"quiz": pack(single(answer=1), single()),
                                         "settings": {"lead_in": 0}}).json
    host = socketio.test_client(app)
    host.emit("host:attach", {"pin": body["pin"], "host_token": body["host_token"]}, callback=True)
    return body["pin"], body["host_token"], host


def join(client, pin, name):
    return client.emit("player:join", {"pin": pin, "nickname": name}, callback=True)


def code(ack):
    return None if ack["ok"] else ack["error"]["code"]


# -- rate limits ---------------------------------------------------------------------
def test_one_connection_cannot_flood_joins(app, room, clock):
    pin = room[0]
    client = socketio.test_client(app)
    codes = []
    for i in range(12):
        clock.advance(250)  # 4 a second: under the address budget, so only the connection's counts
        codes.append(code(join(client, "999999" if pin != "999999" else "999998", f"n{i}")))
    assert codes[:8] == ["not_found"] * 8 and set(codes[8:]) == {"rate_limited"}


def test_one_address_is_limited_to_five_joins_a_second_across_connections(app, room, clock):
    pin = room[0]
    codes = [code(join(socketio.test_client(app), pin, f"Bot{i}")) for i in range(8)]
    assert codes == [None] * 5 + ["rate_limited"] * 3
    clock.advance(1000)  # the window has passed: honest latecomers get in again
    assert code(join(socketio.test_client(app), pin, "Latecomer")) is None


def test_refused_nicknames_spend_the_address_join_budget_too(app, room, clock):
    # the budget is checked inside the join script; a join refused before it (a bad
    # nickname) must still count, or a flood of bad names would never be slowed
    pin = room[0]
    codes = [code(join(socketio.test_client(app), pin, "shit")) for _ in range(5)]
    codes.append(code(join(socketio.test_client(app), pin, "Honest")))
    assert codes == ["bad_nickname"] * 5 + ["rate_limited"]


def test_rate_limited_reply_says_when_to_retry(app, room):
    client = socketio.test_client(app)
    for i in range(60):
        client.emit("nothing:here", {}, callback=True)
    ack = client.emit("nothing:here", {}, callback=True)
    assert code(ack) == "rate_limited" and 1 <= ack["error"]["retry_after"] <= 10


def test_answers_are_budgeted_per_connection(app, room):
    pin, _token, host = room
    ada = socketio.test_client(app)
    join(ada, pin, "Ada")
    join(socketio.test_client(app), pin, "Bob")
    host.emit("host:start", {"pin": pin}, callback=True)
    codes = [code(ada.emit("player:answer", {"index": 0, "answer": 1}, callback=True))
             for _ in range(12)]
    assert codes[0] is None and codes[1:10] == ["already_answered"] * 9
    assert set(codes[10:]) == {"rate_limited"}


def test_room_creation_is_limited_per_address(app):
    http = app.test_client()
    statuses = [http.post("/api/rooms", json={"quiz": pack(single())}).status_code
                for _ in range(12)]
    assert statuses[:10] == [201] * 10 and statuses[10:] == [429, 429]
    refused = http.post("/api/rooms", json={"quiz": pack(single())})
    assert refused.json["error"]["code"] == "rate_limited" and int(refused.headers["Retry-After"]) > 0


# -- PIN guessing ----------------------------------------------------------------------
def test_pin_guessing_locks_the_address_out_even_for_a_right_pin(app, room, clock, service):
    from server.game.model import Settings
    from server.game.pack import parse_quiz
    pin = room[0]  # made from this address: reached
    elsewhere, _token = service.create_room(parse_quiz(pack(single())), Settings())
    for guess in range(20):
        clock.advance(1000)  # slow enough for the join budget; only misses count now
        guesser = socketio.test_client(app)
        guessed = f"{100000 + guess:06d}"
        assert code(join(guesser, guessed if guessed not in (pin, elsewhere) else "999999",
                         "Guess")) == "not_found"
    # a live room this address never reached answers exactly like an unknown PIN
    assert code(join(socketio.test_client(app), elsewhere, "RightPin")) == "rate_limited"
    assert code(socketio.test_client(app).emit("screen:attach", {"pin": elsewhere},
                                               callback=True)) == "rate_limited"
    assert code(join(socketio.test_client(app), "999999", "Again")) == "rate_limited"
    # the room this address made stays open to it (its class shares the address)
    assert code(join(socketio.test_client(app), pin, "Student")) is None
    clock.advance(60_000)
    assert code(join(socketio.test_client(app), elsewhere, "RightPin")) is None


def test_unknown_pin_and_wrong_token_look_the_same(app, room):
    pin = room[0]
    client = socketio.test_client(app)
    unknown = client.emit("player:rejoin", {"pin": "999999" if pin != "999999" else "999998",
                                            "player_token": "t" * 32}, callback=True)
    wrong = client.emit("player:rejoin", {"pin": pin, "player_token": "t" * 32}, callback=True)
    assert unknown == wrong and code(wrong) == "bad_token"


# -- secrecy -----------------------------------------------------------------------------
@pytest.mark.parametrize("question, secret", [
    (single(answer=2), []),
    (multi(answer=(1, 3)), []),
    (truefalse(answer=1), []),
    (text(answer=("Werkzeugish", "Wzeug")), ["Werkzeugish", "Wzeug"]),
    (poll(), []),
    (slider(answer=73.5, tolerance=2.5, margin=12.5), ["73.5", "2.5", "12.5"]),
    (order(choices=["Alpha", "Bravo", "Charlie", "Delta"]), ['"Alpha","Bravo","Charlie","Delta"']),
    (wordcloud(), []),
    (info(), []),
])
def test_nobody_sees_the_answer_or_anyone_elses_answer_before_the_reveal(app, question, secret):
    http = app.test_client()
    body = http.post("/api/rooms", json={"quiz": pack(question), "settings": {"lead_in": 0}}).json
    pin = body["pin"]
    host, screen = socketio.test_client(app), socketio.test_client(app)
    attach = host.emit("host:attach", {"pin": pin, "host_token": body["host_token"]},
                       callback=True)
    screen_ack = screen.emit("screen:attach", {"pin": pin}, callback=True)
    ada, bob, cy = (socketio.test_client(app) for _ in range(3))
    acks = [attach, screen_ack] + [join(c, pin, n) for c, n in ((ada, "Ada"), (bob, "Bob"), (cy, "Cy"))]
    host.emit("host:start", {"pin": pin}, callback=True)
    given = {"single": 2, "multi": [1, 3], "truefalse": 1, "text": "Werkzeugish", "poll": 0,
             "slider": 50, "order": [3, 2, 1, 0], "wordcloud": ["routing"], "info": 0}
    acks.append(ada.emit("player:answer", {"index": 0, "answer": given[question["type"]]},
                         callback=True))
    acks.append(bob.emit("player:answer", {"index": 0, "answer": given[question["type"]]},
                         callback=True))
    acks.append(cy.emit("player:rejoin", {"pin": pin, "player_token": acks[-3]["player_token"]},
                        callback=True))  # a snapshot taken mid-question
    before = [(n, p) for c in (host, screen, ada, bob, cy) for n, p in events(c)]
    assert {n for n, _ in before} <= {"question:start", "question:progress", "lobby:update"}
    payloads = [p for _, p in before] + [a.get("state") for a in acks if a.get("ok")]
    assert not forbidden_keys(payloads, {"answer", "correct", "explanation", "distribution",
                                         "tolerance", "margin", "sent", "options", "value"})
    for word in secret:  # accepted answers must not appear anywhere at all
        assert word not in json.dumps(payloads, separators=(",", ":"))
    starts = [p for n, p in before if n == "question:start"]
    assert starts and all(p["type"] == question["type"] for p in starts)
    if question["type"] == "order":  # sent shuffled, the same for everyone, never in order
        assert len({tuple(p["choices"]) for p in starts}) == 1
        assert sorted(starts[0]["choices"]) == question["choices"] != starts[0]["choices"]
    for name, payload in before:
        if name == "question:progress":
            assert set(payload) == {"index", "answered", "players"}


@pytest.mark.parametrize("question, given", [
    (single(answer=2), 2), (multi(answer=(1, 3)), [1, 3]), (truefalse(answer=1), 1),
    (text(answer=("Werkzeugish",)), "Werkzeugish"),
    (slider(answer=73.5, tolerance=2.5, margin=12.5), 73.5),
    (order(choices=["Alpha", "Bravo", "Charlie", "Delta"]), None),
])
def test_nothing_in_a_revotes_spread_or_a_get_ready_tells_the_answer(app, question, given):
    """A re-vote shows the room how it voted before the reveal: the spread may show
    what was answered, never which answer was right."""
    http = app.test_client()
    body = http.post("/api/rooms", json={"quiz": pack(question), "settings": {"lead_in": 3}}).json
    pin = body["pin"]
    host, screen, ada, bob = (socketio.test_client(app) for _ in range(4))
    host.emit("host:attach", {"pin": pin, "host_token": body["host_token"]}, callback=True)
    screen.emit("screen:attach", {"pin": pin}, callback=True)
    join(ada, pin, "Ada"), join(bob, pin, "Bob")
    host.emit("host:start", {"pin": pin}, callback=True)
    ready = [p for n, p in events(ada) if n == "question:ready"]
    assert ready and not forbidden_keys(ready, {"answer", "correct", "choices", "options"})
    assert host.emit("host:next", {"pin": pin, "index": 0, "phase": "lead_in"},
                     callback=True)["ok"]
    (start,) = [p for n, p in events(ada) if n == "question:start"]
    if question["type"] == "order":  # Ada puts them in the right order
        given = [start["choices"].index(c) for c in question["choices"]]
    assert ada.emit("player:answer", {"index": 0, "answer": given}, callback=True)["ok"]
    assert host.emit("host:revote", {"pin": pin}, callback=True)["ok"]
    spreads = [p for c in (host, screen, ada, bob) for n, p in events(c) if n == "question:spread"]
    snap = host.emit("host:attach", {"pin": pin, "host_token": body["host_token"]},
                     callback=True)["state"]
    spreads.append(snap["spread"])
    assert len(spreads) == 5 and all(p == spreads[0] for p in spreads)
    assert not forbidden_keys(spreads, {"correct", "exact", "by_position",
                                        "explanation", "tolerance", "margin", "value"})
    if question["type"] == "text":  # what was typed is shown, not whether it was accepted
        assert spreads[0]["distribution"] == [{"answer": "Werkzeugish", "count": 1}]
    if question["type"] == "order":  # who put what first, not how many places were right
        assert spreads[0]["distribution"] == {"first": [int(i == given[0]) for i in range(4)]}


def forbidden_keys(value, keys) -> set:
    if isinstance(value, dict):
        found = set(value) & keys
        for item in value.values():
            found |= forbidden_keys(item, keys)
        return found
    if isinstance(value, list):
        return set().union(*(forbidden_keys(v, keys) for v in value)) if value else set()
    return set()


def test_score_and_time_fields_from_a_client_are_refused(app, room):
    pin, _token, host = room
    ada = socketio.test_client(app)
    join(ada, pin, "Ada")
    host.emit("host:start", {"pin": pin}, callback=True)
    for extra in ({"points": 9999}, {"response_ms": 0}, {"player_id": "someone"}, {"score": 1}):
        ack = ada.emit("player:answer", {"index": 0, "answer": 1, **extra}, callback=True)
        assert code(ack) == "bad_request" and ack["error"]["field"] == next(iter(extra))


# -- nicknames ---------------------------------------------------------------------------
@pytest.mark.parametrize("name, allowed", [
    ("Sh1t Head", False), ("f u c k", False), ("a55", False), ("B1tch", False),
    ("Scunthorpe", True), ("Dick Grayson", True), ("Player 85", True), ("Team 455", True),
    ("bot 0 455", True), ("xX_5n1p3r_Xx", True)])
def test_offensive_nicknames_are_refused_without_false_alarms(app, room, name, allowed):
    ack = join(socketio.test_client(app), room[0], name)
    assert (code(ack) is None) == allowed
    if not allowed:
        assert code(ack) == "bad_nickname"


def test_lookalike_letters_and_full_width_do_not_get_past_the_filter(app, room):
    # Cyrillic "ѕ" and "ѕh" lookalikes, full-width letters: non-ASCII names are folded
    for name in ("\u0455hit", "\uff53\uff48\uff49\uff54", "b\u0456tch"):
        assert code(join(socketio.test_client(app), room[0], name)) == "bad_nickname", name


@pytest.mark.parametrize("leetspeak", [False, True])
def test_ascii_names_get_the_same_verdict_without_unicode_folding(leetspeak):
    """ASCII names skip glin-profanity's Unicode folding (a third of each check);
    every word of its English list, in several disguises, must be judged alike."""
    from glin_profanity.data.dictionary import dictionary

    from server.game import profanity
    leet = str.maketrans("aeiost", "431057")
    samples = {"Scunthorpe", "Dick Grayson", "Player 85", "guest000123", "xX_5n1p3r_Xx"}
    for word in dictionary.get_words("english"):
        if word.isascii():
            samples |= {word, word.upper(), f"{word}123", f"I am {word}",
                        word.translate(leet), " ".join(word), word + word[-1] * 3}
    folding = profanity._filter(leetspeak, "\u00e4")
    plain = profanity._filter(leetspeak, "a")
    assert folding is not plain
    differ = [s for s in sorted(samples) if folding.is_profane(s) != plain.is_profane(s)]
    assert differ == []


def test_the_host_can_turn_the_nickname_filter_off(app):
    http = app.test_client()
    pin = http.post("/api/rooms", json={"quiz": pack(single()),
                                        "settings": {"profanity_filter": False}}).json["pin"]
    assert code(join(socketio.test_client(app), pin, "Sh1t Head")) is None


def test_glitch_bidi_and_invisible_nicknames(app, room):
    pin = room[0]
    assert code(join(socketio.test_client(app), pin, "Z" + "\u0336" * 30)) == "bad_nickname"
    ack = join(socketio.test_client(app), pin, "\u202eAda\u200b")
    assert ack["nickname"] == "Ada"
    assert code(join(socketio.test_client(app), pin, "ＡＤＡ")) == "nickname_taken"


# -- typed answers on the projector ------------------------------------------------------
def _typed_round(app, settings, typed):
    """A text question answered with ``typed``; the question:end the room sees."""
    http = app.test_client()
    body = http.post("/api/rooms", json={"quiz": pack(text()),
                                         "settings": {"lead_in": 0, **(settings or {})}}).json
    pin = body["pin"]
    host, screen = socketio.test_client(app), socketio.test_client(app)
    host.emit("host:attach", {"pin": pin, "host_token": body["host_token"]}, callback=True)
    screen.emit("screen:attach", {"pin": pin}, callback=True)
    players = [socketio.test_client(app) for _ in typed]
    for i, client in enumerate(players):
        assert code(join(client, pin, f"P{i}")) is None
    host.emit("host:start", {"pin": pin}, callback=True)
    for client, answer in zip(players, typed):
        assert code(client.emit("player:answer", {"index": 0, "answer": answer},
                                callback=True)) is None
    return events(screen, "question:end")[0], body["host_token"], pin


GLITCH = "Z" + "\u0336" * 48


def test_typed_answers_on_the_projector_are_cleaned_and_masked_like_nicknames(app):
    end, _token, _pin = _typed_round(app, None, ["shit", "\u202eevil\u202c", GLITCH, "Jinja2"])
    shown = {e["answer"]: e["count"] for e in end["distribution"]}
    assert shown == {"****": 1, "evil": 1, "Z\u0336\u0336": 1, "Jinja2": 1}


def test_typed_answers_are_shown_unmasked_when_the_host_turned_the_filter_off(app):
    end, _token, _pin = _typed_round(app, {"profanity_filter": False}, ["shit", "\u200b"])
    assert end["distribution"] == [{"answer": "shit", "count": 1, "correct": False}]


def test_the_host_can_keep_typed_answers_off_the_projector(app):
    end, host_token, pin = _typed_round(app, {"show_typed_answers": False}, ["Jinja2", "Mako"])
    assert end["distribution"] == [] and end["answered"] == 2
    again = socketio.test_client(app).emit("host:attach", {"pin": pin, "host_token": host_token},
                                           callback=True)
    assert again["state"]["reveal"]["distribution"] == []
    report = app.test_client().get(f"/api/rooms/{pin}/results", headers={
        "Authorization": f"Bearer {host_token}"}).json
    answers = sorted(p["answers"][0]["answer"] for p in report["players"])
    assert answers == ["Jinja2", "Mako"]  # the host's export still has every answer


# -- web ---------------------------------------------------------------------------------
def test_pages_carry_a_strict_content_security_policy(app):
    reply = app.test_client().get("/no-such-page", headers={"Accept": "text/html"})
    csp = reply.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert reply.headers["X-Content-Type-Options"] == "nosniff"


def test_session_cookie_is_httponly_samesite_and_secure_behind_https(redis_url, prefix, clock):
    from server import create_app
    app = create_app({"TESTING": True, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
                      "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0,
                      "QUIZROOM_CLOCK": clock, "SECRET_KEY": "t",
                      "QUIZROOM_PUBLIC_URL": "https://quiz.example.org"})
    reply = app.test_client().post("/api/rooms", json={"quiz": pack(single())})
    cookie = reply.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert reply.json["join_url"].startswith("https://quiz.example.org/play/")


def test_oversized_http_body_is_refused_with_json(app):
    reply = app.test_client().post("/api/rooms", data="x" * (1024 * 1024 + 10),
                                   content_type="application/json")
    assert reply.status_code == 413 and reply.json["error"]["code"] == "too_large"


def test_deeply_nested_http_json_is_a_400_not_a_crash(app):
    deep = "[" * 50_000 + "]" * 50_000
    reply = app.test_client().post("/api/rooms", data='{"quiz": ' + deep + "}",
                                   content_type="application/json")
    assert reply.status_code == 400 and reply.json["error"]["code"] == "bad_request"
