"""Each question type on its own: declaring, cleaning, grading (fixed clock), reveal, distribution."""
import random

import pytest

from server.game import phases, types
from server.game.answers import Shown, clean_answer, distribution
from server.game.errors import GameError
from server.game.model import RoomState, Settings, deal
from server.game.pack import PackError, parse_quiz, quiz_from_json
from server.game.scoring import score_question
from server.game.shown_text import clean_shown
from tests.helpers import (info, multi, order, pack, poll, single, slider, text, truefalse,
                           wordcloud)


def question(data, seed=7):
    quiz = deal(parse_quiz(pack(data)), random.Random(seed))
    return quiz.questions[0]


def errors_of(data) -> list[str]:
    with pytest.raises(PackError) as exc:
        parse_quiz(pack(data))
    return exc.value.errors


def refused(q, value) -> str:
    with pytest.raises(GameError) as exc:
        clean_answer(q, value)
    assert exc.value.code == "bad_answer"
    return exc.value.message


def test_every_type_is_registered_once_by_name():
    assert set(types.NAMES) == {"single", "multi", "truefalse", "text", "poll", "slider",
                                "order", "wordcloud", "info"}
    assert all(types.REGISTRY[name].name == name for name in types.NAMES)


def test_a_room_quiz_survives_its_round_trip_through_storage():
    quiz = deal(parse_quiz(pack(slider(), order(), text(fuzzy=True), wordcloud(), info())),
                random.Random(1))
    again = quiz_from_json(quiz.to_json())
    assert [q.public() for q in again.questions] == [q.public() for q in quiz.questions]
    assert [q.correct_for_reveal() for q in again.questions] == \
        [q.correct_for_reveal() for q in quiz.questions]


# -- slider ----------------------------------------------------------------------------
def test_slider_declaration_errors_name_their_field():
    errors = errors_of(slider(min=10, max=5))
    assert "questions[0].max: must be greater than min" in errors
    assert "questions[0].step: must be greater than 0" in errors_of(slider(step=0))
    assert "questions[0].step: must divide max - min into at most 100000 steps" in \
        errors_of(slider(step=0.3))
    assert "questions[0].answer: must be between min and max" in errors_of(slider(answer=120))
    assert "questions[0].tolerance: must not be negative" in errors_of(slider(tolerance=-1))
    assert "questions[0].margin: must be a number at least the tolerance" in \
        errors_of(slider(tolerance=5, margin=2))
    assert "questions[0].min: must be a number from -1e+09 to 1e+09" in errors_of(slider(min="0"))
    assert "questions[0].max: must be a number from -1e+09 to 1e+09" in errors_of(slider(max=2e9))
    assert "questions[0].answer: must be a number from -1e+09 to 1e+09" in \
        errors_of(slider(answer=None))
    assert any(e.startswith("questions[0].answer: no value on the slider's steps") for e in
               errors_of(slider(step=10, answer=73, tolerance=1)))
    assert "questions[0].unit: longer than 12 characters" in errors_of(slider(unit="x" * 13))
    assert "questions[0].choices: must be empty for slider questions" in \
        errors_of(slider(choices=["a", "b"]))
    assert "questions[0].partial: only multi and order questions can give partial credit" in \
        errors_of(slider(partial=True))


def test_slider_shows_its_scale_but_never_its_answer():
    q = question(slider(answer=73.5, tolerance=1, margin=11))
    public = q.public()
    assert {k: public[k] for k in ("min", "max", "step", "unit")} == \
        {"min": 0, "max": 100, "step": 0.5, "unit": "km"}
    assert not {"answer", "tolerance", "margin"} & set(public) and 73.5 not in public.values()
    assert q.correct_for_reveal() == {"value": 73.5, "tolerance": 1, "margin": 11}
    assert question(slider(min=0, max=1000, step=1)).options["margin"] == 100  # a tenth


def test_slider_answers_snap_to_the_step_and_stay_in_range():
    q = question(slider())  # 0..100 step 0.5
    assert clean_answer(q, 73.3) == 73.5 and clean_answer(q, 10) == 10
    assert clean_answer(q, 99.9) == 100 and clean_answer(q, 0.2) == 0
    assert "between 0 and 100" in refused(q, 100.5)
    assert "between 0 and 100" in refused(q, -1)
    for bad in ("50", True, [50], None, float("nan"), float("inf")):
        assert refused(q, bad) == "answer must be a number"


def test_slider_full_credit_within_tolerance_falling_linearly_to_the_margin():
    q = question(slider(answer=50, tolerance=2, margin=12))
    answers = {"exact": (50, 0), "inside": (48, 0), "half": (57, 0), "edge": (62, 0),
               "far": (90, 0), "slow": (50, 10_000)}
    res = score_question(q, list(answers) + ["none"], answers, {p: 2 for p in answers})
    assert [res[p].points for p in ("exact", "inside", "half", "edge", "far", "slow", "none")] \
        == [1000 + 200, 1000 + 200, 500, 0, 0, 750 + 200, 0]
    assert res["inside"].correct is True and res["half"].correct is False
    assert res["half"].streak == 0  # partly right is not right


