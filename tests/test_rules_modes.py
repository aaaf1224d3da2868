"""Live game modes with a fixed clock: settings, scoring, selection, lead-in, auto-pilot."""
import pytest

from server.game.pack import PackError, parse_quiz, parse_settings
from tests.helpers import pack, single

NOW = 1_800_000_000_000


def settings(**data):
    return parse_settings(data, 5000, NOW)


def problems(**data):
    with pytest.raises(PackError) as err:
        settings(**data)
    return err.value.errors


# -- settings -----------------------------------------------------------------------
def test_mode_settings_default_to_todays_game():
    s = settings()
    assert (s.scoring, s.lead_in, s.auto_advance, s.leaderboard_every) == ("speed", 0, 0, 1)
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
