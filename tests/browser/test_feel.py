"""The game-show feel in real browsers: the phone's full-screen results, points
counting up, places gained, streak flames, the final screen, the projector's
podium revealed place by place, sound that waits for a click and read aloud.

The host and the extra players are real Socket.IO clients (tests/live.py): the
browsers are the phones and the projector under test.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.flows import join, tap
from tests.live import Client

pytestmark = pytest.mark.live

PHONE_SMALL = {"width": 360, "height": 640}
PHONE_TALL = {"width": 390, "height": 844}
PROJECTOR_SIZES = ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720})

# records the order in which the podium's steps come out (a DOM observer, no page code)
PODIUM_WATCH = """
window.__podium = [];
new MutationObserver((changes) => {
  for (const c of changes) {
    const step = c.target;
    if (c.attributeName !== 'class' || !step.classList || !step.classList.contains('step')
        || !step.classList.contains('is-shown')) continue;
    const place = step.className.match(/step-(first|second|third)/)[1];
    if (!window.__podium.includes(place)) window.__podium.push(place);
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
"""
# what the counting twin of the points line shows, number by number
COUNT_WATCH = """
window.__counts = [];
window.__twinShown = false;
new MutationObserver(() => {
  const twin = document.getElementById('res-points-count');
  if (!twin || twin.hidden) return;
  window.__twinShown = true;
  const n = parseInt(twin.textContent.replace(/[^0-9-]/g, ''), 10);
  if (window.__counts[window.__counts.length - 1] !== n) window.__counts.push(n);
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
"""
# counts AudioContexts the page makes: the browser's constructor, wrapped
AUDIO_WATCH = """
window.__contexts = 0;
const Real = window.AudioContext;
window.AudioContext = class extends Real { constructor(...a) { super(...a); window.__contexts += 1; } };
"""
# the browser's speech synthesis, recording what it is asked to say
SPEECH_STUB = """
window.__spoken = [];
speechSynthesis.speak = (u) => window.__spoken.push(u.text);
speechSynthesis.cancel = () => {};
"""


def choice_q(text, choices, answer, **extra):
    return {"type": "single", "text": text, "choices": choices, "answer": answer,
            "time_limit": 30, **extra}


def feel_pack() -> dict:
    return {"id": "feel", "title": "Feel quiz", "description": "for the feel tests", "questions": [
        choice_q("Which planet is called the Red Planet?", ["Venus", "Mars", "Jupiter", "Saturn"], 1),
        # double points: a right answer here outscores any single-point one
        choice_q("Which gas do plants take in?", ["Oxygen", "Carbon dioxide", "Helium"], 1,
                 points="double"),
        choice_q("How many legs has a spider?", ["Six", "Eight"], 1),
        {"type": "poll", "text": "Best snack?", "choices": ["Crisps", "Fruit"], "answer": None,
         "time_limit": 30},
    ]}


class Host:
    """The host, as a socket client: starts, moves on, ends."""

    def __init__(self, live, pack):
        room = live.create_room(quiz=pack)
        self.pin = room["pin"]
        self.client = Client(live.url)
        assert self.client.call("host:attach", {"pin": self.pin, "host_token": room["host_token"]})["ok"]

    def next(self, move="host:next"):
        """Move on from what the host has seen: the open question, or its reveal."""
        payload = {"pin": self.pin}
        if move != "host:start":
            index = self.client.of("question:start")[-1]["index"]
            ended = any(e["index"] == index for e in self.client.of("question:end"))
            payload.update(index=index, phase="reveal" if ended else "question")
        ack = self.client.call(move, payload)
        assert ack == {"ok": True}, ack

    def wait_question(self, index):
        self.client.wait_for("question:start", where=lambda q: q["index"] == index)

    def wait_end(self, index):
        self.client.wait_for("question:end", where=lambda e: e["index"] == index, timeout=15)


def bot(live, pin, name):
    client = Client(live.url)
    assert client.call("player:join", {"pin": pin, "nickname": name})["ok"]
    return client


def settled(tab):
    """Wait for the page's animations that end, so a screenshot shows where they land."""
    tab.page.evaluate("""() => Promise.all(document.getAnimations()
        .filter((a) => a.effect.getTiming().iterations !== Infinity).map((a) => a.finished))""")
    return tab


def result_of(tab, expect, title):
    page = tab.page
    expect(page.locator("#result")).to_be_visible()
    expect(page.locator("#res-title")).to_have_text(title)
    return page.locator("#result").get_attribute("data-outcome")


def points_settle(tab, expect):
    """The points stop counting on exactly what the question earned."""
    page = tab.page
    final = int(page.locator("#res-points").get_attribute("data-value"))
    expect(page.locator("#res-points-count")).to_be_hidden()
    expect(page.locator("#res-points")).to_have_text(f"+{final} points")
    expect(page.locator("#res-points")).not_to_have_class(re.compile(r"\bfx-counted\b"))
    return final


def test_phone_results_podium_and_final_screens(tabs, live, shots, expect):
    host = Host(live, feel_pack())
    screen = tabs("screen", "projector", PODIUM_WATCH)
    ada, bao = tabs("phone", "ada", COUNT_WATCH), tabs("phone", "bao")
    screen.page.goto(f"/screen/{host.pin}")
    expect(screen.page.locator("#pin")).to_have_text(host.pin)
    join(ada, host.pin, "Ada")
    join(bao, host.pin, "Bao")
    for phone in (ada, bao):
        expect(phone.page.get_by_text("You're in!")).to_be_visible()
    dee = bot(live, host.pin, "Dee")
    expect(screen.page.locator("#names .fx-pop")).to_have_count(1)  # the latest join pops in
    try:
        # Q1: Ada right, Dee right (later), Bao does not answer: "No answer", never "Wrong"
        host.next("host:start")
        tap(ada, "Mars")
        expect(ada.page.locator("#q-status")).to_contain_text("Answer sent")
        assert dee.call("player:answer", {"index": 0, "answer": 1})["ok"]
        host.next()
        assert result_of(ada, expect, "Correct!") == "right"
        ada_q1 = points_settle(ada, expect)
        assert ada_q1 == int(ada.page.locator("#me-score").inner_text()) > 0
        counts = ada.page.evaluate("window.__counts")
        assert counts[-1] == ada_q1 and len(counts) >= 3 and counts == sorted(counts), counts
        assert result_of(bao, expect, "No answer") == "none"
        expect(bao.page.locator("#res-points")).to_have_text("Time's up!")
        expect(bao.page.locator("#res-rank")).to_have_text("3rd of 3")
        expect(ada.page.locator("#res-move")).to_be_hidden()  # nothing to compare with yet
        expect(ada.page.locator("#res-flame")).to_be_hidden()  # one right is not a streak
        for size in (PHONE_TALL, PHONE_SMALL):
            ada.page.set_viewport_size(size)
            bao.page.set_viewport_size(size)
            shots(settled(ada), f"result-right-{size['width']}")
            shots(settled(bao), f"result-no-answer-{size['width']}")

        # Q2 (double points): Ada and Bao right, Dee wrong: Bao climbs from 3rd to 2nd
        host.next()
        host.wait_question(1)
        tap(bao, "Carbon dioxide")
        expect(bao.page.locator("#q-status")).to_contain_text("Answer sent")
        tap(ada, "Carbon dioxide")
        assert dee.call("player:answer", {"index": 1, "answer": 0})["ok"]
        assert result_of(bao, expect, "Correct!") == "right"
        expect(bao.page.locator("#res-rank")).to_have_text("2nd of 3")
        expect(bao.page.locator("#res-move")).to_have_text("Up 1 place")
        expect(bao.page.locator("#res-move")).to_have_class(re.compile(r"\bfx-move-up\b"))
        result_of(ada, expect, "Correct!")
        expect(ada.page.locator("#res-flame")).to_have_text("2 in a row!")
        expect(ada.page.locator("#res-move")).to_have_text("Still 1st")
        ada_q2 = points_settle(ada, expect)
        assert ada_q1 + ada_q2 == int(ada.page.locator("#me-score").inner_text())
        # the projector's leaderboard shows Ada's run beside her name
        ada_row = screen.page.locator("#r-board .board-row", has_text="Ada")
        expect(ada_row.locator(".fx-streak-badge")).to_have_text("2 right in a row")
        expect(screen.page.locator("#r-board .fx-streak-badge")).to_have_count(1)
        bao.page.set_viewport_size(PHONE_TALL)
        shots(settled(bao), "result-up-a-place-390")
        shots(settled(ada), "result-streak-390")
        shots(settled(screen), "reveal-streaks-1920")

        # Q3: Ada wrong; a reload on the result screen still says how it went
        host.next()
        host.wait_question(2)
        tap(ada, "Six")
        tap(bao, "Eight")
        assert dee.call("player:answer", {"index": 2, "answer": 1})["ok"]
        assert result_of(ada, expect, "Wrong") == "wrong"
        expect(ada.page.locator("#res-points")).to_have_text("No points")
        expect(ada.page.locator("#res-flame")).to_be_hidden()
        expect(ada.page.locator("#res-mark svg")).to_have_count(1)  # an icon, not colour alone
        shots(settled(ada), "result-wrong-360")
        bao.page.reload()
        assert result_of(bao, expect, "Correct!") == "right"
        expect(bao.page.locator("#res-move")).to_be_visible()  # the last rank survived

        # Q4, a poll: nobody is right or wrong
        host.next()
        host.wait_question(3)
        tap(ada, "Fruit")
        tap(bao, "Crisps")
        assert dee.call("player:answer", {"index": 3, "answer": 0})["ok"]
        assert result_of(ada, expect, "Thanks for voting") == "unscored"
        expect(ada.page.locator("body")).to_have_css("background-color", "rgb(75, 43, 179)")
        shots(settled(ada), "result-poll-360")

        # the end: the podium comes out third, second, first; phones say where they finished
        host.next()
        expect(screen.page.locator("#finished")).to_be_visible()
        expect(screen.page.locator("#podium")).to_have_attribute("data-stage", "done", timeout=15_000)
        assert screen.page.evaluate("window.__podium") == ["third", "second", "first"]
        expect(screen.page.locator("#podium .step.is-shown")).to_have_count(3)
        for size in PROJECTOR_SIZES:
            screen.page.set_viewport_size(size)
            shots(settled(screen), f"podium-{size['width']}")
        for phone in (ada, bao):
            expect(phone.page.locator("#fin-rank")).to_have_text(re.compile(r"^You finished \d+\w\w of 3$"))
            place = phone.page.locator("#fin-rank").inner_text().split()[2]
            expect(phone.page.locator("#fin-place")).to_have_text(place)
            expect(phone.page.locator("#fin-next")).to_contain_text("big screen")
            score = phone.page.locator("#me-score").inner_text()
            expect(phone.page.locator("#fin-score")).to_have_text(f"Final score: {score} points")
        ada.page.set_viewport_size(PHONE_TALL)
        bao.page.set_viewport_size(PHONE_SMALL)
        shots(settled(ada), "final-390")
        shots(settled(bao), "final-360")
    finally:
        dee.close()
        host.client.close()


def test_reduced_motion_shows_the_podium_and_points_at_once(tabs, live, shots, expect):
    host = Host(live, feel_pack())
    screen = tabs("screen", "projector", PODIUM_WATCH)
    ada = tabs("phone", "ada", COUNT_WATCH)
    for tab in (screen, ada):
        tab.page.emulate_media(reduced_motion="reduce")
    screen.page.goto(f"/screen/{host.pin}")
    expect(screen.page.locator("#pin")).to_have_text(host.pin)
    join(ada, host.pin, "Ada")
    expect(ada.page.get_by_text("You're in!")).to_be_visible()
    bots = [bot(live, host.pin, name) for name in ("Bo", "Cy", "Di", "Ed")]
    try:
        host.next("host:start")
        tap(ada, "Mars")
        for i, client in enumerate(bots):
            assert client.call("player:answer", {"index": 0, "answer": i % 4})["ok"]
        result_of(ada, expect, "Correct!")
        # the points are final at once: nothing counts
        final = ada.page.locator("#res-points").get_attribute("data-value")
        expect(ada.page.locator("#res-points")).to_have_text(f"+{final} points")
        assert ada.page.evaluate("window.__twinShown") is False
        expect(ada.page.locator("#res-points")).not_to_have_class(re.compile(r"\bfx-counted\b"))
        assert ada.page.evaluate("getComputedStyle(document.querySelector('.fx-mark')).animationName") == "none"
        host.next("host:end")
        expect(screen.page.locator("#finished")).to_be_visible()
        # no waiting for third, second, first: the whole podium is there at once
        assert screen.page.locator("#podium .step.is-shown").count() == 3
        assert screen.page.get_attribute("#podium", "data-stage") == "done"
        assert sorted(screen.page.evaluate("window.__podium")) == ["first", "second", "third"]
        # and the places after the podium, at once too
        expect(screen.page.locator("#standings .board-row")).to_have_count(2)
        assert screen.page.locator("#standings .board-rank").all_inner_texts()[0] in ("2nd", "3rd", "4th")
        for size in PROJECTOR_SIZES:
            screen.page.set_viewport_size(size)
            shots(settled(screen), f"podium-and-standings-{size['width']}")
    finally:
        for client in (*bots, host.client):
            client.close()


def test_sound_waits_for_the_toggle_and_is_remembered(tabs, live, expect):
    host = Host(live, feel_pack())
    screen = tabs("screen", "projector", AUDIO_WATCH)
    phone = tabs("phone", "ada", AUDIO_WATCH)
    page = screen.page
    page.goto(f"/screen/{host.pin}")
    expect(page.locator("#pin")).to_have_text(host.pin)
    toggle = page.get_by_role("button", name=re.compile("^Sound"))
    expect(toggle).to_have_text("Sound off")
    assert page.evaluate("[document.body.dataset.sound, document.body.dataset.audio, window.__contexts]") \
        == ["off", "none", 0]
    toggle.click()
    expect(toggle).to_have_text("Sound on")
    expect(page.locator("body")).to_have_attribute("data-audio", "running")
    expect(page.locator("body")).to_have_attribute("data-music", "playing")  # the lobby's tune
    assert page.evaluate("window.__contexts") == 1
    client = bot(live, host.pin, "Bo")
    try:
        expect(page.locator("body")).to_have_attribute("data-cue", "pop")  # a join makes a sound
        page.reload()
        expect(page.get_by_role("button", name=re.compile("^Sound"))).to_contain_text("Sound on")
        assert page.evaluate("document.body.dataset.sound") == "on"
        page.get_by_role("button", name=re.compile("^Sound")).click()
        expect(page.locator("body")).to_have_attribute("data-sound", "off")
        page.reload()
        expect(page.get_by_role("button", name=re.compile("^Sound"))).to_have_text("Sound off")
        assert page.evaluate("window.__contexts") == 0

        # a phone stays silent unless its player turns sound on
        join(phone, host.pin, "Ada")
        expect(phone.page.get_by_text("You're in!")).to_be_visible()
        expect(phone.page.get_by_role("button", name=re.compile("^Sound"))).to_have_text("Sound off")
        assert phone.page.evaluate("window.__contexts") == 0
    finally:
        client.close()
        host.client.close()


def test_read_aloud_speaks_the_question_and_its_choices(tabs, live, shots, expect):
    host = Host(live, feel_pack())
    reader = tabs("phone", "reader", SPEECH_STUB)
    mute = tabs("phone", "mute", "window.SpeechSynthesisUtterance = undefined;")
    join(reader, host.pin, "Reader")
    join(mute, host.pin, "Mute")
    for tab in (reader, mute):
        expect(tab.page.get_by_text("You're in!")).to_be_visible()
    try:
        host.next("host:start")
        expect(reader.page.locator("#q-text")).to_have_text("Which planet is called the Red Planet?")
        reader.page.set_viewport_size(PHONE_SMALL)
        shots(settled(reader), "question-read-aloud-360")
        # beside the question number, not a line of its own on a small phone
        button = reader.page.get_by_role("button", name="Read aloud").bounding_box()
        counter = reader.page.locator("#q-counter").bounding_box()
        assert abs(button["y"] + button["height"] / 2 - (counter["y"] + counter["height"] / 2)) < 12
        reader.page.get_by_role("button", name="Read aloud").click()
        spoken = reader.page.evaluate("window.__spoken")
        assert len(spoken) == 1
        assert spoken[0].startswith("Which planet is called the Red Planet?")
        for choice in ("triangle: Venus.", "diamond: Mars.", "circle: Jupiter.", "square: Saturn."):
            assert choice in spoken[0]
        # a browser that cannot speak offers no button
        expect(mute.page.locator("#q-text")).to_be_visible()
        expect(mute.page.get_by_role("button", name="Read aloud")).to_have_count(0)
    finally:
        host.client.close()