def test_slider_distribution_has_10_to_20_equal_bins_over_the_range():
    q = question(slider())  # 200 steps: 20 bins of 5
    dist = distribution(q, [0, 4.5, 5, 73.5, 100, 100])
    assert (dist["min"], dist["max"], len(dist["bins"])) == (0, 100, 20)
    assert dist["bins"][0] == {"from": 0, "to": 5, "count": 2}
    assert dist["bins"][1]["count"] == 1 and dist["bins"][14]["count"] == 1
    assert dist["bins"][-1] == {"from": 95, "to": 100, "count": 2}
    assert sum(b["count"] for b in dist["bins"]) == 6
    odd = question(slider(min=0, max=7, step=1, answer=3, tolerance=0))
    assert len(distribution(odd, [7])["bins"]) == 10


# -- order -----------------------------------------------------------------------------
def test_order_declaration_errors_name_their_field():
    assert "questions[0].choices: needs 2..6 choices, got 1" in errors_of(order(choices=["a"]))
    assert "questions[0].choices: needs 2..6 choices, got 7" in \
        errors_of(order(choices=list("abcdefg")))
    assert any(e.startswith("questions[0].answer: order questions have no answer field")
               for e in errors_of(order(answer=[0, 1, 2, 3])))
    assert "questions[0].choices: duplicate choices" in errors_of(order(choices=["a", "A"]))


@pytest.mark.parametrize("seed", range(25))
def test_order_is_sent_shuffled_never_in_the_right_order(seed):
    q = question(order(choices=["a", "b"]), seed)
    assert q.public()["choices"] == ["b", "a"]
    four = question(order(), seed)
    sent = four.public()["choices"]
    assert sorted(sent) == sorted(four.choices) and sent != list(four.choices)
    # the reveal lists the sent positions in the right order
    assert [sent[i] for i in four.correct_for_reveal()] == list(four.choices)


def test_order_sent_permutation_is_stored_with_the_room_not_redrawn():
    q = question(order(), seed=3)
    again = quiz_from_json(deal(parse_quiz(pack(order())), random.Random(3)).to_json())
    assert again.questions[0].public() == q.public()
    stored = quiz_from_json(parse_quiz(pack(order())).to_json()).questions[0]
    assert stored.public()["choices"] != list(stored.choices)  # undealt: still not in order


def test_order_answers_are_a_permutation_of_the_sent_indexes():
    q = question(order())
    assert clean_answer(q, [3, 1, 0, 2]) == [3, 1, 0, 2]
    assert "all 4 item indexes" in refused(q, [0, 1, 2])
    assert "all 4 item indexes" in refused(q, 2)
    assert "all 4 item indexes" in refused(q, [0, 1, 2, True])
    assert "exactly once" in refused(q, [0, 1, 1, 2])
    assert "exactly once" in refused(q, [0, 1, 2, 4])


def test_order_exact_order_or_per_place_credit_with_partial():
    strict, partial = question(order()), question(order(partial=True))
    right = strict.correct_for_reveal()
    swapped = [right[1], right[0], right[2], right[3]]  # two of four in place
    for q, expect in ((strict, (1000, 0)), (partial, (1000, 500))):
        res = score_question(q, ["a", "b"], {"a": (right, 0), "b": (swapped, 0)}, {})
        assert (res["a"].points, res["b"].points) == expect
        assert res["a"].correct is True and res["b"].correct is False


def test_order_distribution_counts_exact_orders_and_right_items_per_place():
    q = question(order())
    right = q.correct_for_reveal()
    swapped = [right[1], right[0], right[2], right[3]]
    assert distribution(q, [right, right, swapped]) == {"exact": 2, "by_position": [2, 2, 3, 3]}


# -- wordcloud -------------------------------------------------------------------------
def test_wordcloud_declares_no_answer_and_scores_nothing():
    q = question(wordcloud())
    assert q.points == "none" and q.correct_for_reveal() is None
    assert q.public()["max_words"] == 3 and q.public()["max_length"] == 40
    assert any("word clouds have no answer" in e for e in errors_of(wordcloud(answer=["x"])))
    assert 'questions[0].points: word clouds score nothing; use "none"' in \
        errors_of(wordcloud(points="standard"))
    res = score_question(q, ["a", "b"], {"a": (["flask"], 0)}, {"a": 4, "b": 2})
    assert (res["a"].correct, res["a"].points, res["a"].streak) == (None, 0, 4)
    assert (res["b"].correct, res["b"].points, res["b"].streak) == (None, 0, 2)


