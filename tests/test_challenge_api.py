"""Self-paced challenges over HTTP (Flask test client, real Redis, a clock the tests
move): creating one, playing it, the host's progress and exports, review, leagues."""
from __future__ import annotations

import csv
import io
import zipfile

import pytest

from tests.helpers import info, pack, single, text, truefalse

DAY = 86_400_000
QUESTIONS = [single(answer=1, time_limit=10, explanation="B it is."), truefalse(answer=0),
             text()]


@pytest.fixture
def host(app):
    return app.test_client()


def create(host, **body) -> dict:
    reply = host.post("/api/challenges", json={"quiz": pack(*QUESTIONS), **body})
    assert reply.status_code == 201, reply.json
    return reply.json


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def play(client, code, token, answers, clock, think_ms=2_000):
    """Open each question in turn and answer it (None: let the time run out)."""
    results = []
    for index, value in enumerate(answers):
        opened = client.post(f"/api/challenges/{code}/open", json={"index": index},
                             headers=bearer(token))
        assert opened.status_code == 200, opened.json
        clock.advance(think_ms if value is not None else 60_000)
        reply = client.post(f"/api/challenges/{code}/answer", json={"index": index,
                                                                   "answer": value},
                            headers=bearer(token))
        assert reply.status_code == 200, reply.json
        results.append(reply.json)
    return results


def test_a_challenge_is_created_with_its_link_and_closing_date(host, clock):
    made = create(host, days=3, settings={"scoring": "accuracy"})
    assert made["closes"] == clock() + 3 * DAY
    assert made["link"].endswith(f"/c/{made['code']}")
    about = host.get(f"/api/challenges/{made['code']}").json
    assert (about["title"], about["count"], about["closed"], about["scoring"]) == \
        ("Test pack", 3, False, "accuracy")
    assert host.get(f"/qr/c/{made['code']}.svg").mimetype == "image/svg+xml"


@pytest.mark.parametrize("body, field", [
    ({"days": 31}, "days"),
    ({"closes": 1}, "closes"),
    ({"closes": "next tuesday"}, "closes"),
    ({"settings": {"lead_in": 3}}, "settings.lead_in"),
    ({"settings": {"teams": ["A", "B"]}}, "settings.teams"),
    ({"settings": {"scoring": "luck"}}, "settings.scoring"),
])
def test_bad_challenge_settings_are_named(host, body, field):
    reply = host.post("/api/challenges", json={"quiz": pack(*QUESTIONS), **body})
    assert reply.status_code == 400
    error = reply.json["error"]
    assert field in error.get("field", "") or field in error["message"], error


def test_players_play_alone_and_see_the_board_once_finished(app, host, clock):
    code = create(host)["code"]
    phone = app.test_client()
    ada = phone.post(f"/api/challenges/{code}/join", json={"nickname": "Ada"}).json
    taken = app.test_client().post(f"/api/challenges/{code}/join", json={"nickname": "ada"})
    assert (taken.status_code, taken.json["error"]["code"]) == (409, "nickname_taken")
    assert phone.get(f"/api/challenges/{code}/me").status_code == 403  # no token, no run
    early = phone.get(f"/api/challenges/{code}/board", headers=bearer(ada["player_token"]))
    assert (early.status_code, early.json["error"]["code"]) == (403, "not_finished")

    results = play(phone, code, ada["player_token"], [1, 1, None], clock)
    assert [r["outcome"] for r in results] == ["right", "wrong", "unanswered"]
    assert results[0]["points"] == 900 and results[0]["explanation"] == "B it is."
    assert results[1]["right"] == "True"  # the key arrives with the result, in words
    assert results[2]["last"]

    board = phone.get(f"/api/challenges/{code}/board", headers=bearer(ada["player_token"])).json
    assert board["you"] == {"score": 900, "rank": 1}
    assert board["entries"] == [{"player_id": ada["player_id"], "nickname": "Ada",
                                 "score": 900, "rank": 1}]
    # a reload after the end lands on the finished screen
    me = phone.get(f"/api/challenges/{code}/me", headers=bearer(ada["player_token"])).json
    assert (me["where"], me["score"]) == ("finished", 900)


