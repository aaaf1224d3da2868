"""Room creation cannot fill Redis or a worker: compact storage, a stored-size cap,
caps on live rooms per address and per server, a quiz cache bounded by bytes, and
IPv6 clients counted by their /64. Against a real Redis."""
from __future__ import annotations

import json
import time
import tracemalloc

import pytest

from server.service.addresses import address_key
from tests.helpers import EMOJI, emoji_pack, pack, single


@pytest.fixture
def make_app(redis_url, prefix, clock):
    def make(**config):
        from server import create_app
        return create_app({"TESTING": True, "REDIS_URL": redis_url,
                           "QUIZROOM_KEY_PREFIX": prefix, "QUIZROOM_ASYNC_MODE": "threading",
                           "QUIZROOM_TICK_SECONDS": 0, "QUIZROOM_CLOCK": clock,
                           "SECRET_KEY": "test", **config})
    return make


def utf8(body) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def create(http, body, address="10.0.0.1"):
    """POST /api/rooms from ``address``, the body as a browser sends it: UTF-8."""
    return http.post("/api/rooms", data=utf8(body), content_type="application/json",
                     environ_base={"REMOTE_ADDR": address})


def test_an_emoji_quiz_is_stored_as_utf8_not_json_escapes(app, rdb, prefix):
    body = {"quiz": emoji_pack(30)}
    sent = len(utf8(body))
    reply = create(app.test_client(), body)
    assert reply.status_code == 201
    stored = rdb.strlen(f"{prefix}room:{reply.json['pin']}:quiz")
    # JSON \u escapes would store each 4-byte emoji as 12 bytes: three times the body
    assert stored <= sent * 1.02, (stored, sent)
    assert EMOJI in rdb.get(f"{prefix}room:{reply.json['pin']}:quiz")


def test_a_1_mb_emoji_body_is_refused_as_quiz_too_large_and_nothing_is_stored(app, rdb, prefix):
    body = {"quiz": emoji_pack(167)}  # just under the 1 MB request cap, and valid
    assert 1_000_000 < len(utf8(body)) < 1024 * 1024
    reply = create(app.test_client(), body)
    assert reply.status_code == 413
    error = reply.json["error"]
    assert error["code"] == "quiz_too_large" and "256 kB" in error["message"]
    assert error["limit"] == 256 * 1024 and error["size"] > error["limit"]
    assert rdb.keys(f"{prefix}room:*") == []


def test_live_rooms_per_address_are_capped_until_one_expires(make_app, rdb, prefix):
    # rooms live 2 s after their last activity here, a day by default
    http = make_app(QUIZROOM_MAX_ROOMS_PER_ADDRESS=3, QUIZROOM_ROOM_TTL=2).test_client()
    pins = [create(http, {"quiz": pack(single())}).json["pin"] for _ in range(3)]
    rdb.expire(f"{prefix}room:{pins[1]}", 60)  # two rooms idle, one still in use
    refused = create(http, {"quiz": pack(single())})
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many_rooms"
    assert "3 live rooms" in refused.json["error"]["message"]
    assert refused.json["error"]["scope"] == "address"
    assert create(http, {"quiz": pack(single())}, address="10.0.0.2").status_code == 201
    time.sleep(2.2)  # the idle two expire
    assert [create(http, {"quiz": pack(single())}).status_code for _ in range(3)] == \
        [201, 201, 429]


def test_live_rooms_per_server_are_capped(make_app, rdb, prefix):
    http = make_app(QUIZROOM_MAX_ROOMS=3, QUIZROOM_ROOM_TTL=2).test_client()
    for i in range(3):
        assert create(http, {"quiz": pack(single())}, address=f"10.0.1.{i}").status_code == 201
    refused = create(http, {"quiz": pack(single())}, address="10.0.2.1")
    assert refused.status_code == 429
    assert (refused.json["error"]["code"], refused.json["error"]["scope"]) == \
        ("too_many_rooms", "server")
    time.sleep(2.2)
    assert create(http, {"quiz": pack(single())}, address="10.0.2.1").status_code == 201


