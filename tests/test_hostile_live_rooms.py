"""Hostile clients against the real server, round two, rooms: room creation that would
fill Redis, typed answers meant to shock the projector, partial credit gamed by ticking
everything, and a PIN drawn again after its room expired. A real `quizroom serve`, real
HTTP and Socket.IO clients, the real Redis."""
from __future__ import annotations

import json
import time

import pytest
import requests

from tests.helpers import EMOJI, emoji_pack, multi, pack, single, text
from tests.live import Client, LiveServer

pytestmark = pytest.mark.live


def start(redis_url, prefix, tmp_path, **env) -> LiveServer:
    """A server behind one proxy (X-Forwarded-For), so each client can be its own address."""
    return LiveServer(redis_url, prefix, log_dir=tmp_path,
                      env={"QUIZROOM_PROXIES": "1", **{k: str(v) for k, v in env.items()}}).start()


@pytest.fixture
def server(redis_url, prefix, tmp_path):
    live = start(redis_url, prefix, tmp_path)
    yield live
    live.stop()


def utf8(body) -> bytes:
    """A JSON body as a browser sends it: UTF-8, no \\u escapes."""
    return json.dumps(body, ensure_ascii=False).encode()


def create(live, body, address: str) -> requests.Response:
    return requests.post(live.url + "/api/rooms", data=utf8(body), timeout=30,
                         headers={"Content-Type": "application/json",
                                  "X-Forwarded-For": address})


def refusal(reply) -> tuple:
    """(status, error code, scope); a room created instead reads (201, None, None)."""
    error = reply.json().get("error") or {}
    return reply.status_code, error.get("code"), error.get("scope")


def room_keys(rdb, prefix, pin="*") -> list[str]:
    return sorted(rdb.scan_iter(match=f"{prefix}room:{pin}*", count=1000))


# -- 3. room creation cannot fill Redis or a worker --------------------------------------
def test_an_emoji_quiz_is_stored_as_sent_and_a_1_mb_one_is_refused(server, rdb, prefix):
    small = {"quiz": emoji_pack(30)}
    reply = create(server, small, "10.3.0.1")
    assert reply.status_code == 201, reply.text
    pin = reply.json()["pin"]
    sent, stored = len(utf8(small)), rdb.strlen(f"{prefix}room:{pin}:quiz")
    # JSON \u escapes store each 4-byte emoji as the 12 bytes of \ud83d\ude00
    print(f"\n30 emoji questions: {sent:,} bytes sent, {stored:,} stored")
    assert stored <= sent * 1.02, (stored, sent)
    assert EMOJI in rdb.get(f"{prefix}room:{pin}:quiz")

    before = room_keys(rdb, prefix)
    huge = {"quiz": emoji_pack(167)}  # valid, and just under the 1 MB request cap
    assert 1_000_000 < len(utf8(huge)) < 1024 * 1024
    reply = create(server, huge, "10.3.0.2")
    print(f"167 emoji questions: {len(utf8(huge)):,} bytes sent, answered {reply.status_code}")
    assert refusal(reply) == (413, "quiz_too_large", None)
    error = reply.json()["error"]
    assert error["limit"] == 256 * 1024 and error["size"] > error["limit"]
    assert "256 kB" in error["message"]
    assert room_keys(rdb, prefix) == before  # nothing of it was kept


def test_live_rooms_are_capped_per_address_counting_ipv6_by_its_64(redis_url, prefix, tmp_path,
                                                                 rdb):
    # rooms live 3 s after their last activity here (a day by default)
    live = start(redis_url, prefix, tmp_path, QUIZROOM_MAX_ROOMS_PER_ADDRESS=2,
                 QUIZROOM_ROOM_TTL=3)
    quiz = {"quiz": pack(single())}
    try:
        made = time.monotonic()
        statuses = [create(live, quiz, "10.3.1.1").status_code for _ in range(2)]
        third = create(live, quiz, "10.3.1.1")
        assert statuses == [201, 201]
        assert refusal(third) == (429, "too_many_rooms", "address")
        assert third.json()["error"]["limit"] == 2
        assert "2 live rooms" in third.json()["error"]["message"]
        assert create(live, quiz, "10.3.1.2").status_code == 201  # another address

        # three addresses of one IPv6 /64 are one client; the next /64 is another
        six = [create(live, quiz, f"2001:db8:3:4::{i}").status_code for i in (1, 2, 3)]
        assert six == [201, 201, 429]
        assert create(live, quiz, "2001:db8:3:5::1").status_code == 201
        assert time.monotonic() - made < 3  # all of it within the rooms' lifetime

        time.sleep(max(0.0, made + 3.5 - time.monotonic()))  # the rooms expire unused
        again = [create(live, quiz, "10.3.1.1").status_code for _ in range(3)]
        assert again == [201, 201, 429]
    finally:
        live.stop()


