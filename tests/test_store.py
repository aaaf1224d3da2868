"""The store against a real Redis: atomic answers, exactly-once moves, TTLs."""
import json
import threading

import pytest

from server.game.errors import GameError
from server.game.pack import parse_quiz
from server.game.model import Settings
from tests.helpers import pack, single


@pytest.fixture
def room(service, clock):
    pin, token = service.create_room(parse_quiz(pack(single(answer=1), single())), Settings())
    return pin, token


def _concurrently(n, attempt):
    """Run attempt(i) for i < n in n threads released at the same moment."""
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        attempt(i)
    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads), "an answer never got its outcome"


def _store_one(store, pin, player_id, index, now, answer) -> int:
    """One answer straight through the store's script, no batching; raises its refusal."""
    outcome = store.answers(pin, index, [(player_id, now, answer)])[0][0]
    if isinstance(outcome, GameError):
        raise outcome
    return outcome


def _stall_first_call(store, monkeypatch):
    """The game store stalls on its first answers call until ``release`` is set;
    ``inside`` is set once that call is stalled."""
    inside, release = threading.Event(), threading.Event()
    real = store.answers

    def stall_first(*args):
        if not inside.is_set():
            inside.set()
            release.wait(5)
        return real(*args)
    monkeypatch.setattr(store, "answers", stall_first)
    return inside, release


@pytest.mark.parametrize("path", ["service", "store"])
def test_fifty_concurrent_answers_from_one_player_store_exactly_one(service, room, rdb, prefix,
                                                                    path):
    # through the service the fifty are grouped into shared script calls; straight
    # to the store each is its own call: either way exactly one counts
    pin, _ = room
    seat = service.join(pin, "Racer", "sid-Racer")
    service.join(pin, "Idle", "sid-Idle")  # keeps the question open
    service.start(pin)
    outcomes = []

    def attempt(choice):
        try:
            if path == "service":
                service.answer(pin, seat["player_id"], 0, choice % 4)
            else:
                _store_one(service.store, pin, seat["player_id"], 0, service.now(), choice % 4)
            outcomes.append("ok")
        except GameError as exc:
            outcomes.append(exc.code)

    _concurrently(50, attempt)
    assert outcomes.count("ok") == 1
    assert outcomes.count("already_answered") == 49
    assert rdb.hlen(f"{prefix}room:{pin}:answers:0") == 1


def test_a_whole_room_answering_at_once_is_stored_once_each_and_closes_once(app, room, clock,
                                                                          rdb, prefix):
    from server.service.game import GameService
    pin, _ = room
    published = []
    service = GameService(app.extensions["quizroom"].store,
                          lambda p, ev: published.extend(ev), clock)
    seats = [service.join(pin, f"P{i}", f"sid-{i}") for i in range(40)]
    service.start(pin)
    acks, refusals = {}, []

    def attempt(i):
        # player i answers; players 0-9 also try a second time, at the same moment
        seat = seats[i % 40]
        try:
            acks[(seat["player_id"], i)] = service.answer(pin, seat["player_id"], 0, i % 2)
        except GameError as exc:
            refusals.append((seat["player_id"], exc.code))

    clock.advance(1234)
    _concurrently(50, attempt)
    assert len(acks) == 40 and len(refusals) == 10
    # refused as a second answer, or as too late once the fortieth closed the question
    assert {code for _pid, code in refusals} <= {"already_answered", "too_late"}
    assert {pid for pid, _i in acks} == {s["player_id"] for s in seats}
    # each ack carries its own answer's response time, as stored
    stored = rdb.hgetall(f"{prefix}room:{pin}:answers:0")
    assert len(stored) == 40
    for (pid, _i), ack in acks.items():
        assert ack == {"index": 0, "response_ms": 1234}
        assert json.loads(stored[pid])[0] == 1234
    # the last answer closed the question, exactly once, with every answer counted
    ends = [e for e in published if e.name == "question:end"]
    assert len(ends) == 1 and ends[0].payload["answered"] == 40
    assert service.store.load_state(pin)[0].phase == "reveal"


