"""Phase moves with a fixed clock: lobby -> question -> reveal -> ... -> finished."""
import pytest

from server.game import phases
from server.game.answers import clean_answer, distribution
from server.game.errors import GameError
from server.game.leaderboard import rank
from server.game.model import RoomState, Settings
from server.game.nickname import clean_nickname, nickname_key
from server.game.pack import parse_quiz
from tests.helpers import multi, pack, poll, single, text

NOW = 1_800_000_000_000


def quiz(*qs):
    return parse_quiz(pack(*qs))


def test_start_opens_first_question_with_deadline_and_never_the_answer():
    q = quiz(single(answer=2, time_limit=15), single())
    state, events = phases.start(RoomState(count=2), q, NOW)
    assert (state.phase, state.index, state.deadline) == ("question", 0, NOW + 15000)
    (event,) = events
    assert event.name == "question:start"
    assert event.payload["deadline"] == NOW + 15000 and event.payload["server_time"] == NOW
    assert "answer" not in event.payload and "explanation" not in event.payload


def test_whole_sequence_of_moves():
    q = quiz(single(), single())
    state = RoomState(count=2)
    assert phases.next_move(state) == "start"
    state, _ = phases.start(state, q, NOW)
    assert phases.next_move(state) == "close"
    assert not phases.is_due(state, NOW + 19999) and phases.is_due(state, NOW + 20000)
    state, results, events = phases.close(state, q, Settings(), ["p"], {"p": (1, 100)}, {}, NOW)
    assert state.phase == "reveal" and results["p"].correct
    assert events[0].payload["correct"] == 1 and events[0].payload["distribution"] == [0, 1, 0, 0]
    assert phases.next_move(state) == "open"
    state, _ = phases.open_next(state, q, NOW + 5)
    assert state.index == 1
    state, _, _ = phases.close(state, q, Settings(), [], {}, {}, NOW)
    assert phases.next_move(state) == "finish"
    state, _ = phases.finish(state, NOW + 9)
    assert state.phase == "finished" and state.ended == NOW + 9
    with pytest.raises(GameError) as err:
        phases.next_move(state)
    assert err.value.code == "bad_phase"


def test_moves_out_of_phase_are_refused():
    q = quiz(single())
    with pytest.raises(GameError):
        phases.start(RoomState(phase="question", count=1), q, NOW)
    with pytest.raises(GameError):
        phases.close(RoomState(phase="lobby", count=1), q, Settings(), [], {}, {}, NOW)
    with pytest.raises(GameError):
        phases.finish(RoomState(phase="question", count=1), NOW)


def test_every_move_bumps_the_version():
    q = quiz(single())
    s1, _ = phases.start(RoomState(count=1), q, NOW)
    s2, _, _ = phases.close(s1, q, Settings(), [], {}, {}, NOW)
    s3, _ = phases.finish(s2, NOW)
    assert [s1.version, s2.version, s3.version] == [1, 2, 3]


@pytest.mark.parametrize("data, value, code", [
    (single(), 7, "bad_answer"), (single(), "1", "bad_answer"), (single(), True, "bad_answer"),
    (multi(), [], "bad_answer"), (multi(), [0, 0], "bad_answer"), (multi(), 1, "bad_answer"),
    (text(), "", "bad_answer"), (text(), "x" * 101, "bad_answer"), (text(), 3, "bad_answer"),
    (poll(), 5, "bad_answer"),
])
def test_answers_that_do_not_fit_the_question_are_refused(data, value, code):
    with pytest.raises(GameError) as err:
        clean_answer(quiz(data).questions[0], value)
    assert err.value.code == code


def test_multi_answers_are_stored_sorted():
    assert clean_answer(quiz(multi()).questions[0], [2, 0]) == [0, 2]


def test_text_distribution_groups_spellings():
    q = quiz(text()).questions[0]
    assert distribution(q, ["Jinja2", "jinja 2", "Mako"]) == [
        {"answer": "Jinja2", "count": 2, "correct": True},
        {"answer": "Mako", "count": 1, "correct": False}]


def test_ranks_share_places_on_ties():
    entries = rank([("a", "A", 100, 1), ("b", "B", 300, 2), ("c", "C", 100, 3), ("d", "D", 0, 4)])
    assert [(e["nickname"], e["rank"]) for e in entries] == [
        ("B", 1), ("A", 2), ("C", 2), ("D", 4)]


@pytest.mark.parametrize("raw, shown", [
    ("  Ada  ", "Ada"), ("Ａｄａ", "Ada"), ("A\u200bda", "Ada"), ("\u202eAda", "Ada"),
    ("a  b", "a b"), ("<img src=x>", "<img src=x>"),
])
def test_nicknames_are_cleaned(raw, shown):
    assert clean_nickname(raw) == shown


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200b", "x" * 21, "e" + "\u0301" * 5, 12])
def test_bad_nicknames_are_refused(raw):
    with pytest.raises(GameError) as err:
        clean_nickname(raw)
    assert err.value.code == "bad_nickname"


def test_nickname_key_ignores_case():
    assert nickname_key(clean_nickname("ADA")) == nickname_key(clean_nickname(" ada"))


def test_a_host_click_names_the_question_and_phase_it_acts_on():
    q = quiz(single(time_limit=10), single())
    lobby = RoomState(count=2)
    assert phases.host_move(lobby, "next", (-1, "lobby")) == "start"
    asked, _ = phases.start(lobby, q, NOW)
    # "End question now", clicked a moment before the deadline and a moment after
    # (the ticker has not closed it yet): both still close question 0
    for now in (NOW + 9_999, NOW + 10_001):
        assert phases.host_move(asked, "next", (0, "question")) == "close"
        assert phases.is_due(asked, now) == (now >= asked.deadline)
    # the deadline (or the last answer) closed it first: the same click is now stale,
    # instead of opening question 1 before anyone saw the reveal
    shown, _, _ = phases.close(asked, q, Settings(), [], {}, {}, NOW + 10_000)
    for action in ("next", "end"):
        with pytest.raises(GameError) as err:
            phases.host_move(shown, action, (0, "question"))
        assert err.value.code == "stale"
        assert err.value.details == {"index": 0, "phase": "reveal"}
    assert phases.host_move(shown, "next", (0, "reveal")) == "open"
    # a double click: the second names a reveal the room has already left
    second, _ = phases.open_next(shown, q, NOW + 12_000)
    with pytest.raises(GameError) as err:
        phases.host_move(second, "next", (0, "reveal"))
    assert err.value.code == "stale"
    assert phases.host_move(second, "end", (1, "question")) == "finish"
    # a client that names nothing gets the old meaning
    assert phases.host_move(second, "next") == "close"
    over, _ = phases.finish(shown, NOW + 13_000)
    with pytest.raises(GameError) as err:
        phases.host_move(over, "end", (0, "finished"))
    assert err.value.code == "bad_phase"
