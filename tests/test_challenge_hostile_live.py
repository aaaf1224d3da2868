"""Hostile players of a self-paced challenge against the real server (`quizroom serve`,
real Redis, addresses by X-Forwarded-For): a link shared too widely fills the seats, a
code guesser walks the code space, a "scout" nickname collects the answer key for a
second nickname. The host kicks, locks and closes; the code lockout bounds guessing;
``reveal: at_close`` keeps the key until the challenge closes."""
from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from tests.helpers import pack, single, truefalse

pytestmark = pytest.mark.live

QUIZ = pack(*[single(answer=i % 4, text=f"Question {i + 1}?", explanation=f"Because {i}.")
              for i in range(4)], truefalse(answer=0, explanation="It is."))
KEY = [0, 1, 2, 3, 0]  # the right answer of each question, by position


class Api:
    """HTTP from one address (X-Forwarded-For), with a Bearer token if given."""

    def __init__(self, server, address: str, token: str | None = None):
        self.url, self.address, self.token = server.url, address, token
        self.session = requests.Session()

    def call(self, method: str, path: str, body=None, token: str | None = None):
        headers = {"X-Forwarded-For": self.address}
        if token or self.token:
            headers["Authorization"] = f"Bearer {token or self.token}"
        return self.session.request(method, self.url + path, json=body, headers=headers,
                                    timeout=10)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body if body is not None else {}, **kw)


def create(server, address="10.9.0.1", **body) -> dict:
    reply = Api(server, address).post("/api/challenges", {"quiz": QUIZ, **body})
    assert reply.status_code == 201, reply.text
    return reply.json()


def error(reply) -> tuple[int, str]:
    return reply.status_code, reply.json()["error"]["code"]


def play_all(api: Api, code: str, token: str, answers) -> list[dict]:
    """Open each question and answer it at once; the answers' replies (each open's
    score and streak ride along, as ``opened_score``)."""
    replies = []
    for index, value in enumerate(answers):
        opened = api.post(f"/api/challenges/{code}/open", {"index": index}, token=token)
        assert opened.status_code == 200, opened.text
        reply = api.post(f"/api/challenges/{code}/answer", {"index": index, "answer": value},
                         token=token)
        assert reply.status_code == 200, reply.text
        replies.append({**reply.json(), "opened_score": opened.json()["score"],
                        "opened_streak": opened.json()["streak"]})
    return replies