def test_one_batch_gives_each_answer_its_own_outcome(service, room, clock):
    pin, _ = room
    a, b = service.join(pin, "A", "sid-A"), service.join(pin, "B", "sid-B")
    service.start(pin)
    now = clock()
    outcomes, answered, waiting, players = service.store.answers(pin, 0, [
        (a["player_id"], now + 5, 1),
        ("stranger", now + 6, 1),
        (a["player_id"], now + 7, 2),
        (b["player_id"], now + 20_001, 1)])  # past the deadline
    assert outcomes[0] == 5
    assert [o.code for o in outcomes[1:]] == ["forbidden", "already_answered", "too_late"]
    assert (answered, waiting, players) == (1, 1, 2)
    # a batch for a question that is not open refuses every answer in it
    outcomes, *counts = service.store.answers(pin, 1, [(b["player_id"], now, 0)])
    assert outcomes[0].code == "not_accepting" and counts == [0, 0, 0]


def test_when_redis_is_unreachable_every_waiting_answer_fails_instead_of_hanging(service, room):
    from server.service.answers import AnswerBatcher
    from server.store.client import make_client
    from server.store.rooms import RoomStore
    from tests.helpers import free_port
    dead = RoomStore(make_client(f"redis://127.0.0.1:{free_port()}/0"), service.store.keys, 60)
    batcher = AnswerBatcher(dead)
    failures = []

    def attempt(i):
        try:
            batcher.submit(room[0], 0, f"p{i}", 0, 1)
        except Exception as exc:  # noqa: BLE001
            failures.append(type(exc).__name__)

    _concurrently(20, attempt)
    assert failures == ["ConnectionError"] * 20


def test_answer_after_deadline_is_refused_even_if_no_ticker_ran(service, room, clock):
    pin, _ = room
    seat = service.join(pin, "Late", "sid-Late")
    service.start(pin)
    clock.advance(20_001)  # past the deadline; nothing has closed the question yet
    with pytest.raises(GameError) as err:
        _store_one(service.store, pin, seat["player_id"], 0, clock(), 1)
    assert err.value.code == "too_late"
    clock.advance(-1)
    _store_one(service.store, pin, seat["player_id"], 0, clock(), 1)  # exactly at the deadline: in


def test_two_workers_closing_the_same_round_commit_once(app, service, room, clock, rdb, prefix):
    from server.service.game import GameService
    pin, _ = room
    seat = service.join(pin, "Solo", "sid-Solo")
    service.join(pin, "Silent", "sid-Silent")  # connected and never answers, so only the deadline ends it
    service.start(pin)
    service.answer(pin, seat["player_id"], 0, 1)
    clock.advance(20_000)
    published = []
    # two services over the same Redis stand for two worker processes
    workers = [GameService(service.store, lambda p, ev: published.extend(ev), clock)
               for _ in range(2)]
    barrier = threading.Barrier(2)
    closed = []

    def run(worker):
        barrier.wait()
        closed.append(worker.tick())

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(closed) == [0, 1]
    assert [e.name for e in published].count("question:end") == 1
    assert rdb.zscore(f"{prefix}room:{pin}:scores", seat["player_id"]) == 1000
    assert rdb.zcard(f"{prefix}deadlines") == 0


def test_closing_refuses_to_commit_when_an_answer_arrived_after_scoring(service, room, clock):
    pin, _ = room
    a, b = service.join(pin, "A", "sid-A"), service.join(pin, "B", "sid-B")
    service.start(pin)
    state = service.store.load_state(pin)[0]
    _store_one(service.store, pin, a["player_id"], 0, clock(), 1)
    # scores computed from one answer; then B answers before the commit
    outcome_before = service.store.commit(pin, state.version, {"phase": "reveal"}, deadline=None,
                                          expected_answers=0, index=0)
    assert outcome_before == -1
    _store_one(service.store, pin, b["player_id"], 0, clock(), 1)
    assert service.store.load_state(pin)[0].phase == "question"