def test_a_room_kept_busy_past_its_first_ttl_still_counts(make_app, rdb, prefix):
    app = make_app(QUIZROOM_MAX_ROOMS_PER_ADDRESS=1, QUIZROOM_ROOM_TTL=1)
    http = app.test_client()
    pin = create(http, {"quiz": pack(single())}).json["pin"]
    rdb.expire(f"{prefix}room:{pin}", 3600)  # activity refreshed the room's TTL
    time.sleep(1.1)  # past the lifetime the room was given at creation
    assert create(http, {"quiz": pack(single())}).status_code == 429


def test_ipv6_addresses_count_by_their_64():
    assert address_key("2001:db8:1:2:aaaa::1") == address_key("2001:db8:1:2:ffff::9") \
        == "2001:db8:1:2::/64"
    assert address_key("2001:db8:1:3::1") != address_key("2001:db8:1:2::1")
    assert address_key("::ffff:192.0.2.7") == "192.0.2.7" == address_key("192.0.2.7")
    assert address_key("fe80::1%eth0") == "fe80::/64"
    assert address_key("2001:db8:1:2::/64") == "2001:db8:1:2::/64"  # idempotent
    assert address_key(None) == address_key("") == "-"


def test_one_ipv6_64_shares_the_room_creation_budget(app):
    http = app.test_client()
    statuses = [create(http, {"quiz": pack(single())}, address=f"2001:db8:1:2::{i + 1:x}")
                .status_code for i in range(11)]
    assert statuses == [201] * 10 + [429]
    assert create(http, {"quiz": pack(single())}, address="2001:db8:1:3::1").status_code == 201


def test_one_ipv6_64_shares_the_live_room_cap(make_app):
    http = make_app(QUIZROOM_MAX_ROOMS_PER_ADDRESS=2).test_client()
    statuses = [create(http, {"quiz": pack(single())}, address=f"2001:db8:5:6::{i + 1}")
                .status_code for i in range(3)]
    assert statuses == [201, 201, 429]


def test_the_quiz_cache_of_a_worker_is_bounded_by_bytes(make_app):
    bound = 1024 * 1024
    app = make_app(QUIZROOM_QUIZ_CACHE_BYTES=bound, QUIZROOM_MAX_ROOMS_PER_ADDRESS=50)
    http, service = app.test_client(), app.extensions["quizroom"].service
    pins = [create(http, {"quiz": emoji_pack(40)}, address=f"10.0.3.{i}").json["pin"]
            for i in range(10)]  # about 250 kB each, stored
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for pin in pins:
            assert service.room(pin)[2].questions[0].text == EMOJI * 300
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    # ten quizzes take about 2.8 MB parsed; the cache keeps what fits in its bound
    assert held < bound * 1.25, held
    assert service.quizzes.bytes <= bound
    assert service.room(pins[-1])[2].title == EMOJI * 120  # the newest is still served


def create_challenge(http, address="10.0.0.1"):
    return http.post("/api/challenges", json={"quiz": pack(single()), "days": 1},
                     environ_base={"REMOTE_ADDR": address})


def test_stored_challenges_are_capped_per_address_and_per_server(make_app, rdb, prefix):
    """A challenge keeps its quiz for weeks: it counts until its keys expire."""
    http = make_app(QUIZROOM_MAX_CHALLENGES_PER_ADDRESS=2, QUIZROOM_MAX_CHALLENGES=3
                    ).test_client()
    codes = [create_challenge(http).json["code"] for _ in range(2)]
    refused = create_challenge(http)
    assert refused.status_code == 429
    error = refused.json["error"]
    assert (error["code"], error["scope"], error["limit"]) == ("too_many_challenges", "address", 2)
    assert "2 challenges from your network address" in error["message"]
    assert create_challenge(http, "10.0.0.2").status_code == 201
    full = create_challenge(http, "10.0.0.3")
    assert (full.status_code, full.json["error"]["scope"]) == (429, "server")
    # one of the first address's challenges expires, keys and all: room for one more
    live = f"{prefix}challenges:live"
    rdb.zadd(live, {f"{codes[0]}|10.0.0.1": 1})
    rdb.delete(f"{prefix}ch:{codes[0]}", f"{prefix}ch:{codes[0]}:quiz")
    assert create_challenge(http).status_code == 201
    assert rdb.scard(f"{prefix}challenges:by:10.0.0.1") == 2
    assert create_challenge(http, "10.0.0.4").status_code == 429
