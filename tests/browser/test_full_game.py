"""A whole game in real browsers: one host, one projector and three phones.

Ada answers everything right, Bao gets the first question wrong, Cy only the
first right, and Cy's phone clock is an hour fast. Bao reloads mid-question and
the host reloads mid-reveal; both get their screen back as it was.
"""
from __future__ import annotations

import csv
import io
import re

import pytest

from tests.browser.flows import (CLOCK_AN_HOUR_FAST, board_rows, create_room_in_ui, join,
                                 pick_and_send, quiz_pack, tap, type_answer)

pytestmark = pytest.mark.live


def score_of(tab) -> int:
    return int(tab.page.locator("#me-score").inner_text())


def test_a_whole_game_on_the_three_screens(tabs, shots, expect):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bao, cy = tabs("phone", "ada"), tabs("phone", "bao"), tabs("phone", "cy", CLOCK_AN_HOUR_FAST)
    phones = (ada, bao, cy)

    # --- setup and lobby ------------------------------------------------------------
    host.page.goto("/host")
    expect(host.page.get_by_text("93 questions")).to_be_visible()
    shots(host, "setup", full_page=True)
    pin = create_room_in_ui(host, quiz_pack(time_limit=5), time_limit=9)
    expect(host.page.locator("#pin")).to_have_text(pin)
    expect(host.page.locator(".join-url")).to_have_text(re.compile(rf"/play/{pin}$"))
    assert host.page.locator("img.qr").evaluate("img => img.complete && img.naturalWidth > 0")

    screen.page.goto(f"/screen/{pin}")
    expect(screen.page.locator("#pin")).to_have_text(pin)
    expect(screen.page.locator("#title")).to_have_text("Browser test quiz")

    join(ada, pin, "Ada")
    join(bao, pin, "Bao", via_link=False)
    cy.page.goto(f"/play/{pin}")
    cy.page.get_by_role("button", name="Suggest a name").click()
    expect(cy.page.get_by_label("Nickname")).to_have_value(re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+$"))
    shots(cy, "join")
    cy.page.get_by_label("Nickname").fill("Cy")
    cy.page.get_by_role("button", name="Join", exact=True).click()
    for phone in phones:
        expect(phone.page.get_by_text("You're in!")).to_be_visible()
    expect(bao.page).to_have_url(re.compile(rf"/play/{pin}$"))  # so a refresh finds the seat
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Bao", "Cy"])
    expect(screen.page.locator("#names li")).to_have_text(["Ada", "Bao", "Cy"])
    expect(screen.page.locator(".players-line")).to_contain_text("3 players")
    shots(host, "lobby")
    shots(screen, "lobby")
    shots(ada, "waiting")

    # --- question 1, single: Ada and Cy right, Bao wrong -----------------------------------
    host.page.get_by_role("button", name="Start the game").click()
    for phone in phones:
        expect(phone.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    # the room's 9 s override, counted on the server's clock even on Cy's wrong one
    assert 6 <= int(cy.page.locator("#q-countdown .countdown-num").inner_text()) <= 9
    assert 6 <= int(screen.page.locator("#q-countdown .countdown-num").inner_text()) <= 9
    expect(screen.page.locator("#q-choices li")).to_have_text(["Venus", "Mars", "Jupiter", "Saturn"])
    tap(ada, "Mars")
    expect(ada.page.locator("#q-status")).to_have_text("Answer sent! Waiting for the others…")
    expect(host.page.locator("#q-answered")).to_have_text("1 of 3 players answered")
    expect(screen.page.locator("#q-answered")).to_have_text("1 of 3 answered")
    assert screen.page.get_by_text("Correct").count() == 0  # no answer before the reveal
    shots(bao, "question-single")
    shots(screen, "question")
    shots(host, "question")
    tap(bao, "Venus")
    tap(cy, "Mars")

    mars = screen.page.locator(".bar-row", has_text="Mars")
    expect(mars.locator(".bar-mark")).to_have_text("✓ Correct")
    expect(mars.locator(".bar-count")).to_have_text("2")
    expect(screen.page.locator(".bar-row", has_text="Venus").locator(".bar-count")).to_have_text("1")
    expect(screen.page.locator(".bar-row.is-correct")).to_have_count(1)
    expect(screen.page.locator("#r-board .board-name")).to_have_text(["Ada", "Cy", "Bao"])
    expect(screen.page.locator("#r-board .move")).to_have_count(0)  # nothing to compare with yet
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    expect(ada.page.locator("#res-points")).to_have_text(re.compile(r"^\+\d+ points$"))
    expect(bao.page.locator("#res-title")).to_have_text("Wrong")
    expect(bao.page.locator("#res-correct")).to_have_text("The right answer was: Mars")
    expect(bao.page.locator("#res-rank")).to_have_text("3rd of 3")
    expect(host.page.locator("#r-chart .bar-row.is-correct")).to_contain_text("Mars")
    shots(screen, "reveal")
    shots(ada, "result-right")
    shots(bao, "result-wrong")
    shots(host, "reveal")

    # --- question 2, multi and double points: Ada and Bao right, Cy wrong -----------------
    host.page.get_by_role("button", name="Next question").click()
    expect(ada.page.locator("#q-hint")).to_have_text("Pick every right answer, then send.")
    for phone, picks in ((ada, ("2", "5")), (bao, ("5", "2"))):
        pick_and_send(phone, *picks)
    tap(cy, "4")
    expect(cy.page.locator("#q-buttons button", has_text="4")).to_have_attribute("aria-pressed", "true")
    # the last question's "answer sent" dimming must not carry over to this one
    expect(cy.page.locator("#q-buttons button", has_text="9")).to_have_css("opacity", "1")
    shots(cy, "question-multi")
    cy.page.get_by_role("button", name="Send answer").click()
    expect(screen.page.locator(".bar-row.is-correct")).to_have_count(2)
    # Bao passes Cy: the projector shows who moved
    expect(screen.page.locator("#r-board .board-name")).to_have_text(["Ada", "Bao", "Cy"])
    expect(screen.page.locator("#r-board .board-row", has_text="Bao").locator(".move")).to_have_text("▲ 1")
    expect(screen.page.locator("#r-board .board-row", has_text="Cy").locator(".move")).to_have_text("▼ 1")
    expect(screen.page.locator("#r-board .board-row", has_text="Ada").locator(".move")).to_have_text("–")
    expect(cy.page.locator("#res-correct")).to_have_text("The right answers were: 2, 5")
    shots(screen, "reveal-moves")

    # --- question 3, typed: Bao answers, reloads, and keeps seat, answer and score ----------
    host.page.get_by_role("button", name="Next question").click()
    expect(bao.page.get_by_label("Your answer")).to_be_focused()
    score_before = score_of(bao)
    assert score_before > 0
    type_answer(bao, " AU ")
    expect(bao.page.locator("#q-status")).to_have_text("Answer sent! Waiting for the others…")
    bao.page.reload()
    expect(bao.page.locator("#q-text")).to_have_text("What is the chemical symbol for gold?")
    expect(bao.page.locator("#q-status")).to_have_text("Answer sent. Waiting for the others…")
    expect(bao.page.get_by_label("Your answer")).to_be_hidden()
    expect(bao.page.locator("#me-name")).to_have_text("Bao")
    assert score_of(bao) == score_before
    shots(bao, "question-after-reload")
    type_answer(ada, "au")
    type_answer(cy, "Ag")
    expect(bao.page.locator("#res-title")).to_have_text("Correct!")
    gained = int(re.search(r"\d+", bao.page.locator("#res-points").inner_text()).group())
    assert score_of(bao) == score_before + gained
    expect(screen.page.locator(".accepted")).to_have_text("Accepted: Au")
    expect(screen.page.locator(".bar-row.is-correct .bar-count")).to_have_text("2")  # AU and au
    expect(host.page.locator("#r-text")).to_have_text("What is the chemical symbol for gold?")

    host.page.reload()  # the console comes back in the reveal, with its controls
    expect(host.page.locator("#r-chart .accepted")).to_have_text("Accepted: Au")
    expect(host.page.locator("#r-board .board-name")).to_have_text(["Ada", "Bao", "Cy"])

    # --- question 4, true/false; question 5, a poll ------------------------------------
    host.page.get_by_role("button", name="Next question").click()
    tap(ada, "True")
    tap(bao, "False")
    tap(cy, "False")
    expect(ada.page.locator("#res-streak")).to_have_text("4 in a row")
    host.page.get_by_role("button", name="Next question").click()
    for phone, vote in ((ada, "Fruit"), (bao, "Chocolate"), (cy, "Fruit")):
        tap(phone, vote)
    expect(cy.page.locator("#res-title")).to_have_text("Thanks for voting")
    expect(screen.page.locator(".bar-row", has_text="Fruit").locator(".bar-count")).to_have_text("2")
    expect(screen.page.locator(".bar-mark")).to_have_count(0)  # a poll has no right answer

    # --- the end -------------------------------------------------------------------------
    host.page.get_by_role("button", name="Show the podium").click()
    podium = screen.page.locator("#podium")
    expect(podium.locator(".step-first .step-name")).to_have_text("Ada")
    expect(podium.locator(".step-second .step-name")).to_have_text("Bao")
    expect(podium.locator(".step-third .step-name")).to_have_text("Cy")
    expect(ada.page.locator("#fin-rank")).to_have_text("You finished 1st of 3")
    expect(cy.page.locator("#fin-rank")).to_have_text("You finished 3rd of 3")
    expect(host.page.locator("#podium .step-first .step-name")).to_have_text("Ada")
    shots(screen, "podium")
    shots(host, "finished", full_page=True)
    shots(ada, "finished")

    with host.page.expect_download() as download:
        host.page.get_by_role("link", name="Download results (CSV)").click()
    rows = list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))
    assert [r["nickname"] for r in rows] == ["Ada", "Bao", "Cy"]
    assert rows[0]["q1_answer"] == "Mars" and rows[0]["correct_answers"] == "4"
    assert rows[1]["q2_answer"] == "2 | 5" and rows[1]["q3_answer"] == "AU"
    assert int(rows[1]["score"]) == score_of(bao)
    report = host.page.request.get(host.page.get_by_role("link", name="View results (JSON)")
                                   .get_attribute("href")).json()
    assert report["phase"] == "finished" and report["players"][0]["nickname"] == "Ada"