def test_the_host_sees_progress_live_and_exports_results(app, host, clock):
    code = create(host)["code"]
    phone = app.test_client()
    ada = phone.post(f"/api/challenges/{code}/join", json={"nickname": "Ada"}).json
    bao = phone.post(f"/api/challenges/{code}/join", json={"nickname": "=Bao"}).json
    play(phone, code, ada["player_token"], [1], clock)
    phone.post(f"/api/challenges/{code}/open", json={"index": 0},
               headers=bearer(bao["player_token"]))
    progress = host.get(f"/api/challenges/{code}/progress").json
    rows = {r["nickname"]: r for r in progress["players"]}
    assert (rows["Ada"]["where"], rows["Ada"]["answered"], rows["Ada"]["score"]) == \
        ("result", 1, 900)
    assert (rows["=Bao"]["where"], rows["=Bao"]["question"]) == ("question", 1)
    # the progress and the exports are the host's alone
    assert app.test_client().get(f"/api/challenges/{code}/progress").status_code == 403
    assert phone.get(f"/api/challenges/{code}/progress",
                     headers=bearer(ada["player_token"])).status_code == 403

    table = list(csv.reader(io.StringIO(host.get(f"/challenge/{code}/results.csv")
                                        .get_data(as_text=True))))
    assert table[0][:4] == ["rank", "nickname", "score", "correct_answers"]
    assert table[1][:4] == ["1", "Ada", "900", "1"]
    assert table[2][1] == "'=Bao"  # a spreadsheet formula is defused
    report = host.get(f"/challenge/{code}/results.json").json
    assert report["players"][0]["answers"][0]["correct"] is True
    page = host.get(f"/challenge/{code}")
    assert page.status_code == 200 and b"Test pack" in page.data


def test_a_player_reviews_and_practises_the_challenge(app, host, clock):
    code = create(host)["code"]
    phone = app.test_client()
    token = phone.post(f"/api/challenges/{code}/join", json={"nickname": "Ada"}).json[
        "player_token"]
    play(phone, code, token, [1, 1, "flask"], clock)
    review = phone.get(f"/api/challenges/{code}/review").json  # the session holds the token
    assert [q["outcome"] for q in review["questions"]] == ["right", "wrong", "wrong"]
    assert review["missed"] == [1, 2] and review["expires_ms"] > clock() + 7 * DAY
    practice = phone.get(f"/api/challenges/{code}/practice").json
    assert [q["index"] for q in practice["questions"]] == [1, 2]
    graded = phone.post(f"/api/challenges/{code}/practice", json={"index": 1, "answer": 0}).json
    assert graded["correct"] is True
    deck = phone.get(f"/c/{code}/review/deck.apkg?which=missed")
    assert zipfile.ZipFile(io.BytesIO(deck.data)).namelist()
    assert phone.get(f"/c/{code}/review").status_code == 200
    assert app.test_client().get(f"/api/challenges/{code}/review").status_code == 403


def test_a_closed_challenge_counts_once_toward_its_league(app, host, clock):
    league = host.post("/api/leagues", json={"name": "Thursday"}).json["id"]
    code = create(host, league=league, days=1)["code"]
    phone = app.test_client()
    ada = phone.post(f"/api/challenges/{code}/join", json={"nickname": "Ada"}).json
    assert ada["league"]["recovery_code"] and ada["league"]["nickname"] == "Ada"
    play(phone, code, ada["player_token"], [1, 0, "jinja2"], clock)
    challenges = app.extensions["quizroom"].challenges
    assert challenges.tick() == 0  # still open: nothing counted yet
    clock.advance(DAY)
    assert challenges.tick() == 1
    assert challenges.tick() == 0  # counted once, whichever ticker sees it next
    table = host.get(f"/api/leagues/{league}/table").json
    assert table["rows"][0]["nickname"] == "Ada"
    assert (table["rows"][0]["games"], table["rows"][0]["correct"],
            table["rows"][0]["points"]) == (1, 3, ada_points(challenges, code))
    late = app.test_client().post(f"/api/challenges/{code}/join", json={"nickname": "Bo"})
    assert (late.status_code, late.json["error"]["code"]) == (410, "closed")


def ada_points(challenges, code) -> int:
    return challenges.results(code)["players"][0]["score"]


