"""Live game modes with a fixed clock: settings, scoring, selection, lead-in, auto-pilot."""
import pytest

from server.game.pack import PackError, parse_quiz, parse_settings
from tests.helpers import pack, single

NOW = 1_800_000_000_000


def settings(**data):
    """Parsed settings; answers open at once unless a test asks for a get-ready."""
    return parse_settings({"lead_in": 0, **data}, 5000, NOW)


def problems(**data):
    with pytest.raises(PackError) as err:
        settings(**data)
    return err.value.errors


# -- settings -----------------------------------------------------------------------
def test_mode_settings_default_to_a_get_ready_then_todays_game():
    s = parse_settings({}, 5000, NOW)
    assert (s.scoring, s.lead_in, s.auto_advance, s.leaderboard_every) == ("speed", 3, 0, 1)
    assert parse_settings(None, 5000, NOW).lead_in == 3  # no settings at all: the same
    assert settings(lead_in=0).lead_in == 0  # 0 turns it off
    assert (s.question_count, s.tags, s.teams, s.late_join) == (None, (), (), True)
    assert not s.shuffle_questions and not s.shuffle_answers
    assert (s.auto_start_at, s.auto_start_players) == (0, 0)


def test_mode_settings_are_read():
    s = settings(scoring="accuracy", lead_in=5, auto_advance=True, leaderboard_every=3,
                 question_count=4, tags=["flask", " redis "], shuffle_questions=True,
                 shuffle_answers=True, teams=["Red", "Blue"], late_join=False, auto_start=12)
    assert (s.scoring, s.lead_in, s.auto_advance, s.leaderboard_every) == ("accuracy", 5, 8, 3)
    assert s.tags == ("flask", "redis") and s.teams == ("Red", "Blue")
    assert s.auto_start_players == 12 and not s.late_join
    assert settings(auto_advance=12).auto_advance == 12
    assert settings(auto_advance=False).auto_advance == 0


def test_auto_start_takes_an_iso_time_or_ms_epoch():
    # NOW is 2027-01-15T08:00:00Z
    assert settings(auto_start="2027-01-15T09:00:00Z").auto_start_at == NOW + 3_600_000
    assert settings(auto_start="2027-01-15T10:00:00+01:00").auto_start_at == NOW + 3_600_000
    assert settings(auto_start=NOW + 60_000).auto_start_at == NOW + 60_000


@pytest.mark.parametrize("data,field", [
    ({"scoring": "fast"}, "settings.scoring"),
    ({"lead_in": -1}, "settings.lead_in"),
    ({"lead_in": "3"}, "settings.lead_in"),
    ({"auto_advance": 0}, "settings.auto_advance"),
    ({"auto_advance": "8"}, "settings.auto_advance"),
    ({"auto_start": "tomorrow"}, "settings.auto_start"),
    ({"auto_start": NOW - 1}, "settings.auto_start"),
    ({"auto_start": 6000}, "settings.auto_start"),
    ({"auto_start": True}, "settings.auto_start"),
    ({"leaderboard_every": -1}, "settings.leaderboard_every"),
    ({"question_count": 0}, "settings.question_count"),
    ({"tags": "flask"}, "settings.tags"),
    ({"tags": [""]}, "settings.tags[0]"),
    ({"shuffle_questions": 1}, "settings.shuffle_questions"),
    ({"shuffle_answers": "yes"}, "settings.shuffle_answers"),
    ({"teams": ["Solo"]}, "settings.teams"),
    ({"teams": ["a"] * 9}, "settings.teams"),
    ({"teams": ["Red", "red"]}, "settings.teams"),
    ({"teams": ["Red", 7]}, "settings.teams[1]"),
    ({"late_join": None}, "settings.late_join"),
])
def test_each_bad_mode_setting_is_named(data, field):
    errors = problems(**data)
    assert len(errors) == 1 and errors[0].startswith(field + ":"), errors


