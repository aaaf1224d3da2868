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
