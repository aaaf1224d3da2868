"""Nicknames that look like someone else's: refused as taken, or as banned."""
from __future__ import annotations

import pytest

from server.game.errors import GameError
from server.game.nickname import clean_nickname, nickname_key
from tests.helpers import pack, single
from tests.live import Client, LiveServer

# each looked exactly like "Alice" and was accepted next to her
ALICE_LOOKALIKES = [
    "\u0410lic\u0435",      # Cyrillic А and е
    "Alice\u3164",          # Hangul filler
    "Al\u034fice",          # combining grapheme joiner
    "Alice\ufe0f",          # variation selector 16
    "Alice\u17b4",          # Khmer vowel inherent AQ
    "AIice",                # capital I for small l
    "ALICE",
]
INVISIBLE = ["\u3164", "\u2800", "\u3164\u2800 \u200b", "\u115f\u1160", "\uffa0"]
# glitch text: every mark counts, whatever its combining class
STACKED = [
    "Zx\u0301\u0301\u0301",                # three marks on one letter (no precomposed x́)
    "Zo\u0301\u0301\u0301",                # the same on o: NFKC makes ó, two marks more
    "Zo\u0301\u0301\u034f\u0301\u0301",    # pairs of marks split by U+034F
    "\u0e01" + "\u0e31" * 4,                # Thai marks of combining class 0
    "\u0e01\u0e34\u0e37\u0e31",
]


def key(raw: str) -> str:
    return nickname_key(clean_nickname(raw))


@pytest.mark.parametrize("raw", ALICE_LOOKALIKES)
def test_lookalikes_share_alices_key(raw):
    assert key(raw) == key("Alice")


def test_a_banned_name_with_a_hangul_filler_is_the_same_name():
    assert key("Mallory\u3164") == key("Mallory")
    assert clean_nickname("Mallory\u3164") == "Mallory"


@pytest.mark.parametrize("raw", ["Alicia", "Alina", "Bob", "Ali ce", "\u0410\u043b\u0438\u0441\u0430"])
def test_names_that_merely_resemble_stay_distinct(raw):
    assert key(raw) != key("Alice")


@pytest.mark.parametrize("raw", INVISIBLE)
def test_names_with_nothing_visible_are_refused(raw):
    with pytest.raises(GameError) as err:
        clean_nickname(raw)
    assert err.value.code == "bad_nickname"


@pytest.mark.parametrize("raw", STACKED)
def test_every_stacked_mark_counts(raw):
    with pytest.raises(GameError) as err:
        clean_nickname(raw)
    assert err.value.code == "bad_nickname"


@pytest.mark.parametrize("raw", ["\u0e01\u0e35\u0e49", "Nguy\u1ec5n", "H\u1eb1ng", "Zo\u00eb",
                                 "\u0915\u094d\u0937\u093f"])
def test_ordinary_marks_of_real_names_pass(raw):
    assert clean_nickname(raw)


# -- against the real server --------------------------------------------------------------
@pytest.fixture
def server(redis_url, prefix, tmp_path):
    live = LiveServer(redis_url, prefix, log_dir=tmp_path, env={"QUIZROOM_PROXIES": "1"}).start()
    yield live
    live.stop()


def join(server, pin, nickname, n):
    client = Client(server.url, address=f"10.9.0.{n}")
    try:
        return client.call("player:join", {"pin": pin, "nickname": nickname})
    finally:
        client.close()


@pytest.mark.live
def test_the_server_refuses_every_lookalike_next_to_alice_and_a_banned_mallory(server):
    room = server.create_room(quiz=pack(single()))
    pin = room["pin"]
    assert join(server, pin, "Alice", 1)["ok"]
    host = Client(server.url, address="10.9.1.1")
    assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
    mallory = join(server, pin, "Mallory", 2)
    assert host.call("host:kick", {"pin": pin, "player_id": mallory["player_id"],
                                   "ban": True}) == {"ok": True}
    host.close()

    refusals = {}
    cases = [(n, "nickname_taken") for n in ALICE_LOOKALIKES[:5]] + \
            [(n, "bad_nickname") for n in INVISIBLE[:2] + STACKED[:4]] + \
            [("Mallory\u3164", "nickname_banned"), ("M\u0430llory", "nickname_banned")]
    for i, (nickname, _) in enumerate(cases, start=10):
        ack = join(server, pin, nickname, i)
        refusals[nickname] = None if ack["ok"] else ack["error"]["code"]
    assert refusals == {nickname: expected for nickname, expected in cases}
    assert join(server, pin, "Alicia", 40)["ok"]  # a different name still gets in
