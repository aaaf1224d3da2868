"""The library over HTTP (Flask test client, real Redis), with and without host accounts."""
import pytest

from server.service import accounts as accounts_module

Q = {"type": "single", "text": "2 + 2?", "choices": ["3", "4"], "answer": 1}


@pytest.fixture
def client(app):
    return app.test_client()


def add_host(app, name, password="correct horse"):
    app.extensions["quizroom_accounts"].add(name, password)


def sign_in(client, name, password="correct horse"):
    return client.post("/login", json={"name": name, "password": password})


def new_quiz(client, **fields):
    reply = client.post("/api/library", json={"title": "Sums", "tags": ["math"], **fields})
    assert reply.status_code == 201, reply.json
    return reply.json


def test_create_edit_and_read_back_with_validator_errors_for_a_draft(client):
    quiz = new_quiz(client)
    assert quiz["version"] == 1 and quiz["owner"] is None and quiz["tags"] == ["math"]
    assert quiz["errors"] == ["questions: must be a non-empty list"]  # stored anyway
    bad = dict(Q, answer=7)
    reply = client.put(f"/api/library/{quiz['id']}",
                       json={"title": "Sums", "questions": [Q, bad], "version": 1})
    assert reply.status_code == 200
    assert reply.json["quiz"]["version"] == 2
    assert reply.json["errors"] == ["questions[1].answer: index 7 out of range for 2 choices"]
    got = client.get(f"/api/library/{quiz['id']}").json
    assert got["questions"] == [Q, bad] and got["errors"] == reply.json["errors"]


def test_a_save_based_on_an_old_version_is_a_conflict_carrying_the_stored_quiz(client):
    quiz = new_quiz(client)
    first = client.put(f"/api/library/{quiz['id']}",
                       json={"title": "Tab one", "questions": [Q], "version": 1})
    assert first.status_code == 200
    second = client.put(f"/api/library/{quiz['id']}",
                        json={"title": "Tab two", "questions": [], "version": 1})
    assert second.status_code == 409
    error = second.json["error"]
    assert error["code"] == "conflict" and error["current"]["title"] == "Tab one"
    assert error["current"]["version"] == 2
    assert client.get(f"/api/library/{quiz['id']}").json["title"] == "Tab one"


@pytest.mark.parametrize("body,field", [
    ({"title": 5, "version": 1}, "title"),
    ({"tags": ["x" * 41], "version": 1}, "tags.0"),
    ({"questions": "no", "version": 1}, "questions"),
    ({"title": "t"}, "version"),
    ({"title": "t", "version": "1"}, "version"),
])
def test_a_malformed_save_is_a_400_naming_the_field(client, body, field):
    quiz = new_quiz(client)
    reply = client.put(f"/api/library/{quiz['id']}", json=body)
    assert reply.status_code == 400
    assert reply.json["error"]["code"] == "bad_request"
    assert reply.json["error"]["field"] == field


def test_a_malformed_create_names_the_field_and_unknown_ids_are_404(client):
    reply = client.post("/api/library", json={"titel": "typo"})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "titel"
    assert client.post("/api/library", data="x").status_code == 400
    for method, path in [("get", "/api/library/nope"), ("delete", "/api/library/nope"),
                         ("post", "/api/library/nope/restore"), ("post", "/api/library/nope/play")]:
        reply = getattr(client, method)(path)
        assert reply.status_code == 404 and reply.json["error"]["code"] == "not_found"
    reply = client.put("/api/library/nope", json={"version": 1})
    assert reply.status_code == 404


def test_a_quiz_larger_than_the_limit_is_refused(app, client):
    app.extensions["quizroom_library"].max_quiz_bytes = 2000
    reply = client.post("/api/library", json={"title": "big", "questions": [Q] * 60})
    assert reply.status_code == 413 and reply.json["error"]["code"] == "quiz_too_large"


def test_a_library_keeps_at_most_its_cap_of_quizzes_the_trash_included(app, client, clock):
    app.extensions["quizroom_library"].max_quizzes = 2
    first, _second = new_quiz(client), new_quiz(client)
    full = client.post("/api/library", json={"title": "Third"})
    assert full.status_code == 429
    assert (full.json["error"]["code"], full.json["error"]["limit"]) == ("too_many_quizzes", 2)
    assert client.post("/api/library", json={"duplicate": first["id"]}).status_code == 429
    client.delete(f"/api/library/{first['id']}")  # still in the trash: still kept
    assert client.post("/api/library", json={"title": "Third"}).status_code == 429
    clock.advance(30 * 86400 * 1000 + 1)  # out of the trash for good
    assert client.post("/api/library", json={"title": "Third"}).status_code == 201


def test_new_library_quizzes_are_limited_per_address(client):
    codes = [client.post("/api/library", json={"title": f"Q{i}"}).status_code for i in range(61)]
    assert codes == [201] * 60 + [429]
    refused = client.post("/api/library", json={"title": "more"})
    assert refused.json["error"]["code"] == "rate_limited" and refused.headers["Retry-After"]
    quizzes = client.get("/api/library").json["quizzes"]
    assert client.put(f"/api/library/{quizzes[0]['id']}", json={  # saving is not creating
        "title": "Edited", "version": quizzes[0]["version"]}).status_code == 200