def test_bots_fill_the_seats_and_the_host_kicks_bans_locks_and_closes(flood_server):
    made = create(flood_server, settings={"max_players": 12})
    code, host = made["code"], Api(flood_server, "10.9.0.1", made["host_token"])
    bots = [Api(flood_server, f"10.66.0.{i % 3 + 1}") for i in range(12)]

    def seat(i):
        return bots[i].post(f"/api/challenges/{code}/join", {"nickname": f"Bot{i}"})
    started = time.monotonic()
    with ThreadPoolExecutor(12) as pool:
        joined = [r.json() for r in pool.map(seat, range(12))]
    fill_s = time.monotonic() - started
    assert all("player_token" in j for j in joined), joined
    student = Api(flood_server, "10.1.0.7")
    assert error(student.post(f"/api/challenges/{code}/join", {"nickname": "Ada"})) == \
        (409, "challenge_full")

    # the host kicks one bot: its seat is free, its token is dead, its nickname banned
    first = joined[0]
    kicked = host.post(f"/api/challenges/{code}/kick", {"player_id": first["player_id"]})
    assert kicked.status_code == 200, kicked.text
    assert kicked.json()["banned"] is True
    assert error(bots[0].get(f"/api/challenges/{code}/me", token=first["player_token"])) == \
        (403, "kicked")
    assert error(bots[0].post(f"/api/challenges/{code}/join", {"nickname": "bot0"})) == \
        (403, "banned")
    # so is a look-alike (a Cyrillic o), from another address
    assert error(Api(flood_server, "10.66.0.9").post(f"/api/challenges/{code}/join",
                                                     {"nickname": "B\u043et0"})) == (403, "banned")
    progress = host.get(f"/api/challenges/{code}/progress").json()
    assert "Bot0" not in [p["nickname"] for p in progress["players"]]
    assert len(progress["players"]) == 11

    # locked: nobody new gets in, not even into the free seat; unlocked: the student does
    assert host.post(f"/api/challenges/{code}/lock", {"locked": True}).json()["locked"] is True
    assert error(student.post(f"/api/challenges/{code}/join", {"nickname": "Ada"})) == \
        (409, "challenge_locked")
    assert student.get(f"/api/challenges/{code}").json()["locked"] is True
    host.post(f"/api/challenges/{code}/lock", {"locked": False})
    ada = student.post(f"/api/challenges/{code}/join", {"nickname": "Ada"})
    assert ada.status_code == 201, ada.text
    ada_token = ada.json()["player_token"]
    play_all(student, code, ada_token, [0])
    student.post(f"/api/challenges/{code}/open", {"index": 1}, token=ada_token)

    # a player, not the host, may do none of it
    for path, body in [("kick", {"player_id": joined[1]["player_id"]}),
                       ("lock", {"locked": True}), ("close", {})]:
        assert bots[1].post(f"/api/challenges/{code}/{path}", body,
                            token=joined[1]["player_token"]).status_code == 403
    assert error(host.post(f"/api/challenges/{code}/kick", {"player_id": "f" * 16})) == \
        (404, "not_found")
    assert error(host.post(f"/api/challenges/{code}/kick", {"player": 1}))[0] == 400

    # closed now: no joins, the open question takes no answer, the results stay
    closed = host.post(f"/api/challenges/{code}/close")
    assert closed.status_code == 200 and closed.json()["closed"] is True
    assert closed.json()["closes"] <= int(time.time() * 1000) + 1000
    assert student.get(f"/api/challenges/{code}").json()["closed"] is True
    assert error(Api(flood_server, "10.1.0.8").post(f"/api/challenges/{code}/join",
                                                    {"nickname": "Late"})) == (410, "closed")
    late = student.post(f"/api/challenges/{code}/answer", {"index": 1, "answer": 1},
                        token=ada_token)
    assert error(late) == (409, "too_late")
    report = host.get(f"/challenge/{code}/results.json").json()
    assert "Ada" in [p["nickname"] for p in report["players"]]
    assert report["phase"] == "finished"
    print(f"12 seats filled in {fill_s:.2f} s from 3 addresses")


def test_a_league_owner_removes_a_bot_member_and_its_points(flood_server):
    owner = Api(flood_server, "10.9.0.2")
    league = owner.post("/api/leagues", {"name": "Thursday"}).json()["id"]
    made = create(flood_server, "10.9.0.2", league=league)
    code = made["code"]
    bot = Api(flood_server, "10.66.1.1")
    joined = bot.post(f"/api/challenges/{code}/join", {"nickname": "Spam"}).json()
    play_all(bot, code, joined["player_token"], KEY)
    host = Api(flood_server, "10.9.0.2", made["host_token"])
    host.post(f"/api/challenges/{code}/close")
    member = joined["league"]["member_id"]
    deadline = time.monotonic() + 10  # the ticker counts the closed challenge
    while time.monotonic() < deadline:
        rows = owner.get(f"/api/leagues/{league}/table").json()["rows"]
        if rows and rows[0]["games"] == 1:
            break
        time.sleep(0.2)
    assert [(r["nickname"], r["games"]) for r in rows] == [("Spam", 1)]
    assert rows[0]["points"] > 0

    removed = owner.call("DELETE", f"/api/leagues/{league}/members/{member}")
    assert removed.status_code == 200, removed.text
    assert owner.get(f"/api/leagues/{league}/table").json()["rows"] == []
    assert error(owner.call("DELETE", f"/api/leagues/{league}/members/{member}")) == \
        (404, "not_found")
    # the member's league token is gone with it: the nickname is free again
    again = Api(flood_server, "10.66.1.2").post(
        f"/api/challenges/{create(flood_server, '10.9.0.2', league=league)['code']}/join",
        {"nickname": "Spam", "league_token": joined["league"]["token"]})
    assert again.status_code == 201 and again.json()["league"]["member_id"] != member