def test_every_room_key_expires(service, room, rdb, prefix, clock):
    pin, _ = room
    seat = service.join(pin, "Ttl", "sid-Ttl")
    service.start(pin)
    service.answer(pin, seat["player_id"], 0, 1)
    service.end(pin)
    keys = list(rdb.scan_iter(match=f"{prefix}*"))
    assert len(keys) >= 10
    # the room-creation indexes have no TTL by design, since they must outlive any
    # room kept busy; each room creation prunes them down to live rooms (keys.py)
    indexes = [f"{prefix}rooms", f"{prefix}rooms:-"]
    without_ttl = [k for k in keys if rdb.ttl(k) < 0 and k not in indexes]
    assert without_ttl == []
    assert all(0 < rdb.ttl(k) <= 24 * 3600 for k in keys if k not in indexes)
    assert rdb.zrange(indexes[0], 0, -1) == [f"{pin}|-"] and rdb.smembers(indexes[1]) == {pin}


def test_pins_are_six_digits_and_distinct_while_rooms_live(service):
    quiz = parse_quiz(pack(single()))
    pins = {service.create_room(quiz, Settings())[0] for _ in range(200)}
    assert len(pins) == 200
    assert all(len(p) == 6 and p.isdigit() and not p.startswith("0") for p in pins)


def test_tokens_are_stored_only_as_hashes(service, room, rdb, prefix):
    pin, host_token = room
    seat = service.join(pin, "Hashed", "sid-Hashed")
    dump = " ".join(str(rdb.hgetall(k) if rdb.type(k) == "hash" else "")
                    for k in rdb.scan_iter(match=f"{prefix}room:*"))
    assert host_token not in dump and seat["player_token"] not in dump


def test_a_connection_marked_gone_twice_counts_once(service, room, rdb, prefix):
    pin, _ = room
    seat = service.join(pin, "Twice", "sid-1")
    service.rejoin(pin, seat["player_token"], "sid-2")  # a second tab
    assert rdb.hget(f"{prefix}room:{pin}:online", seat["player_id"]) == "2"
    service.leave(pin, seat["player_id"], "sid-1")
    service.leave(pin, seat["player_id"], "sid-1")  # the reaper repeating a disconnect
    assert rdb.hget(f"{prefix}room:{pin}:online", seat["player_id"]) == "1"
    service.leave(pin, seat["player_id"], "sid-2")
    assert rdb.hget(f"{prefix}room:{pin}:online", seat["player_id"]) is None


def test_a_dead_workers_players_are_marked_gone_and_the_round_can_end(service, room, clock):
    from server.service.game import GameService
    pin, _ = room
    published = []
    dead = GameService(service.store, lambda p, ev: published.extend(ev), clock)
    alive = GameService(service.store, lambda p, ev: published.extend(ev), clock)
    answered = alive.join(pin, "Alive", "sid-alive")
    dead.join(pin, "OnDeadWorker", "sid-dead")
    dead.heartbeat()
    alive.heartbeat()
    alive.start(pin)
    alive.answer(pin, answered["player_id"], 0, 1)
    assert service.store.load_state(pin)[0].phase == "question"  # still waiting for the other
    clock.advance(29_000)
    alive.heartbeat()
    assert service.store.load_state(pin)[0].phase == "question"  # 29 s of silence: not dead yet
    clock.advance(3_000)
    assert alive.heartbeat() == 1
    assert service.store.load_state(pin)[0].phase == "reveal"
    assert [e.name for e in published].count("question:end") == 1
    assert service.store.online(pin) == {answered["player_id"]}


