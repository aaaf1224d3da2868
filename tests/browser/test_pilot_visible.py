"""Auto-pilot, auto-start and the pause as the room sees them: the reveal counts down to
the next question, the lobby says when it starts itself, the host console lists the
modes that are on, and a paused timer shows the server's one number on every page,
also on a page opened after the pause."""
from __future__ import annotations

import math
import re
import time

import pytest

from tests.browser.flows import CLOCK_AN_HOUR_FAST, join
from tests.browser.test_modes import two_questions
from tests.live import Client

pytestmark = pytest.mark.live

NEXT = re.compile(r"^Next question in (\d+)$")
COUNTED_DOWN = """() => !document.getElementById('reveal').hidden
  && !document.getElementById('r-next').hidden
  && Number(document.querySelector('#r-next .countdown-num').textContent) <= 2"""


def host_console(tabs, live, room: dict, kind: str = "host"):
    """The host's browser, holding the room's token in its session like its creator."""
    host = tabs(kind, "host")
    kept = host.context.request.post(f"{live.url}/api/rooms/{room['pin']}/host",
                                     data={"host_token": room["host_token"]})
    assert kept.status == 200
    host.page.goto(f"/host/{room['pin']}")
    return host


def shown_number(tab, selector: str) -> int:
    return int(tab.page.locator(f"{selector} .countdown-num").inner_text())


def seconds_to(at_ms: int) -> int:
    """What a page on the server's clock shows for a timer ending at ``at_ms`` (the test
    runs on the server's machine, so this clock is the server's)."""
    return math.ceil(max(0, at_ms - time.time() * 1000) / 1000)


def test_an_auto_pilot_reveal_counts_down_to_the_next_question(tabs, live, expect):
    room = live.create_room(quiz=two_questions(), settings={"auto_advance": 5})
    pin = room["pin"]
    # the projector's clock is an hour fast: the countdown must follow the server's
    screen = tabs("screen", "projector", init_script=CLOCK_AN_HOUR_FAST)
    screen.page.goto(f"/screen/{pin}")
    host = host_console(tabs, live, room)
    ada = Client(live.url)
    try:
        assert ada.join(pin, "Ada")["ok"]
        expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada"])
        host.page.get_by_role("button", name="Start the game").click()
        ada.wait_for("question:start")
        assert ada.call("player:answer", {"index": 0, "answer": 1})["ok"]
        next_at = ada.wait_for("question:end")[0]["next_at"]
        for tab in (screen, host):
            line = tab.page.locator("#r-next")
            expect(line).to_have_text(NEXT)
            shown = int(NEXT.match(line.inner_text()).group(1))
            # slack for a busy machine between the page's tick and this clock; a page on
            # its own clock is an hour off, one without the line shows nothing
            assert abs(shown - seconds_to(next_at)) <= 2, (tab.name, shown, seconds_to(next_at))
        # it counts down while the reveal is up (checked every frame: each number shows
        # for a second only), then the next question opens by itself
        for tab in (screen, host):
            tab.page.wait_for_function(COUNTED_DOWN, polling="raf", timeout=8000)
        expect(screen.page.locator("#q-text")).to_have_text("Which is the largest planet?",
                                                            timeout=8000)
        # the last reveal counts down to the podium
        ada.wait_for("question:start", count=2)
        assert ada.call("player:answer", {"index": 1, "answer": 2})["ok"]
        expect(screen.page.locator("#r-next")).to_have_text(re.compile(r"^Podium in [1-5]$"))
        expect(host.page.locator("#r-next")).to_have_text(re.compile(r"^Podium in [1-5]$"))
    finally:
        ada.close()


def test_the_lobby_says_when_it_starts_itself_and_the_host_sees_the_modes(tabs, live, expect):
    room = live.create_room(quiz=two_questions(), settings={
        "auto_start": 2, "auto_advance": 8, "scoring": "accuracy", "teams": ["Red", "Blue"],
        "shuffle_answers": True, "shuffle_questions": True})
    pin = room["pin"]
    screen = tabs("screen", "projector")
    screen.page.goto(f"/screen/{pin}")
    host = host_console(tabs, live, room)
    for tab in (screen, host):
        expect(tab.page.locator("#auto-start")).to_have_text(
            "Starts by itself when 2 players have joined")
    expect(host.page.locator("#modes li")).to_have_text([
        "2 teams", "Accuracy scoring", "Auto-pilot: 8 s per reveal",
        "Shuffled questions", "Shuffled answers"])
    ada, bao = tabs("phone", "ada"), tabs("phone", "bao")
    join(ada, pin, "Ada")
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada"])
    expect(screen.page.locator("#auto-start")).to_have_text(
        "Starts by itself when 2 players have joined")
    join(bao, pin, "Bao")
    expect(screen.page.locator("#question")).to_be_visible()
    # the modes stay listed while the game runs
    expect(host.page.locator("#modes li").first).to_have_text("2 teams")
    expect(host.page.locator("#modes")).to_be_visible()