def test_wrong_challenge_codes_lock_an_address_out_of_unknown_codes(flood_server):
    known = create(flood_server, "10.9.0.3")["code"]
    visited = create(flood_server, "10.9.0.3")["code"]
    guesser = Api(flood_server, "10.77.0.1")
    assert guesser.get(f"/api/challenges/{visited}").status_code == 200  # reached once
    replies = [guesser.get(f"/api/challenges/zz{i:06d}").status_code for i in range(30)]
    assert replies[:20] == [404] * 20
    assert set(replies[20:]) == {429}, replies
    # locked out: a real code it never reached answers like a wrong one, the join too
    assert guesser.get(f"/api/challenges/{known}").status_code == 429
    assert guesser.post(f"/api/challenges/{known}/join", {"nickname": "G"}).status_code == 429
    assert guesser.get(f"/c/{known}").status_code == 429
    # the code it had reached still opens; other addresses are untouched
    assert guesser.get(f"/api/challenges/{visited}").status_code == 200
    neighbour = Api(flood_server, "10.77.1.1")
    assert neighbour.get(f"/api/challenges/{known}").status_code == 200
    assert neighbour.get("/api/challenges/zz999999").status_code == 404


def test_a_scout_collects_no_key_while_an_at_close_challenge_is_open(flood_server):
    owner = Api(flood_server, "10.9.0.4")
    league = owner.post("/api/leagues", {"name": "Graded"}).json()["id"]
    made = create(flood_server, "10.9.0.4", league=league)
    code = made["code"]
    assert made["reveal"] == "at_close"
    scout = Api(flood_server, "10.88.0.1")
    token = scout.post(f"/api/challenges/{code}/join", {"nickname": "Scout"}).json()[
        "player_token"]
    replies = play_all(scout, code, token, [1, 1, 1, 1, 1])
    for reply in replies:
        assert reply["received"] is True
        for leak in ("right", "explanation", "correct", "outcome", "points", "score", "streak",
                     "opened_score", "opened_streak"):
            assert reply.get(leak) is None, (leak, reply)
    me = scout.get(f"/api/challenges/{code}/me", token=token).json()
    assert me["where"] == "finished" and me["score"] is None and "board" not in me
    assert me["reveal"] == "at_close" and me["revealed"] is False
    for path in ("/api/challenges/{c}/review", "/api/challenges/{c}/practice?which=all",
                 "/c/{c}/review/deck.apkg?which=all", "/c/{c}/review/cards.csv?which=all",
                 "/api/challenges/{c}/board", "/c/{c}/review"):
        shut = scout.get(path.format(c=code), token=token)
        assert shut.status_code == 403, (path, shut.status_code)
    graded = scout.post(f"/api/challenges/{code}/practice", {"index": 0, "answer": 0},
                        token=token)
    assert graded.status_code == 403 and "right" not in graded.text

    # once closed, the review opens with the key and the explanations
    Api(flood_server, "10.9.0.4", made["host_token"]).post(f"/api/challenges/{code}/close")
    review = scout.get(f"/api/challenges/{code}/review", token=token)
    assert review.status_code == 200, review.text
    questions = review.json()["questions"]
    assert [q["outcome"] for q in questions] == ["wrong", "right", "wrong", "wrong", "wrong"]
    assert questions[0]["explanation"] == "Because 0."
    me = scout.get(f"/api/challenges/{code}/me", token=token).json()
    assert me["revealed"] is True and me["score"] > 0 and me["board"]["you"]["rank"] == 1


def test_reveal_defaults_and_the_practice_challenge_shows_each_answer(flood_server):
    practice = create(flood_server, "10.9.0.5", days=7)
    assert practice["reveal"] == "each"
    deadline = create(flood_server, "10.9.0.5", closes=int(time.time() * 1000) + 3_600_000)
    assert deadline["reveal"] == "at_close"
    chosen = create(flood_server, "10.9.0.5", reveal="at_close")
    assert chosen["reveal"] == "at_close"
    bad = Api(flood_server, "10.9.0.5").post("/api/challenges", {"quiz": QUIZ, "reveal": "now"})
    assert bad.status_code == 400 and bad.json()["error"]["field"] == "reveal"
    player = Api(flood_server, "10.88.1.1")
    token = player.post(f"/api/challenges/{practice['code']}/join",
                        {"nickname": "Ada"}).json()["player_token"]
    reply = play_all(player, practice["code"], token, [0])[0]
    assert (reply["outcome"], reply["right"], reply["explanation"]) == \
        ("right", "a", "Because 0.")
