"""The host's own paths: a broken pack upload, and a browser without the host token."""
from __future__ import annotations

import json
import re

import pytest

from tests.browser.flows import create_room_in_ui, quiz_pack

pytestmark = pytest.mark.live


def upload(page, name: str, content: bytes) -> None:
    page.get_by_label("Quiz pack file (.json)").set_input_files(
        files=[{"name": name, "mimeType": "application/json", "buffer": content}])


def test_upload_problems_are_listed_next_to_the_upload(tabs, expect):
    host = tabs("host", "host")
    host.expect_console_error(r"status of 400")  # the refused uploads
    page = host.page
    page.goto("/host")
    expect(page.get_by_text("Flask Interview Warm-up")).to_be_visible()

    upload(page, "broken.json", b'{"title": "Oops",')
    errors = page.locator("#upload-errors")
    expect(errors.locator(".errors-title")).to_have_text("broken.json is not valid JSON:")

    pack = quiz_pack()
    pack["title"] = ""
    pack["questions"][0]["answer"] = 7
    upload(page, "bad.json", json.dumps(pack).encode())
    expect(errors).to_be_hidden()
    page.get_by_role("button", name="Create the room").click()
    expect(errors.locator(".errors-title")).to_have_text("The pack has 2 problems:")
    expect(errors.locator("li")).to_have_text(
        ["title: must not be empty", "questions[0].answer: index 7 out of range for 4 choices"])
    assert page.url.endswith("/host")

    # a bad option is reported next to the options, not the pack
    pack["title"] = "Fixed"
    pack["questions"][0]["answer"] = 1
    upload(page, "fixed.json", json.dumps(pack).encode())
    page.get_by_label("Time per question (seconds)").fill("1")
    page.get_by_role("button", name="Create the room").click()
    # ... under the field itself, in words, not the API's field path
    field = page.get_by_label("Time per question (seconds)")
    expect(page.locator("#opt-time-error")).to_have_text(
        "Must be an integer from 2 to 600 seconds.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("Must be an integer from 2 to 600"))
    expect(page.locator("#options-errors")).to_be_hidden()
    expect(errors).to_be_hidden()

    page.get_by_label("Time per question (seconds)").fill("")
    page.get_by_label("Streak bonus (+100 per answer in a row, up to +500)").uncheck()
    page.get_by_role("button", name="Create the room").click()
    expect(page.locator("#quiz-title")).to_have_text("Fixed")


def test_another_browser_needs_the_host_token(tabs, expect, live):
    room = live.create_room(quiz=quiz_pack())  # made by a script: no browser holds the token
    host = tabs("host", "host")
    page = host.page
    page.goto(f"/host/{room['pin']}")
    expect(page.get_by_role("heading", name=f"This browser is not the host of room {room['pin']}")
           ).to_be_visible()
    assert page.get_by_role("button", name="Start the game").is_hidden()

    page.get_by_label("Host token").fill("not-the-right-token")
    page.get_by_role("button", name="Open the console").click()
    expect(page.locator("#token-error")).to_have_text(
        "That is not the host token of this room, or the room has closed.")

    page.get_by_label("Host token").fill(room["host_token"])
    page.get_by_role("button", name="Open the console").click()
    expect(page.locator("#pin")).to_have_text(room["pin"])
    expect(page.get_by_role("button", name="Start the game")).to_be_visible()

    page.reload()  # the tab keeps the pasted token
    expect(page.get_by_role("button", name="Start the game")).to_be_visible()

    # the results downloads go by the session, which only the creating browser has
    assert page.request.get(f"/host/{room['pin']}/results.csv").status == 403
    creator = tabs("host", "creator")
    creator.page.goto("/host")
    pin = create_room_in_ui(creator, quiz_pack())
    reply = creator.page.request.get(f"/host/{pin}/results.json")
    assert reply.status == 200 and reply.json()["phase"] == "lobby"
    assert page.request.get(f"/host/{pin}/results.json").status == 403