def test_list_searches_titles_and_tags_and_shows_the_built_ins(client):
    new_quiz(client, title="Capitals of Europe", tags=["Geography"])
    new_quiz(client, title="Times tables", tags=["math"])
    listing = client.get("/api/library").json
    titles = [q["title"] for q in listing["quizzes"]]
    assert "Capitals of Europe" in titles and "Flask Interview Warm-up" in titles
    assert listing["tags"] == ["Geography", "math"]
    builtin = next(q for q in listing["quizzes"] if q["builtin"])
    assert builtin["id"] == "flask-interview" and builtin["questions"] > 10
    assert [q["title"] for q in client.get("/api/library?q=CAPITAL").json["quizzes"]] == [
        "Capitals of Europe"]
    assert [q["title"] for q in client.get("/api/library?tag=geography").json["quizzes"]] == [
        "Capitals of Europe"]
    assert client.get("/api/library?q=zzz").json["quizzes"] == []


def test_duplicate_a_built_in_and_a_library_quiz(client):
    copy = client.post("/api/library", json={"duplicate": "flask-interview"})
    assert copy.status_code == 201 and copy.json["errors"] == []
    assert copy.json["id"] != "flask-interview" and copy.json["version"] == 1
    again = client.post("/api/library", json={"duplicate": copy.json["id"]})
    assert again.status_code == 201
    assert again.json["title"].endswith("(copy)")
    assert again.json["questions"] == copy.json["questions"]
    reply = client.post("/api/library", json={"duplicate": "missing"})
    assert reply.status_code == 404
    reply = client.post("/api/library", json={"duplicate": copy.json["id"], "title": "x"})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "duplicate"


def test_built_ins_are_read_only(client):
    assert client.get("/api/library/flask-interview").json["builtin"] is True
    reply = client.put("/api/library/flask-interview", json={"title": "mine", "version": 1})
    assert reply.status_code == 403 and reply.json["error"]["code"] == "read_only"
    assert client.delete("/api/library/flask-interview").status_code == 403


def test_delete_goes_to_the_trash_for_30_days_and_restore_brings_it_back(app, client, clock):
    quiz = new_quiz(client, questions=[Q])
    reply = client.delete(f"/api/library/{quiz['id']}")
    assert reply.status_code == 200
    assert reply.json["restorable_until"] == clock() + 30 * 86400 * 1000
    assert client.get(f"/api/library/{quiz['id']}").status_code == 404
    assert quiz["id"] not in [q["id"] for q in client.get("/api/library").json["quizzes"]]
    trash = client.get("/api/library?deleted=1").json["quizzes"]
    assert [q["id"] for q in trash] == [quiz["id"]] and trash[0]["deleted"] == clock()
    assert client.delete(f"/api/library/{quiz['id']}").status_code == 404  # already there
    restored = client.post(f"/api/library/{quiz['id']}/restore")
    assert restored.status_code == 200 and restored.json["questions"] == [Q]
    assert client.get("/api/library?deleted=1").json["quizzes"] == []
    assert client.post(f"/api/library/{quiz['id']}/restore").status_code == 404


def test_play_creates_a_room_and_refuses_an_unplayable_draft(app, client):
    draft = new_quiz(client, questions=[dict(Q, choices=["only one"], answer=0)])
    reply = client.post(f"/api/library/{draft['id']}/play", json={})
    assert reply.status_code == 400 and reply.json["error"]["code"] == "invalid_quiz"
    assert reply.json["error"]["errors"]
    good = new_quiz(client, questions=[Q])
    reply = client.post(f"/api/library/{good['id']}/play",
                        json={"settings": {"max_players": 10}})
    assert reply.status_code == 201, reply.json
    pin = reply.json["pin"]
    assert reply.json["host_url"].endswith(f"/host/{pin}")
    quiz = app.extensions["quizroom"].service.room(pin)[2]
    assert quiz.title == "Sums" and len(quiz.questions) == 1
    bad = client.post(f"/api/library/{good['id']}/play", json={"settings": {"max_players": 0}})
    assert bad.status_code == 400 and "settings.max_players" in bad.json["error"]["message"]
    assert client.post("/api/library/flask-interview/play").status_code == 201
    # a library game may count toward one of the host's leagues, and no one else's
    league = client.post("/api/leagues", json={"name": "Thursday"}).json["id"]
    counted = client.post(f"/api/library/{good['id']}/play", json={"league": league})
    assert counted.status_code == 201
    assert app.extensions["quizroom"].leagues.league_of(counted.json["pin"]) == league
    unknown = client.post(f"/api/library/{good['id']}/play", json={"league": "0" * 12})
    assert unknown.status_code == 404


def test_play_is_held_to_the_room_creation_limits(app, client):
    good = new_quiz(client, questions=[Q])
    codes = [client.post(f"/api/library/{good['id']}/play").status_code for _ in range(11)]
    assert codes[:10] == [201] * 10 and codes[10] == 429  # create_room: 10 a minute


