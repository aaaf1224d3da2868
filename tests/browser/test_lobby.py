"""Joining: every refusal is explained to the player, a crowd behind one address all
get in, the host can remove people, and nicknames are shown as text everywhere."""
from __future__ import annotations

import time

import pytest

from tests.browser.flows import create_room_in_ui, join, quiz_pack

pytestmark = pytest.mark.live

# <img src=x onerror=alert(1)> is 28 characters, over the server's 20 for a
# nickname, so the nickname is a 20-character one that runs as surely if parsed as HTML;
# the <img> one goes into the question and a choice
HOSTILE = "<svg onload=alert()>"
IMG = "<img src=x onerror=alert(1)>"


def join_error(tab):
    return tab.page.locator("#join-error")


def test_each_refusal_to_join_is_explained(tabs, expect, live):
    host, ada, bea = tabs("host", "host"), tabs("phone", "ada"), tabs("phone", "bea")
    pin = create_room_in_ui(host, quiz_pack())
    wrong_pin = "100000" if pin != "100000" else "100001"
    # the form looks the PIN up for its teams as it is typed: the browser logs the 404
    ada.expect_console_error(r"status of 404")

    join(ada, wrong_pin, "Ada", via_link=False)
    expect(join_error(ada)).to_have_text(
        "There is no game with that PIN. Check the PIN on the big screen.")
    expect(ada.page.get_by_label("Game PIN")).to_be_focused()

    ada.page.get_by_label("Game PIN").fill(pin)
    ada.page.get_by_label("Nickname").fill("\u200b\u200b")  # invisible: nothing left to show
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(join_error(ada)).to_have_text("Nickname must have 1 to 20 visible characters.")
    ada.page.get_by_label("Nickname").fill("Ada")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(ada.page.get_by_text("You're in!")).to_be_visible()

    join(bea, pin, "ADA")
    expect(join_error(bea)).to_have_text("Someone in this game already has that name. Try another one.")

    host.page.get_by_role("button", name="Lock the room").click()
    expect(host.page.locator("#lock")).to_have_attribute("aria-pressed", "true")
    bea.page.get_by_label("Nickname").fill("Bea")
    bea.page.get_by_role("button", name="Join", exact=True).click()
    expect(join_error(bea)).to_have_text(
        "The host has locked this game: nobody new can join right now.")

    host.page.get_by_role("button", name="Unlock the room").click()
    expect(host.page.locator("#lock-state")).to_have_text("Open: new players can join.")
    bea.page.get_by_role("button", name="Join", exact=True).click()
    expect(bea.page.get_by_text("You're in!")).to_be_visible()
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Bea"])

    full = live.create_room(quiz=quiz_pack(), settings={"max_players": 1})["pin"]
    cy, dee = tabs("phone", "cy"), tabs("phone", "dee")
    join(cy, full, "Cy")
    expect(cy.page.get_by_text("You're in!")).to_be_visible()
    join(dee, full, "Dee")
    expect(join_error(dee)).to_have_text("This game is full.")


def test_a_removed_player_is_told_and_cannot_sit_back_down(tabs, expect, live):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bea = tabs("phone", "ada"), tabs("phone", "bea")
    pin = create_room_in_ui(host, quiz_pack())
    screen.page.goto(f"/screen/{pin}")
    expect(screen.page.locator("#title")).to_have_text("Browser test quiz")  # attached
    join(ada, pin, "Ada")
    join(bea, pin, "Bea")
    expect(screen.page.locator("#names li")).to_have_text(["Ada", "Bea"])

    host.page.get_by_role("button", name="Remove Bea").click()
    expect(bea.page.get_by_role("heading", name="You were removed")).to_be_visible()
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada"])
    expect(screen.page.locator("#names li")).to_have_text(["Ada"])
    expect(host.page.locator("#player-count")).to_have_text("1 player")

    # the page still carries the revoked seat: rejoining fails and the form comes back
    bea.page.reload()
    expect(join_error(bea)).to_have_text("Your seat in that game is gone. Join again with a nickname.")
    expect(bea.page.get_by_label("Game PIN")).to_have_value(pin)
    expect(ada.page.get_by_text("You're in!")).to_be_visible()