def test_questions_may_carry_tags():
    quiz = parse_quiz(pack(single(tags=["flask", "basics"]), single()))
    assert quiz.questions[0].tags == ("flask", "basics") and quiz.questions[1].tags == ()
    assert quiz.to_json()["questions"][0]["tags"] == ["flask", "basics"]
    assert "tags" not in quiz.to_json()["questions"][1]
    with pytest.raises(PackError) as err:
        parse_quiz(pack(single(tags="flask"), single(tags=[3])))
    assert [e.split(":")[0] for e in err.value.errors] == ["questions[0].tags",
                                                           "questions[1].tags[0]"]


# -- accuracy scoring -------------------------------------------------------------------
def test_accuracy_gives_full_points_whatever_the_time():
    from server.game.scoring import score_question
    q = parse_quiz(pack(single(answer=1), multi_partial())).questions
    answers = {"fast": (1, 100), "slow": (1, 19_900), "wrong": (0, 50)}
    speed = score_question(q[0], list(answers), answers, {}, False)
    acc = score_question(q[0], list(answers), answers, {}, False, accuracy=True)
    assert speed["fast"].points > speed["slow"].points
    assert acc["fast"].points == acc["slow"].points == 1000 and acc["wrong"].points == 0
    partly = score_question(q[1], ["p"], {"p": ([0], 19_000)}, {}, False, accuracy=True)
    assert partly["p"].points == 500  # half the right choices, no wrong ones


def test_accuracy_keeps_the_streak_bonus():
    from server.game.scoring import score_question
    q = parse_quiz(pack(single(answer=1))).questions[0]
    result = score_question(q, ["p"], {"p": (1, 5000)}, {"p": 2}, True, accuracy=True)
    assert result["p"].points == 1200 and result["p"].streak == 3


def multi_partial():
    from tests.helpers import multi
    return multi(answer=(0, 2), partial=True)


# -- question selection -----------------------------------------------------------------
def tagged_quiz():
    return parse_quiz(pack(*[single(text=f"q{i}", tags=["odd" if i % 2 else "even"])
                             for i in range(8)]))


def texts(quiz):
    return [q.text for q in quiz.questions]


def test_selection_by_tags_count_and_shuffle():
    import random
    from server.game.modes.selection import select
    quiz = tagged_quiz()
    assert select(quiz, settings(), random.Random(1)) is quiz
    assert texts(select(quiz, settings(tags=["ODD"]), random.Random(1))) == ["q1", "q3", "q5",
                                                                             "q7"]
    drawn = texts(select(quiz, settings(question_count=3), random.Random(1)))
    assert len(drawn) == 3 and drawn == sorted(drawn)  # drawn at random, played in pack order
    assert {tuple(texts(select(quiz, settings(question_count=3), random.Random(seed))))
            for seed in range(20)} != {tuple(drawn)}
    shuffled = texts(select(quiz, settings(shuffle_questions=True), random.Random(3)))
    assert sorted(shuffled) == texts(quiz) and shuffled != texts(quiz)
    assert len(texts(select(quiz, settings(question_count=50), random.Random(1)))) == 8


def test_selection_with_no_matching_tag_names_the_setting():
    import random
    from server.game.errors import GameError
    from server.game.modes.selection import select
    with pytest.raises(GameError) as err:
        select(tagged_quiz(), settings(tags=["nope"]), random.Random(1))
    assert err.value.details["field"] == "settings.tags"


# -- answer shuffles --------------------------------------------------------------------
def test_shuffled_answers_map_back_to_pack_order():
    import random
    from server.game.modes import shuffle
    from tests.helpers import multi, truefalse
    quiz = shuffle.deal_perms(parse_quiz(pack(single(answer=1), multi(), truefalse())),
                              random.Random(5))
    q, m, tf = quiz.questions
    assert shuffle.perms(tf) is None  # true/false keeps its order
    table = shuffle.perms(q)
    assert len(table) == shuffle.GROUPS and all(sorted(p) == [0, 1, 2, 3] for p in table)
    pid = "abcd0001"  # group 1
    perm = table[shuffle.group(pid)]
    shown = shuffle.for_player({"choices": list(q.choices), "perms": table}, q, pid)
    assert shown["choices"] == [q.choices[i] for i in perm] and "perms" not in shown
    # tapping where the right answer is shown scores as the right answer
    assert shuffle.to_pack(q, pid, perm.index(1)) == 1
    mperm = shuffle.perms(m)[shuffle.group(pid)]
    assert shuffle.to_pack(m, pid, [mperm.index(2), mperm.index(0)]) == [0, 2]
    assert shuffle.to_pack(tf, pid, 1) == 1
    # the groups see different orders
    assert len({tuple(p) for p in table}) > 1


