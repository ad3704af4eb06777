"""The attacks of issue 11 opened in real Chromium: no dialog, no request elsewhere."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .browser import serve_folder
from .hostile import ATTACKS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_url(hostile_site):
    with serve_folder(hostile_site) as url:
        yield url


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_hostile_case_page_opens_no_dialog_and_asks_no_other_host(browser, hostile_url, attack):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    foreign: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: foreign.append(request.url)
            if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None)
    try:
        page.goto(f"{hostile_url}casussen/aanval-{attack}/", wait_until="networkidle")
        # Give autofocus, focus and hover handlers every chance to fire.
        for link in page.locator("nav a, article a, article h3, article h2").all()[:40]:
            if link.is_visible():
                link.focus()
                link.hover()
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
        assert "evil.example" not in str(config)
        assert dialogs == []
        assert foreign == []
    finally:
        context.close()
