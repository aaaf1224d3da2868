"""The host console when its click races the room: the page must never skip a reveal."""
from __future__ import annotations

import time

import pytest

from tests.browser.flows import create_room_in_ui, quiz_pack
from tests.live import Client

pytestmark = pytest.mark.live

# lets the test hold back question:end from the console, as if it were still on its
# way when the host clicks (Socket.IO moves from polling to a websocket right after
# connecting; the test waits for that)
HOLD_BACK_QUESTION_END = """
(() => {
  const Real = window.WebSocket;
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      let handler = null;
      Object.defineProperty(this, 'onmessage', { get: () => handler, set: (h) => { handler = h; } });
      super.addEventListener('message', (event) => {
        if (window.holdBackEnds && String(event.data).includes('"question:end"')) return;
        if (handler) handler.call(this, event);
      });
    }
    send(data) {
      super.send(data);
      if (data === '5') window.onWebsocket = true;  // Engine.IO's upgrade is complete
    }
  };
})();
"""


def test_end_question_now_after_the_question_closed_shows_the_reveal(tabs, expect, live):
    host = tabs("host", "host", HOLD_BACK_QUESTION_END)
    page = host.page
    pin = create_room_in_ui(host, quiz_pack(), time_limit=60)
    player = Client(live.url)
    try:
        assert player.call("player:join", {"pin": pin, "nickname": "Solo"})["ok"]
        page.get_by_role("button", name="Start the game").click()
        expect(page.get_by_role("button", name="End question now")).to_be_visible()
        deadline = time.monotonic() + 10
        while not page.evaluate("window.onWebsocket === true") and time.monotonic() < deadline:
            time.sleep(0.05)
        page.evaluate("window.holdBackEnds = true")

        # the only player answers: the question closes, but the console has not heard yet
        assert player.call("player:answer", {"index": 0, "answer": 1})["ok"]
        player.wait_for("question:end")
        page.get_by_role("button", name="End question now").click()

        # the click named question 0 during the question: refused as stale, and the
        # console redraws the reveal from a snapshot instead of opening question 2
        expect(page.get_by_role("button", name="Next question")).to_be_visible()
        expect(page.locator("#r-counter")).to_contain_text("Question 1 of 5")
        expect(page.locator("#action-error")).to_be_hidden()
        time.sleep(0.5)
        assert [q["index"] for q in player.of("question:start")] == [0]
    finally:
        player.close()