# -- lead-in, auto-pilot, pause --------------------------------------------------------
from server.game import phases  # noqa: E402
from server.game.errors import GameError  # noqa: E402
from server.game.model import RoomState  # noqa: E402
from server.game.modes import pilot  # noqa: E402


def two():
    return parse_quiz(pack(single(answer=1, time_limit=10), single(answer=2, time_limit=10)))


def test_lead_in_shows_the_text_then_opens_answers_when_due():
    s = settings(lead_in=3)
    state, (event,) = phases.start(RoomState(count=2), two(), NOW, s)
    assert (state.phase, state.index, state.deadline) == ("lead_in", 0, NOW + 3000)
    assert event.name == "question:ready" and event.payload["text"] == "Which one?"
    assert "choices" not in event.payload and "answer" not in event.payload
    assert event.payload["opens_at"] == NOW + 3000 and event.payload["lead_in_ms"] == 3000
    assert pilot.timer(state) == NOW + 3000
    assert pilot.due_move(state, NOW + 2999) is None
    assert pilot.due_move(state, NOW + 3000) == "open_answers"
    state, (event,) = phases.move("open_answers", state, two(), s, NOW + 3050)
    # the time limit starts when answers open, late ticker or not
    assert (state.phase, state.started, state.deadline) == ("question", NOW + 3050,
                                                            NOW + 13050)
    assert event.name == "question:start" and event.payload["choices"]


def test_without_lead_in_answers_open_at_once():
    state, (event,) = phases.start(RoomState(count=2), two(), NOW, settings())
    assert state.phase == "question" and event.name == "question:start"


def test_host_next_skips_the_lead_in():
    assert phases.next_move(RoomState(phase="lead_in", index=0, count=2)) == "open_answers"


def test_auto_advance_times_each_reveal_and_moves_on():
    s = settings(auto_advance=8)
    state, _ = phases.start(RoomState(count=2), two(), NOW, s)
    state, _, (end,) = phases.close(state, two(), s, [], {}, {}, NOW + 4000)
    assert state.next_at == NOW + 12_000 and end.payload["next_at"] == NOW + 12_000
    assert pilot.due_move(state, NOW + 11_999) is None
    assert pilot.due_move(state, NOW + 12_000) == "open"
    state, _ = phases.move("open", state, two(), s, NOW + 12_000)
    state, _, _ = phases.close(state, two(), s, [], {}, {}, NOW + 20_000)
    assert pilot.due_move(state, NOW + 28_000) == "finish"
    # without auto_advance a reveal waits for the host
    state, _ = phases.start(RoomState(count=2), two(), NOW, settings())
    state, _, (end,) = phases.close(state, two(), settings(), [], {}, {}, NOW)
    assert state.next_at == 0 and pilot.timer(state) is None and end.payload["next_at"] == 0


def test_auto_start_at_a_time_is_due_in_the_lobby():
    lobby = RoomState(count=2, next_at=NOW + 60_000)
    assert pilot.due_move(lobby, NOW) is None and pilot.due_move(lobby, NOW + 60_000) == "start"
    assert pilot.timer(RoomState(count=2)) is None


