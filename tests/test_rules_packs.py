"""Pack validation: every error reported with its path; the seed pack is valid."""
import json
from pathlib import Path

import pytest

from server.game.pack import PackError, parse_quiz, parse_settings
from tests.helpers import multi, pack, poll, single, text, truefalse

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def errors_of(data) -> list[str]:
    with pytest.raises(PackError) as err:
        parse_quiz(data)
    return err.value.errors


def test_a_pack_with_every_type_is_valid():
    quiz = parse_quiz(pack(single(), multi(partial=True), truefalse(), text(), poll()))
    assert [q.type for q in quiz.questions] == ["single", "multi", "truefalse", "text", "poll"]


def test_defaults_fill_in_time_limit_and_points():
    q = parse_quiz(pack({"type": "single", "text": "?", "choices": ["a", "b"], "answer": 0}))
    assert (q.questions[0].time_limit, q.questions[0].points) == (20, "standard")


def test_every_error_is_reported_with_its_path():
    bad = pack(single(), single(), single(), single(answer=5),
               {"type": "multi", "text": "", "choices": ["a"], "answer": [3], "time_limit": 1},
               {"type": "essay", "text": "?"},
               {"type": "text", "text": "?", "answer": "Jinja2"},
               poll(points="double"), single(bogus=1))
    errors = errors_of(bad)
    assert "questions[3].answer: index 5 out of range for 4 choices" in errors
    assert "questions[4].text: must not be empty" in errors
    assert "questions[4].choices: needs 2..6 choices, got 1" in errors
    assert "questions[4].answer[0]: index 3 out of range for 1 choices" in errors
    assert "questions[4].time_limit: must be an integer from 2 to 600 seconds" in errors
    assert any(e.startswith("questions[5].type: must be one of") for e in errors)
    assert "questions[6].answer: must be a list of 1..10 accepted strings" in errors
    assert 'questions[7].points: polls score nothing; use "none"' in errors
    assert "questions[8].bogus: unknown field" in errors


@pytest.mark.parametrize("data, error", [
    ([], "quiz: must be a JSON object"),
    (pack(), "questions: must be a non-empty list"),
    (pack(single(), title=""), "title: must not be empty"),
    (pack(single(), id="Not OK"), "id: must be 1..64 lowercase letters, digits, '-' or '_'"),
    (pack(multi(answer=(0, 1, 2, 3))), "questions[0].answer: cannot mark every choice correct"),
    (pack(single(partial=True)), "questions[0].partial: only multi and order questions can give partial credit"),
    (pack(truefalse(choices=["Yes", "No"])), 'questions[0].choices: must be ["True", "False"] for truefalse'),
])
def test_specific_errors(data, error):
    assert error in errors_of(data)


def test_settings_validation():
    assert parse_settings({"max_players": 10, "streak_bonus": False}, 5000).max_players == 10
    with pytest.raises(PackError) as err:
        parse_settings({"max_players": 6000, "colour": "red"}, 5000)
    assert err.value.errors == ["settings.colour: unknown field",
                                "settings.max_players: must be an integer from 1 to 5000"]


def test_seed_pack_is_valid_large_and_mixed():
    data = json.loads((SEEDS / "flask-interview.json").read_text())
    quiz = parse_quiz(data)
    types = {q.type for q in quiz.questions}
    assert len(quiz.questions) >= 80
    assert types == {"single", "multi", "truefalse", "text", "poll", "slider", "order",
                     "wordcloud", "info"}
    assert all(q.explanation for q in quiz.questions)