def test_a_nickname_full_of_html_is_shown_as_text(tabs, expect):
    host, screen, mal = tabs("host", "host"), tabs("screen", "projector"), tabs("phone", "mal")
    pin = create_room_in_ui(host, {"title": "One question", "questions": [
        {"type": "single", "text": f"Is {IMG} safe?", "choices": [IMG, "<b>plain</b>"],
         "answer": 1, "time_limit": 5}]})
    screen.page.goto(f"/screen/{pin}")
    expect(screen.page.locator("#title")).to_have_text("One question")
    join(mal, pin, HOSTILE)
    expect(mal.page.locator("#waiting-name")).to_have_text(HOSTILE)
    expect(host.page.locator("#roster .roster-name")).to_have_text([HOSTILE])
    expect(screen.page.locator("#names li")).to_have_text([HOSTILE])

    host.page.get_by_role("button", name="Start the game").click()
    for tab in (host, screen, mal):
        expect(tab.page.locator("#q-text")).to_have_text(f"Is {IMG} safe?")
    expect(mal.page.locator("#q-buttons button")).to_have_text([IMG, "<b>plain</b>"])
    expect(screen.page.locator("#q-choices li")).to_have_text([IMG, "<b>plain</b>"])
    # answered from the keyboard alone: Tab shows where focus is, Enter picks
    mal.page.locator("#q-buttons button").first.focus()
    mal.page.keyboard.press("Tab")
    plain = mal.page.locator("#q-buttons button").nth(1)
    expect(plain).to_be_focused()
    expect(plain).to_have_css("outline-style", "solid")
    mal.page.keyboard.press("Enter")
    expect(screen.page.locator("#r-board .board-name")).to_have_text([HOSTILE])
    host.page.get_by_role("button", name="Show the podium").click()
    expect(screen.page.locator("#podium .step-name")).to_have_text([HOSTILE])
    expect(host.page.locator("#podium .step-name")).to_have_text([HOSTILE])

    for tab in (host, screen, mal):
        assert tab.page.locator("main img:not(.qr), main svg:not(.shape, .fx-icon), main b").count() == 0
        assert tab.dialogs == [], tab.name


def test_a_crowd_joining_at_once_all_get_in(tabs, expect, live):
    """A classroom shares one address, and the server lets 5 joins a second through it:
    the sixth phone is told to wait and gets in on its own a moment later."""
    room = live.create_room(quiz=quiz_pack())
    crowd = [tabs("phone", f"p{i}") for i in range(6)]
    for i, tab in enumerate(crowd):
        tab.page.goto(f"/play/{room['pin']}")
        tab.page.get_by_label("Nickname").fill(f"Player {i}")
        tab.page.evaluate(WATCH_FOR_WAITING)
    # all six press Join at the same moment, a quarter into a second: the server counts
    # joins in windows of whole seconds, and a crowd split by a window's edge would all fit
    press_at = (int(time.time()) + 2) * 1000 + 250
    for tab in crowd:
        tab.page.evaluate(PRESS_JOIN_AT, press_at)
    for tab in crowd:
        expect(tab.page.get_by_text("You're in!")).to_be_visible()
    assert [t.name for t in crowd if t.page.evaluate("window.toldToWait")], "nobody had to wait"


PRESS_JOIN_AT = """at => setTimeout(
  () => document.getElementById('join-form').requestSubmit(), at - Date.now())"""
# the "trying again" line is gone once the retry succeeds, so the page notes it was shown
WATCH_FOR_WAITING = """() => {
  const line = document.getElementById('join-error');
  new MutationObserver(() => {
    if (line.textContent.includes('trying again')) window.toldToWait = true;
  }).observe(line, { childList: true, characterData: true, subtree: true });
}"""
