"""The host console when its click races the room: the page must never skip a reveal."""
from __future__ import annotations

import time

import pytest

from tests.browser.flows import create_room_in_ui, quiz_pack
from tests.live import Client

pytestmark = pytest.mark.live

# lets the test hold back question:end from the console, as if it were still on its
# way when the host clicks. Socket.IO starts on long-polling and moves to a websocket
# when it can, so both transports are filtered: a polling reply carries several
# packets separated by \x1e, and a reply left empty becomes a no-op packet.
HOLD_BACK_QUESTION_END = """
(() => {
  const held = (text) => window.holdBackEnds && String(text).includes('"question:end"');
  const Real = window.WebSocket;
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      let handler = null;
      Object.defineProperty(this, 'onmessage', { get: () => handler, set: (h) => { handler = h; } });
      super.addEventListener('message', (event) => {
        if (held(event.data)) return;
        if (handler) handler.call(this, event);
      });
    }
  };
  const text = Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, 'responseText');
  Object.defineProperty(XMLHttpRequest.prototype, 'responseText', {
    get() {
      const body = text.get.call(this);
      if (!window.holdBackEnds || typeof body !== 'string') return body;
      const kept = body.split('\\x1e').filter((packet) => !held(packet));
      return kept.length ? kept.join('\\x1e') : '6';
    },
  });
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