def test_a_library_quiz_and_a_built_in_pack_become_challenges(host):
    saved = host.post("/api/library", json={"title": "My quiz", "questions": QUESTIONS})
    assert saved.status_code == 201, saved.json
    made = host.post("/api/challenges", json={"library_id": saved.json["id"]})
    assert made.status_code == 201, made.json
    assert host.get(f"/api/challenges/{made.json['code']}").json["title"] == "My quiz"
    builtin = host.get("/api/quizzes").json["quizzes"][0]
    made = host.post("/api/challenges", json={"quiz_id": builtin["id"],
                                              "settings": {"question_count": 5}})
    assert host.get(f"/api/challenges/{made.json['code']}").json["count"] == 5
    missing = host.post("/api/challenges", json={"library_id": "nope"})
    assert missing.status_code == 404
    both = host.post("/api/challenges", json={"quiz_id": builtin["id"], "library_id": "x"})
    assert both.status_code == 400 and "exactly one" in both.json["error"]["message"]


def test_a_slide_is_read_and_passed_and_shuffled_choices_map_back(app, host, clock):
    quiz = pack(info(), single(answer=1, choices=["A", "B", "C", "D"]))
    code = host.post("/api/challenges", json={"quiz": quiz, "settings": {
        "shuffle_answers": True}}).json["code"]
    phone = app.test_client()
    token = phone.post(f"/api/challenges/{code}/join", json={"nickname": "Ada"}).json[
        "player_token"]
    phone.post(f"/api/challenges/{code}/open", json={"index": 0}, headers=bearer(token))
    # a slide takes no answer: the player goes on at once, for no points
    slide = phone.post(f"/api/challenges/{code}/answer", json={"index": 0, "answer": None},
                       headers=bearer(token)).json
    assert (slide["outcome"], slide["points"]) == ("unscored", 0)
    shown = phone.post(f"/api/challenges/{code}/open", json={"index": 1},
                       headers=bearer(token)).json["question"]
    # the phone sees the choices in its own order and answers by the position it shows
    assert sorted(shown["choices"]) == ["A", "B", "C", "D"]
    result = phone.post(f"/api/challenges/{code}/answer",
                        json={"index": 1, "answer": shown["choices"].index("B")},
                        headers=bearer(token)).json
    assert (result["outcome"], result["answer"], result["right"]) == ("right", "B", "B")
    early = phone.post(f"/api/challenges/{code}/answer", json={"index": 1, "answer": None},
                       headers=bearer(token))
    assert early.status_code == 200  # the result again, once it is settled


def test_an_early_null_answer_to_a_real_question_is_refused(app, host):
    code = create(host)["code"]
    phone = app.test_client()
    token = phone.post(f"/api/challenges/{code}/join", json={"nickname": "Ada"}).json[
        "player_token"]
    phone.post(f"/api/challenges/{code}/open", json={"index": 0}, headers=bearer(token))
    early = phone.post(f"/api/challenges/{code}/answer", json={"index": 0, "answer": None},
                       headers=bearer(token))
    assert early.status_code == 400 and early.json["error"]["field"] == "answer"
    bad = phone.post(f"/api/challenges/{code}/answer", json={"index": 0, "answer": 9},
                     headers=bearer(token))
    assert bad.status_code == 400 and bad.json["error"]["code"] == "bad_answer"
    stale = phone.post(f"/api/challenges/{code}/answer", json={"index": 2, "answer": 0},
                       headers=bearer(token))
    assert (stale.status_code, stale.json["error"]["code"]) == (409, "not_accepting")


def test_another_browser_opens_the_host_page_with_the_pasted_token(app, host):
    made = create(host)
    laptop = app.test_client()
    page = laptop.get(f"/challenge/{made['code']}")
    assert page.status_code == 200 and b"not the host of this challenge" in page.data
    wrong = laptop.post(f"/api/challenges/{made['code']}/host", json={"host_token": "x" * 32})
    assert wrong.status_code == 403
    assert laptop.get(f"/api/challenges/{made['code']}/progress").status_code == 403
    kept = laptop.post(f"/api/challenges/{made['code']}/host",
                       json={"host_token": made["host_token"]})
    assert kept.status_code == 200
    assert laptop.get(f"/api/challenges/{made['code']}/progress").status_code == 200
    assert b"not the host" not in laptop.get(f"/challenge/{made['code']}").data
