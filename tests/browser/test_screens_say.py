"""The screens say what happened: a reloaded page keeps the answered count and the
chosen tile, a player who sent nothing reads "No answer", and a typo the server
forgave is drawn as right on the chart."""
from __future__ import annotations

import re

import pytest

from tests.browser.flows import create_room_in_ui, join, tap, type_answer

pytestmark = pytest.mark.live


def pack() -> dict:
    return {"id": "say", "title": "Say it right", "questions": [
        {"type": "single", "text": "Which planet is called the Red Planet?",
         "choices": ["Venus", "Mars", "Jupiter", "Saturn"], "answer": 1, "time_limit": 120},
        {"type": "text", "text": "Which library does Flask use for routing?",
         "answer": ["Werkzeug"], "fuzzy": True, "time_limit": 120},
    ]}


def test_reloads_missed_answers_and_forgiven_typos_read_right(tabs, expect):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bea = tabs("phone", "ada"), tabs("phone", "bea")
    pin = create_room_in_ui(host, pack())
    screen.page.goto(f"/screen/{pin}")
    join(ada, pin, "Ada")
    join(bea, pin, "Bea")
    expect(host.page.locator("#roster .roster-name")).to_have_count(2)
    host.page.get_by_role("button", name="Start the game").click()
    tap(ada, "Mars")
    expect(ada.page.locator("#q-status")).to_have_text(re.compile("Answer sent"))

    # reloads mid-question: the count comes from the snapshot, the tile from `you.answer`
    for tab in (host, screen, ada):
        tab.page.reload()
    expect(host.page.locator("#q-answered")).to_have_text("1 of 2 players answered")
    expect(screen.page.locator("#q-answered")).to_have_text("1 of 2 answered")
    expect(ada.page.locator("#q-buttons .is-chosen")).to_have_text(re.compile("Mars"))

    host.page.locator("#next").click()
    expect(bea.page.locator("#res-title")).to_have_text("No answer")
    expect(bea.page.locator("#res-points")).to_have_text("Time's up!")
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")

    host.page.locator("#next").click()
    type_answer(ada, "Werkzeg")  # one letter missing: the question forgives it
    type_answer(bea, "Jinja")
    right = screen.page.locator("#r-chart .bar-row.is-correct")
    expect(right).to_have_count(1)
    expect(right).to_contain_text("Werkzeg")
    expect(screen.page.locator("#r-chart .bar-row.is-wrong")).to_contain_text("Jinja")
