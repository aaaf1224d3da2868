"""The editor's feel (issue #26, point 10): the preview keeps up with typing, and the
top bar stays on one line at 1366 px whatever the save state says.

The preview used to wait until typing had paused for 120 ms, so a host typing an
order item or a slider's range watched a preview stuck on the old text for as long as
they kept typing (1-2 s for one item). Now it is redrawn once per frame.

Measured on the 2-core test machine, shared, typing 30 ms a key: an order item of 33
characters waited p50 759 ms, worst 1421 ms before; now p50 20-29 ms, worst 46-151 ms
(four runs). The slider's 9 digits, too short to show the old lag clearly (p50 326 ms,
worst 493 ms), check that the range field is drawn as it is typed: now worst 53-107 ms.
"""
from __future__ import annotations

import re

import pytest

from tests.browser.test_editor import LAPTOP, add_question, new_quiz, saved

pytestmark = pytest.mark.live

FULL_HD = {"width": 1920, "height": 1080}
# For each input event on `field`, how long until the preview shows its value (or a
# later one: a preview already past it has caught up). The page records it itself, so
# the figure is the browser's, not the test's round trip.
LAG_RECORDER = """([field, where, shown]) => {
  window.previewLag = [];
  const input = document.querySelector(field);
  const has = new Function('value', `return ${shown};`);
  const typed = [];
  input.addEventListener('input', () => {
    const at = typed.push(input.value) - 1;
    const t0 = performance.now();
    const look = () => {
      const node = document.querySelector(where);
      if (node && typed.slice(at).some((value) => has.call(node, value))) {
        window.previewLag.push(performance.now() - t0);
      } else requestAnimationFrame(look);
    };
    look();
  });
}"""


def typing_lag(page, field: str, where: str, shown: str, text: str) -> list[float]:
    page.evaluate(LAG_RECORDER, [field, where, shown])
    page.locator(field).fill("")  # one more input event when there was text to clear
    page.locator(field).press_sequentially(text, delay=30)  # a quick typist
    page.wait_for_function(f"() => window.previewLag.length >= {len(text)}", timeout=10_000)
    return page.evaluate("window.previewLag")


def test_the_preview_follows_each_keystroke(tabs, expect):
    host = tabs("host", "host")
    page = host.page
    new_quiz(host, expect)
    add_question(page, "Put in order", "Order these from the Sun")
    item = "Mercury, the smallest and closest"
    lag = typing_lag(page, '#q-form [data-path="choices[0]"]', "#preview-phone #q-order",
                     "[...this.querySelectorAll('.tile-label')].some((e) => e.textContent === value)",
                     item)
    print(f"order item: {len(lag)} keystrokes, p50 {sorted(lag)[len(lag) // 2]:.0f} ms,"
          f" worst {max(lag):.0f} ms")
    assert max(lag) < 500, lag  # was the whole typing time: over a second

    add_question(page, "Guess a number", "How warm is the sea?")
    lag = typing_lag(page, '#q-form [data-path="max"]', "#preview-phone .slider-ends",
                     "this.lastElementChild.textContent === (value === '' ? '' : "
                     "Number(value).toLocaleString())",
                     "12345678")
    print(f"slider range: {len(lag)} keystrokes, p50 {sorted(lag)[len(lag) // 2]:.0f} ms,"
          f" worst {max(lag):.0f} ms")
    assert max(lag) < 500, lag


TOP_BAR = """() => [...document.querySelector('.topbar').children]
  .filter((e) => e.getClientRects().length)
  .map((e) => { const r = e.getBoundingClientRect(); return [e.id || e.className, r.top, r.bottom]; })"""


def one_line(page) -> list[str]:
    """The top bar's items that sit below its first one."""
    items = page.evaluate(TOP_BAR)
    first_bottom = items[0][2]
    return [name for name, top, _ in items if top >= first_bottom]


def test_the_top_bar_keeps_to_one_line_when_saving_goes_wrong(tabs, expect, shots):
    first = tabs("host", "first")
    first.expect_console_error(r"status of 409|Failed to load resource")
    page = first.page
    quiz_id = new_quiz(first, expect)
    page.get_by_label("Quiz title").fill("A quiz with a long enough title to be cut short")
    add_question(page, "Typed answer", "Capital of France?")
    saved(page, expect)

    # a save that cannot reach the server: "Try saving again" joins the bar
    for size in (LAPTOP, FULL_HD):
        page.set_viewport_size(size)
        page.route(f"**/api/library/{quiz_id}", lambda route: route.abort()
                   if route.request.method == "PUT" else route.continue_())
        page.get_by_label("Question text").fill(f"Capital of France? {size['width']}")
        expect(page.locator("#retry-save")).to_be_visible(timeout=15_000)
        expect(page.locator("#save-state")).to_have_text("Not saved")
        expect(page.locator("#save-problem")).to_have_text(  # why, under the bar
            re.compile(r"^Your latest changes are not saved: Could not reach the server \(.+\)\. "
                       r"They stay in this window; “Try saving again” sends them\.$"))
        assert one_line(page) == [], page.evaluate(TOP_BAR)
        shots(first, f"{size['width']}-save-failed")
        page.unroute(f"**/api/library/{quiz_id}")
        page.get_by_role("button", name="Try saving again").click()
        saved(page, expect)
        expect(page.locator("#save-problem")).to_be_hidden()

    # another window saves first: the conflict is said, and ▶ Play stays on the line
    second = tabs("host", "second")
    second.page.set_viewport_size(LAPTOP)
    second.page.goto(f"/quizzes/{quiz_id}/edit")
    expect(second.page.locator("#save-state")).to_have_text("Saved")
    second.page.get_by_label("Quiz title").fill("Saved in the other window")
    saved(second.page, expect)
    for size in (LAPTOP, FULL_HD):
        page.set_viewport_size(size)
        if size is LAPTOP:
            page.get_by_label("Quiz title").fill("Typed here")
        expect(page.get_by_role("alertdialog", name="Another window saved this quiz")).to_be_visible()
        expect(page.locator("#save-state")).to_have_text("Not saved: a newer version exists")
        assert one_line(page) == [], page.evaluate(TOP_BAR)
        page.evaluate("window.scrollTo(0, 0)")
        shots(first, f"{size['width']}-conflict")
