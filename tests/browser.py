"""Serve a built site on localhost and drive Debian's Chromium with Playwright.

Never downloads a browser: Playwright is pointed at /usr/bin/chromium, with the
flags this machine's closed network needs.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from pathlib import Path

import axe_playwright_python

CHROMIUM = os.environ.get("WIJKWIJZER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_folder(folder: Path):
    """Serve `folder` over http on a free localhost port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium():
    import pytest
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        # CI installs it (`make chromium`); a missing browser fails the browser tests
        # with one sentence, never silently skips them.
        pytest.fail(f"Chromium ontbreekt op {CHROMIUM}: installeer het met 'make chromium'", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def watch_errors(page) -> list[str]:
    """Collect console errors and uncaught exceptions of a page."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


# axe-core 4.12 (shipped inside axe-playwright-python, pinned in requirements.lock) with
# the rules of WCAG 2.0, 2.1 and 2.2 at levels A and AA; 2.2 adds target-size (2.5.8).
AXE_SCRIPT = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page, tags: list[str] = WCAG_TAGS) -> list[str]:
    """Run axe-core on the page as it is now; one line per violation and element."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [f"{violation['id']} ({violation['impact']}): {node['target']} {node.get('failureSummary', '')[:160]}"
            for violation in result["violations"] for node in violation["nodes"]]


SCREENSHOTS = Path(os.environ.get("WIJKWIJZER_SCREENSHOTS", "/tmp/wijkwijzer-screenshots"))


def screenshot(page, name: str) -> None:
    """Keep a picture of what a reader sees, for looking at after the run."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
