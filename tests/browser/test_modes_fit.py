"""The game modes' own views at their longest, on every screen: get ready, paused, the
peer-instruction spread and its before/after reveal beside a board of eight teams with
24-character names, the break between rounds and the team podium.

One team room plays two of the longest questions the validator accepts; the projector
shows each view at 1920x1080 and 1280x720, the host console runs at 1366x768 and a small
phone (360x640) plays along. Nothing may lie outside the window or on top of anything
else, the text a room reads stays large, and every view is photographed through
``shots()`` (which runs axe-core on it).
"""
from __future__ import annotations


import pytest

from tests.browser.layout import layout_problems, settle
from tests.browser.test_screens_fit import NICKNAMES, STICKY, choices, prose
from tests.live import Client

pytestmark = pytest.mark.live

TEAMS = [f"Magnificent Geographer {i}" for i in range(1, 9)]  # 24 characters each
assert all(len(name) == 24 for name in TEAMS)
READABLE_PX = 16


def team_pack() -> dict:
    question = {"type": "single", "text": prose(300), "choices": choices(), "answer": 1,
                "time_limit": 600, "explanation": prose(500, seed=7)}
    return {"id": "modes-longest", "title": prose(120, seed=4),
            "questions": [question, {**question, "text": prose(300, seed=5)}]}


def smallest_text(tab, selector: str) -> float:
    """The smallest font size (px) of the visible text under ``selector``."""
    return tab.page.evaluate("""(sel) => Math.min(...[...document.querySelectorAll(sel)]
        .filter((e) => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
        .map((e) => parseFloat(getComputedStyle(e).fontSize)))""", selector)


def test_the_mode_views_fit_every_screen_at_their_longest(tabs, live, shots):
    problems: list[str] = []
    room = live.create_room(quiz=team_pack(), settings={
        "teams": TEAMS, "lead_in": 30, "leaderboard_every": 1, "break_seconds": 600})
    pin = room["pin"]
    host, screen = tabs("laptop", "host"), tabs("screen", "screen")
    phone = tabs("small-phone", "phone")
    kept = host.context.request.post(f"{live.url}/api/rooms/{pin}/host",
                                     data={"host_token": room["host_token"]})
    assert kept.status == 200

    def check(tab, what: str, scroll: bool = False) -> None:
        settle(tab)
        problems.extend(f"{what}: {p}" for p in layout_problems(tab, scroll=scroll)
                        if not (scroll and STICKY.search(p)))
        shots(tab, what)

    def projector(what: str, readable: str = "") -> None:
        for width, height in ((1920, 1080), (1280, 720)):
            screen.page.set_viewport_size({"width": width, "height": height})
            check(screen, f"{what}-{width}x{height}")
            # what the room must read from the back, at the longest texts the validator
            # accepts: at least 16 px on a 1920 px wide screen (the classic reveal's
            # board at those lengths), the same share of the width on a smaller one
            size = smallest_text(screen, readable) if readable else READABLE_PX
            if size < READABLE_PX * width / 1920:
                problems.append(f"{what}-{width}x{height}: {readable} is too small "
                                f"({size:.0f}px)")

    host.page.goto(f"/host/{pin}")
    screen.page.goto(f"/screen/{pin}")
    phone.page.goto(f"/play/{pin}")
    phone.page.get_by_role("radio", name=TEAMS[7]).wait_for()
    check(phone, "team-picker-360x640", scroll=True)
    phone.page.get_by_label("Nickname").fill("Wolfgangxyzabcdefghi")
    phone.page.get_by_role("button", name="Join", exact=True).click()
    players = []
    try:
        for nickname in NICKNAMES[:9]:
            client = Client(live.url)
            players.append(client)
            assert client.join(pin, nickname)["ok"]
        host.page.locator("#roster .roster-item").nth(9).wait_for()
        host.page.get_by_role("button", name="Start the game").click()

        # get ready: the question's text and a countdown, the answers not open yet
        screen.page.get_by_text("Get ready…").wait_for()
        phone.page.get_by_text("Get ready! Question 1 of 2").wait_for()
        projector("get-ready", "#q-text, #q-answered")
        check(phone, "get-ready-phone-360x640")
        check(host, "get-ready-host-1366x768")

        # paused mid-question: the notice over each screen, covering nothing
        host.page.get_by_role("button", name="Open the answers now").click()
        phone.page.locator("#q-buttons button").first.wait_for()
        host.page.get_by_role("button", name="Pause").click()
        for tab in (host, screen, phone):
            tab.page.locator("#paused").wait_for()
        projector("paused", "#paused, #q-text")
        check(phone, "paused-phone-360x640", scroll=True)
        check(host, "paused-host-1366x768")
        host.page.get_by_role("button", name="Resume", exact=True).click()
        screen.page.locator("#paused").wait_for(state="hidden")

        # the first vote, then the room talks it over: the spread with nothing marked
        for i, client in enumerate(players):
            client.call("player:answer", {"index": 0, "answer": i % 6})
        host.page.get_by_role("button", name="Discuss and vote again").click()
        screen.page.locator("#r-discuss").wait_for()
        projector("spread", "#r-discuss, .bar-head")
        check(host, "spread-host-1366x768")
        host.page.get_by_role("button", name="Open the vote again").click()
        # the click only sends host:next: the second vote is open once it is announced
        for client in players:
            client.wait_for("question:start", where=lambda q: q.get("revote"))
            assert client.call("player:answer", {"index": 0, "answer": 1})["ok"]
        phone.page.locator("#q-buttons button").first.click()
        screen.page.locator("#r-revote").wait_for()
        screen.page.locator("#r-teams .team-row").nth(7).wait_for()
        projector("revote-team-reveal", "#r-revote, #r-teams .board-name, .bar-head")
        check(host, "revote-team-reveal-host-1366x768")

        # the break between rounds
        host.page.locator("#next").click()
        screen.page.locator("#break").wait_for()
        projector("break", "#break, #r-board .board-name")
        phone.page.locator("#break").wait_for()
        check(phone, "break-phone-360x640")
        check(host, "break-host-1366x768")

        # the second round, then the team podium
        host.page.locator("#next").click()
        host.page.get_by_role("button", name="Open the answers now").click()
        phone.page.locator("#q-buttons button").first.click()
        for client in players:
            client.call("player:answer", {"index": 1, "answer": 1})
        host.page.locator("#reveal:not([hidden])").wait_for()
        host.page.locator("#next").click()
        screen.page.locator("#f-teams .team-row").nth(7).wait_for()
        screen.page.locator('#podium[data-stage="done"]').wait_for()  # third, second, first
        projector("team-podium", "#f-teams .board-name, .step-name")
    finally:
        for client in players:
            client.close()
    assert not problems, "\n".join(problems)
