"""The editor's page routes (Flask test client, real Redis): open without host accounts,
behind sign-in with one, and handed the quiz id they edit."""
import json
import re


def page_data(reply) -> dict:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>',
                      reply.get_data(as_text=True), re.S)
    return json.loads(found.group(1))


def test_without_accounts_the_editor_pages_are_open(app):
    http = app.test_client()
    listing = http.get("/quizzes")
    assert listing.status_code == 200
    assert "script-src 'self'" in listing.headers["Content-Security-Policy"]
    quiz = http.post("/api/library", json={"title": "Sums"}).json
    edit = http.get(f"/quizzes/{quiz['id']}/edit")
    assert edit.status_code == 200
    assert page_data(edit)["id"] == quiz["id"]
    assert http.get("/quizzes/not%20an%20id!/edit").status_code == 404


def test_with_an_account_the_editor_pages_need_sign_in(app):
    app.extensions["quizroom_accounts"].add("alice", "correct horse")
    http = app.test_client()
    for path in ("/quizzes", "/quizzes/abc123/edit"):
        reply = http.get(path)
        assert reply.status_code == 302
        assert reply.headers["Location"] == f"/login?next={path}"
    assert http.post("/login", json={"name": "alice", "password": "correct horse"}).status_code \
        in (200, 302)
    reply = http.get("/quizzes")
    assert reply.status_code == 200
    assert page_data(reply)["host"] == "alice"


def test_the_trash_heading_says_how_long_this_server_keeps_a_quiz(redis_url, prefix):
    from server import create_app
    for ttl, said in ((30 * 86400, "30 days"), (7 * 86400, "7 days"), (86400, "1 day"),
                      (36 * 3600, "36 hours"), (100_000, "28 hours"), (600, "10 minutes")):
        app = create_app({"TESTING": True, "REDIS_URL": redis_url, "SECRET_KEY": "test",
                          "QUIZROOM_KEY_PREFIX": prefix, "QUIZROOM_ASYNC_MODE": "threading",
                          "QUIZROOM_TICK_SECONDS": 0, "QUIZROOM_TRASH_TTL": ttl})
        assert page_data(app.test_client().get("/quizzes"))["trashKept"] == said
