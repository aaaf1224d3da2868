"""What people do on the pages, in the words of the pages: the tests read like a game."""
from __future__ import annotations

import json
import re

# a phone whose clock is an hour fast: the countdown must still follow the server
CLOCK_AN_HOUR_FAST = """
(() => {
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + 3600 * 1000;
})();
"""


def quiz_pack(time_limit: int = 5) -> dict:
    """One question of every type; answers chosen so the final order is known."""
    return {
        "id": "browser-test", "title": "Browser test quiz",
        "description": "Five quick questions for the end-to-end tests.",
        "questions": [
            {"type": "single", "text": "Which planet is called the Red Planet?",
             "choices": ["Venus", "Mars", "Jupiter", "Saturn"], "answer": 1,
             "time_limit": time_limit, "explanation": "Iron oxide dust makes Mars look red."},
            {"type": "multi", "text": "Which of these numbers are prime?",
             "choices": ["2", "4", "5", "9"], "answer": [0, 2], "time_limit": time_limit,
             "points": "double"},
            {"type": "text", "text": "What is the chemical symbol for gold?",
             "answer": ["Au"], "time_limit": time_limit},
            {"type": "truefalse", "text": "The Pacific is the largest ocean on Earth.",
             "answer": 0, "time_limit": time_limit},
            {"type": "poll", "text": "Best snack for a study session?",
             "choices": ["Crisps", "Fruit", "Chocolate"], "answer": None,
             "time_limit": time_limit},
        ],
    }


def create_room_in_ui(tab, pack: dict, time_limit: int | None = None, lead_in: int = 0,
                      teams: str = "") -> str:
    """The host uploads ``pack`` on /host, creates the room and lands on its console.
    ``lead_in``: the "get ready" seconds (the page offers 3; the tests' games open
    their questions at once unless they say otherwise)."""
    page = tab.page
    page.goto("/host")
    page.get_by_text("Flask Interview Warm-up").wait_for()  # the seed packs have loaded
    page.get_by_label("Quiz pack file (.json)").set_input_files(files=[{
        "name": "pack.json", "mimeType": "application/json",
        "buffer": json.dumps(pack).encode()}])
    if time_limit is not None:
        page.get_by_label("Time per question (seconds)").fill(str(time_limit))
    page.get_by_label("Get ready before each question (seconds, 0 off)").fill(str(lead_in))
    if teams:
        page.get_by_label("Teams (2 to 8 names, comma separated; empty: no teams)").fill(teams)
    page.get_by_role("button", name="Create the room").click()
    page.wait_for_url(re.compile(r"/host/[0-9]{6}$"))
    return page.url.rsplit("/", 1)[1]


def join(tab, pin: str, nickname: str, via_link: bool = True) -> None:
    """A player opens the join link (what the QR code holds) and picks a nickname."""
    page = tab.page
    page.goto(f"/play/{pin}" if via_link else "/play")
    if not via_link:
        page.get_by_label("Game PIN").fill(pin)
    page.get_by_label("Nickname").fill(nickname)
    page.get_by_role("button", name="Join", exact=True).click()


def tap(tab, label: str) -> None:
    tab.page.locator("#q-buttons").get_by_role("button", name=label, exact=True).click()


def pick_and_send(tab, *labels: str) -> None:
    for label in labels:
        tap(tab, label)
    tab.page.get_by_role("button", name="Send answer").click()


def type_answer(tab, text: str) -> None:
    tab.page.get_by_label("Your answer").fill(text)
    tab.page.locator("#q-text-form").get_by_role("button", name="Send").click()


def board_rows(tab, board_id: str = "r-board") -> list[tuple[str, str]]:
    """(name, score) for each leaderboard row, top first."""
    rows = tab.page.locator(f"#{board_id} .board-row")
    return [(row.locator(".board-name").inner_text(), row.locator(".board-score").inner_text())
            for row in rows.all()]
