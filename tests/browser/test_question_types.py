"""The four newer question types in real browsers: a slider, an order, a word cloud and
an info slide, answered on phones and revealed on the projector.

Ada guesses 70 % (the answer) by dragging and nudging the slider, Bao nudges it to
53 %; Ada taps the planets in the right order, Bao swaps the first two; both send
three words and the host hides one from the cloud; then a slide the host moves on from.
Every reveal is photographed at 1920x1080 and 1280x720, and must fit without scrolling.
"""
from __future__ import annotations

import json
import re

import pytest

from tests.browser.flows import create_room_in_ui, join
from tests.browser.layout import settle

pytestmark = pytest.mark.live

PLANETS = ["Mercury", "Venus", "Earth", "Mars"]


def types_pack() -> dict:
    return {
        "id": "question-types", "title": "Question types quiz",
        "questions": [
            {"type": "slider", "text": "What share of the Earth is covered by water?",
             "min": 0, "max": 100, "step": 1, "unit": "%", "answer": 70, "tolerance": 5,
             "time_limit": 90},
            # the pack lists the items in the right order; phones get them shuffled
            {"type": "order", "text": "Put the planets in order from the Sun",
             "choices": PLANETS, "time_limit": 90},
            {"type": "wordcloud", "text": "What do you snack on while you study?",
             "time_limit": 90},
            {"type": "info", "text": "Halftime!\nStretch your legs: the second half starts soon.",
             "time_limit": 90},
        ],
    }


def assert_fits(tab, vertical: bool = True) -> None:
    """Nothing sticks out of the window: a projector cannot scroll, a phone must not sideways."""
    settle(tab)  # measured once fit.js has fitted the view and entrances have ended
    width, height, inner_w, inner_h = tab.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
        " window.innerWidth, window.innerHeight]")
    assert width <= inner_w, f"{tab.name}: {width}px wide in a {inner_w}px window"
    if vertical:
        assert height <= inner_h, f"{tab.name}: {height}px tall in a {inner_h}px window"


def projector_shots(screen, shots, what: str) -> None:
    """The projector at 1920x1080, then at 1280x720 (an older beamer), then back."""
    assert_fits(screen)
    shots(screen, f"{what}-1920x1080")
    screen.page.set_viewport_size({"width": 1280, "height": 720})
    screen.page.wait_for_timeout(150)  # the word cloud fits itself again after a resize
    assert_fits(screen)
    shots(screen, f"{what}-1280x720")
    screen.page.set_viewport_size({"width": 1920, "height": 1080})


def slider_value(tab) -> int:
    return int(re.sub(r"\D", "", tab.page.locator("#q-slider-value").inner_text()))


def drag_slider(tab, fraction: float) -> None:
    """Press on the thumb (in the middle) and drag it with the mouse to `fraction` of the track."""
    box = tab.page.locator("#q-slider").bounding_box()
    y = box["y"] + box["height"] / 2
    tab.page.mouse.move(box["x"] + box["width"] / 2, y)
    tab.page.mouse.down()
    tab.page.mouse.move(box["x"] + box["width"] * fraction, y, steps=8)
    tab.page.mouse.up()


def nudge_to(tab, target: int) -> None:
    while (value := slider_value(tab)) != target:
        tab.page.get_by_role("button", name=re.compile("^More" if value < target else "^Less")).click()


def tap_in_order(tab, *labels: str) -> None:
    for label in labels:
        tab.page.locator("#q-order .order-pick", has_text=label).tap()


def touch_drag(tab, start: tuple, end: tuple, steps: int = 6) -> None:
    """A finger pressed at `start` and moved to `end`: real touch input through the
    DevTools protocol, so the page gets the pointer events of a touch screen."""
    cdp = tab.page.context.new_cdp_session(tab.page)
    def touch(kind, x, y):
        points = [] if kind == "touchEnd" else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
    touch("touchStart", *start)
    for i in range(1, steps + 1):
        touch("touchMove", start[0] + (end[0] - start[0]) * i / steps,
              start[1] + (end[1] - start[1]) * i / steps)
    touch("touchEnd", *end)
    cdp.detach()


