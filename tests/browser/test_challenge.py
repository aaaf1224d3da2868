"""A self-paced challenge in Chromium: the host makes one on the setup page, three
phones play it at their own pace (one lets a question time out, one leaves mid-way
and comes back to a clock that kept running), and the host watches it live."""
from __future__ import annotations

import csv
import io
import re
import time

import pytest

from tests.browser.flows import tap, type_answer

pytestmark = pytest.mark.live

PACK = {
    "id": "challenge-test", "title": "Challenge quiz", "description": "Three questions.",
    "questions": [
        {"type": "single", "text": "Which planet is called the Red Planet?",
         "choices": ["Venus", "Mars", "Jupiter", "Saturn"], "answer": 1, "time_limit": 5,
         "explanation": "Iron oxide dust makes Mars look red."},
        {"type": "truefalse", "text": "The Pacific is the largest ocean on Earth.",
         "answer": 0, "time_limit": 60},
        {"type": "text", "text": "What is the chemical symbol for gold?", "answer": ["Au"],
         "time_limit": 60},
    ],
}


def join(tab, url: str, nickname: str) -> None:
    tab.page.goto(url)
    tab.page.get_by_label("Nickname").fill(nickname)
    tab.page.get_by_role("button", name="Start the challenge").click()
    tab.page.get_by_role("button", name="Open question 1").click()


def next_question(tab) -> None:
    tab.page.get_by_role("button", name="Next question").click()


