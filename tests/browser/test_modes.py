"""The live game modes in real browsers: auto-pilot, teams, pause, accuracy."""
from __future__ import annotations

import re
import time

import pytest

from tests.browser.flows import create_room_in_ui, join, tap

pytestmark = pytest.mark.live


def two_questions(time_limit: int = 20) -> dict:
    return {"id": "modes-test", "title": "Modes quiz", "questions": [
        {"type": "single", "text": "Which planet is called the Red Planet?",
         "choices": ["Venus", "Mars", "Jupiter", "Saturn"], "answer": 1,
         "time_limit": time_limit},
        {"type": "single", "text": "Which is the largest planet?",
         "choices": ["Venus", "Mars", "Jupiter", "Saturn"], "answer": 2,
         "time_limit": time_limit}]}


def test_a_hostless_auto_pilot_game_runs_from_lobby_to_podium(tabs, live, shots, expect):
    """A meetup: the room starts itself when two players are in, and each reveal moves on
    by itself. Nobody opens the host console."""
    room = live.create_room(quiz=two_questions(), settings={
        "auto_start": 2, "auto_advance": 3, "lead_in": 2})
    pin = room["pin"]
    screen, ada, bao = tabs("screen", "projector"), tabs("phone", "ada"), tabs("phone", "bao")
    screen.page.goto(f"/screen/{pin}")
    expect(screen.page.locator("#pin")).to_have_text(pin)
    join(ada, pin, "Ada")
    expect(ada.page.get_by_text("You're in!")).to_be_visible()
    join(bao, pin, "Bao")
    # get ready: the projector shows the text and a countdown, phones wait
    expect(screen.page.locator("#q-answered")).to_have_text("Get ready…")
    expect(screen.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    expect(ada.page.locator("#waiting-status")).to_have_text("Get ready! Question 1 of 2")
    shots(screen, "get-ready")
    tap(ada, "Mars")
    tap(bao, "Venus")
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    expect(screen.page.locator("#reveal")).to_be_visible()
    # the next question opens by itself after the reveal's 3 s and a 2 s lead-in
    expect(ada.page.locator("#q-text")).to_have_text("Which is the largest planet?",
                                                     timeout=15_000)
    tap(ada, "Jupiter")
    tap(bao, "Jupiter")
    expect(screen.page.locator("#podium")).to_be_visible(timeout=15_000)
    expect(screen.page.locator("#podium")).to_contain_text("Ada")
    expect(ada.page.locator("#fin-rank")).to_have_text(re.compile("1st"))
    shots(screen, "podium")


def test_a_team_game_shows_the_team_board_and_podium(tabs, live, shots, expect):
    room = live.create_room(quiz=two_questions(), settings={
        "teams": ["Red", "Blue"], "auto_start": 3, "auto_advance": 3})
    pin = room["pin"]
    screen = tabs("screen", "projector")
    phones = [tabs("phone", n) for n in ("ada", "bao", "cy")]
    screen.page.goto(f"/screen/{pin}")
    ada, bao, cy = phones
    # Ada scans the Blue table's code; the others are balanced
    ada.page.goto(f"/play/{pin}?team=Blue")
    ada.page.get_by_label("Nickname").fill("Ada")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(ada.page.locator("#me-name")).to_have_text("Ada · Blue")
    join(bao, pin, "Bao")
    expect(bao.page.locator("#me-name")).to_have_text("Bao · Red")
    join(cy, pin, "Cy")
    expect(cy.page.locator("#me-name")).to_have_text("Cy · Red")  # a tie: the first team
    # the third player started the game, and heard it start
    expect(cy.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    tap(ada, "Mars")
    tap(bao, "Mars")
    tap(cy, "Venus")
    rows = screen.page.locator("#r-teams .team-row")
    expect(screen.page.locator("#r-teams")).to_be_visible()
    expect(rows).to_have_count(2)
    # Blue's one member was right; Red's average is half
    expect(rows.nth(0)).to_have_attribute("data-team", "Blue")
    shots(screen, "team-board")
    for phone in phones:
        expect(phone.page.locator("#q-text")).to_have_text("Which is the largest planet?",
                                                           timeout=15_000)
        tap(phone, "Jupiter")
    expect(screen.page.locator("#f-teams .team-row")).to_have_count(2, timeout=15_000)
    expect(screen.page.locator("#f-teams .team-row").nth(0)).to_have_attribute("data-team",
                                                                              "Blue")
    shots(screen, "team-podium")


def test_phones_pick_their_team_on_the_join_form(tabs, shots, expect):
    """Ada types the PIN and picks the second team; Bao lets the server balance him."""
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bao, cy = tabs("phone", "ada"), tabs("phone", "bao"), tabs("phone", "cy")
    one = two_questions()
    one["questions"] = one["questions"][:1]
    pin = create_room_in_ui(host, one, teams="Red, Blue")
    screen.page.goto(f"/screen/{pin}")
    ada.page.goto("/play")
    teams = ada.page.get_by_role("group", name="Team")
    expect(teams).to_be_hidden()  # no PIN yet: no room, no teams
    ada.page.get_by_label("Game PIN").fill(pin)
    expect(teams.get_by_role("radio")).to_have_count(3)
    expect(teams.get_by_role("radio", name="Any team (balanced)")).to_be_checked()
    teams.get_by_role("radio", name="Blue").check()
    ada.page.get_by_label("Nickname").fill("Ada")
    shots(ada, "team-picker")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(ada.page.locator("#me-name")).to_have_text("Ada · Blue")
    bao.page.goto(f"/play/{pin}")
    expect(bao.page.get_by_role("radio", name="Blue")).to_be_visible()
    join(bao, pin, "Bao")  # leaves "Any team" as it is
    expect(bao.page.locator("#me-name")).to_have_text("Bao · Red")
    # a table's QR code names its team: the form comes with that team chosen
    cy.page.goto(f"/play/{pin}?team=blue")
    expect(cy.page.get_by_role("radio", name="Blue")).to_be_checked()
    roster = host.page.locator("#roster .roster-item")
    expect(roster).to_have_count(2)
    expect(roster.nth(0).locator(".roster-team")).to_have_text("Blue")
    expect(roster.nth(1).locator(".roster-team")).to_have_text("Red")
    host.page.reload()  # the roster in the host's snapshot carries the teams too
    expect(roster.nth(0).locator(".roster-team")).to_have_text("Blue")
    host.page.get_by_role("button", name="Start the game").click()
    tap(ada, "Mars")
    tap(bao, "Venus")
    rows = screen.page.locator("#r-teams .team-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-team", "Blue")
    expect(rows.nth(0)).to_contain_text("Blue (1)")
    expect(rows.nth(1)).to_contain_text("Red (1)")
    # Cy's form, open since the lobby, joins late with the team its link named
    cy.page.get_by_label("Nickname").fill("Cy")
    cy.page.get_by_role("button", name="Join", exact=True).click()
    expect(cy.page.locator("#me-name")).to_have_text("Cy · Blue")
    report = host.page.request.get(f"/host/{pin}/results.json").json()
    assert {p["nickname"]: p["team"] for p in report["players"]} == {
        "Ada": "Blue", "Bao": "Red", "Cy": "Blue"}


def test_a_paused_question_keeps_its_time_and_resumes(tabs, expect):
    host, screen, ada = tabs("host", "host"), tabs("screen", "projector"), tabs("phone", "ada")
    pack = two_questions(time_limit=12)
    pin = create_room_in_ui(host, pack, lead_in=3)  # the page's default get-ready
    screen.page.goto(f"/screen/{pin}")
    join(ada, pin, "Ada")
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada"])
    host.page.get_by_role("button", name="Start the game").click()
    host.page.get_by_role("button", name="Open the answers now").click()  # skip the lead-in
    expect(ada.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    host.page.get_by_role("button", name="Pause").click()
    for tab in (host, screen, ada):
        expect(tab.page.locator("#paused")).to_be_visible()
    frozen = screen.page.locator("#q-countdown .countdown-num").inner_text()
    time.sleep(2.5)
    assert screen.page.locator("#q-countdown .countdown-num").inner_text() == frozen
    host.page.get_by_role("button", name="Resume", exact=True).click()
    for tab in (host, screen, ada):
        expect(tab.page.locator("#paused")).to_be_hidden()
    # the question kept its time: still open 2.5 s after it would have closed unpaused
    tap(ada, "Mars")
    expect(ada.page.locator("#q-status")).to_have_text("Answer sent! Waiting for the others…")
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")


def test_accuracy_scoring_gives_a_slow_right_answer_full_points(tabs, live, expect):
    room = live.create_room(quiz=two_questions(time_limit=10), settings={
        "scoring": "accuracy", "auto_start": 1, "streak_bonus": False})
    ada = tabs("phone", "ada")
    join(ada, room["pin"], "Ada")
    expect(ada.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    time.sleep(4)  # a slow answer: with speed scoring it would earn about 800
    tap(ada, "Mars")
    expect(ada.page.locator("#res-points")).to_have_text("+1000 points")


def test_a_revote_shows_the_spread_then_the_before_and_after(tabs, expect, shots):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bao = tabs("phone", "ada"), tabs("phone", "bao")
    pin = create_room_in_ui(host, two_questions())
    screen.page.goto(f"/screen/{pin}")
    join(ada, pin, "Ada")
    join(bao, pin, "Bao")
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Bao"])
    host.page.get_by_role("button", name="Start the game").click()
    tap(ada, "Venus")  # both wrong at first
    expect(host.page.locator("#q-answered")).to_contain_text("1 of 2")
    host.page.get_by_role("button", name="Discuss and vote again").click()
    expect(screen.page.locator("#r-discuss")).to_be_visible()
    expect(screen.page.locator(".is-correct")).to_have_count(0)  # nothing marked right
    expect(bao.page.locator("#waiting-status")).to_contain_text("vote again")
    shots(screen, "spread")
    host.page.get_by_role("button", name="Open the vote again").click()
    # the host console lists the second vote among the modes that are on, while it is
    expect(host.page.locator("#modes li")).to_have_text(["Re-vote: second vote"])
    tap(ada, "Mars")
    tap(bao, "Mars")
    expect(screen.page.locator("#r-revote")).to_have_text(
        "First vote: 0 right · second vote: 2 right · 2 moved to the right answer")
    expect(host.page.locator("#modes")).to_be_hidden()
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    shots(screen, "revote-reveal")


def test_a_revoted_typed_answer_or_order_is_shown_without_what_is_right(tabs, expect, shots):
    pack = {"id": "revote-types", "title": "Re-vote types", "questions": [
        {"type": "text", "text": "Which toolkit does Flask build on?", "answer": ["Werkzeug"],
         "time_limit": 60},
        {"type": "order", "text": "Closest to the Sun first",
         "choices": ["Mercury", "Venus", "Earth", "Mars"], "time_limit": 60}]}
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bao = tabs("phone", "ada"), tabs("phone", "bao")
    pin = create_room_in_ui(host, pack)
    screen.page.goto(f"/screen/{pin}")
    join(ada, pin, "Ada")
    join(bao, pin, "Bao")
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Bao"])
    host.page.get_by_role("button", name="Start the game").click()
    ada.page.locator("#q-text-input").fill("Werkzeug")
    ada.page.get_by_role("button", name="Send").click()
    expect(host.page.locator("#q-answered")).to_contain_text("1 of 2")
    host.page.get_by_role("button", name="Discuss and vote again").click()
    expect(screen.page.locator("#r-discuss")).to_be_visible()
    expect(screen.page.locator("#r-chart .tile-label")).to_have_text(["Werkzeug"])
    for tab in (screen, host):  # what was typed, not whether it was accepted
        expect(tab.page.locator("#r-chart .is-correct, #r-chart .is-wrong")).to_have_count(0)
        expect(tab.page.locator("#r-chart .accepted")).to_have_count(0)
    # nobody's score changed yet: no empty board beside the spread
    expect(screen.page.get_by_role("heading", name="Top 10")).to_be_hidden()
    shots(screen, "revote-text-spread")
    host.page.get_by_role("button", name="Open the vote again").click()
    host.page.get_by_role("button", name="End question now").click()
    expect(screen.page.locator("#r-chart .accepted")).to_have_text("Accepted: Werkzeug")
    expect(screen.page.get_by_role("heading", name="Top 10")).to_be_visible()
    host.page.get_by_role("button", name="Next question").click()
    for label in ("Mercury", "Venus", "Earth"):
        ada.page.locator("#q-order .order-pick", has_text=label).click()
    ada.page.get_by_role("button", name="Send order").click()
    expect(host.page.locator("#q-answered")).to_contain_text("1 of 2")
    host.page.get_by_role("button", name="Discuss and vote again").click()
    expect(screen.page.locator("#r-discuss")).to_be_visible()
    # who put what first, not how many places were right or who got it exactly
    expect(screen.page.locator("#r-chart .order-exact")).to_have_text("What players put first")
    first = screen.page.locator("#r-chart .order-first li")
    expect(first).to_have_count(4)
    expect(first.filter(has_text="Mercury").locator(".bar-count")).to_have_text("1")
    expect(screen.page.locator("#r-chart")).not_to_contain_text("exact order")
    shots(screen, "revote-order-spread")


def test_shuffled_answers_are_tapped_by_label_and_graded_in_pack_order(tabs, live, expect):
    room = live.create_room(quiz=two_questions(), settings={
        "shuffle_answers": True, "auto_start": 1})
    ada = tabs("phone", "ada")
    join(ada, room["pin"], "Ada")
    expect(ada.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    labels = ada.page.locator("#q-buttons button").all_inner_texts()
    assert sorted(label.strip() for label in labels) == ["Jupiter", "Mars", "Saturn", "Venus"]
    tap(ada, "Mars")
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