def test_live_rooms_are_capped_per_server(redis_url, prefix, tmp_path):
    live = start(redis_url, prefix, tmp_path, QUIZROOM_MAX_ROOMS=3)
    quiz = {"quiz": pack(single())}
    try:
        assert [create(live, quiz, f"10.3.2.{i}").status_code for i in range(3)] == [201] * 3
        refused = create(live, quiz, "10.3.3.1")  # a newcomer, under its own address cap
        assert refusal(refused) == (429, "too_many_rooms", "server")
        assert refused.json()["error"]["limit"] == 3
    finally:
        live.stop()


def test_a_client_reaching_the_server_over_ipv6_counts_by_its_64(redis_url, prefix, tmp_path,
                                                               rdb):
    """No proxy: the address is the socket's own, ::1 here, counted as ::/64."""
    live = LiveServer(redis_url, prefix, log_dir=tmp_path, args=["--host", "::1"],
                      env={"QUIZROOM_MAX_ROOMS_PER_ADDRESS": "1"})
    live.url = f"http://[::1]:{live.port}"
    live.start()
    try:
        def post():
            return requests.post(live.url + "/api/rooms", data=utf8({"quiz": pack(single())}),
                                 headers={"Content-Type": "application/json"}, timeout=10)
        first = post()
        assert first.status_code == 201, first.text
        assert rdb.smembers(f"{prefix}rooms:::/64") == {first.json()["pin"]}
        assert refusal(post()) == (429, "too_many_rooms", "address")
    finally:
        live.stop()


# -- 8. typed answers on the projector get the same care as nicknames ---------------------
GLITCH = "Z" + "\u0336" * 48  # 48 stacked marks
RLO = "\u202eevil\u202c"  # a right-to-left override around a word


def typed_round(live, settings: dict, typed: list[str]) -> tuple[dict, dict]:
    """A text question answered by real clients with ``typed``: the question:end the
    projector (a screen client) gets, and the reveal a screen attaching afterwards draws."""
    room = live.create_room(quiz=pack(text()), settings=settings)
    pin = room["pin"]
    host, screen = Client(live.url, address="10.8.0.1"), Client(live.url, address="10.8.0.2")
    players = [Client(live.url, address=f"10.8.1.{i}") for i in range(len(typed))]
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        assert screen.call("screen:attach", {"pin": pin})["ok"]
        for i, player in enumerate(players):
            assert player.join(pin, f"P{i}")["ok"]
        assert host.call("host:start", {"pin": pin})["ok"]
        screen.wait_for("question:start")
        for player, answer in zip(players, typed):
            assert player.call("player:answer", {"index": 0, "answer": answer})["ok"]
        end = screen.wait_for("question:end")[0]  # everyone answered: it ends now
        late = Client(live.url, address="10.8.0.3")
        reveal = late.call("screen:attach", {"pin": pin})["state"]["reveal"]
        late.close()
        return end, reveal
    finally:
        for client in (host, screen, *players):
            client.close()


def shown(distribution) -> dict:
    return {entry["answer"]: entry["count"] for entry in distribution}


def test_typed_answers_reach_the_projector_cleaned_and_masked(server):
    end, reveal = typed_round(server, {}, ["shit", RLO, GLITCH, "Jinja2"])
    print(f"\nthe projector shows: {shown(end['distribution'])}")
    assert shown(end["distribution"]) == {"****": 1, "evil": 1, "Z\u0336\u0336": 1, "Jinja2": 1}
    assert shown(reveal["distribution"]) == shown(end["distribution"])
    assert end["answered"] == 4


def test_a_room_that_keeps_typed_answers_off_the_projector_shows_none(server):
    end, reveal = typed_round(server, {"show_typed_answers": False}, ["Jinja2", "shit"])
    assert end["distribution"] == [] and reveal["distribution"] == []
    assert end["answered"] == 2  # the room still sees that both answered


def test_with_the_filter_off_the_word_is_shown_but_still_cleaned(server):
    end, _reveal = typed_round(server, {"profanity_filter": False}, ["shit", RLO])
    assert shown(end["distribution"]) == {"shit": 1, "evil": 1}