def test_wordcloud_answers_are_one_to_three_normalised_words():
    q = question(wordcloud())
    assert clean_answer(q, ["  Micro  Framework ", "ＦＬＡＳＫ", "flask"]) == \
        ["micro framework", "flask"]
    assert clean_answer(q, ["\u202eJinja\u200b"]) == ["jinja"]
    assert "1 to 3 words" in refused(q, [])
    assert "1 to 3 words" in refused(q, ["a", "b", "c", "d"])
    assert "1 to 3 words" in refused(q, "flask")
    assert "visible character" in refused(q, ["\u200b\u202e "])
    assert "longer than 40" in refused(q, ["x" * 41])


def test_wordcloud_distribution_counts_masks_and_drops_hidden_entries():
    q = question(wordcloud())
    answers = [["flask", "simple"], ["flask"], ["shit"], ["simple", "flask"]]
    dist = distribution(q, answers)
    assert dist == [{"word": "flask", "count": 3}, {"word": "simple", "count": 2},
                    {"word": "****", "count": 1}]
    assert distribution(q, answers, Shown(mask_profanity=False))[2]["word"] == "shit"
    assert distribution(q, answers, Shown(typed=False)) == []
    assert types.kind(q).hide(dist, {"****"}) == dist[:2]
    many = [[f"w{i}"] for i in range(80)]
    assert len(distribution(q, many)) == 50


# -- info ------------------------------------------------------------------------------
def test_info_slides_take_no_answer_and_score_nothing():
    q = question(info())
    assert q.public()["choices"] == [] and q.points == "none" and q.time_limit == 10
    assert refused(q, 0) == "info slides take no answer"
    assert refused(q, ["x"]) == "info slides take no answer"
    assert q.correct_for_reveal() is None and distribution(q, []) == []
    res = score_question(q, ["a"], {}, {"a": 3})
    assert (res["a"].correct, res["a"].points, res["a"].streak) == (None, 0, 3)
    assert "questions[0].choices: must be empty for info slides" in \
        errors_of(info(choices=["a", "b"]))
    assert any("info slides have no answer" in e for e in errors_of(info(answer=1)))


# -- text ------------------------------------------------------------------------------
def test_fuzzy_text_accepts_one_edit_for_answers_of_five_characters_or_more():
    """An edit is a letter added, dropped or changed, or two neighbours swapped."""
    strict = question(text(answer=("Werkzeug", "Jinja")))
    fuzzy = question(text(answer=("Werkzeug", "Jinja", "WSGI"), fuzzy=True))
    for given, ok_strict, ok_fuzzy in (("werkzeug", True, True), ("Werkzueg", False, True),
                                       ("Wrekzueg", False, False), ("Wekrzeug", False, True),
                                       ("Werkzeg", False, True), ("Werkzeugs", False, True),
                                       ("Jinaj", False, True), ("Jnija", False, True),
                                       ("Jinj", False, True), ("Jiajn", False, False),
                                       ("WSG", False, False), ("Werkzg", False, False)):
        assert (types.grade(strict, given) == 1.0) is ok_strict, given
        assert (types.grade(fuzzy, given) == 1.0) is ok_fuzzy, given
    assert "questions[0].fuzzy: must be true or false" in errors_of(text(fuzzy="yes"))


def test_text_distribution_merges_what_cleans_to_the_same_answer():
    q = question(text())
    dist = distribution(q, ["Jinja", "jinja", "\u202ejinja", "\u200b", "Mako"])
    assert dist == [{"answer": "Jinja", "count": 3, "correct": True},
                    {"answer": "Mako", "count": 1, "correct": False}]


def test_text_distribution_marks_a_forgiven_typo_as_right():
    """The chart must agree with the score: a fuzzy match scored right is drawn right."""
    q = question(text(answer=("Werkzeug",), fuzzy=True))
    dist = distribution(q, ["Werkzeg", "Werkzeg", "Flask"])
    assert dist == [{"answer": "Werkzeg", "count": 2, "correct": True},
                    {"answer": "Flask", "count": 1, "correct": False}]


def test_shown_text_strips_controls_caps_marks_and_masks():
    assert clean_shown("a\u202eb\u200bc\x07", max_length=40, mask_profanity=True) == "abc"
    assert clean_shown("x" + "\u0301" * 10, max_length=40, mask_profanity=True) == \
        "x\u0301\u0301"
    assert clean_shown("  lots   of\n space ", max_length=40, mask_profanity=False) == \
        "lots of space"
    assert clean_shown("holy shit", max_length=40, mask_profanity=True) == "holy ****"
    assert clean_shown("Scunthorpe", max_length=40, mask_profanity=True) == "Scunthorpe"
    assert clean_shown("\u200b\u202e", max_length=40, mask_profanity=True) == ""


