"""A season league in real browsers: two games, the same two players, one of whom
moves to a new phone with the recovery code between them; the table adds up."""
from __future__ import annotations

import json
import re

import pytest

from tests.browser.flows import join, pick_and_send, tap

pytestmark = pytest.mark.live

PACK = {"id": "league-test", "title": "League night", "questions": [
    {"type": "single", "text": "Which planet is called the Red Planet?",
     "choices": ["Venus", "Mars"], "answer": 1, "time_limit": 20},
    {"type": "truefalse", "text": "The Pacific is the largest ocean on Earth.",
     "answer": 0, "time_limit": 20}]}


def create_league_in_ui(host, expect, name: str) -> str:
    host.page.goto("/leagues")
    host.page.get_by_label("New league").fill(name)
    host.page.get_by_role("button", name="Create").click()
    link = host.page.locator(".league-link", has_text=name)
    expect(link).to_be_visible()
    return link.get_attribute("href").rsplit("/", 1)[1]


def create_room_in_league(host, league_name: str) -> str:
    page = host.page
    page.goto("/host")
    page.get_by_text("Flask Interview Warm-up").wait_for()
    page.get_by_label("Quiz pack file (.json)").set_input_files(files=[{
        "name": "pack.json", "mimeType": "application/json",
        "buffer": json.dumps(PACK).encode()}])
    page.locator("#opt-league option", has_text=league_name).wait_for(state="attached")
    page.get_by_label("Season league").select_option(label=league_name)
    page.get_by_role("button", name="Create the room").click()
    page.wait_for_url(re.compile(r"/host/[0-9]{6}$"))
    return page.url.rsplit("/", 1)[1]


def join_as_known(tab, expect, pin: str, nickname: str) -> None:
    tab.page.goto(f"/play/{pin}")
    expect(tab.page.locator("#join-known")).to_contain_text(f"Playing as {nickname}")
    tab.page.get_by_role("button", name="Join", exact=True).click()


def play_game(host, expect, pin, phones_and_answers) -> dict:
    """Each phone answers (its first, its second) question; the host's results after."""
    for phone, _ in phones_and_answers:
        expect(phone.page.get_by_text("You're in!")).to_be_visible()
    host.page.get_by_role("button", name="Start the game").click()
    for phone, (first, _) in phones_and_answers:
        tap(phone, first)
    host.page.get_by_role("button", name="Next question").click()
    for phone, (_, second) in phones_and_answers:
        tap(phone, second)
    host.page.get_by_role("button", name="Show the podium").click()
    expect(host.page.locator("#podium, .podium").first).to_be_visible()
    report = host.page.request.get(f"/host/{pin}/results.json").json()
    assert report["phase"] == "finished"
    return {p["nickname"]: p["score"] for p in report["players"]}


