"""Scoring: Kahoot!'s rule with a fixed clock, streaks, every question type."""
import pytest

from server.game.model import Question
from server.game.pack import parse_quiz
from server.game.scoring import score_question, speed_points, streak_bonus
from tests.helpers import multi, pack, poll, single, text, truefalse


def question(data) -> Question:
    return parse_quiz(pack(data)).questions[0]


@pytest.mark.parametrize("base, t, limit, expected", [
    (1000, 0, 20000, 1000),        # instant answer: full points
    (1000, 10000, 20000, 750),     # half the time: three quarters
    (1000, 20000, 20000, 500),     # at the buzzer: half
    (1000, 25000, 20000, 500),     # never below half for a correct answer
    (2000, 5000, 20000, 1750),     # double points
    (1000, 1, 20000, 1000),        # 999.975 rounds to 1000
    (1000, 3, 60000, 1000),        # 999.975 again
    (1000, 30, 60000, 1000),       # 999.75 -> 1000
    (1000, 60, 20000, 999),        # 998.5 rounds half up (banker's rounding would give 998)
    (0, 0, 20000, 0),              # points: none
])
def test_speed_points_table(base, t, limit, expected):
    assert speed_points(base, 1.0, t, limit) == expected


@pytest.mark.parametrize("streak, bonus", [(0, 0), (1, 0), (2, 100), (3, 200), (6, 500), (7, 500),
                                           (50, 500)])
def test_streak_bonus_is_100_per_answer_after_the_first_capped_at_500(streak, bonus):
    assert streak_bonus(streak) == bonus


def test_streak_grows_adds_bonus_and_resets_on_wrong_or_missing_answer():
    q = question(single(answer=1))
    res = score_question(q, ["a", "b", "c"], {"a": (1, 0), "b": (2, 0)}, {"a": 3, "b": 3, "c": 3})
    assert (res["a"].correct, res["a"].streak, res["a"].points) == (True, 4, 1000 + 300)
    assert (res["b"].correct, res["b"].streak, res["b"].points) == (False, 0, 0)
    assert (res["c"].correct, res["c"].streak, res["c"].points, res["c"].answer) == (
        False, 0, 0, None)


def test_streak_bonus_can_be_turned_off_but_streak_still_counts():
    q = question(single(answer=1))
    res = score_question(q, ["a"], {"a": (1, 0)}, {"a": 5}, bonus_on=False)
    assert (res["a"].points, res["a"].streak) == (1000, 6)


def test_multi_all_or_nothing():
    q = question(multi(answer=(0, 2)))
    res = score_question(q, ["exact", "half", "extra"],
                         {"exact": ([0, 2], 0), "half": ([0], 0), "extra": ([0, 1, 2], 0)}, {})
    assert [res[p].points for p in ("exact", "half", "extra")] == [1000, 0, 0]
    assert res["exact"].correct is True and res["half"].correct is False


def test_multi_partial_credit_subtracts_wrong_picks():
    q = question(multi(answer=(0, 2), partial=True))
    res = score_question(q, ["half", "extra", "all"],
                         {"half": ([0], 0), "extra": ([0, 1, 2], 0), "all": ([0, 1, 2, 3], 0)},
                         {"half": 2})
    assert res["half"].points == 500 and res["half"].correct is False
    assert res["half"].streak == 0  # partly right is not right
    assert res["extra"].points == 500  # two right, one wrong: (2 - 1) / 2
    assert res["all"].points == 0      # ticking everything earns nothing


def test_multi_partial_credit_ticking_everything_earns_nothing_with_three_right_of_four():
    # right picks / right choices - wrong picks / wrong choices: the single wrong choice
    # weighs as much as all three right ones, so ticking all four nets nothing
    q = question(multi(answer=(0, 1, 2), partial=True))
    res = score_question(q, ["all", "two", "three", "two_and_wrong"],
                         {"all": ([0, 1, 2, 3], 0), "two": ([0, 1], 0), "three": ([0, 1, 2], 0),
                          "two_and_wrong": ([0, 1, 3], 0)}, {})
    assert res["all"].points == 0
    assert res["two"].points == 667 and res["three"].points == 1000
    assert res["two_and_wrong"].points == 0


def test_truefalse():
    q = question(truefalse(answer=1))
    res = score_question(q, ["a", "b"], {"a": (1, 5000), "b": (0, 0)}, {})
    assert res["a"].points == 750 and res["b"].points == 0


def test_text_matching_ignores_case_and_spaces():
    q = question(text(answer=("Jinja2", "Jinja")))
    answers = {"a": ("  jinja 2 ", 0), "b": ("JINJA", 0), "c": ("Mako", 0), "d": ("Ｊｉｎｊａ", 0)}
    res = score_question(q, list(answers), answers, {})
    assert [res[p].correct for p in "abcd"] == [True, True, False, True]


def test_poll_scores_nothing_and_keeps_streaks():
    q = question(poll())
    res = score_question(q, ["a", "b"], {"a": (0, 0)}, {"a": 4, "b": 2})
    assert (res["a"].correct, res["a"].points, res["a"].streak) == (None, 0, 4)
    assert (res["b"].points, res["b"].streak) == (0, 2)


def test_no_points_question_keeps_streak_and_scores_zero():
    q = question(single(answer=1, points="none"))
    res = score_question(q, ["a"], {"a": (1, 0)}, {"a": 2})
    assert (res["a"].correct, res["a"].points, res["a"].streak) == (True, 0, 2)
