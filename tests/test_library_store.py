"""The library store on a real Redis: versioned saves, trash, owners."""
import threading
import time

import pytest
import redis

from server.game.errors import GameError
from server.store.client import make_client
from server.store.durability import durability_warnings
from server.store.keys import Keys
from server.store.library import Conflict, LibraryStore


@pytest.fixture
def store(redis_url, prefix):
    return LibraryStore(make_client(redis_url, 20), Keys(prefix), trash_ttl_s=30 * 86400)


def body(title="Quiz", questions=()):
    return {"title": title, "description": "", "tags": [], "questions": list(questions)}


def summary(title="Quiz"):
    return {"title": title, "description": "", "tags": [], "questions": 0}


def test_two_saves_based_on_the_same_version_one_wins_the_other_gets_the_current_quiz(store):
    assert store.create("q1", "", body("v1"), summary(), now=1)
    results, barrier = {}, threading.Barrier(2)

    def save(name):
        barrier.wait()
        try:
            results[name] = store.save("q1", "", 1, body(name), summary(name), now=2)
        except Conflict as exc:
            results[name] = exc

    threads = [threading.Thread(target=save, args=(n,)) for n in ("alice", "bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [n for n, r in results.items() if r == 2]
    losers = [r for r in results.values() if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1
    stored = store.get("q1", "")
    assert stored["title"] == winners[0] and stored["version"] == 2
    assert losers[0].current == stored  # the loser is shown what won, nothing is lost


def test_a_save_never_reaches_a_quiz_of_another_owner_or_in_the_trash(store):
    store.create("q1", "alice", body("mine"), summary(), now=1)
    with pytest.raises(GameError) as exc:
        store.save("q1", "bob", 1, body("taken"), summary(), now=2)
    assert exc.value.code == "not_found"
    assert store.get("q1", "bob") is None and store.get("q1", "") is None
    store.delete("q1", "alice", now=3)
    with pytest.raises(GameError):
        store.save("q1", "alice", 1, body("ghost"), summary(), now=4)
    assert store.get("q1", "alice", trashed=True)["title"] == "mine"


def test_delete_moves_to_the_trash_and_restore_brings_back_every_field(store):
    store.create("q1", "alice", body("keep me", [{"type": "info", "text": "hi"}]), summary(),
                 now=1)
    before = store.get("q1", "alice")
    until = store.delete("q1", "alice", now=1000)
    assert until == 1000 + 30 * 86400 * 1000
    assert store.get("q1", "alice") is None
    assert [s["id"] for s in store.summaries("alice", False, now=2000)] == []
    assert [s["id"] for s in store.summaries("alice", True, now=2000)] == ["q1"]
    with pytest.raises(GameError):
        store.restore("q1", "bob")  # not bob's trash
    store.restore("q1", "alice")
    assert store.get("q1", "alice") == before
    assert store.r.ttl(store.keys.library_quiz("q1")) == -1  # no TTL once restored
    assert store.summaries("alice", True, now=2000) == []


def test_a_quiz_left_in_the_trash_past_its_ttl_is_gone_for_good(redis_url, prefix):
    store = LibraryStore(make_client(redis_url, 5), Keys(prefix), trash_ttl_s=0.3)
    store.create("q1", "", body(), summary(), now=1)
    now = int(time.time() * 1000)
    store.delete("q1", "", now=now)
    assert store.summaries("", True, now=now)[0]["id"] == "q1"
    time.sleep(0.5)
    later = int(time.time() * 1000)
    assert store.summaries("", True, now=later) == []
    with pytest.raises(GameError):
        store.restore("q1", "")
    assert not store.r.exists(store.keys.library_quiz("q1"))
    assert not store.r.exists(store.keys.library_trash(""))


def test_owners_see_only_their_own_quizzes(store):
    store.create("a1", "alice", body("A"), summary("A"), now=1)
    store.create("b1", "bob", body("B"), summary("B"), now=1)
    store.create("n1", "", body("N"), summary("N"), now=1)
    assert [s["id"] for s in store.summaries("alice", False, 5)] == ["a1"]
    assert [s["id"] for s in store.summaries("bob", False, 5)] == ["b1"]
    assert store.get("a1", "bob") is None and store.get("b1", "alice") is None
    assert store.owners() == ["", "alice", "bob"]
    assert store.adopt("alice") == 1  # the first account takes the ownerless quizzes
    assert sorted(s["id"] for s in store.summaries("alice", False, 5)) == ["a1", "n1"]
    assert store.get("n1", "alice")["owner"] == "alice"


def test_library_keys_have_no_ttl(store):
    store.create("q1", "alice", body(), summary(), now=1)
    for key in (store.keys.library_quiz("q1"), store.keys.library_index("alice")):
        assert store.r.ttl(key) == -1


def test_durability_check_warns_on_a_redis_that_does_not_persist(bare_redis):
    client = redis.Redis.from_url(bare_redis, decode_responses=True)
    try:
        warnings = durability_warnings(client)
        assert len(warnings) == 1 and "does not save to disk" in warnings[0]
        client.config_set("save", "3600 1")  # RDB snapshots are enough
        assert durability_warnings(client) == []
    finally:
        client.close()


def test_the_embedded_redis_passes_the_durability_check(tmp_path):
    from server.embedded_redis import EmbeddedRedis
    embedded = EmbeddedRedis(str(tmp_path))
    url = embedded.ensure_running()
    try:
        client = redis.Redis.from_url(url, decode_responses=True)
        assert durability_warnings(client) == []
        client.config_set("maxmemory", "100mb")
        client.config_set("maxmemory-policy", "allkeys-lru")
        assert any("allkeys-lru" in w for w in durability_warnings(client))
        client.config_set("appendonly", "no")
        client.config_set("save", "")
        assert any("does not save to disk" in w for w in durability_warnings(client))
        client.close()
    finally:
        embedded.stop()


def test_durability_check_says_it_could_not_check_when_config_is_refused(redis_url, rdb, prefix):
    # managed Redis services refuse CONFIG; an ACL user without it is the same answer
    user = prefix.replace(":", "-") + "noconfig"
    rdb.acl_setuser(user, enabled=True, passwords=["+pw-for-test"], keys=["*"],
                    commands=["+@all", "-config"])
    try:
        client = redis.Redis.from_url(redis_url, username=user, password="pw-for-test",
                                      decode_responses=True)
        warnings = durability_warnings(client)
        client.close()
    finally:
        rdb.acl_deluser(user)
    assert len(warnings) == 1 and "could not check" in warnings[0]
