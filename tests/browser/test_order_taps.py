""""Put in order" on touch phones, tapped the way the phone asks: first to last, at a
person's pace. After the third of four taps the phone places the last item by itself;
the player's natural fourth tap on it must keep it there (it once took it out again
and greyed out "Send order"), and the order sent is the one tapped. A tap right after
a drag counts too.
"""
from __future__ import annotations

import pytest

from tests.browser.flows import create_room_in_ui, join
from tests.browser.test_question_types import (PLANETS, assert_fits, order_labels,
                                               order_on_phone, touch_drag)

pytestmark = pytest.mark.live

PACE_MS = 800  # between taps, as seen in a live game where every phone failed to send
# counts the taps the page has handled: a tap's click comes after tap() returns, and a
# check made before it would pass on a phone that then takes the item back out
COUNT_TAPS = """
window.__taps = 0;
document.addEventListener('click', (e) => { if (e.target.closest('.order-pick')) window.__taps += 1; });
"""


def order_pack() -> dict:
    return {"id": "order-taps", "title": "Order taps", "questions": [
        {"type": "order", "text": "Put the planets in order from the Sun",
         "choices": PLANETS, "time_limit": 90}]}


def tap_slowly(tab, *labels: str) -> None:
    """Tap each item, a person's pause before each, and wait until the page has had it."""
    for label in labels:
        tab.page.wait_for_timeout(PACE_MS)
        before = tab.page.evaluate("window.__taps")
        tab.page.locator("#q-order .order-pick", has_text=label).tap()
        tab.page.wait_for_function("(n) => window.__taps > n", arg=before, timeout=5000)


def placed(tab) -> list[str]:
    return tab.page.locator("#q-order .is-placed .tile-label").all_inner_texts()


def test_every_item_tapped_first_to_last_is_the_order_sent(tabs, shots, expect):
    host = tabs("host", "host")
    ada, bao = tabs("tall-phone", "ada", COUNT_TAPS), tabs("small-phone", "bao", COUNT_TAPS)
    pin = create_room_in_ui(host, order_pack())
    join(ada, pin, "Ada")
    join(bao, pin, "Bao")
    expect(host.page.locator("#roster .roster-name")).to_have_count(2)
    host.page.get_by_role("button", name="Start the game").click()
    for phone in (ada, bao):
        expect(phone.page.locator("#q-order .order-pick")).to_have_count(4)
    shots(ada, "order-390x844")
    shots(bao, "order-360x640")
    shown = order_on_phone(ada)
    send = ada.page.get_by_role("button", name="Send order")

    # a finger drags the last item to the top, and at once thinks better of it: the
    # tap on "Start again" counts every time (the browser took the drag for a fling
    # and swallowed taps for up to a second after it: 0 of 7 counted at once)
    for _ in range(3):
        grip = ada.page.locator("#q-order .order-handle").last.bounding_box()
        top = ada.page.locator("#q-order .order-item").first.bounding_box()
        touch_drag(ada, (grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2),
                   (top["x"] + top["width"] / 2, top["y"] + 4))
        expect(send).to_be_enabled()
        ada.page.get_by_role("button", name="Start again").tap()
        expect(send).to_be_disabled()
        expect(order_labels(ada)).to_have_text(shown)

    tap_slowly(ada, "Mercury", "Venus", "Earth")
    # the one left can only go last: placed for the player, who may send now...
    assert order_on_phone(ada) == PLANETS
    expect(send).to_be_enabled()
    # ...or tap it too, as the phone said: it stays where it is
    tap_slowly(ada, "Mars")
    expect(ada.page.locator("#q-order .order-pos")).to_have_text(["1", "2", "3", "4"])
    assert placed(ada) == PLANETS
    expect(send).to_be_enabled()
    shots(ada, "order-tapped-390x844")
    assert_fits(ada, vertical=False)

    # a tap on an item the player placed still takes it out, and the phone's own pick
    # (placed only because it was the one left) goes back with it
    bao_send = bao.page.get_by_role("button", name="Send order")
    tap_slowly(bao, "Venus", "Mercury", "Mars")
    assert placed(bao) == ["Venus", "Mercury", "Mars", "Earth"]
    expect(bao_send).to_be_enabled()
    tap_slowly(bao, "Mars")
    expect(bao_send).to_be_disabled()
    assert placed(bao) == ["Venus", "Mercury"]
    tap_slowly(bao, "Earth", "Mars")  # Mars placed by the phone, then tapped all the same
    expect(bao_send).to_be_enabled()
    assert placed(bao) == ["Venus", "Mercury", "Earth", "Mars"]
    shots(bao, "order-tapped-360x640")
    assert_fits(bao, vertical=False)

    send.tap()
    bao_send.tap()
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    expect(bao.page.locator("#res-correct")).to_have_text(
        "The right order: Mercury → Venus → Earth → Mars")
    expect(host.page.locator("#order-exact")).to_have_text("1 of 2 got the exact order")
    # the orders sent, place by place: Mercury and Venus right only for Ada, Earth and
    # Mars for both
    expect(host.page.locator(".order-reveal .bar-count")).to_have_text(["1", "1", "2", "2"])