def test_three_phones_play_a_challenge_at_their_own_pace(tabs, shots, expect, live):
    host = tabs("laptop", "host")
    page = host.page
    page.goto("/host")
    page.get_by_text("Flask Interview Warm-up").wait_for()
    page.get_by_label("Quiz pack file (.json)").set_input_files(files=[{
        "name": "pack.json", "mimeType": "application/json",
        "buffer": __import__("json").dumps(PACK).encode()}])
    host.expect_console_error(r"400 \(BAD REQUEST\)")  # the refused 31 days, shown by the field
    page.get_by_label("Open for (days)").fill("31")
    page.get_by_role("button", name="Create a challenge").click()
    expect(page.locator("#opt-days-error")).to_contain_text("from 1 to 30")
    page.get_by_label("Open for (days)").fill("3")
    page.get_by_role("button", name="Create a challenge").click()
    page.wait_for_url(re.compile(r"/challenge/[a-z0-9]{8}$"))
    code = page.url.rsplit("/", 1)[1]
    link = page.locator("#ch-link").inner_text()
    assert link == f"{live.url}/c/{code}"
    expect(page.locator("#ch-empty")).to_be_visible()
    page.get_by_text("Open this page on another device").click()
    assert len(page.locator("#ch-host-token").inner_text()) >= 24
    shots(host, "challenge-host-empty")

    ada, bao, cy = tabs("tall-phone", "ada"), tabs("small-phone", "bao"), tabs("phone", "cy")
    # Ada plays straight through, quickly
    join(ada, link, "Ada")
    expect(ada.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    shots(ada, "challenge-question")
    tap(ada, "Mars")
    expect(ada.page.locator("#ch-verdict")).to_have_text("Right!")
    expect(ada.page.locator("#ch-explanation")).to_have_text("Iron oxide dust makes Mars look red.")
    shots(ada, "challenge-right")
    next_question(ada)
    tap(ada, "True")
    next_question(ada)
    type_answer(ada, "Au")
    expect(ada.page.locator("#ch-verdict")).to_have_text("Right!")
    ada.page.get_by_role("button", name="See the leaderboard").click()
    expect(ada.page.locator("#ch-done-text")).to_contain_text("1st of")
    shots(ada, "challenge-done")

    # Cy answers one, opens the second, and leaves with its clock running
    join(cy, link, "Cy")
    tap(cy, "Venus")
    expect(cy.page.locator("#ch-verdict")).to_have_text("Not quite")
    expect(cy.page.locator("#ch-right")).to_have_text("Mars")
    next_question(cy)
    expect(cy.page.locator("#q-text")).to_have_text("The Pacific is the largest ocean on Earth.")
    left_at = int(cy.page.locator("#q-countdown .countdown-num").inner_text())
    cy.page.close()

    # Bao is slow: the first question's five seconds run out on his phone
    join(bao, link, "Bao")
    expect(bao.page.locator("#ch-verdict")).to_have_text("Time's up", timeout=15_000)
    expect(bao.page.locator("#ch-yours")).to_have_text("No answer")
    shots(bao, "challenge-times-up")

    # the host sees each of them where they are, without reloading
    rows = page.locator("#ch-rows tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#ch-rows tr", has_text="Ada").locator(".ch-where")).to_have_text("Finished")
    expect(page.locator("#ch-rows tr", has_text="Cy").locator(".ch-where")).to_have_text(
        "Question 2 of 3")
    expect(page.locator("#ch-rows tr", has_text="Bao").locator(".ch-where")).to_have_text(
        "Question 1 of 3")
    expect(page.locator("#ch-summary")).to_have_text("3 players, 1 finished")
    shots(host, "challenge-host-progress")

    # Cy comes back on the same phone: the open question, its time still running
    time.sleep(2)
    cy.page = cy.context.new_page()
    cy.page.goto(link)
    expect(cy.page.locator("#q-text")).to_have_text("The Pacific is the largest ocean on Earth.")
    now_left = int(cy.page.locator("#q-countdown .countdown-num").inner_text())
    assert now_left <= left_at - 2, (left_at, now_left)  # the clock did not start again
    tap(cy, "True")
    expect(cy.page.locator("#ch-verdict")).to_have_text("Right!")
    next_question(cy)
    type_answer(cy, "Ag")
    cy.page.get_by_role("button", name="See the leaderboard").click()
    expect(cy.page.locator("#ch-board .board-name")).to_contain_text(["Ada", "Cy", "Bao"])

    next_question(bao)
    tap(bao, "False")
    next_question(bao)
    type_answer(bao, "au")
    bao.page.get_by_role("button", name="See the leaderboard").click()
    expect(bao.page.locator("#ch-done-text")).to_contain_text("of 3 players")
    expect(page.locator("#ch-summary")).to_have_text("3 players, 3 finished")

    # the results download is the live game's CSV
    with page.expect_download() as download:
        page.get_by_role("link", name="Results (CSV)").click()
    table = list(csv.reader(io.open(download.value.path(), encoding="utf-8")))
    assert [row[1] for row in table[1:]][0] == "Ada"
    assert sorted(row[1] for row in table[1:]) == ["Ada", "Bao", "Cy"]

    # and Ada looks back at her answers from the final screen
    ada.page.get_by_role("link", name="Review my answers").click()
    expect(ada.page).to_have_url(re.compile(rf"/c/{code}/review$"))
    expect(ada.page.locator(".rv-item")).to_have_count(3)


def test_the_host_opens_a_challenge_on_another_machine_with_its_token(tabs, expect, live):
    import requests
    made = requests.post(f"{live.url}/api/challenges", json={"quiz": PACK}, timeout=10).json()
    laptop = tabs("laptop", "laptop")
    laptop.page.goto(f"/challenge/{made['code']}")
    expect(laptop.page.get_by_role("heading", level=1)).to_have_text(
        "This browser is not the host of this challenge")
    laptop.expect_console_error(r"403 \(FORBIDDEN\)")  # the wrong token, said on the page
    laptop.page.get_by_label("Host token").fill("not-the-token-at-all")
    laptop.page.get_by_role("button", name="Open the challenge").click()
    expect(laptop.page.locator("#token-error")).to_have_text(
        "That is not the host token of this challenge.")
    laptop.page.get_by_label("Host token").fill(made["host_token"])
    laptop.page.get_by_role("button", name="Open the challenge").click()
    expect(laptop.page.locator("#ch-empty")).to_be_visible()
    expect(laptop.page.locator("#ch-summary")).to_have_text("0 players, 0 finished")