def test_pause_keeps_the_remaining_time_and_resume_restores_it():
    s = settings()
    state, _ = phases.start(RoomState(count=2), two(), NOW, s)  # deadline NOW + 10 s
    paused, (event,) = phases.move("pause", state, two(), s, NOW + 4000)
    assert (paused.phase, paused.resume_phase, paused.remaining) == ("paused", "question", 6000)
    assert pilot.timer(paused) is None and event.name == "game:paused"
    assert event.payload["remaining_ms"] == 6000
    with pytest.raises(GameError):
        phases.next_move(paused)
    resumed, (event,) = phases.move("resume", paused, two(), s, NOW + 64_000)
    assert (resumed.phase, resumed.deadline) == ("question", NOW + 70_000)
    # an answer right after resuming took 4 s of open time, not a minute
    assert NOW + 64_000 - resumed.started == 4000
    assert event.name == "game:resumed" and event.payload["deadline"] == NOW + 70_000


def test_pausing_a_timed_reveal_and_taking_back_control():
    s = settings(auto_advance=10)
    state, _ = phases.start(RoomState(count=2), two(), NOW, s)
    state, _, _ = phases.close(state, two(), s, [], {}, {}, NOW)
    paused, _ = phases.move("pause", state, two(), s, NOW + 3000)
    assert paused.remaining == 7000
    resumed, _ = phases.move("resume", paused, two(), s, NOW + 9000)
    assert resumed.next_at == NOW + 16_000 and not resumed.manual
    paused, _ = phases.move("pause", resumed, two(), s, NOW + 10_000)
    manual, (event,) = phases.move("resume", paused, two(), s, NOW + 11_000, manual=True)
    assert manual.next_at == 0 and manual.manual and event.payload["manual"] is True
    # from then on reveals wait for the host
    state, _ = phases.move("open", manual, two(), s, NOW + 12_000)
    state, _, _ = phases.close(state, two(), s, [], {}, {}, NOW + 13_000)
    assert state.next_at == 0 and pilot.timer(state) is None


def test_pause_and_resume_refuse_the_wrong_phase():
    for state in (RoomState(count=1), RoomState(phase="finished", count=1)):
        with pytest.raises(GameError) as err:
            pilot.pause(state, NOW)
        assert err.value.code == "bad_phase"
    with pytest.raises(GameError):
        pilot.resume(RoomState(phase="question", count=1), NOW)
    with pytest.raises(GameError):
        pilot.pause(RoomState(phase="paused", resume_phase="question", count=1), NOW)
    with pytest.raises(GameError):
        phases.finish(RoomState(phase="paused", resume_phase="reveal", count=1), NOW)


# -- pacing -------------------------------------------------------------------------------
def test_leaderboard_every_k_questions_and_after_the_last():
    from server.game.modes.pacing import shows_leaderboard
    every = lambda k: [i for i in range(7) if shows_leaderboard(settings(leaderboard_every=k),  # noqa: E731
                                                                   i, 7)]
    assert every(1) == list(range(7))
    assert every(3) == [2, 5, 6]
    assert every(0) == []


# -- teams ----------------------------------------------------------------------------------
def test_team_points_are_the_average_of_members_points():
    from server.game.modes import teams
    team_of = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1}
    points = {"a": 900, "d": 900, "e": 900}  # one right of three, two right of six
    assert teams.question_points(team_of, points, 3) == [300, 300, 0]
    board = teams.board(("Red", "Blue", "Green"), [100, 0, 50], [300, 300, 0], team_of)
    assert [(r["name"], r["score"], r["rank"], r["members"]) for r in board] == [
        ("Red", 400, 1, 3), ("Blue", 300, 2, 6), ("Green", 50, 3, 0)]
    assert teams.totals(board, 3) == [400, 300, 50] and teams.totals(None, 2) == [0, 0]


def test_teams_are_picked_by_name_or_balanced():
    from server.game.modes import teams
    assert teams.pick(("Red", "Blue"), " blue ") == 1
    assert teams.pick(("Red", "Blue"), None) == -1 and teams.pick((), "Red") == -1
    with pytest.raises(GameError) as err:
        teams.pick(("Red", "Blue"), "Green")
    assert err.value.code == "bad_team" and err.value.details["field"] == "team"
    assert teams.balance([3, 1, 1]) == 1


