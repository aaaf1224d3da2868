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