# -- every type through the phases -----------------------------------------------------
def test_closing_each_type_reveals_its_correct_answer_and_distribution():
    """Every type closed with Ada right, Bob wrong and Cy silent: what the room sees."""
    quiz = deal(parse_quiz(pack(single(answer=1), multi(answer=(0, 2)), truefalse(answer=0),
                                text(), poll(), slider(), order(), wordcloud(), info())),
                random.Random(5))
    assert [q.type for q in quiz.questions] == list(types.NAMES)
    sent = quiz.questions[6].public()["choices"]
    in_order = [sent.index(item) for item in ("first", "second", "third", "fourth")]
    given = {  # type: (Ada's answer, Bob's answer, correct, distribution)
        "single": (1, 3, 1, [0, 1, 0, 1]),
        "multi": ([0, 2], [1], [0, 2], [1, 1, 1, 0]),
        "truefalse": (0, 1, 0, [1, 1]),
        "text": ("jinja2", "Mako", ["Jinja2", "Jinja"],
                 [{"answer": "Mako", "count": 1, "correct": False},
                  {"answer": "jinja2", "count": 1, "correct": True}]),
        "poll": (0, 2, None, [1, 0, 1]),
        "slider": (73.5, 10, {"value": 73.5, "tolerance": 1, "margin": 10.0}, None),
        "order": (in_order, in_order[::-1], in_order, {"exact": 1, "by_position": [1, 1, 1, 1]}),
        "wordcloud": (["Flask", "micro"], ["FLASK "], None,
                      [{"word": "flask", "count": 2}, {"word": "micro", "count": 1}]),
        "info": (None, None, None, []),
    }
    for index, q in enumerate(quiz.questions):
        ada, bob, correct, spread = given[q.type]
        answers = {p: (clean_answer(q, a), ms) for p, a, ms in (("ada", ada, 900), ("bob", bob, 1800))
                   if a is not None}
        state = RoomState(phase="question", index=index, count=9, deadline=1)
        _new, results, events = phases.close(state, quiz, Settings(), ["ada", "bob", "cy"],
                                             answers, {}, now=2)
        reveal = events[0].payload
        assert reveal["correct"] == correct, q.type
        assert reveal["answered"] == len(answers)
        if q.type == "slider":  # 20 bins of 5 km: Bob's 10 and Ada's 73.5
            counts = [b["count"] for b in reveal["distribution"]["bins"]]
            assert counts[2] == counts[14] == 1 and sum(counts) == 2
        else:
            assert reveal["distribution"] == spread, q.type
        outcome = {p: (r.correct, r.points > 0) for p, r in results.items()}
        if types.kind(q).scored:
            assert outcome == {"ada": (True, True), "bob": (False, False), "cy": (False, False)}
        else:
            assert outcome == {p: (None, False) for p in ("ada", "bob", "cy")}


def test_the_results_export_writes_each_answer_as_its_type_reads():
    from server.web.pages import results_csv
    quiz = deal(parse_quiz(pack(single(answer=1), slider(), order(), wordcloud(), info(),
                                text())), random.Random(2))
    sent = quiz.questions[2].public()["choices"]
    given = [1, 73.5, [0, 1, 2, 3], ["flask", "micro"], None, "=cmd()"]
    report = {"questions": [{"index": i} for i in range(6)], "players": [
        {"rank": 1, "nickname": "Ada", "score": 10, "answers": [
            {"index": i, "answer": a, "correct": None, "points": 0, "response_ms": 5}
            for i, a in enumerate(given)]}]}
    row = results_csv(report, quiz).splitlines()[1].split(",")
    assert row[4::4] == ["b", "73.5 km", " > ".join(sent), "flask | micro", "", "'=cmd()"]


def test_outside_the_type_modules_no_code_names_a_type():
    """A new type is one module on each side: any other place that tests a question's
    type by name is a place the new type would be missed."""
    import pathlib
    import re
    names = "|".join(types.NAMES)
    compared = re.compile(rf"""type(?:\.name)?\s*(?:[!=]==?|\bin\b)\s*[\[(]?\s*['"](?:{names})['"]""")
    listed = re.compile(rf"""['"](?:{names})['"]\s*,\s*['"](?:{names})['"]""")
    # the spreadsheet codec maps Kahoot!'s own type names; transfer.py is sample data
    allowed = ("server/game/types/", "server/importing/", "server/service/transfer.py",
               "static/js/types/", "static/js/vendor/")
    root = pathlib.Path(__file__).resolve().parent.parent
    found = []
    for folder in ("server", "static/js"):
        for path in sorted((root / folder).rglob("*")):
            where = path.relative_to(root).as_posix()
            if path.suffix not in (".py", ".js") or where.startswith(allowed):
                continue
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if compared.search(line) or listed.search(line):
                    found.append(f"{where}:{number}: {line.strip()}")
    assert found == []