def test_close_puts_the_team_board_in_the_reveal():
    s = settings(teams=["Red", "Blue"])
    state, _ = phases.start(RoomState(count=2), two(), NOW, s)
    _s, _r, (end,) = phases.close(state, two(), s, ["a", "b", "c"],
                                  {"a": (1, 0), "c": (1, 0)}, {}, NOW,
                                  {"a": 0, "b": 0, "c": 1}, [10, 0])
    assert [(r["name"], r["points"], r["score"]) for r in end.payload["teams"]] == [
        ("Blue", 1000, 1000), ("Red", 500, 510)]


# -- peer-instruction re-vote ------------------------------------------------------------
def test_revote_shows_the_spread_then_reopens_and_compares_the_votes():
    from server.game.answers import Shown
    from server.game.modes import revote
    quiz = two()
    state, _ = phases.start(RoomState(count=2), quiz, NOW, settings())
    first = {"a": (0, 100), "b": (1, 200), "c": (0, 300)}
    discussing, spread = revote.discuss(state, quiz, first, Shown(), NOW + 5000)
    assert discussing.phase == "discuss" and "correct" not in spread
    assert spread["distribution"] == [2, 1, 0, 0] and spread["answered"] == 3
    assert phases.next_move(discussing) == "reopen"
    again, (start,) = phases.move("reopen", discussing, quiz, settings(), NOW + 60_000)
    assert (again.phase, again.revote, again.started) == ("question", True, NOW + 60_000)
    assert start.payload["revote"] is True and start.payload["deadline"] == NOW + 70_000
    with pytest.raises(GameError):
        revote.discuss(again, quiz, {}, Shown(), NOW)  # one re-vote per question
    second = {"a": (1, 100), "b": (1, 100), "c": (0, 100)}
    _s, results, (end,) = phases.close(again, quiz, settings(), ["a", "b", "c"], second, {},
                                       NOW + 61_000, first_vote=first)
    assert end.payload["revote"] == {"before": [2, 1, 0, 0], "answered_before": 3,
                                     "right_before": 1, "right_after": 2, "moved": 1}
    assert end.payload["distribution"] == [1, 2, 0, 0]
    assert results["a"].correct and results["a"].points > 0  # the second vote scores


def test_revote_needs_an_open_scored_question():
    from server.game.answers import Shown
    from server.game.modes import revote
    from tests.helpers import poll
    with pytest.raises(GameError):
        revote.discuss(RoomState(phase="reveal", index=0, count=2), two(), {}, Shown(), NOW)
    polls = parse_quiz(pack(poll()))
    with pytest.raises(GameError):
        revote.discuss(RoomState(phase="question", index=0, count=1), polls, {}, Shown(), NOW)


def test_a_break_between_rounds_then_the_next_question():
    from server.game.modes.pacing import takes_break
    s = settings(leaderboard_every=2, break_seconds=30)
    assert [i for i in range(5) if takes_break(s, i, 5)] == [1, 3]
    assert not takes_break(settings(break_seconds=30, leaderboard_every=0), 1, 5)
    quiz = parse_quiz(pack(*[single() for _ in range(3)]))
    state = RoomState(phase="reveal", index=1, count=3, version=4)
    brk, (event,) = phases.move("open", state, quiz, s, NOW)
    assert (brk.phase, brk.deadline) == ("break", NOW + 30_000) and event.name == "game:break"
    assert event.payload["ends_at"] == NOW + 30_000
    assert pilot.due_move(brk, NOW + 29_999) is None and pilot.due_move(brk, NOW + 30_000) == "open"
    assert phases.next_move(brk) == "open"  # the host may end the break early
    opened, (event,) = phases.move("open", brk, quiz, s, NOW + 30_000)
    assert (opened.phase, opened.index, event.name) == ("question", 2, "question:start")
    # pausing a break keeps its time too
    paused, _ = phases.move("pause", brk, quiz, s, NOW + 10_000)
    back, _ = phases.move("resume", paused, quiz, s, NOW + 50_000)
    assert (back.phase, back.deadline) == ("break", NOW + 70_000)