def test_a_change_posted_from_another_site_is_refused(client):
    quiz = new_quiz(client)
    reply = client.delete(f"/api/library/{quiz['id']}",
                          headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"})
    assert reply.status_code == 403 and reply.json["error"]["code"] == "cross_site"
    same = client.delete(f"/api/library/{quiz['id']}",
                         headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200


# -- host accounts ------------------------------------------------------------------------
def test_without_accounts_everything_is_open(client):
    assert client.get("/api/me").json == {"name": None, "accounts": False}
    assert client.get("/api/library").status_code == 200
    assert client.get("/host").status_code == 200
    assert client.post("/api/rooms", json={"quiz_id": "flask-interview"}).status_code == 201


def test_with_an_account_the_library_and_room_creation_need_sign_in(app, client):
    add_host(app, "alice")
    for method, path in [("get", "/api/library"), ("post", "/api/library"),
                         ("get", "/api/library/x"), ("put", "/api/library/x"),
                         ("delete", "/api/library/x"), ("post", "/api/library/x/play"),
                         ("post", "/api/rooms")]:
        reply = getattr(client, method)(path, json={})
        assert reply.status_code == 401, path
        assert reply.json["error"]["code"] == "sign_in_required"
    page = client.get("/host")
    assert page.status_code == 302 and page.location == "/login?next=/host"
    assert client.get("/login?next=/host").status_code == 200
    reply = client.post("/login", data={"name": "alice", "password": "correct horse",
                                        "next": "/host"})
    assert reply.status_code == 302 and reply.location == "/host"
    assert client.get("/host").status_code == 200
    assert client.post("/api/rooms", json={"quiz_id": "flask-interview"}).status_code == 201
    assert client.get("/api/me").json == {"name": "alice", "accounts": True}
    assert client.post("/logout").status_code == 302
    assert client.get("/api/library").status_code == 401


def test_sign_in_never_redirects_to_another_site(app, client):
    add_host(app, "alice")
    for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
        reply = client.post("/login", data={"name": "alice", "password": "correct horse",
                                            "next": target})
        assert reply.location == "/quizzes"


def test_wrong_passwords_are_refused_and_rate_limited_per_address_and_account(app, client):
    add_host(app, "alice")
    for _ in range(accounts_module.SIGNIN_FAILURES):
        reply = sign_in(client, "alice", "wrong password")
        assert reply.status_code == 401 and reply.json["error"]["code"] == "bad_credentials"
    reply = sign_in(client, "alice")  # even the right password, until the window ends
    assert reply.status_code == 429 and int(reply.headers["Retry-After"]) >= 1
    # an address that has not failed gets its password checked: the host is not locked
    # out (more in test_signin_live.py)...
    other = app.test_client()
    reply = other.post("/login", json={"name": "alice", "password": "correct horse"},
                       environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert reply.status_code == 200
    # ...and this address is refused for every account
    add_host(app, "bob")
    assert sign_in(client, "bob").status_code == 429
    assert other.post("/login", json={"name": "bob", "password": "correct horse"},
                      environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200


def test_a_login_form_from_another_site_is_refused(app, client):
    add_host(app, "alice")
    reply = client.post("/login", json={"name": "alice", "password": "correct horse"},
                        headers={"Origin": "https://evil.example"})
    assert reply.status_code == 400 and reply.json["error"]["code"] == "cross_site"
    assert client.get("/api/me").json["name"] is None


def test_a_host_cannot_see_or_touch_another_hosts_quiz(app, client):
    add_host(app, "alice")
    add_host(app, "bob")
    sign_in(client, "alice")
    mine = new_quiz(client, title="Alice's", questions=[Q])
    bob = app.test_client()
    sign_in(bob, "bob")
    ids = [q["id"] for q in bob.get("/api/library").json["quizzes"]]
    assert mine["id"] not in ids and "flask-interview" in ids  # the built-ins are shared
    missing = bob.get("/api/library/nope").json
    for method, path in [("get", ""), ("delete", ""), ("post", "/restore"), ("post", "/play")]:
        reply = getattr(bob, method)(f"/api/library/{mine['id']}{path}")
        assert reply.status_code == 404 and reply.json == missing  # the id is not confirmed
    reply = bob.put(f"/api/library/{mine['id']}", json={"title": "mine now", "version": 1})
    assert reply.status_code == 404
    assert bob.post("/api/library", json={"duplicate": mine["id"]}).status_code == 404
    assert client.get(f"/api/library/{mine['id']}").json["title"] == "Alice's"
    assert client.get(f"/api/library/{mine['id']}").json["owner"] == "alice"


def test_a_removed_account_is_signed_out(app, client):
    add_host(app, "alice")
    add_host(app, "bob")
    sign_in(client, "alice")
    assert client.get("/api/library").status_code == 200
    app.extensions["quizroom_accounts"].remove("alice")
    assert client.get("/api/library").status_code == 401