def test_a_lobby_that_starts_at_a_time_counts_down_to_it(tabs, live, expect):
    at = int(time.time() * 1000) + 125_000
    room = live.create_room(quiz=two_questions(), settings={"auto_start": at})
    screen = tabs("screen", "projector", init_script=CLOCK_AN_HOUR_FAST)
    screen.page.goto(f"/screen/{room['pin']}")
    host = host_console(tabs, live, room)
    starts = re.compile(r"^Starts by itself in (\d+):(\d\d)$")
    for tab in (screen, host):
        line = tab.page.locator("#auto-start")
        expect(line).to_have_text(starts)
        minutes, seconds = starts.match(line.inner_text()).groups()
        shown = int(minutes) * 60 + int(seconds)
        assert abs(shown - seconds_to(at)) <= 3, (tab.name, shown, seconds_to(at))


def test_a_paused_timer_shows_the_servers_number_on_every_page(tabs, live, expect):
    """Paused in the get-ready, in a question and in an auto-pilot reveal: the host, the
    projector and a phone show the same number, also after a reload during the pause."""
    room = live.create_room(quiz=two_questions(time_limit=30), settings={
        "lead_in": 20, "auto_advance": 30})
    pin = room["pin"]
    screen = tabs("screen", "projector", init_script=CLOCK_AN_HOUR_FAST)
    screen.page.goto(f"/screen/{pin}")
    host = host_console(tabs, live, room)
    ada, watcher = tabs("phone", "ada"), Client(live.url)
    try:
        join(ada, pin, "Ada")
        expect(ada.page.get_by_text("You're in!")).to_be_visible()
        assert watcher.join(pin, "Watcher")["ok"]
        expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Watcher"])

        def pause_reload_compare(selectors: dict, paused: int) -> int:
            host.page.get_by_role("button", name="Pause").click()
            msg = watcher.wait_for("game:paused", count=paused)[-1]
            server = math.ceil(msg["remaining_ms"] / 1000)
            # long enough that a page counting from its old deadline is 2 s off
            time.sleep(2.5)
            for tab, selector in selectors.items():
                expect(tab.page.locator("#paused")).to_be_visible()
                assert shown_number(tab, selector) == server, (tab.name, "before the reload")
            for tab, selector in selectors.items():
                tab.page.reload()
                expect(tab.page.locator("#paused")).to_be_visible()
                expect(tab.page.locator(f"{selector} .countdown-num")).to_have_text(str(server))
            host.page.get_by_role("button", name="Resume", exact=True).click()
            expect(screen.page.locator("#paused")).to_be_hidden()
            return server

        host.page.get_by_role("button", name="Start the game").click()
        expect(screen.page.locator("#q-answered")).to_have_text("Get ready…")
        time.sleep(1.2)
        pause_reload_compare({host: "#q-countdown", screen: "#q-countdown"}, 1)
        host.page.get_by_role("button", name="Open the answers now").click()
        expect(ada.page.locator("#q-buttons button").first).to_be_visible()
        time.sleep(1.2)
        pause_reload_compare({host: "#q-countdown", screen: "#q-countdown",
                              ada: "#q-countdown"}, 2)
        expect(ada.page.locator("#q-buttons button").first).to_be_visible()
        host.page.get_by_role("button", name="End question now").click()
        expect(screen.page.locator("#r-next")).to_have_text(NEXT)
        time.sleep(1.2)
        frozen = pause_reload_compare({host: "#r-next", screen: "#r-next"}, 3)
        # resumed: the reveal counts on from where it stood
        for tab in (screen, host):
            tab.page.wait_for_function(
                "(n) => Number(document.querySelector('#r-next .countdown-num').textContent) < n",
                arg=frozen, timeout=5000)
    finally:
        watcher.close()
