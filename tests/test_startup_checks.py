"""The start-up warnings of a server made by the app factory, as gunicorn runs it from
the Procfile: a Redis that could lose the library, and no host account. Each test
has a Redis of its own that does not persist, whatever the machine's Redis is set to."""
from __future__ import annotations

import logging

import pytest
import redis

from server import create_app
from server.service.accounts import Accounts
from server.store.accounts import AccountStore
from server.store.keys import Keys
from tests.helpers import free_port

PREFIX = "qrtest:startup:"


def make_app(url: str, **config):
    return create_app({"TESTING": True, "REDIS_URL": url, "QUIZROOM_KEY_PREFIX": PREFIX,
                       "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0,
                       "SECRET_KEY": "test", **config})


def warnings_logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == "server.app" and r.levelno == logging.WARNING]


@pytest.fixture
def bare(bare_redis):
    client = redis.Redis.from_url(bare_redis, decode_responses=True)
    yield bare_redis, client
    client.close()


def test_the_factory_logs_a_redis_that_does_not_persist_and_no_account_once(bare, caplog,
                                                                              capsys):
    url, client = bare
    assert client.config_get("appendonly")["appendonly"] == "no"
    assert client.config_get("save")["save"] == ""
    caplog.set_level(logging.WARNING)
    make_app(url, QUIZROOM_STARTUP_CHECKS=True)
    said = warnings_logged(caplog)
    assert len(said) == 2, said
    assert said[0].startswith("Redis does not save to disk")
    assert "no host account" in said[1] and "cannot see the address it listens on" in said[1]
    assert "quizroom host add NAME" in said[1]
    assert capsys.readouterr().out == ""  # logged, not printed


def test_a_redis_that_persists_and_an_account_leave_the_factory_quiet(bare, caplog):
    url, client = bare
    client.config_set("appendonly", "yes")
    Accounts(AccountStore(client, Keys(PREFIX)), lambda: 0).add("alice", "correct horse")
    caplog.set_level(logging.WARNING)
    make_app(url, QUIZROOM_STARTUP_CHECKS=True)
    assert warnings_logged(caplog) == []


def test_an_evicting_redis_is_named_with_its_policy(bare, caplog):
    url, client = bare
    client.config_set("maxmemory", "100mb")
    client.config_set("maxmemory-policy", "allkeys-lru")
    caplog.set_level(logging.WARNING)
    make_app(url, QUIZROOM_STARTUP_CHECKS=True)
    assert any("maxmemory-policy allkeys-lru" in w for w in warnings_logged(caplog))


def test_under_testing_the_factory_checks_nothing_unless_asked(bare, caplog):
    caplog.set_level(logging.WARNING)
    make_app(bare[0])
    assert warnings_logged(caplog) == []


def test_a_redis_not_reachable_at_start_is_said_and_the_server_still_starts(caplog):
    caplog.set_level(logging.WARNING)
    app = make_app(f"redis://127.0.0.1:{free_port()}/0", QUIZROOM_STARTUP_CHECKS=True)
    assert app.extensions["quizroom"]  # created: requests wait for Redis as usual
    (warning,) = warnings_logged(caplog)
    assert warning.startswith("could not reach Redis to check it at start")
