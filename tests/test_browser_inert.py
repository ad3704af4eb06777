"""Issue 24's "Done when" in real Chromium, on every engine: a hostile case's page, the
building block's page that shows its lessons and explanation, and the compare page
with the hostile case and keys that are no case at all. Each fails on a request to
another host, on any dialog, and on any `ww-` id that the bundled site (built
strictly by the same engine) does not have on that page.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from site_builder.website.engines import ENGINE_NAMES

from .browser import serve_folder
from .hostile import PLANTED_IDS

pytestmark = pytest.mark.browser

HOSTILE_CASE = "aanval-lesson"
# Keys every JavaScript object inherits: none may stand for a case.
INHERITED_KEYS = ("__proto__", "constructor", "toString", "hasOwnProperty")
# (page, the same kind of page on the bundled site, whose `ww-` ids are the site's own)
PAGES = {
    "case": (f"casussen/{HOSTILE_CASE}/", "casussen/donderberg-roermond/"),
    "term": ("bouwstenen/lange-adem/", "bouwstenen/lange-adem/"),
    "compare": (f"vergelijk/?casussen={','.join(INHERITED_KEYS)},{HOSTILE_CASE},donderberg-roermond",
                "vergelijk/?casussen=donderberg-roermond,selwerd-groningen"),
}
WW_IDS = "Array.from(document.querySelectorAll('[id^=\"ww-\"]'), element => element.id)"


@pytest.fixture(scope="module")
def served(hostile_site, built_sites):
    """The hostile site and the bundled site of the same engine, both on localhost."""
    # conftest.hostile_site builds each engine in a folder named after it: hostile-<engine>N.
    engine = hostile_site.parent.name.removeprefix("hostile-").rstrip("0123456789")
    assert engine in ENGINE_NAMES, hostile_site
    with serve_folder(hostile_site) as hostile, serve_folder(built_sites(engine)) as bundled:
        yield hostile, bundled


def open_watched(browser, url: str):
    """A page opened with every dialog and every request to another host recorded, then
    focused, hovered and tabbed through, so autofocus, focus and hover handlers fire."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs, page.foreign = [], []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: page.foreign.append(request.url)
            if urlsplit(request.url).hostname not in ("127.0.0.1", None) else None)
    page.goto(url, wait_until="networkidle")
    for element in page.locator("article a, article li, article p, article span, article em, article img").all()[:60]:
        if element.is_visible():
            element.hover()
            element.focus()
    for _ in range(5):
        page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    return context, page


def ww_ids(browser, url: str) -> set[str]:
    context, page = open_watched(browser, url)
    try:
        return set(page.evaluate(WW_IDS))
    finally:
        context.close()


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_a_hostile_case_plants_nothing_on_any_page_that_shows_it(browser, served, hostile_site, kind):
    hostile_url, bundled_url = served
    path, bundled_path = PAGES[kind]
    own_ids = ww_ids(browser, bundled_url + bundled_path)
    if kind == "compare":
        # The picker has a checkbox per case of the site it runs on.
        slugs = [item["slug"] for item in json.loads((hostile_site / "data/cases.json").read_text("utf-8"))]
        own_ids |= {f"ww-vergelijk-{slug}" for slug in slugs}
    context, page = open_watched(browser, hostile_url + path)
    try:
        assert page.dialogs == []
        assert page.foreign == []
        found = set(page.evaluate(WW_IDS))
        assert found - own_ids == set(), sorted(found - own_ids)
        assert not set(PLANTED_IDS) & found - own_ids
        if kind == "term":  # the lessons are there, as text and links
            lessons = page.locator(".ww-lessen").inner_text()
            assert "Een link a{: #ww-finder } midden in de les." in lessons and "Aanvalswijk" in lessons
        if kind == "compare":
            columns = page.locator("#ww-vergelijking thead th[scope=col]")
            assert [columns.nth(i).get_attribute("data-slug") for i in range(columns.count())] == \
                [HOSTILE_CASE, "donderberg-roermond"]
            assert "undefined" not in page.locator("#ww-vergelijking").inner_text()
            notice = page.locator(".ww-unknown").inner_text()
            assert all(key in notice for key in INHERITED_KEYS), notice
    finally:
        context.close()
