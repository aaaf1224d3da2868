"""Self-paced challenges against a real Redis, on a clock the tests move: each player's
own deadline, exactly one answer, late answers refused, and a restart that finds
every clock where it was."""
from __future__ import annotations

import threading

import pytest

from server.game.errors import GameError
from server.game.pack import parse_quiz, parse_settings
from server.service.challenges import ChallengeService
from server.store.challenges import ChallengeStore
from server.store.keys import Keys
from tests.helpers import FakeClock, pack, poll, single, truefalse

DAY = 86_400_000


def make_service(rdb, prefix, clock, leagues=None) -> ChallengeService:
    """What one server process holds: a fresh one is a restart."""
    return ChallengeService(ChallengeStore(rdb, Keys(prefix), 14 * DAY), clock, leagues)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def made(rdb, prefix, clock):
    service = make_service(rdb, prefix, clock)
    quiz = parse_quiz(pack(single(answer=1, time_limit=10), truefalse(answer=0, time_limit=10),
                           poll(time_limit=10)))
    settings = parse_settings({"streak_bonus": True}, 1000, clock())
    code = service.create(quiz, settings, clock() + 7 * DAY)["code"]
    return service, code


def test_each_player_runs_on_their_own_clock(made, clock):
    service, code = made
    ada = service.join(code, "Ada")["player_token"]
    bao = service.join(code, "Bao")["player_token"]
    first = service.open(code, ada, 0)["question"]
    assert first["deadline"] == clock() + 10_000
    assert "answer" not in first and first["choices"]  # the key stays on the server
    clock.advance(60_000)  # Bao starts a minute later: his clock starts then
    assert service.open(code, bao, 0)["question"]["deadline"] == clock() + 10_000
    # Ada's question timed out meanwhile: she gets no points and sees the key now
    assert service.view(code, ada)["result"] == {**service.view(code, ada)["result"],
                                                 "outcome": "unanswered", "points": 0}
    clock.advance(2_000)
    result = service.answer(code, bao, 0, 1)
    assert (result["outcome"], result["points"], result["score"]) == ("right", 900, 900)
    assert result["right"] and result["explanation"] is not None


def test_one_answer_counts_however_many_arrive_at_once(made, rdb, prefix, clock):
    service, code = made
    token = service.join(code, "Ada")["player_token"]
    service.open(code, token, 0)
    clock.advance(1_000)
    # two processes take the same player's answers at the same moment, one right and
    # one wrong: exactly one is kept, and the score counts it once
    others = [make_service(rdb, prefix, clock) for _ in range(6)]
    start, replies = threading.Barrier(len(others)), []

    def send(svc, value):
        start.wait()
        try:
            replies.append(("ok", svc.answer(code, token, 0, value)["points"]))
        except GameError as exc:
            replies.append((exc.code, None))
    threads = [threading.Thread(target=send, args=(svc, i % 2)) for i, svc in enumerate(others)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    kept = [r for r in replies if r[0] == "ok"]
    assert len(kept) == 1, replies
    assert sorted(code for code, _ in replies if code != "ok") == ["already_answered"] * 5
    assert service.view(code, token)["score"] == kept[0][1]
    assert len(service.results(code)["players"][0]["answers"]) == 3


def test_a_late_answer_is_refused_and_the_question_settles_unanswered(made, clock):
    service, code = made
    token = service.join(code, "Ada")["player_token"]
    service.open(code, token, 0)
    clock.advance(10_000)  # exactly at the deadline: still in time
    assert service.answer(code, token, 0, 1)["outcome"] == "right"
    service.open(code, token, 1)
    clock.advance(10_001)
    with pytest.raises(GameError) as late:
        service.answer(code, token, 1, 0)
    assert late.value.code == "too_late"
    with pytest.raises(GameError) as again:
        service.answer(code, token, 1, 0)  # a retry is refused the same way
    assert again.value.code == "too_late"
    result = service.answer(code, token, 1, None)  # the phone asks how it went
    assert (result["outcome"], result["points"], result["streak"]) == ("unanswered", 0, 0)
    assert service.view(code, token)["score"] == 500  # the first, at the buzzer: half points


def test_a_restarted_server_finds_the_clock_running(made, rdb, prefix, clock):
    service, code = made
    token = service.join(code, "Ada")["player_token"]
    opened = service.open(code, token, 0)["question"]
    clock.advance(4_000)
    restarted = make_service(rdb, prefix, clock)  # nothing carried over but Redis
    view = restarted.view(code, token)
    assert view["where"] == "question"
    assert view["question"]["deadline"] == opened["deadline"]
    # opening it again (a reload) does not restart the clock
    assert restarted.open(code, token, 0)["question"]["deadline"] == opened["deadline"]
    assert restarted.answer(code, token, 0, 1)["points"] == 800  # 4 s of 10: 1000 * 0.8
    restarted.open(code, token, 1)
    clock.advance(20_000)  # the player is away past the deadline while "down"
    again = make_service(rdb, prefix, clock)
    assert again.view(code, token)["result"]["outcome"] == "unanswered"
    assert again.open(code, token, 2)["question"]["index"] == 2


def test_questions_open_in_order_and_not_after_the_closing_time(made, clock):
    service, code = made
    token = service.join(code, "Ada")["player_token"]
    with pytest.raises(GameError) as skipped:
        service.open(code, token, 1)
    assert skipped.value.code == "stale"
    service.open(code, token, 0)
    with pytest.raises(GameError) as ahead:
        service.open(code, token, 1)
    assert ahead.value.code == "still_open"
    service.answer(code, token, 0, 1)
    clock.advance(8 * DAY)
    with pytest.raises(GameError) as closed:
        service.open(code, token, 1)
    assert closed.value.code == "closed"
    with pytest.raises(GameError) as joined:
        service.join(code, "Late")
    assert joined.value.code == "closed"


def test_the_board_ranks_finished_players_and_nicknames_are_claimed(made, clock):
    service, code = made
    service.join(code, "Ada")
    with pytest.raises(GameError) as taken:
        service.join(code, "ADA")
    assert taken.value.code == "nickname_taken"
    token = service.join(code, "Bao")["player_token"]
    for index, value in enumerate((1, 0, 2)):
        service.open(code, token, index)
        clock.advance(1_000)
        service.answer(code, token, index, value)
    view = service.view(code, token)
    assert view["where"] == "finished"
    assert view["board"]["you"] == {"score": view["score"], "rank": 1}
    assert [e["nickname"] for e in view["board"]["entries"]] == ["Bao", "Ada"]
    with pytest.raises(GameError) as done:
        service.open(code, token, 3)
    assert done.value.code == "finished"
