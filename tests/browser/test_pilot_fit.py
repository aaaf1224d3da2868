"""The auto-pilot's and auto-start's lines and the host's mode labels at their longest:
a lobby that waits for 999 players or starts in almost a week, a reveal counting down
600 s beside eight teams' board, every mode on. The projector at 1920x1080 and
1280x720, the host console at 1366x768: nothing outside the window or on top of
anything else, the lines a room reads stay large, and each view is photographed
through ``shots()`` (which runs axe-core on it)."""
from __future__ import annotations

import time

import pytest

from tests.browser.layout import layout_problems, settle
from tests.browser.test_modes_fit import READABLE_PX, TEAMS, smallest_text, team_pack
from tests.browser.test_pilot_visible import host_console
from tests.live import Client

pytestmark = pytest.mark.live

EVERY_MODE = {"teams": TEAMS, "scoring": "accuracy", "auto_advance": 600,
              "shuffle_questions": True, "shuffle_answers": True, "break_seconds": 600,
              "leaderboard_every": 2}


def test_the_pilot_lines_fit_every_screen_at_their_longest(tabs, live, shots):
    problems: list[str] = []

    def check(tab, what: str, scroll: bool = False) -> None:
        settle(tab)
        problems.extend(f"{what}: {p}" for p in layout_problems(tab, scroll=scroll))
        shots(tab, what)

    def projector(tab, what: str, readable: str) -> None:
        for width, height in ((1920, 1080), (1280, 720)):
            tab.page.set_viewport_size({"width": width, "height": height})
            check(tab, f"{what}-{width}x{height}")
            size = smallest_text(tab, readable)
            if size < READABLE_PX * width / 1920:
                problems.append(f"{what}-{width}x{height}: {readable} is too small ({size:.0f}px)")

    # a lobby that starts itself in a little under a week: the longest countdown
    later = live.create_room(quiz=team_pack(), settings={
        "auto_start": int(time.time() * 1000) + 7 * 24 * 3600 * 1000 - 120_000})
    far = tabs("screen", "screen-week")
    far.page.goto(f"/screen/{later['pin']}")
    far.page.locator("#auto-start", has_text="Starts by itself in 6 d").wait_for()
    projector(far, "lobby-starts-in-a-week", "#auto-start")

    room = live.create_room(quiz=team_pack(), settings={**EVERY_MODE, "auto_start": 999})
    pin = room["pin"]
    screen = tabs("screen", "screen")
    screen.page.goto(f"/screen/{pin}")
    host = host_console(tabs, live, room, kind="laptop")
    players = []
    try:
        for i in range(3):
            client = Client(live.url)
            players.append(client)
            assert client.join(pin, f"Maximilianaxyzwq{i:04d}")["ok"]
        screen.page.locator("#auto-start", has_text="when 999 players have joined").wait_for()
        host.page.locator("#roster .roster-item").nth(2).wait_for()
        projector(screen, "lobby-auto-start", "#auto-start")
        check(host, "lobby-modes-host-1366x768", scroll=True)

        host.page.get_by_role("button", name="Start the game").click()
        host.page.locator("#q-text").wait_for()
        check(host, "question-modes-host-1366x768")
        for i, client in enumerate(players):
            client.wait_for("question:start")
            client.call("player:answer", {"index": 0, "answer": i % 6})
        screen.page.locator("#r-teams .team-row").nth(7).wait_for()
        screen.page.locator("#r-next", has_text="Next question in").wait_for()
        projector(screen, "reveal-next-in", "#r-next, #r-teams .board-name")
        check(host, "reveal-next-in-host-1366x768")

        host.page.get_by_role("button", name="Pause").click()
        screen.page.locator("#paused").wait_for()
        screen.page.reload()
        screen.page.locator("#r-next:not([hidden])").wait_for()
        projector(screen, "reveal-paused-reloaded", "#r-next, #paused")
        check(host, "reveal-paused-host-1366x768")
    finally:
        for client in players:
            client.close()
    assert not problems, "\n".join(problems)
