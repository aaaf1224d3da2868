"""What the pages say when they refuse: one clear sentence each, that says what to do,
shown by the field it is about (issue #26, point 11). Screenshots of each at phone
sizes (390x844, 360x640), and the sign-in page at 1366x768."""
from __future__ import annotations

import pytest

from tests.browser.flows import join, quiz_pack
from tests.browser.layout import layout_problems, settle

pytestmark = pytest.mark.live

PHONES = ((390, 844), (360, 640))
NAME, PASSWORD = "alice", "correct horse battery"


def photograph_at_phone_sizes(tab, shots, what: str) -> None:
    problems = []
    for width, height in PHONES:
        tab.page.set_viewport_size({"width": width, "height": height})
        settle(tab)
        problems += layout_problems(tab, scroll=True)
        shots(tab, f"{what}-{width}x{height}")
    assert not problems, "\n".join(problems)


def test_a_refused_nickname_is_said_once(tabs, shots, expect, live):
    pin = live.create_room(quiz=quiz_pack())["pin"]
    mal = tabs("tall-phone", "mal")
    join(mal, pin, "Sh1t Head")
    error = mal.page.locator("#join-error")
    expect(error).to_have_text("That nickname is not allowed here; pick another.")
    expect(mal.page.get_by_label("Nickname")).to_be_focused()
    photograph_at_phone_sizes(mal, shots, "refused-nickname")

    mal.page.get_by_label("Nickname").fill("\u200b")  # nothing a screen could show
    mal.page.get_by_role("button", name="Join", exact=True).click()
    expect(error).to_have_text("Nickname must have 1 to 20 visible characters.")


def test_a_review_in_a_browser_without_a_seat_says_what_to_do(tabs, shots, expect, live):
    pin = live.create_room(quiz=quiz_pack())["pin"]
    other = tabs("tall-phone", "other-browser")
    other.expect_console_error(r"status of 403")
    other.page.goto(f"/play/{pin}/review")
    expect(other.page.locator(".error-page .lead")).to_have_text(
        f"This browser has no seat in room {pin}. Open the review on the phone you played "
        "on, or join the game with its PIN.")
    photograph_at_phone_sizes(other, shots, "review-without-a-seat")


def test_a_wrong_password_is_told_by_the_password_field(tabs, shots, expect, app):
    app.extensions["quizroom_accounts"].add(NAME, PASSWORD)  # the live server's Redis and prefix
    host = tabs("laptop", "host")
    host.expect_console_error(r"status of 401")
    page = host.page
    page.goto("/login")
    page.get_by_label("Name").fill(NAME)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    password = page.get_by_label("Password")
    said = page.locator(".field", has=password).get_by_role("alert")
    expect(said).to_have_text("Wrong name or password. Check both and try again.")
    expect(password).to_be_focused()
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(
        "Wrong name or password. Check both and try again.")
    expect(page.get_by_role("alert")).to_have_count(1)  # said once, by its field
    expect(page.get_by_label("Name")).to_have_value(NAME)
    # read top to bottom: the name, then the sentence, right above the box it is about
    name_box, said_box, password_box = (
        x.bounding_box() for x in (page.get_by_label("Name"), said, password))
    assert name_box["y"] < said_box["y"] < password_box["y"]
    assert abs(said_box["x"] - password_box["x"]) < 2
    assert password_box["y"] - (said_box["y"] + said_box["height"]) < 24
    settle(host)
    assert not layout_problems(host, scroll=True)
    shots(host, "wrong-password-1366x768")
    page.set_viewport_size({"width": 360, "height": 640})
    shots(host, "wrong-password-360x640")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
