"""The longest game the pack validator accepts, on every screen at once: question text of
300 characters, six choices of 120, explanations of 500, ten accepted answers, eight
typed answers of 100 characters, nicknames of 20 letters without a space.

The projector shows every view at 1920x1080 and 1280x720, the host console runs the game
at 1366x768, and a small phone (360x640) joins and answers one question; every view must
fit its window with nothing outside it or on top of anything else, and axe-core finds no
serious or critical violation on any page in any phase. Screenshots of every view go to
test-artifacts/screenshots/.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.flows import create_room_in_ui
from tests.browser.layout import AXE_REPORT, Audit, layout_problems, settle
from tests.live import Client

pytestmark = pytest.mark.live

WORDS = ("projector beamer classroom question answer leaderboard meetup study group quiz "
         "chemistry history geography astronomy literature").split()


def prose(length: int, seed: int = 0) -> str:
    """Readable words up to exactly ``length`` characters: wraps like a real question."""
    out, i = "", seed
    while len(out) < length:
        out += WORDS[i % len(WORDS)] + " "
        i += 3
    return out[:length - 1].rstrip() + "?" if length > 1 else "?"


def choices(n: int = 6) -> list[str]:
    return [prose(120, seed=i) for i in range(n)]


def longest_pack() -> dict:
    q = lambda kind, **rest: {"type": kind, "text": prose(300), "time_limit": 600,  # noqa: E731
                              "explanation": prose(500, seed=7), **rest}
    info = {"type": "info", "text": "Halftime " + prose(120) + "\n" + prose(170, seed=2),
            "time_limit": 600}
    return {"id": "longest", "title": prose(120, seed=4), "questions": [
        q("single", choices=choices(), answer=1),
        q("multi", choices=choices(), answer=[0, 2, 4]),
        q("truefalse", answer=0),
        q("text", answer=[prose(120, seed=i) for i in range(10)], fuzzy=True),
        q("poll", choices=choices(), answer=None),
        q("slider", min=-1000000, max=1000000, step=20, unit="kilometres/h", answer=654320,
          tolerance=1000),
        q("order", choices=choices()),
        q("wordcloud"),
        info,
    ]}


# the send bar of a question that scrolls stays on screen, over the choices
STICKY = re.compile(r'#q-submit|#q-order-send|"Start again"')
NICKNAMES = [f"Maximilianaxyzwq{i:04d}" for i in range(10)]  # 20 letters, no space


def answer_for(kind: str, q: dict, i: int):
    return {"single": i % 6, "multi": [i % 6, (i + 1) % 6], "truefalse": i % 2,
            "text": prose(100, seed=i), "poll": i % 6, "slider": -1000000 + i * 210000,
            "order": list(range(len(q.get("choices", []))))[::-1 if i % 2 else 1],
            "wordcloud": [f"{'w' * 30}{i:02d}{k}"[:40] for k in range(3)]}.get(kind)


def on_question(tab, index: int) -> None:
    tab.page.wait_for_function(
        "(n) => document.getElementById('q-counter').textContent.startsWith(`Question ${n} `)",
        arg=index + 1)


def test_every_view_fits_every_screen_at_the_longest_the_packs_allow(tabs, live, shots):
    audit = Audit()
    problems: list[str] = []
    host = tabs("laptop", "host")

    def check(tab, what: str, scroll: bool = False) -> None:
        settle(tab)
        problems.extend(f"{what}: {p}" for p in layout_problems(tab, scroll=scroll))
        shots(tab, what)

    def projector(what: str) -> None:
        for width, height in ((1920, 1080), (1280, 720)):
            screen.page.set_viewport_size({"width": width, "height": height})
            check(screen, f"{what}-{width}x{height}")

    host.page.goto("/")
    audit.run(host, "index")
    pin = create_room_in_ui(host, longest_pack())
    host.page.goto(f"/host")  # the setup page once more, for its audit and its picture
    host.page.get_by_text("Flask Interview Warm-up").wait_for()
    check(host, "setup-1366x768", scroll=True)
    create = host.page.get_by_role("button", name="Create the room").bounding_box()
    assert create["y"] + create["height"] <= 768, "'Create the room' is below the fold"
    audit.run(host, "host setup")
    host.page.goto(f"/host/{pin}")

    screen = tabs("screen", "screen")
    screen.page.goto(f"/screen/{pin}")
    phone = tabs("small-phone", "phone")
    phone.page.goto(f"/play/{pin}")
    audit.run(phone, "phone join")
    phone.page.get_by_label("Nickname").fill("Wolfgangxyzabcdefghi")
    phone.page.get_by_role("button", name="Join", exact=True).click()
    players = []
    try:
        for nickname in NICKNAMES:
            client = Client(live.url)
            players.append(client)
            assert client.join(pin, nickname)["ok"]
        screen.page.locator("#names .name-chip").nth(10).wait_for()
        host.page.locator("#roster .roster-item").nth(10).wait_for()
        projector("lobby")
        audit.run(screen, "projector lobby")
        check(host, "host-lobby", scroll=True)
        audit.run(host, "host lobby")

        host.page.get_by_role("button", name="Start the game").click()
        pack = longest_pack()["questions"]
        for index, q in enumerate(pack):
            kind = q["type"]
            screen.page.locator("#question:not([hidden])").wait_for()
            on_question(screen, index)
            on_question(host, index)
            projector(f"{kind}-question")
            check(host, f"{kind}-host-question")
            if index == 0:
                audit.run(screen, "projector question")
                audit.run(host, "host question")
            if kind in ("multi", "order"):
                phone.page.locator("#question:not([hidden])").wait_for()
                on_question(phone, index)
                # the longest question scrolls on a phone; its send button stays in view
                # over the choices
                settle(phone)
                problems.extend(p for p in layout_problems(phone, scroll=True)
                                if not STICKY.search(p))
                shots(phone, f"{kind}-phone-question-360x640")
                send = phone.page.get_by_role("button", name="Send answer" if kind == "multi"
                                              else "Send order")
                box = send.bounding_box()
                assert box and box["y"] + box["height"] <= 640, f"{kind}: send is off screen"
                if kind == "multi":
                    audit.run(phone, "phone question")
                    phone.page.set_viewport_size({"width": 390, "height": 844})
                    settle(phone)
                    problems.extend(p for p in layout_problems(phone, scroll=True)
                                    if not STICKY.search(p))
                    shots(phone, f"{kind}-phone-question-390x844")
                    phone.page.set_viewport_size({"width": 360, "height": 640})
                    for label in q["choices"][:2]:
                        phone.page.locator("#q-buttons").get_by_role("button", name=label).click()
                    send.click()
            sent = q.get("choices") and players[0].of("question:start")[-1].get("choices")
            for i, client in enumerate(players):
                answer = answer_for(kind, {"choices": sent or []}, i)
                if answer is not None:
                    client.call("player:answer", {"index": index, "answer": answer})
            try:  # everybody answered: the question closes by itself
                host.page.locator("#reveal:not([hidden])").wait_for(timeout=2000)
            except Exception:  # noqa: BLE001 - a playwright timeout: the host ends it
                host.page.locator("#next").click()
            screen.page.locator("#reveal:not([hidden])").wait_for()
            if kind != "info" and kind != "wordcloud":
                screen.page.locator("#r-board .board-row").nth(9).wait_for()
            host.page.locator("#reveal:not([hidden])").wait_for()
            projector(f"{kind}-reveal")
            check(host, f"{kind}-host-reveal")
            if index == 0:
                audit.run(screen, "projector reveal")
                audit.run(host, "host reveal")
            if kind in ("single", "multi"):
                phone.page.locator("#result:not([hidden])").wait_for()
                check(phone, f"{kind}-phone-result-360x640")
                if kind == "single":
                    audit.run(phone, "phone result")
            host.page.locator("#next").click()

        screen.page.locator("#finished:not([hidden])").wait_for()
        # third, second, first: measured and audited once the last has risen, not while
        # one fades in (a busy machine's timers put a step's entrance under the audit)
        screen.page.locator('#podium[data-stage="done"]').wait_for(timeout=20_000)
        projector("podium")
        audit.run(screen, "projector podium")
        host.page.locator("#finished:not([hidden])").wait_for()
        check(host, "host-podium", scroll=True)
        audit.run(host, "host podium")
        phone.page.locator("#finished:not([hidden])").wait_for()
        check(phone, "phone-final-360x640")
        audit.run(phone, "phone final")
        host.expect_console_error(r"status of 404")
        host.page.goto("/screen/000000")
        check(host, "error-page", scroll=True)
        audit.run(host, "error page")
    finally:
        for client in players:
            client.close()
        audit.save()
        (AXE_REPORT.parent / "layout-problems.txt").write_text("\n".join(problems), encoding="utf-8")
    assert not problems, "\n".join(problems)
    assert not audit.serious(), "\n".join(audit.serious())
