"""The page routes without a browser: what the pages are handed, the QR code, the
results downloads, and the rules that keep the pages working under a strict CSP.
These run everywhere, with or without chromium."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import segno

from server.extensions import socketio
from tests.helpers import pack, single, text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def http(app):
    return app.test_client()


def page_data(reply) -> dict:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>',
                      reply.get_data(as_text=True), re.S)
    return json.loads(found.group(1))


def test_host_console_carries_the_token_only_for_the_browser_that_made_the_room(app, http):
    room = http.post("/api/rooms", json={"quiz": pack(single())}).json
    assert page_data(http.get(f"/host/{room['pin']}"))["hostToken"] == room["host_token"]
    stranger = app.test_client()
    assert page_data(stranger.get(f"/host/{room['pin']}"))["hostToken"] is None
    assert http.get("/host/12345").status_code == 404


def test_player_page_carries_the_seat_kept_in_the_session(app, http, clock):
    pin = http.post("/api/rooms", json={"quiz": pack(single())}).json["pin"]
    assert page_data(http.get(f"/play/{pin}")) == {"pin": pin, "playerToken": None}
    player = socketio.test_client(app)
    token = player.emit("player:join", {"pin": pin, "nickname": "Ada"},
                        callback=True)["player_token"]
    assert http.post(f"/api/rooms/{pin}/seat", json={"player_token": token}).status_code == 200
    assert page_data(http.get(f"/play/{pin}"))["playerToken"] == token
    assert page_data(http.get("/play"))["playerToken"] is None


def test_qr_code_holds_the_public_join_link(redis_url, prefix, clock):
    from server import create_app
    app = create_app({"TESTING": True, "REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
                      "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0,
                      "QUIZROOM_CLOCK": clock, "SECRET_KEY": "test",
                      "QUIZROOM_PUBLIC_URL": "https://quiz.example.org/"})
    reply = app.test_client().get("/qr/123456.svg")
    assert reply.status_code == 200 and reply.mimetype == "image/svg+xml"
    expected = io.BytesIO()
    segno.make("https://quiz.example.org/play/123456", error="m").save(
        expected, kind="svg", scale=10, border=2, xmldecl=False, omitsize=True, dark="#111",
        light="#fff")
    assert reply.data == expected.getvalue()
    assert b"viewBox" in reply.data  # so the <img> can scale it to any size
    assert app.test_client().get("/qr/12345x.svg").status_code == 404


def test_results_csv_names_the_choices_and_defuses_formulas(app, http, clock):
    quiz = pack(single(answer=1), text(answer=["Jinja2"]))
    room = http.post("/api/rooms", json={"quiz": quiz, "settings": {"lead_in": 0}}).json
    pin = room["pin"]
    host = socketio.test_client(app)
    host.emit("host:attach", {"pin": pin, "host_token": room["host_token"]}, callback=True)
    players = {}
    for name in ("=1+1", "Ada"):
        clock.advance(300)
        players[name] = socketio.test_client(app)
        assert players[name].emit("player:join", {"pin": pin, "nickname": name}, callback=True)["ok"]
    host.emit("host:start", {"pin": pin}, callback=True)
    clock.advance(1000)
    players["Ada"].emit("player:answer", {"index": 0, "answer": 1}, callback=True)
    players["=1+1"].emit("player:answer", {"index": 0, "answer": 3}, callback=True)
    host.emit("host:next", {"pin": pin}, callback=True)  # both answered: this opens question 2
    assert players["Ada"].emit("player:answer", {"index": 1, "answer": "-jinja2"},
                               callback=True)["ok"]
    assert host.emit("host:end", {"pin": pin}, callback=True)["ok"]

    reply = http.get(f"/host/{pin}/results.csv")
    assert reply.status_code == 200
    assert reply.headers["Content-Disposition"] == f'attachment; filename="quizroom-{pin}-results.csv"'
    rows = list(csv.DictReader(io.StringIO(reply.get_data(as_text=True))))
    assert [r["nickname"] for r in rows] == ["Ada", "'=1+1"]
    assert rows[0]["q1_answer"] == "b" and rows[0]["q1_correct"] == "yes"
    assert rows[1]["q1_answer"] == "d" and rows[1]["q1_correct"] == "no"
    assert rows[0]["q2_answer"] == "'-jinja2" and rows[0]["q2_correct"] == "no"
    assert rows[1]["q2_answer"] == "" and rows[0]["correct_answers"] == "1"
    assert http.get(f"/host/{pin}/results.json").json["players"][0]["nickname"] == "Ada"
    assert app.test_client().get(f"/host/{pin}/results.csv").status_code == 403


def test_pages_keep_to_a_strict_content_security_policy():
    """No inline code or style in the templates, no HTML built from data in the scripts."""
    problems = []
    for path in sorted((ROOT / "templates").glob("*.html")):
        markup = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", markup):
            if "src=" not in tag and 'type="application/json"' not in tag:
                problems.append(f"{path.name}: inline script {tag}")
        problems += [f"{path.name}: {m}" for m in re.findall(r"\s(on[a-z]+|style)=", markup)]
        problems += [f"{path.name}: <style>" for _ in re.findall(r"<style\b", markup)]
        problems += [f"{path.name}: external {m}" for m in re.findall(r"(?:src|href)=\"(?:https?:)?//", markup)]
    for path in sorted((ROOT / "static" / "js").rglob("*.js")):
        source = path.read_text()
        for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                      "eval(", "new Function", "setAttribute('style'"):
            if risky in source:
                problems.append(f"{path.name}: {risky}")
        # the SVG namespace is a name, not a place to load from
        problems += [f"{path.name}: external {m}" for m in
                     re.findall(r"https?://(?!www\.w3\.org/2000/svg)\S+", source)]
    assert problems == []


@pytest.mark.parametrize("path", ["/screen/000000", "/host/999999", "/play/000000"])
def test_a_room_page_for_an_unknown_pin_says_no_room_has_it(app, path):
    reply = app.test_client().get(path)
    body = reply.get_data(as_text=True)
    assert reply.status_code == 404 and reply.mimetype == "text/html"
    pin = path.rsplit("/", 1)[1]
    assert f"<h1>No room with PIN {pin}</h1>" in body
    assert "Room closed" not in body and "not the host" not in body
    assert 'href="/static/css/base.css"' in body  # the styled page, not werkzeug's


def test_an_unknown_path_gets_the_styled_page_and_the_api_keeps_json(app):
    reply = app.test_client().get("/no/such/page")
    assert reply.status_code == 404 and "<h1>Page not found</h1>" in reply.get_data(as_text=True)
    assert 'href="/static/css/base.css"' in reply.get_data(as_text=True)
    api = app.test_client().get("/api/no-such-thing")
    assert api.status_code == 404 and api.json["error"]["code"] == "not_found"
