"""Generated payloads at every event: always a well-formed ack, never a crash,
and a refused event leaves the room exactly as it was."""
from __future__ import annotations

import logging

import pytest
import redis
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.extensions import socketio
from tests.helpers import pack, single

EVENTS = ["host:attach", "screen:attach", "player:join", "player:rejoin", "player:answer",
          "host:start", "host:next", "host:end", "host:kick", "host:lock"]
FIELDS = ["pin", "host_token", "nickname", "player_token", "index", "answer", "player_id",
          "locked", "ban"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2 ** 53), 2 ** 53)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12)
near_miss = st.dictionaries(st.sampled_from(FIELDS), json_values | st.sampled_from(
    ["123456", "000000", 0, 1, [0, 1], "Ada", True]), max_size=5)
payloads = near_miss | json_values
event_names = st.sampled_from(EVENTS) | st.text(min_size=1, max_size=30)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def well_formed(ack) -> bool:
    if not isinstance(ack, dict) or not isinstance(ack.get("ok"), bool):
        return False
    if ack["ok"]:
        return True
    err = ack.get("error")
    return isinstance(err, dict) and isinstance(err.get("code"), str) and \
        isinstance(err.get("message"), str)


def room_state(client: redis.Redis, prefix: str, pin: str) -> tuple:
    keys = sorted(k for k in client.scan_iter(match=f"{prefix}room:{pin}*")
                  if not k.endswith((":conns", ":online")))  # presence moves with connections
    dump = []
    for key in keys:
        kind = client.type(key)
        value = {"hash": client.hgetall, "zset": lambda k: client.zrange(k, 0, -1, withscores=True),
                 "set": client.smembers, "string": client.get}[kind](key)
        dump.append((key, kind, str(sorted(value.items()) if isinstance(value, dict) else value)))
    return tuple(dump)


@pytest.fixture
def playing(app, clock, rdb, prefix):
    http = app.test_client()
    body = http.post("/api/rooms", json={"quiz": pack(single(time_limit=600), single()),
                                         "settings": {"lead_in": 0}}).json
    host = socketio.test_client(app)
    host.emit("host:attach", {"pin": body["pin"], "host_token": body["host_token"]}, callback=True)
    for name in ("Ada", "Bob"):
        clock.advance(300)
        socketio.test_client(app).emit("player:join", {"pin": body["pin"], "nickname": name},
                                       callback=True)
    host.emit("host:start", {"pin": body["pin"]}, callback=True)
    return body["pin"], host


@FUZZ
@given(event=event_names, payload=payloads, as_player=st.booleans())
def test_generated_events_through_the_test_client(app, playing, clock, rdb, prefix, caplog,
                                                  event, payload, as_player):
    pin, _host = playing
    for key in rdb.scan_iter(match=f"{prefix}rate:*"):
        rdb.delete(key)  # fuzz the validation, not the limiter (tested on its own)
    client = socketio.test_client(app)
    if as_player:
        client.emit("player:join", {"pin": pin, "nickname": f"F{clock() % 10**6}"}, callback=True)
    before = room_state(rdb, prefix, pin)
    with caplog.at_level(logging.WARNING):
        ack = client.emit(event, payload, callback=True)
    assert well_formed(ack), ack
    if not ack["ok"]:
        assert room_state(rdb, prefix, pin) == before
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    client.disconnect()


@pytest.mark.live
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=event_names, payload=payloads)
def test_generated_events_against_a_live_server(live_fuzz_server, event, payload):
    from tests.live import Client
    server = live_fuzz_server
    # a connection per example: one connection's packet budget (sockets/inbound.py) and
    # its time to attach are tested on their own; here every event must reach a handler
    client = Client(server.url)
    try:
        ack = client.call(event, payload)
    finally:
        client.close()
    assert well_formed(ack), ack
    assert requests.get(server.url + "/healthz").status_code == 200


@pytest.fixture(scope="module")
def live_fuzz_server(redis_url, tmp_path_factory):
    from tests.live import LiveServer
    prefix = "qrtest:fuzz:"
    server = LiveServer(redis_url, prefix, log_dir=tmp_path_factory.mktemp("fuzz")).start()
    try:
        yield server
        assert "Traceback" not in server.log()
    finally:
        server.stop()
        flush = redis.Redis.from_url(redis_url)
        for key in flush.scan_iter(match=f"{prefix}*"):
            flush.delete(key)