def test_a_reused_pin_is_played_with_the_new_rooms_quiz_reveal_and_rules(service, clock, rdb,
                                                                         prefix, monkeypatch):
    """A PIN is drawn again once its room expired; nothing this worker cached for the
    old room (quiz, answer key, settings, reveal, leaderboard) may leak into the new one."""
    import secrets
    monkeypatch.setattr(secrets, "randbelow", lambda n: 234567 - 100000)  # the same PIN
    old = parse_quiz(pack(single(answer=1), title="Old quiz"))
    pin, _ = service.create_room(old, Settings(profanity_filter=False))
    ada = service.join(pin, "Sh1t Head", "sid-ada")  # the old room let any name in
    service.start(pin)
    service.answer(pin, ada["player_id"], 0, 1)
    host_view = service.snapshots.state(pin, "host")
    assert (host_view["title"], host_view["phase"]) == ("Old quiz", "reveal")
    assert host_view["reveal"]["correct"] == 1 and host_view["leaderboard"][0]["score"] > 0

    for key in rdb.scan_iter(match=f"{prefix}room:{pin}*"):  # a day without activity
        rdb.delete(key)
    new = parse_quiz(pack(single(answer=3, text="New question?"), single(), title="New quiz"))
    assert service.create_room(new, Settings())[0] == pin

    with pytest.raises(GameError) as refused:  # the new room's filter is on
        service.join(pin, "Sh1t Head", "sid-x")
    assert refused.value.code == "bad_nickname"
    bob = service.join(pin, "Bob", "sid-bob")
    lobby = service.snapshots.state(pin, "host")
    assert (lobby["title"], lobby["count"]) == ("New quiz", 2)
    service.start(pin)
    assert service.snapshots.state(pin, "player", bob["player_id"])["question"]["text"] == \
        "New question?"
    service.answer(pin, bob["player_id"], 0, 3)
    reveal = service.snapshots.state(pin, "player", bob["player_id"])
    assert reveal["reveal"]["correct"] == 3
    assert reveal["you"]["result"]["correct"] is True
    assert [e["nickname"] for e in reveal["leaderboard"]] == ["Bob"]


def test_answers_that_wait_too_long_give_up_and_the_room_keeps_taking_answers(service, room,
                                                                            monkeypatch):
    from server.service import answers
    pin, _ = room
    seats = [service.join(pin, f"P{i}", f"sid-{i}") for i in range(6)]
    service.start(pin)
    monkeypatch.setattr(answers, "WAIT_S", 0.3)
    inside, release = _stall_first_call(service.store, monkeypatch)
    outcomes = {}

    def attempt(i):
        if i:
            inside.wait(5)  # the others arrive while the first call hangs
        try:
            service.answer(pin, seats[i]["player_id"], 0, 1)
            outcomes[i] = "ok"
        except GameError as exc:
            outcomes[i] = exc.code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads[1:]:
        t.join(5)
    assert [outcomes[i] for i in range(1, 5)] == ["unavailable"] * 4
    release.set()
    threads[0].join(5)
    assert outcomes[0] == "ok"
    # nothing is left queued behind the stall: a retry and a newcomer both get in
    assert service.answer(pin, seats[1]["player_id"], 0, 1)["index"] == 0
    assert service.answer(pin, seats[5]["player_id"], 0, 1)["index"] == 0


def test_if_no_task_can_be_started_the_queued_answers_fail_and_the_room_goes_on(service, room,
                                                                               monkeypatch):
    from server.service.answers import AnswerBatcher
    pin, _ = room
    seats = [service.join(pin, f"P{i}", f"sid-{i}") for i in range(5)]
    service.start(pin)
    inside, release = _stall_first_call(service.store, monkeypatch)

    def no_tasks(*_args):
        raise RuntimeError("cannot start a task")
    batcher = AnswerBatcher(service.store, spawn=no_tasks)
    outcomes = {}

    def attempt(i):
        if i:
            inside.wait(5)
        try:
            outcomes[i] = batcher.submit(pin, 0, seats[i]["player_id"], service.now(), 1)
        except GameError as exc:
            outcomes[i] = exc.code

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    inside.wait(5)
    while sum(len(b.slots) for b in batcher._pending.values() if b) < 3:
        threading.Event().wait(0.01)  # the other three are queued behind the first call
    release.set()
    for t in threads:
        t.join(5)
    assert outcomes[0].response_ms == 0
    assert [outcomes[i] for i in (1, 2, 3)] == ["unavailable"] * 3
    assert batcher.submit(pin, 0, seats[4]["player_id"], service.now(), 1).answered == 2