def order_on_phone(tab) -> list[str]:
    return tab.page.locator("#q-order .tile-label").all_inner_texts()


def order_labels(tab):
    """The phone's list, to wait on: a tap's click (and a touch's pointer events) reach the
    page after Playwright's call has returned."""
    return tab.page.locator("#q-order .tile-label")


def send_words(tab, *words: str) -> None:
    for i, word in enumerate(words, start=1):
        tab.page.get_by_label(f"Word or phrase {i}").fill(word)
    tab.page.get_by_role("button", name="Send words").click()


def test_slider_order_wordcloud_and_info(tabs, shots, expect):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bao = tabs("phone", "ada"), tabs("phone", "bao")
    ada.page.set_viewport_size({"width": 390, "height": 844})
    bao.page.set_viewport_size({"width": 360, "height": 640})
    pin = create_room_in_ui(host, types_pack())
    screen.page.goto(f"/screen/{pin}")
    expect(screen.page.locator("#title")).to_have_text("Question types quiz")
    join(ada, pin, "Ada")
    join(bao, pin, "Bao")
    expect(screen.page.locator("#names li")).to_have_text(["Ada", "Bao"])

    # --- slider: drag with the mouse, then fine-tune with the buttons ----------------
    host.page.get_by_role("button", name="Start the game").click()
    expect(ada.page.locator("#q-slider-value")).to_have_text("50%")
    expect(screen.page.locator("#q-view")).to_contain_text("between 0% and 100%")
    drag_slider(ada, 0.72)
    dragged = slider_value(ada)
    assert 60 <= dragged <= 85, f"the drag left the slider at {dragged}"
    shots(ada, "slider-dragged")
    nudge_to(ada, 70)
    expect(ada.page.locator("#q-slider-value")).to_have_text("70%")
    for _ in range(3):
        bao.page.get_by_role("button", name="More (+1%)").click()
    expect(bao.page.locator("#q-slider-value")).to_have_text("53%")
    bao.page.get_by_role("button", name="Less (−1%)").click()
    bao.page.get_by_role("button", name="More (+1%)").click()
    shots(bao, "slider-360x640")
    assert_fits(ada, vertical=False)
    assert_fits(bao, vertical=False)
    shots(screen, "slider-question")
    ada.page.get_by_role("button", name="Send guess").click()
    expect(ada.page.locator("#q-status")).to_have_text("Answer sent! Waiting for the others…")
    bao.page.get_by_role("button", name="Send guess").click()

    answer = screen.page.locator(".hist-answer-label")
    expect(answer).to_have_text("✓ 70%")
    assert 10 <= screen.page.locator(".hist-bin").count() <= 20
    ada_bin = screen.page.locator('.hist-bin[aria-label^="70% to "]')
    bao_bin = screen.page.locator('.hist-bin[aria-label^="50% to "]')
    expect(ada_bin).to_have_attribute("aria-label", re.compile(r": 1 guess$"))
    expect(bao_bin).to_have_attribute("aria-label", re.compile(r": 1 guess$"))
    expect(ada_bin.locator(".hist-count")).to_have_text("1")
    expect(ada_bin).to_have_class(re.compile(r"\bis-correct\b"))  # inside the ±5 band
    expect(bao_bin).not_to_have_class(re.compile(r"\bis-correct\b"))
    expect(screen.page.locator(".histogram figcaption")).to_have_text(
        "Answer: 70% (±5% counts as right) · 2 guesses")
    # the answer line stands at 70 % of the axis
    plot = screen.page.locator(".hist-plot").bounding_box()
    line = screen.page.locator(".hist-answer").bounding_box()
    assert abs((line["x"] - plot["x"]) / plot["width"] - 0.70) < 0.02
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    expect(bao.page.locator("#res-title")).to_have_text("Wrong")
    expect(bao.page.locator("#res-correct")).to_have_text("The answer was 70%")
    projector_shots(screen, shots, "slider-reveal")
    shots(ada, "slider-result")

    # --- order: tap first to last (and a drag, undone) -------------------------------
    host.page.get_by_role("button", name="Next question").click()
    expect(ada.page.locator("#q-order .order-pick")).to_have_count(4)
    sent = order_on_phone(ada)
    assert sorted(sent) == sorted(PLANETS) and sent != PLANETS  # shuffled, never the answer
    assert order_on_phone(bao) == sent  # the same order on every phone
    expect(screen.page.locator("#q-choices li")).to_have_text(sent)
    send = ada.page.get_by_role("button", name="Send order")
    expect(send).to_be_disabled()
    # a finger dragging the last item's handle above the first puts it first and
    # completes the list
    grip = ada.page.locator("#q-order .order-handle").last.bounding_box()
    top = ada.page.locator("#q-order .order-item").first.bounding_box()
    touch_drag(ada, (grip["x"] + grip["width"] / 2, grip["y"] + grip["height"] / 2),
               (top["x"] + top["width"] / 2, top["y"] + 4))
    expect(order_labels(ada).first).to_have_text(sent[-1])
    expect(send).to_be_enabled()
    # "Start again" tapped the moment the drag ends: the browser once took the drag
    # for a fling and swallowed any tap for up to a second after it
    ada.page.get_by_role("button", name="Start again").tap()
    expect(send).to_be_disabled()
    expect(order_labels(ada)).to_have_text(sent)
    tap_in_order(ada, "Mercury", "Venus")
    expect(ada.page.locator("#q-order .is-placed .tile-label")).to_have_text(["Mercury", "Venus"])
    shots(ada, "order-half-placed")
    tap_in_order(ada, "Earth")  # Mars, the one left, can only go last
    expect(order_labels(ada)).to_have_text(PLANETS)
    expect(ada.page.locator("#q-order .order-pos")).to_have_text(["1", "2", "3", "4"])
    # taking one out and putting it back works from the keyboard too (Earth: Mars, put
    # last by the phone, goes back with it and comes back with it)
    ada.page.locator("#q-order .order-pick", has_text="Earth").focus()
    ada.page.keyboard.press("Enter")
    expect(send).to_be_disabled()
    expect(ada.page.locator("#q-order .is-placed .tile-label")).to_have_text(["Mercury", "Venus"])
    ada.page.keyboard.press("Enter")
    expect(send).to_be_enabled()
    expect(order_labels(ada)).to_have_text(PLANETS)
    shots(ada, "order-placed")
    assert_fits(ada, vertical=False)
    send.click()
    tap_in_order(bao, "Venus", "Mercury", "Earth")
    expect(order_labels(bao)).to_have_text(["Venus", "Mercury", "Earth", "Mars"])
    expect(bao.page.get_by_role("button", name="Send order")).to_be_enabled()
    assert_fits(bao, vertical=False)
    shots(bao, "order-360x640")
    bao.page.get_by_role("button", name="Send order").click()

    expect(screen.page.locator("#order-exact")).to_have_text("1 of 2 got the exact order")
    expect(screen.page.locator(".order-reveal .tile-label")).to_have_text(PLANETS)
    # right in place: Mercury and Venus only Ada, Earth and Mars both
    expect(screen.page.locator(".order-reveal .bar-count")).to_have_text(["1", "1", "2", "2"])
    expect(ada.page.locator("#res-title")).to_have_text("Correct!")
    expect(bao.page.locator("#res-correct")).to_have_text(
        "The right order: Mercury → Venus → Earth → Mars")
    projector_shots(screen, shots, "order-reveal")

    # --- word cloud: three words each; the host hides one -----------------------------
    host.page.get_by_role("button", name="Next question").click()
    expect(ada.page.get_by_label("Word or phrase 1")).to_be_focused()
    send_words(ada, "Pizza", "dark  chocolate", "Coffee")
    send_words(bao, "PIZZA", "coffee", "Tea")
    expect(bao.page.locator("#res-title")).to_have_text("Thanks for your words")
    cloud = screen.page.locator("#cloud")
    expect(cloud.locator(".cloud-item")).to_have_count(4)
    expect(cloud.locator('[data-word="pizza"] .cloud-count')).to_have_text("2")
    expect(cloud.locator('[data-word="coffee"] .cloud-count')).to_have_text("2")
    expect(cloud.locator('[data-word="dark chocolate"] .cloud-count')).to_have_text("1")
    expect(cloud.locator('[data-word="tea"]')).to_have_count(1)
    big = cloud.locator('[data-word="pizza"]').evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    small = cloud.locator('[data-word="tea"]').evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert big > small * 1.2, "a word sent more often is drawn bigger"
    projector_shots(screen, shots, "wordcloud-reveal")
    shots(host, "wordcloud-console")
    host.page.get_by_role("button", name=re.compile(r"^tea\s*1 \(1 player\): hide$")).click()
    expect(cloud.locator('[data-word="tea"]')).to_have_count(0)
    expect(cloud.locator(".cloud-item")).to_have_count(3)
    expect(host.page.locator('#r-chart [data-word="tea"]')).to_have_count(0)
    screen.page.reload()  # the snapshot keeps it hidden
    expect(screen.page.locator('#cloud [data-word="pizza"]')).to_be_visible()
    expect(screen.page.locator('#cloud [data-word="tea"]')).to_have_count(0)
    shots(screen, "wordcloud-after-hide")

    # --- info slide: phones say look up; the host moves on -----------------------------
    host.page.get_by_role("button", name="Next question").click()
    for phone in (ada, bao):
        expect(phone.page.locator("#q-look-up")).to_contain_text("Look up")
    expect(screen.page.locator("#q-text")).to_have_text(re.compile(r"^Halftime!\s+Stretch your legs"))
    projector_shots(screen, shots, "info-slide")
    shots(ada, "info-phone")
    host.page.get_by_role("button", name="Done reading: move on").click()
    expect(screen.page.locator("#r-chart")).to_have_text("An info slide: there were no answers.")
    for phone in (ada, bao):  # nothing to answer, so nothing was missed
        expect(phone.page.locator("#res-title")).to_have_text("Look up at the screen")
        expect(phone.page.locator("#res-points")).to_have_text("")
    host.page.get_by_role("button", name="Show the podium").click()
    expect(screen.page.locator("#podium .step-first .step-name")).to_have_text("Ada")


