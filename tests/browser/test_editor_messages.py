"""The editor's messages in a host's words (issue #26, point 4).

The library API keeps the validator's paths (``questions[0].choices[0]: must not be
empty``) for scripts; the editor page says each one as a sentence, numbered from 1 as
the page numbers its questions ("Question 1: choice 1 is empty"), beside the field it
names. A quiz not yet started, or a question whose boxes are all still empty, shows no
red box until the host tries to play it or leaves one of its fields; and empty boxes
are never called "duplicate choices".
"""
from __future__ import annotations

import re

import pytest

from tests.browser.test_editor import LAPTOP, add_question, fill_choices, new_quiz, saved, stored

pytestmark = pytest.mark.live

FULL_HD = {"width": 1920, "height": 1080}
TALL_PHONE = {"width": 390, "height": 844}
# what the page must never show a host: the validator's own words and paths
MACHINE = re.compile(r"questions\[|\[\d+\]|non-empty list|duplicate choices|choice index")


def shoot_each_size(shots, tab, what: str) -> None:
    """The view at a laptop's, a full-HD screen's and a phone's size, from its top."""
    for where, size in (("laptop", LAPTOP), ("full-hd", FULL_HD), ("phone", TALL_PHONE)):
        tab.page.set_viewport_size(size)
        tab.page.evaluate("window.scrollTo(0, 0)")
        shots(tab, f"{where}-{what}")
    tab.page.set_viewport_size(LAPTOP)


def red(page) -> list[str]:
    """Every error the page shows: the summary's lines and the notes under fields."""
    summary = page.locator("#error-summary")
    lines = summary.locator("li").all_inner_texts() if summary.is_visible() else []
    return lines + page.locator(".field-error:visible").all_inner_texts()


def test_a_new_quiz_and_an_untouched_question_show_no_red_box_until_play(tabs, expect, shots):
    host = tabs("host", "host")
    host.expect_console_error(r"status of 400")  # play refuses the draft
    page = host.page
    quiz_id = new_quiz(host, expect)
    page.get_by_label("Quiz title").fill("Round three")
    saved(page, expect)
    assert stored(page, quiz_id)["errors"] == ["questions: must be a non-empty list"]
    assert red(page) == []  # a quiz not started yet is not wrong
    shoot_each_size(shots, host, "new-quiz")

    # a question added and not yet written: its empty boxes are no error yet
    add_question(page, "Single choice", "")
    saved(page, expect)
    assert "questions[0].choices[0]: must not be empty" in stored(page, quiz_id)["errors"]
    assert "questions[0].choices: duplicate choices" in stored(page, quiz_id)["errors"]
    assert red(page) == []
    expect(page.locator("#q-list .q-badge")).to_have_count(0)

    # Play: now every problem is said, as a person would, by the field it names
    page.get_by_role("button", name="▶ Play").click()
    expect(page.locator("#play-error")).to_be_visible()
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("link")).to_have_text([
        "Question 1: the question text is empty",
        "Question 1: choice 1 is empty", "Question 1: choice 2 is empty",
        "Question 1: choice 3 is empty", "Question 1: choice 4 is empty"])
    form = page.locator("#q-form")
    choice1 = form.get_by_label("Choice 1", exact=True)
    expect(choice1).to_have_attribute("aria-invalid", "true")
    note = page.locator(f"#{choice1.get_attribute('aria-describedby')}")
    expect(note).to_have_text("Choice 1 is empty")
    expect(page.locator("#q-list .q-badge")).to_have_text(["5 to fix"])
    assert not [line for line in red(page) + [page.locator("#play-error").inner_text()]
                if MACHINE.search(line)]
    shoot_each_size(shots, host, "play-refused")

    # two boxes that say the same: said of the second, beside it
    page.get_by_label("Question text").fill("Which planet is red?")
    fill_choices(page, "Mars", "Venus", "mars", "Jupiter")
    saved(page, expect)
    expect(summary.get_by_role("link")).to_have_text(
        ["Question 1: choice 3 is the same as choice 1 (“Mars”)"])
    choice3 = form.get_by_label("Choice 3", exact=True)
    expect(choice3).to_have_attribute("aria-invalid", "true")
    expect(page.locator(f"#{choice3.get_attribute('aria-describedby')}")).to_have_text(
        "Same as choice 1 (“Mars”)")
    shots(host, "laptop-same-choice")  # scrolled to the field, as the host sees it
    shoot_each_size(shots, host, "same-choice")


def test_a_quiz_with_no_question_says_so_on_play(tabs, expect, shots):
    host = tabs("host", "host")
    host.expect_console_error(r"status of 400")
    page = host.page
    new_quiz(host, expect)
    page.get_by_role("button", name="▶ Play").click()
    expect(page.locator("#play-error")).to_have_text(
        "This quiz cannot be played yet: it has no questions. Add one with “+ Add”.")
    expect(page.locator("#error-summary").get_by_role("link")).to_have_text(
        ["Add a question: a quiz needs at least one"])
    assert not [line for line in red(page) if MACHINE.search(line)]
    page.locator("#error-summary").get_by_role("link").click()
    expect(page.get_by_label("Type of the new question")).to_be_focused()
    shots(host, "laptop-no-questions")
    shoot_each_size(shots, host, "no-questions")


def test_leaving_a_field_of_an_empty_question_shows_its_problems_in_words(tabs, expect, shots):
    host = tabs("host", "host")
    page = host.page
    new_quiz(host, expect)
    add_question(page, "Guess a number", "")
    page.get_by_label("Question text").press("Tab")  # left the field, still empty
    saved(page, expect)
    expect(page.locator("#error-summary").get_by_role("link")).to_have_text(
        ["Question 1: the question text is empty"])
    expect(page.locator("#q-form .field-error")).to_have_text(["The question text is empty"])

    page.get_by_label("Question text").fill("How warm is the sea?")
    page.get_by_label("Lowest value").fill("30")
    page.get_by_label("Highest value").fill("10")
    page.get_by_label("Right answer", exact=True).fill("20")
    saved(page, expect)
    links = page.locator("#error-summary").get_by_role("link")
    expect(links).to_have_text(
        ["Question 1: the highest value must be greater than the lowest value"])
    expect(page.locator("#q-form .field-error")).to_have_text(
        ["The highest value must be greater than the lowest value"])
    page.get_by_label("Highest value").fill("40")
    page.get_by_label("Right answer", exact=True).fill("abc")
    saved(page, expect)
    expect(links).to_have_text(["Question 1: the right answer must be a number"])
    expect(page.locator("#q-list .q-badge")).to_have_text(["1 to fix"])
    assert not [line for line in red(page) if MACHINE.search(line)]
    shoot_each_size(shots, host, "slider-words")
