"""Season leagues in Redis: exactly-once games, nickname claims, tokens and codes."""
import threading

import pytest

from server.game.errors import GameError
from server.game.nickname import nickname_key
from server.service.leagues import CODE_ALPHABET, new_code
from server.store.keys import Keys
from server.store.leagues import LeagueStore


@pytest.fixture
def store(rdb, prefix):
    s = LeagueStore(rdb, Keys(prefix), 3600)
    assert s.create("a1b2c3d4e5f6", "", "Thursday study group", 1000)
    return s


def member(nickname):
    return {"nickname": nickname, "key": nickname_key(nickname), "joined": 1, "games": 0,
            "points": 0, "correct": 0, "scored": 0, "best_streak": 0}


def test_two_concurrent_recordings_of_one_game_count_it_once(store):
    store.claim("a1b2c3d4e5f6", "m1", member("Ada"), "token-ada-123", "CODE2345")
    game = {"title": "Warm-up", "pin": "123456", "finished": 5,
            "players": {"m1": {"points": 900, "correct": 2, "scored": 3, "best_streak": 2}}}
    replies, start = [], threading.Barrier(2)

    def record():
        start.wait()
        replies.append(store.record("a1b2c3d4e5f6", "rid-1", game))
    threads = [threading.Thread(target=record) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(replies) == [0, 1]
    ada = store.members("a1b2c3d4e5f6")["m1"]
    assert (ada["games"], ada["points"], ada["correct"], ada["scored"]) == (1, 900, 2, 3)
    assert store.find("a1b2c3d4e5f6")["games"] == 1
    # a second game adds up; the best streak is the best of the two
    game2 = {**game, "players": {"m1": {"points": 100, "correct": 1, "scored": 3,
                                        "best_streak": 1}}}
    assert store.record("a1b2c3d4e5f6", "rid-2", game2) == 1
    ada = store.members("a1b2c3d4e5f6")["m1"]
    assert (ada["games"], ada["points"], ada["best_streak"]) == (2, 1000, 2)


def test_a_deleted_league_records_nothing(store):
    store.delete("a1b2c3d4e5f6", "")
    assert store.record("a1b2c3d4e5f6", "rid", {"players": {}}) == -1
    assert store.find("a1b2c3d4e5f6") is None


def test_a_nickname_and_its_look_alike_are_claimed_once(store):
    store.claim("a1b2c3d4e5f6", "m1", member("Paypal"), "token-one-1234", "CODE2345")
    with pytest.raises(GameError) as refused:
        store.claim("a1b2c3d4e5f6", "m2", member("PayPaI"), "token-two-1234", "CODE6789")
    assert refused.value.code == "nickname_taken"
    assert list(store.members("a1b2c3d4e5f6")) == ["m1"]
    assert store.member_by_token("a1b2c3d4e5f6", "token-two-1234") is None


def test_token_finds_the_member_and_a_recovery_code_works_once(store):
    store.claim("a1b2c3d4e5f6", "m1", member("Ada"), "token-ada-123", "CODE2345")
    assert store.member_by_token("a1b2c3d4e5f6", "token-ada-123")[0] == "m1"
    assert store.member_by_token("a1b2c3d4e5f6", "wrong-token-1") is None
    moved = store.recover("a1b2c3d4e5f6", "CODE2345", "token-new-456", "NEWC2345")
    assert moved["nickname"] == "Ada"
    assert store.member_by_token("a1b2c3d4e5f6", "token-new-456")[0] == "m1"
    assert store.recover("a1b2c3d4e5f6", "CODE2345", "token-x-78901", "XXXX2345") is None
    assert store.recover("a1b2c3d4e5f6", "NEWC2345", "token-y-78901", "YYYY2345")["nickname"] == "Ada"


def test_recovery_codes_use_eight_unambiguous_characters():
    code = new_code()
    assert len(code) == 8 and set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
