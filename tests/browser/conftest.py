"""Browser tests: the three pages in headless Chromium, driven by Playwright.

They use Debian's chromium (``apt-get install chromium``), never a browser that
``playwright install`` downloads. Without it (or without the playwright module)
they are skipped, except under CI=true, where a missing browser is a failure.
Any console error (a Content-Security-Policy violation, an uncaught exception,
a 404) fails the test that caused it, unless the test said it expects it.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("QUIZROOM_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
HOW_TO_INSTALL = ("browser tests need Debian's chromium and Playwright for Python: "
                  "apt-get install -y chromium && pip install playwright "
                  "(no `playwright install`: the tests use /usr/bin/chromium)")
SHOTS_DIR = ROOT / "test-artifacts" / "screenshots"
SHOT_FOLDERS: set[Path] = set()  # written this session, for the summary line

VIEWPORTS = {
    "host": {"viewport": {"width": 1280, "height": 800}},
    "screen": {"viewport": {"width": 1920, "height": 1080}},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
    "laptop": {"viewport": {"width": 1366, "height": 768}},
    "small-phone": {"viewport": {"width": 360, "height": 640}, "is_mobile": True, "has_touch": True},
    "tall-phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright module is not installed"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} does not exist"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        message = f"{missing}; {HOW_TO_INSTALL}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def expect(browser):
    from playwright.sync_api import expect as playwright_expect
    playwright_expect.set_options(timeout=10_000)
    return playwright_expect


@pytest.fixture
def live(redis_url, prefix, tmp_path):
    server = LiveServer(redis_url, prefix, "gevent", log_dir=tmp_path).start()
    yield server
    server.stop()


class Tab:
    """One person's browser (its own cookies) with one page, and what went wrong in it."""

    def __init__(self, browser, base_url: str, kind: str, name: str, init_script: str | None):
        self.name = name
        self.context = browser.new_context(base_url=base_url, **VIEWPORTS[kind])
        if init_script:
            self.context.add_init_script(init_script)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.expected: list[re.Pattern] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"uncaught: {exc}"))
        self.page.on("dialog", self._dialog)

    def expect_console_error(self, pattern: str) -> None:
        """The browser logs refused requests (a 400 the page shows) as console errors."""
        self.expected.append(re.compile(pattern))

    def _console(self, message) -> None:
        if message.type == "error" and not any(p.search(message.text) for p in self.expected):
            where = message.location.get("url", "")
            self.problems.append(f"console: {message.text} ({where})")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def tabs(browser, live):
    """``tabs("phone", "Ada")`` opens a new person's browser on the live server."""
    opened: list[Tab] = []

    def open_tab(kind: str, name: str, init_script: str | None = None) -> Tab:
        tab = Tab(browser, live.url, kind, name, init_script)
        opened.append(tab)
        return tab

    yield open_tab
    problems = [f"{t.name}: {p}" for t in opened for p in t.problems]
    for tab in opened:
        tab.context.close()
    assert not problems, "the pages logged errors:\n" + "\n".join(problems)


@pytest.fixture
def shots(request):
    """``shots(tab, "lobby")`` saves test-artifacts/screenshots/<test>/<n>-<who>-<what>.png,
    and runs axe-core on what it shows: a test that photographs a view also fails on a
    serious or critical accessibility violation in it."""
    from tests.browser.layout import Audit, at_rest
    folder = SHOTS_DIR / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    count = [0]
    audit = Audit()

    def shoot(tab: Tab, what: str, full_page: bool = False) -> Path:
        SHOT_FOLDERS.add(folder)
        count[0] += 1
        path = folder / f"{count[0]:02d}-{tab.name}-{what}.png"
        at_rest(tab)  # a view still fading in is neither what a person sees nor fair to axe
        tab.page.screenshot(path=str(path), full_page=full_page)
        audit.run(tab, f"{tab.name} {what}")
        return path
    yield shoot
    assert audit.serious() == [], "\n".join(audit.serious())


def pytest_terminal_summary(terminalreporter):
    if SHOT_FOLDERS:
        terminalreporter.write_line(f"browser screenshots: {SHOTS_DIR}")