# -- 9. partial credit cannot be gamed ----------------------------------------------------
def test_ticking_every_choice_of_a_partial_multi_earns_nothing(server):
    room = server.create_room(quiz=pack(multi(answer=(0, 1, 2), partial=True)))
    pin = room["pin"]
    host = Client(server.url, address="10.9.9.1")
    picks = {"All": [0, 1, 2, 3], "Two": [0, 1], "Three": [0, 1, 2]}
    players = {name: Client(server.url, address=f"10.9.9.{i}")
               for i, name in enumerate(picks, start=2)}
    try:
        assert host.call("host:attach", {"pin": pin, "host_token": room["host_token"]})["ok"]
        for name, player in players.items():
            assert player.join(pin, name)["ok"]
        assert host.call("host:start", {"pin": pin})["ok"]
        for name, player in players.items():
            player.wait_for("question:start")
            assert player.call("player:answer", {"index": 0, "answer": picks[name]})["ok"]
        points = {name: player.wait_for("player:result")[0]["points"]
                  for name, player in players.items()}
        print(f"\n3 right of 4, partial credit: {points}")
        assert points["All"] == 0  # the one wrong choice cancels all three right ones
        assert 600 < points["Two"] <= 667  # two thirds, less the time taken
        assert points["Three"] > 900
    finally:
        for client in (host, *players.values()):
            client.close()


# -- 10. a PIN reused after expiry never shows the old room -------------------------------
def play_one_question(live, pin, host_token, nickname, answer, address) -> dict:
    """Host, screen and one player play question 0 to its reveal; what each saw."""
    host = Client(live.url, address=f"{address}.1")
    screen = Client(live.url, address=f"{address}.2")
    player = Client(live.url, address=f"{address}.3")
    try:
        attached = host.call("host:attach", {"pin": pin, "host_token": host_token})
        assert attached["ok"], attached
        assert screen.call("screen:attach", {"pin": pin})["ok"]
        joined = player.join(pin, nickname)
        assert joined["ok"], joined
        assert host.call("host:start", {"pin": pin})["ok"]
        start = screen.wait_for("question:start")[0]
        assert player.call("player:answer", {"index": 0, "answer": answer})["ok"]
        end = screen.wait_for("question:end")[0]
        result = player.wait_for("player:result")[0]
        board = screen.wait_for("leaderboard:update")[0]
        # a screen attaching in the reveal draws it from the worker's caches
        late = Client(live.url, address=f"{address}.4")
        snapshot = late.call("screen:attach", {"pin": pin})["state"]
        late.close()
        return {"host": attached["state"], "lobby": joined["state"], "start": start, "end": end,
                "result": result, "board": board, "snapshot": snapshot}
    finally:
        for client in (host, screen, player):
            client.close()


def test_a_pin_drawn_again_plays_the_new_room_never_the_old_one(server, rdb, prefix):
    old_quiz = pack(single(answer=1, text="Old question?", choices=["o0", "o1", "o2", "o3"]),
                    title="Old quiz")
    old = server.create_room(quiz=old_quiz)
    pin = old["pin"]
    seen = play_one_question(server, pin, old["host_token"], "Ada", 1, "10.10.1")
    # the worker now holds the old room's quiz, answer key, reveal and board
    assert seen["snapshot"]["title"] == "Old quiz"
    assert seen["snapshot"]["reveal"]["correct"] == 1
    time.sleep(0.5)  # the old clients' disconnects have run

    for key in room_keys(rdb, prefix, pin):  # a day without activity: the room expires
        rdb.delete(key)
    new_quiz = pack(single(answer=3, text="New question?", choices=["n0", "n1", "n2", "n3"]),
                    single(text="Second?"), title="New quiz")
    new = server.create_room(quiz=new_quiz)
    # the new room is drawn the old PIN: what the store holds is exactly that
    for key in room_keys(rdb, prefix, new["pin"]):
        rdb.rename(key, key.replace(f"room:{new['pin']}", f"room:{pin}", 1))
    assert room_keys(rdb, prefix, new["pin"]) == []

    seen = play_one_question(server, pin, new["host_token"], "Bob", 3, "10.10.2")
    assert (seen["host"]["title"], seen["host"]["count"]) == ("New quiz", 2)
    assert seen["lobby"]["title"] == "New quiz"
    assert (seen["start"]["text"], seen["start"]["choices"]) == \
        ("New question?", ["n0", "n1", "n2", "n3"])
    assert seen["end"]["correct"] == 3  # the new room's answer key
    assert seen["end"]["distribution"] == [0, 0, 0, 1]
    assert seen["result"]["correct"] is True and seen["result"]["points"] > 0
    assert [e["nickname"] for e in seen["board"]["entries"]] == ["Bob"]
    snapshot = seen["snapshot"]
    assert (snapshot["title"], snapshot["question"]["text"]) == ("New quiz", "New question?")
    assert snapshot["reveal"]["correct"] == 3 and snapshot["reveal"]["distribution"] == [0, 0, 0, 1]
    assert [e["nickname"] for e in snapshot["leaderboard"]] == ["Bob"]
    assert "Traceback" not in server.log()