def test_a_room_that_hides_typed_answers_shows_no_word_cloud(tabs, expect):
    host, screen, ada = tabs("host", "host"), tabs("screen", "projector"), tabs("phone", "ada")
    pack = {"id": "quiet-room", "title": "Quiet room", "questions": [
        {"type": "wordcloud", "text": "Say anything", "time_limit": 60}]}
    host.page.goto("/host")
    host.page.get_by_text("Flask Interview Warm-up").wait_for()
    host.page.get_by_label("Quiz pack file (.json)").set_input_files(files=[{
        "name": "pack.json", "mimeType": "application/json", "buffer": json.dumps(pack).encode()}])
    host.page.get_by_label("Show typed answers and word clouds on the screens").uncheck()
    host.page.get_by_role("button", name="Create the room").click()
    host.page.wait_for_url(re.compile(r"/host/[0-9]{6}$"))
    pin = host.page.url.rsplit("/", 1)[1]
    screen.page.goto(f"/screen/{pin}")
    join(ada, pin, "Ada")
    expect(screen.page.locator("#names li")).to_have_text(["Ada"])
    host.page.get_by_role("button", name="Start the game").click()
    send_words(ada, "secret", "words")
    expect(screen.page.locator("#r-chart")).to_have_text("No words to show.")
    expect(host.page.locator("#r-chart")).to_contain_text("No words to show.")
    expect(screen.page.get_by_text("secret")).to_have_count(0)
