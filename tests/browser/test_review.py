"""A player looks back after a game: the review from the final screen, a practice run
of the missed questions until none are missed, and the Anki deck download."""
from __future__ import annotations

import io
import re
import sqlite3
import tempfile
import zipfile

import pytest

from tests.browser.flows import create_room_in_ui, join, pick_and_send, quiz_pack, tap, \
    type_answer

pytestmark = pytest.mark.live


def short_pack() -> dict:
    questions = quiz_pack(time_limit=30)["questions"]
    return {**quiz_pack(), "questions": [questions[0], questions[1], questions[2], questions[4]]}


def test_review_and_practise_the_missed_ones(tabs, shots, expect):
    host, phone = tabs("host", "host"), tabs("tall-phone", "ada")
    pin = create_room_in_ui(host, short_pack())
    join(phone, pin, "Ada")
    expect(phone.page.get_by_text("You're in!")).to_be_visible()
    host.page.get_by_role("button", name="Start the game").click()

    answers = [lambda: tap(phone, "Venus"), lambda: pick_and_send(phone, "2", "5"),
               lambda: type_answer(phone, "Ag"), lambda: tap(phone, "Fruit")]
    for number, answer in enumerate(answers):
        expect(phone.page.locator("#q-counter")).to_have_text(f"Question {number + 1} of 4")
        answer()
        expect(phone.page.locator("#result")).to_be_visible()  # one player: it closes at once
        last = number == len(answers) - 1
        host.page.get_by_role("button", name="Show the podium" if last else "Next question").click()

    expect(phone.page.locator("#fin-rank")).to_have_text("You finished 1st of 1")
    phone.page.get_by_role("link", name="Review my answers").click()
    expect(phone.page).to_have_url(re.compile(rf"/play/{pin}/review$"))
    expect(phone.page.locator("#rv-summary")).to_have_text("Ada: 1 of 3 questions right · 2 to practise")
    expect(phone.page.locator(".rv-item")).to_have_count(4)
    first = phone.page.locator(".rv-item").first
    expect(first.locator(".rv-yours dd")).to_have_text("Venus")
    expect(first.locator(".rv-right dd")).to_have_text("Mars")
    expect(first.locator(".rv-explanation")).to_have_text("Iron oxide dust makes Mars look red.")
    expect(phone.page.locator(".rv-item").nth(2).locator(".rv-right dd")).to_have_text("Au")
    expect(phone.page.locator("#expires")).to_contain_text("keeps working until")
    shots(phone, "review-390x844")
    shots(phone, "review-390x844-full", full_page=True)

    # the Anki deck of the missed ones
    phone.page.locator("#rv-downloads summary").click()
    with phone.page.expect_download() as download:
        phone.page.locator("#dl-apkg-missed").click()
    data = open(download.value.path(), "rb").read()
    archive = zipfile.ZipFile(io.BytesIO(data))
    with tempfile.NamedTemporaryFile(suffix=".anki2") as db_file:
        db_file.write(archive.read("collection.anki2"))
        db_file.flush()
        db = sqlite3.connect(db_file.name)
        fronts = [row[0].split("\x1f")[0] for row in db.execute("SELECT flds FROM notes ORDER BY id")]
        db.close()
    assert fronts == ["Which planet is called the Red Planet?<br>A. Venus<br>B. Mars<br>C. Jupiter<br>D. Saturn",
                      "What is the chemical symbol for gold?"]

    # practice until nothing is missed
    phone.page.get_by_role("link", name="Practice what I missed").click()
    expect(phone.page.locator("#pr-count")).to_contain_text("2 questions you missed")
    phone.page.get_by_role("button", name="Start").click()
    expect(phone.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    expect(phone.page.locator("#q-countdown")).to_be_hidden()  # untimed by default
    shots(phone, "practice-question-390x844")
    tap(phone, "Jupiter")
    expect(phone.page.locator("#pr-verdict")).to_have_text("Not quite")
    expect(phone.page.locator("#pr-right")).to_have_text("Mars")
    expect(phone.page.locator("#pr-explanation")).to_have_text("Iron oxide dust makes Mars look red.")
    shots(phone, "practice-wrong-390x844")
    phone.page.get_by_role("button", name="Next").click()
    type_answer(phone, "au")
    expect(phone.page.locator("#pr-verdict")).to_have_text("Right!")
    phone.page.get_by_role("button", name="See how it went").click()
    expect(phone.page.locator("#pr-done-text")).to_have_text("1 of 2 right. 1 question still to get right.")
    phone.page.get_by_role("button", name="Again with the 1 missed one").click()
    expect(phone.page.locator("#q-counter")).to_have_text("Question 1 of 1")
    tap(phone, "Mars")
    expect(phone.page.locator("#pr-verdict")).to_have_text("Right!")
    phone.page.get_by_role("button", name="See how it went").click()
    expect(phone.page.locator("#pr-done-title")).to_have_text("None missed!")
    expect(phone.page.get_by_role("button", name=re.compile("^Again"))).to_be_hidden()
    shots(phone, "practice-done-390x844")

    # the same pages on a small phone
    phone.page.set_viewport_size({"width": 360, "height": 640})
    shots(phone, "practice-done-360x640")
    phone.page.get_by_role("link", name="Back to my answers").click()
    expect(phone.page.locator(".rv-item")).to_have_count(4)
    shots(phone, "review-360x640")
    phone.page.get_by_role("link", name="Practice them all").click()
    phone.page.get_by_label("Use a timer").check()
    phone.page.get_by_role("button", name="Start").click()
    expect(phone.page.locator("#q-countdown")).to_be_visible()
    shots(phone, "practice-timed-360x640")
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