def test_a_league_of_two_games_adds_up(tabs, shots, expect, live):
    host, screen = tabs("host", "host"), tabs("screen", "projector")
    ada, bao = tabs("phone", "ada"), tabs("phone", "bao")
    league = create_league_in_ui(host, expect, "Thursday study group")

    pin1 = create_room_in_league(host, "Thursday study group")
    join(ada, pin1, "Ada")
    join(bao, pin1, "Bao")
    expect(bao.page.locator("#league-code")).to_have_text(re.compile(r"^[A-Z2-9]{8}$"))
    code = bao.page.locator("#league-code").inner_text()
    first = play_game(host, expect, pin1, [(ada, ("Mars", "True")), (bao, ("Venus", "True"))])

    # Bao's new phone: the recovery code brings the league identity over
    new_bao = tabs("phone", "bao-new-phone")
    new_bao.page.goto(f"/leagues/{league}/recover")
    new_bao.page.get_by_label("Recovery code").fill(code.lower())
    new_bao.page.get_by_role("button", name="Move my identity here").click()
    expect(new_bao.page.locator("#recovered-name")).to_have_text("Bao")
    assert new_bao.page.locator("#recovered-code").inner_text() != code

    pin2 = create_room_in_league(host, "Thursday study group")
    # both phones are known to the league now: no nickname to type, one tap to join
    join_as_known(ada, expect, pin2, "Ada")
    join_as_known(new_bao, expect, pin2, "Bao")
    expect(ada.page.locator("#league-note")).to_be_visible()
    expect(ada.page.locator("#league-code-line")).to_be_hidden()  # a known member: no new code
    expect(new_bao.page.locator("#league-code-line")).to_be_hidden()
    # someone else cannot take a league nickname, even in a look-alike spelling
    intruder = tabs("phone", "intruder")
    intruder.expect_console_error(r".*")
    join(intruder, pin2, "BAO")
    expect(intruder.page.get_by_text(re.compile("another player of this league")).first).to_be_visible()
    second = play_game(host, expect, pin2, [(ada, ("Venus", "False")), (new_bao, ("Mars", "True"))])

    table = host.page.request.get(f"/api/leagues/{league}/table").json()
    rows = {row["nickname"]: row for row in table["rows"]}
    assert set(rows) == {"Ada", "Bao"}
    for name in ("Ada", "Bao"):
        assert rows[name]["games"] == 2
        assert rows[name]["per_game"] == [first[name], second[name]]
        assert rows[name]["points"] == first[name] + second[name]
    assert rows["Ada"]["correct"] == 2 and rows["Ada"]["scored"] == 4
    assert rows["Bao"]["correct"] == 3 and rows["Bao"]["best_streak"] == 2  # a streak lives within one game
    assert rows["Bao"]["accuracy"] == 0.75

    screen.page.goto(f"/leagues/{league}")
    expect(screen.page.locator("#standings tbody tr")).to_have_count(2)
    expect(screen.page.locator("#standings .points").first).to_have_text(
        str(max(rows["Ada"]["points"], rows["Bao"]["points"])))
    fits = "document.documentElement.scrollWidth <= window.innerWidth"
    assert screen.page.evaluate(fits)
    shots(screen, "league-table-1920x1080")
    viewer = tabs("phone", "viewer")
    viewer.page.set_viewport_size({"width": 390, "height": 844})
    viewer.page.goto(f"/leagues/{league}")
    expect(viewer.page.locator("#standings tbody tr")).to_have_count(2)
    assert viewer.page.evaluate(fits)
    shots(viewer, "league-table-390x844")


def league_players(host, league: str) -> int:
    return host.page.request.get(f"/api/leagues/{league}").json()["players"]


def test_a_returning_league_player_plays_as_their_league_name(tabs, shots, expect, live):
    """The second game of a league shows the name the league knows this phone by, and
    seats that name with one tap; "Not you?" forgets it here and asks for a nickname."""
    from tests.browser.layout import layout_problems, settle
    host = tabs("host", "host")
    league = create_league_in_ui(host, expect, "Friday quiz club")
    ada = tabs("tall-phone", "ada")
    join(ada, live.create_room(quiz=PACK, league=league)["pin"], "Ada")
    expect(ada.page.locator("#league-code")).to_have_text(re.compile(r"^[A-Z2-9]{8}$"))

    second = live.create_room(quiz=PACK, league=league)["pin"]
    ada.page.goto(f"/play/{second}")
    known = ada.page.locator("#join-known")
    expect(known).to_contain_text("Playing as Ada")
    expect(ada.page.get_by_label("Nickname")).to_be_hidden()
    expect(known.get_by_role("button", name="Not you?")).to_be_visible()
    problems = []
    for width, height in ((390, 844), (360, 640)):
        ada.page.set_viewport_size({"width": width, "height": height})
        settle(ada)
        problems += layout_problems(ada)
        shots(ada, f"playing-as-{width}x{height}")
    assert not problems, "\n".join(problems)
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(ada.page.locator("#waiting-name")).to_have_text("Ada")
    expect(ada.page.locator("#me-name")).to_have_text("Ada")
    expect(ada.page.locator("#league-note")).to_be_visible()
    expect(ada.page.locator("#league-code-line")).to_be_hidden()  # the same member, no new code
    assert league_players(host, league) == 1

    # a friend borrows the phone for the third game: not Ada, so a nickname of their own
    third = live.create_room(quiz=PACK, league=league)["pin"]
    ada.page.goto(f"/play/{third}")
    ada.page.get_by_role("button", name="Not you?").click()
    nickname = ada.page.get_by_label("Nickname")
    expect(nickname).to_be_visible()
    expect(nickname).to_have_value("")
    expect(nickname).to_be_focused()
    expect(known).to_be_hidden()
    assert ada.page.evaluate(f"localStorage.getItem('quizroom.league.{league}')") is None
    shots(ada, "not-you-360x640")
    nickname.fill("Bao")
    ada.page.get_by_role("button", name="Join", exact=True).click()
    expect(ada.page.locator("#waiting-name")).to_have_text("Bao")
    expect(ada.page.locator("#league-code")).to_have_text(re.compile(r"^[A-Z2-9]{8}$"))
    assert league_players(host, league) == 2
