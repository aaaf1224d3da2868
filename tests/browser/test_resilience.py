"""When the server goes away and comes back, every page says it is reconnecting and
carries on where it was; when a room expires, every page says it is closed."""
from __future__ import annotations

import pytest

from tests.browser.flows import create_room_in_ui, join, quiz_pack, tap

pytestmark = pytest.mark.live

OUTAGE_NOISE = r"ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|WebSocket connection"


def test_pages_reconnect_to_the_same_seat_after_an_outage(tabs, shots, expect, live):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bea = tabs("phone", "ada"), tabs("phone", "bea")
    everyone = (host, screen, ada, bea)
    for tab in everyone:
        tab.expect_console_error(OUTAGE_NOISE)
    pin = create_room_in_ui(host, quiz_pack(time_limit=30))
    screen.page.goto(f"/screen/{pin}")
    join(ada, pin, "Ada")
    join(bea, pin, "Bea")
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Bea"])
    host.page.get_by_role("button", name="Start the game").click()
    tap(ada, "Mars")
    expect(host.page.locator("#q-answered")).to_have_text("1 of 2 players answered")

    live.stop()
    for tab in everyone:
        expect(tab.page.locator("#conn")).to_have_text("Reconnecting…")
    shots(ada, "reconnecting")
    live.start()
    for tab in everyone:
        expect(tab.page.locator("#conn")).to_be_hidden(timeout=15_000)

    expect(ada.page.locator("#q-status")).to_have_text("Answer sent. Waiting for the others…")
    expect(bea.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
    tap(bea, "Venus")
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    expect(bea.page.locator("#res-title")).to_have_text("Wrong")
    expect(screen.page.locator("#r-board .board-name")).to_have_text(["Ada", "Bea"])

    # ending early asks first, then ends for everyone
    host.page.get_by_role("button", name="End game").click()
    host.page.get_by_role("button", name="Keep playing").click()
    expect(host.page.get_by_role("button", name="Next question")).to_be_visible()
    host.page.get_by_role("button", name="End game").click()
    host.page.get_by_role("button", name="Yes, end it").click()
    expect(screen.page.locator("#podium .step-first .step-name")).to_have_text("Ada")
    expect(bea.page.locator("#fin-rank")).to_have_text("You finished 2nd of 2")


def test_pages_of_a_room_that_expired_say_so(tabs, expect, rdb, prefix):
    host, screen, ada = tabs("host", "host"), tabs("screen", "projector"), tabs("phone", "ada")
    pin = create_room_in_ui(host, quiz_pack())
    screen.page.goto(f"/screen/{pin}")
    with ada.page.expect_response(lambda r: r.url.endswith(f"/api/rooms/{pin}/seat")):
        join(ada, pin, "Ada")  # and the page has put the seat in the session
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada"])

    # what the 24-hour expiry does: every key of the room is gone, sessions stay
    for key in rdb.scan_iter(match=f"{prefix}room:{pin}*"):
        rdb.delete(key)
    # a reload asks the server for the page: it says which PIN has no room
    for tab in (host, screen, ada):
        tab.expect_console_error(r"status of 404")
        tab.page.reload()
        expect(tab.page.get_by_role("heading", name=f"No room with PIN {pin}")).to_be_visible()
    ada.page.get_by_role("link", name="Join a game").click()
    expect(ada.page.get_by_role("heading", name="Join a game")).to_be_visible()
    ada.page.get_by_label("Game PIN").fill(pin)
    ada.page.get_by_label("Nickname").fill("Ada")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(ada.page.locator("#join-error")).to_have_text(
        "There is no game with that PIN. Check the PIN on the big screen.")


def test_pages_recover_a_question_end_that_was_never_broadcast(tabs, expect, live, redis_url,
                                                               prefix):
    """A server that records the end of a round and dies before telling anyone: the
    pages notice the deadline has passed without an end, and ask again."""
    from server import create_app
    host, ada = tabs("host", "host"), tabs("phone", "ada")
    pin = create_room_in_ui(host, quiz_pack(time_limit=4))
    join(ada, pin, "Ada")
    join(tabs("phone", "bea"), pin, "Bea")  # never answers: only the deadline would end it
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada", "Bea"])
    host.page.get_by_role("button", name="Start the game").click()
    tap(ada, "Mars")

    silent = create_app({"REDIS_URL": redis_url, "QUIZROOM_KEY_PREFIX": prefix,
                         "QUIZROOM_ASYNC_MODE": "threading", "QUIZROOM_TICK_SECONDS": 0,
                         "SECRET_KEY": "t"}).extensions["quizroom"].service
    silent.publish = lambda _pin, _events: None  # records the move, tells nobody
    assert silent._close_if(pin, 0)

    expect(ada.page.locator("#res-title")).to_have_text("Correct!", timeout=12_000)
    expect(host.page.get_by_role("button", name="Next question")).to_be_visible(timeout=12_000)
