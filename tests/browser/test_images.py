"""Pictures in a game, in Chromium: the projector shows the question's image large and
image choices as coloured tiles; phones show the image when the host turned that on.
Every view must fit a 1920x1080 and a 1280x720 projector without scrolling."""
from __future__ import annotations

import io
import json
import re
import time

import pytest
import requests
from PIL import Image, ImageDraw

from tests.browser.test_question_types import assert_fits, projector_shots

pytestmark = pytest.mark.live


def upload(base: str, colour, size=(1200, 800)) -> str:
    image = Image.new("RGB", size, colour)
    ImageDraw.Draw(image).ellipse((100, 100, size[0] - 100, size[1] - 100), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, "JPEG")
    reply = requests.post(f"{base}/api/media", files={"file": ("p.jpg", out.getvalue())},
                          timeout=30)
    assert reply.status_code == 201, reply.text
    return reply.json()["hash"]


def image_loaded(tab, selector: str) -> bool:
    """Every image ``selector`` finds has loaded (page.wait_for_function would be an eval
    the page's CSP refuses)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if tab.page.locator(selector).evaluate_all(
                "imgs => imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0)"):
            return True
        time.sleep(0.1)
    return False


def test_question_image_and_image_choices_on_projector_and_phone(tabs, live, shots, expect):
    red, blue, green, amber = (upload(live.url, c) for c in
                               ((200, 30, 30), (30, 60, 200), (30, 150, 60), (230, 160, 0)))
    pack = {"id": "pictures", "title": "Picture quiz", "questions": [
        {"type": "single", "text": "What colour is the background of this picture?",
         "image": red, "image_alt": "a white disc on red", "choices": ["Red", "Blue", "Green"],
         "answer": 0, "time_limit": 60},
        {"type": "single", "text": "Which picture is blue?", "answer": 1, "time_limit": 60,
         "choices": [{"image": red, "alt": "red picture"}, {"image": blue, "alt": "blue picture"},
                     {"image": green, "alt": "green picture"},
                     {"image": amber, "alt": "amber picture"}]},
    ]}
    host, screen, ada = tabs("host", "host"), tabs("screen", "projector"), tabs("phone", "ada")
    host.page.goto("/host")
    host.page.get_by_text("Flask Interview Warm-up").wait_for()
    host.page.get_by_label("Quiz pack file (.json)").set_input_files(files=[{
        "name": "pack.json", "mimeType": "application/json", "buffer": json.dumps(pack).encode()}])
    host.page.get_by_label("Show question pictures on players' phones too").check()
    host.page.get_by_role("button", name="Create the room").click()
    host.page.wait_for_url(re.compile(r"/host/[0-9]{6}$"))
    pin = host.page.url.rsplit("/", 1)[1]
    screen.page.goto(f"/screen/{pin}")
    ada.page.goto(f"/play/{pin}")
    ada.page.get_by_label("Nickname").fill("Ada")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(screen.page.locator("#names li")).to_have_text(["Ada"])

    host.page.get_by_role("button", name="Start the game").click()
    picture = screen.page.locator("#q-image img")
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("alt", "a white disc on red")
    assert image_loaded(screen, "#q-image img")  # same origin: the CSP lets it in
    assert picture.bounding_box()["height"] >= 300  # large on a 1080p projector
    projector_shots(screen, shots, "question-image")
    expect(ada.page.locator("#q-image img")).to_be_visible()
    assert image_loaded(ada, "#q-image img")
    assert_fits(ada, vertical=False)
    shots(ada, "question-image")
    ada.page.locator("#q-buttons").get_by_role("button", name="Red").click()
    expect(screen.page.locator("#r-chart")).to_contain_text("Red")

    host.page.get_by_role("button", name=re.compile("^Next")).click()
    tiles = screen.page.locator("#q-choices .tile img")
    expect(tiles).to_have_count(4)
    assert image_loaded(screen, "#q-choices .tile img")
    expect(screen.page.locator("#q-image")).to_be_hidden()
    projector_shots(screen, shots, "image-choices")
    expect(ada.page.locator("#q-buttons img")).to_have_count(4)
    shots(ada, "image-choices")
    ada.page.locator("#q-buttons").get_by_role("button", name="blue picture").click()
    expect(screen.page.locator("#r-chart")).to_contain_text("blue picture")
    projector_shots(screen, shots, "image-choices-reveal")


def test_phones_hide_the_question_image_unless_the_host_turns_it_on(tabs, live, expect):
    red = upload(live.url, (200, 30, 30), (300, 200))
    pack = {"id": "pictures", "title": "Picture quiz", "questions": [
        {"type": "single", "text": "Colour?", "image": red, "choices": ["Red", "Blue"],
         "answer": 0, "time_limit": 60}]}
    reply = requests.post(f"{live.url}/api/rooms", json={"quiz": pack, "settings": {"lead_in": 0}},
                          timeout=10).json()
    host, ada = tabs("host", "host"), tabs("phone", "ada")
    kept = host.context.request.post(f"{live.url}/api/rooms/{reply['pin']}/host",
                                     data={"host_token": reply["host_token"]})
    assert kept.status == 200  # the host's browser session now holds the room
    host.page.goto(f"/host/{reply['pin']}")
    ada.page.goto(f"/play/{reply['pin']}")
    ada.page.get_by_label("Nickname").fill("Ada")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    # the host starts once Ada is on the roster: a start before her join is refused
    expect(host.page.locator("#roster .roster-name")).to_have_text(["Ada"])
    host.page.get_by_role("button", name="Start the game").click()
    expect(ada.page.locator("#q-buttons")).to_be_visible()
    expect(ada.page.locator("#q-image")).to_be_hidden()
    expect(host.page.locator("#q-image img")).to_be_visible()  # the host console shows it
