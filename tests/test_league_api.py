"""Leagues over HTTP (Flask test client, real Redis): the host's side, the table, exports."""
import csv
import io

import openpyxl
import pytest

from tests.test_library_api import add_host, sign_in


@pytest.fixture
def client(app):
    return app.test_client()


def new_league(client, name="Thursday study group"):
    reply = client.post("/api/leagues", json={"name": name})
    assert reply.status_code == 201, reply.json
    return reply.json


def play_season(app, league_id):
    """Two games of two members, recorded the way a finished room records them."""
    leagues = app.extensions["quizroom"].leagues
    for mid, nick, token, code in (("m1", "=SUM(A1)", "token-one-1234", "AAAA2345"),
                                   ("m2", "Bea", "token-two-1234", "BBBB2345")):
        leagues.store.claim(league_id, mid, {"nickname": nick, "key": nick.lower(), "joined": 1,
                                             "games": 0, "points": 0, "correct": 0,
                                             "scored": 0, "best_streak": 0}, token, code)
    assert leagues.record_game(league_id, {"id": "g1", "title": "One", "finished": 10, "players": {
        "m1": {"points": 800, "correct": 1, "scored": 2, "best_streak": 1},
        "m2": {"points": 1500, "correct": 2, "scored": 2, "best_streak": 2}}})
    assert leagues.record_game(league_id, {"id": "g2", "title": "Two", "finished": 20, "players": {
        "m1": {"points": 1900, "correct": 2, "scored": 2, "best_streak": 2}}})
    assert not leagues.record_game(league_id, {"id": "g2", "title": "Two", "players": {
        "m1": {"points": 1900, "correct": 2, "scored": 2, "best_streak": 2}}})


def test_create_list_table_and_delete(app, client):
    league = new_league(client)
    assert client.get("/api/leagues").json["leagues"][0]["name"] == "Thursday study group"
    play_season(app, league["id"])
    table = client.get(f"/api/leagues/{league['id']}/table").json
    assert [g["title"] for g in table["games"]] == ["One", "Two"]
    first, second = table["rows"]
    assert (first["nickname"], first["points"], first["games"], first["per_game"]) == \
        ("=SUM(A1)", 2700, 2, [800, 1900])
    assert (first["points_per_game"], first["accuracy"], first["best_streak"]) == (1350.0, 0.75, 2)
    assert (second["nickname"], second["points"], second["per_game"]) == ("Bea", 1500, [1500, None])
    page = client.get(f"/leagues/{league['id']}")
    assert page.status_code == 200 and b"Thursday study group" in page.data and b"2700" in page.data
    assert client.delete(f"/api/leagues/{league['id']}").status_code == 200
    assert client.get(f"/api/leagues/{league['id']}/table").status_code == 404
    assert client.get("/api/leagues").json["leagues"] == []


def test_bad_input_names_the_field(client):
    reply = client.post("/api/leagues", json={"name": ""})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "name"
    reply = client.post("/api/rooms", json={"quiz_id": "interview-warmup", "league": "nope"})
    assert reply.status_code == 400 and reply.json["error"]["field"] == "league"


def test_csv_and_xlsx_exports_add_up_and_keep_formulas_as_text(app, client):
    league = new_league(client)
    play_season(app, league["id"])
    rows = list(csv.reader(io.StringIO(
        client.get(f"/leagues/{league['id']}/table.csv").get_data(as_text=True))))
    assert rows[0][:4] == ["rank", "nickname", "games", "total_points"]
    assert rows[0][-2:] == ["game1_points", "game2_points"]
    assert rows[1][:4] == ["1", "'=SUM(A1)", "2", "2700"] and rows[1][-2:] == ["800", "1900"]
    assert rows[2][1] == "Bea" and rows[2][-2:] == ["1500", ""]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/leagues/{league['id']}/table.xlsx").data))
    sheet = book.active
    assert sheet.cell(2, 2).value == "=SUM(A1)" and sheet.cell(2, 2).data_type == "s"
    assert sheet.cell(2, 4).value == 2700 and sheet.cell(3, 10).value == 1500


def test_a_host_cannot_see_or_use_another_hosts_league(app, client):
    add_host(app, "alice")
    add_host(app, "bob")
    assert client.get("/api/leagues").status_code == 401
    assert client.get("/leagues").status_code == 302
    sign_in(client, "bob")
    bobs = new_league(client, "Bob's league")
    client.post("/logout")
    sign_in(client, "alice")
    assert client.get("/api/leagues").json["leagues"] == []
    assert client.get(f"/api/leagues/{bobs['id']}").status_code == 404
    assert client.delete(f"/api/leagues/{bobs['id']}").status_code == 404
    assert client.get(f"/leagues/{bobs['id']}/table.csv").status_code == 404
    reply = client.post("/api/rooms", json={"quiz_id": "interview-warmup", "league": bobs["id"]})
    assert reply.status_code == 404
    client.post("/logout")
    sign_in(client, "bob")
    assert [l["id"] for l in client.get("/api/leagues").json["leagues"]] == [bobs["id"]]


def test_recovery_over_http_gives_a_token_and_a_new_code(app, client):
    league = new_league(client)
    play_season(app, league["id"])
    reply = client.post(f"/api/leagues/{league['id']}/recover", json={"code": "bbbb-2345"})
    assert reply.status_code == 200 and reply.json["nickname"] == "Bea"
    assert reply.json["recovery_code"] != "BBBB2345" and reply.json["token"]
    again = client.post(f"/api/leagues/{league['id']}/recover", json={"code": "BBBB2345"})
    assert again.status_code == 400 and again.json["error"]["code"] == "bad_code"
