"""Accessibility of the built site, checked in a real browser.

axe-core (shipped inside the axe-playwright-python package) runs in Debian's
Chromium over every page type, in the light colour scheme at a desktop's width and at
320 px and in the dark scheme at a desktop's width, for the WCAG 2.0, 2.1 and 2.2 A and
AA rules, on the site as each engine builds it. The dark scheme changes colours only,
and the phone's header and drawer take the same colours as the desktop's, so dark at
320 px is left out: it cost 66 axe runs (about 3 minutes of a worker) per test run. A keyboard walk through the finder checks what axe cannot: that a
filter works from the keyboard alone with a visible focus. What else 2.2 adds (target
size, focus not obscured) is measured in tests/test_browser_wcag22.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .browser import axe_violations, serve_folder, watch_errors
from .conftest import TEST_ADDRESSES

pytestmark = pytest.mark.browser

DESKTOP_WIDTH, NARROWEST_WIDTH = 1280, 320

# One address per page type of the bundled site; the finder with filters applied.
PAGE_TYPES = {
    "home": "",
    "case": "casussen/donderberg-roermond/",
    "case list": "casussen/",
    "building block": "bouwstenen/lange-adem/",
    "carrier": "dragers/veilige-wijk/",
    "step": "stappen/",
    "province": "provincies/limburg/",
    "finder": "vind/?bouwsteen=lange-adem&drager=veilige-wijk",
    "overviews": "overzicht/",
    "matrix": "overzicht/matrix/",
    "map": "overzicht/kaart/",
    "timeline": "overzicht/tijdlijn/",
    "open data": "overzicht/open-data/",
    "knowledge": "kennis/bouwstenen/",
    "contributing": "bijdragen/",
    "rules": "bijdragen/regels/",
    "accessibility statement": "toegankelijkheid/",
    "compare, two cases": "vergelijk/?casussen=donderberg-roermond,mom-tilburg",
    "compare, three cases": "vergelijk/?casussen=donderberg-roermond,nationaal-programma-rotterdam-zuid,mom-tilburg",
    "wijkscan, answered": "wijkscan/?lange-adem-1=0&gedeelde-visie-1=2&middelen-1=1",
}


def open_page(browser, url: str, scheme: str = "light", width: int = DESKTOP_WIDTH):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 600 else 640},
                                  color_scheme=scheme)
    page = context.new_page()
    page.errors = watch_errors(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


# The views axe checks: (colour scheme, width).
VIEWS = pytest.mark.parametrize(("scheme", "width"), [("light", DESKTOP_WIDTH), ("light", NARROWEST_WIDTH),
                                                     ("dark", DESKTOP_WIDTH)],
                                ids=["light-1280px", "light-320px", "dark-1280px"])


@VIEWS
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_type_passes_axe(browser, engine_site_url, page_type, scheme, width):
    page = open_page(browser, engine_site_url + PAGE_TYPES[page_type], scheme, width)
    if page_type == "finder":
        page.locator("#ww-finder-resultaten li").first.wait_for()
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert axe_violations(page) == []
    page.context.close()


@VIEWS
def test_the_not_found_page_passes_axe(browser, engine_site_url, engine_site, scheme, width):
    # The 404 page links its assets from the site's own path (the site address it was
    # built with), as a web server shows it at any depth; serve that path from the site.
    site_path = urlsplit(TEST_ADDRESSES["site_url"]).path
    context = open_page(browser, "about:blank", scheme, width).context
    context.route(f"**{site_path}**", lambda route: route.fulfill(
        path=engine_site / urlsplit(route.request.url).path.removeprefix(site_path)))
    page = context.pages[0]
    page.goto(engine_site_url + "404.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Pagina niet gevonden"
    assert page.locator('form[role="search"] input[name="q"]').is_visible()
    assert axe_violations(page) == []
    context.close()


@VIEWS
def test_open_search_results_pass_axe(browser, engine_site_url, scheme, width):
    # At 320 px this found that Zensical's classic CSS hid the search box on a phone
    # (assets/zoekvak.css now shows it, as Material does).
    page = open_page(browser, engine_site_url, scheme, width)
    page.locator(".md-search__input").focus()  # opens the box, as a tap on the magnifier does
    page.locator("input.md-search__input").press_sequentially("wijk")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert axe_violations(page) == []
    page.context.close()


def focus_outline_width(page) -> float:
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return style.outlineStyle === 'none' ? 0 : parseFloat(style.outlineWidth);
    }""")


def test_keyboard_walk_toggles_a_finder_filter_with_a_visible_focus(browser, engine_site_url):
    page = open_page(browser, engine_site_url + "vind/")
    summary = page.locator("#ww-finder-aantal")
    summary.wait_for()
    before = summary.inner_text()
    target = page.locator('input[name="bouwsteen"]').first
    # Tab from the top of the page until a building-block filter has the focus.
    for _ in range(200):
        page.keyboard.press("Tab")
        if target.evaluate("input => input === document.activeElement"):
            break
    else:
        pytest.fail("Met Tab is geen bouwsteenfilter te bereiken")
    assert focus_outline_width(page) > 0
    page.keyboard.press("Space")
    assert target.is_checked()
    assert summary.inner_text() != before
    assert "bouwsteen=" in page.url
    page.keyboard.press("Space")
    assert not target.is_checked()
    assert summary.inner_text() == before
    assert page.errors == []
    page.context.close()


@pytest.mark.parametrize("address", ["overzicht/matrix/", "overzicht/tijdlijn/", "overzicht/kaart/"])
def test_charts_say_what_they_show(browser, engine_site_url, address):
    page = open_page(browser, engine_site_url + address)
    chart = page.locator("table.ww-matrix, svg.ww-tijdlijn, svg.ww-kaart-svg").first
    name = chart.evaluate("""node => {
        if (node.tagName === 'TABLE') return node.caption ? node.caption.textContent : '';
        const ids = (node.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        const labelled = ids.map(id => document.getElementById(id)?.textContent || '').join(' ');
        const title = node.querySelector(':scope > title');
        return labelled || node.getAttribute('aria-label') || (title ? title.textContent : '');
    }""")
    assert "casus" in name.lower(), name
    page.context.close()


def test_front_page_question_leads_into_the_finder_by_keyboard(browser, engine_site_url):
    page = open_page(browser, engine_site_url)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    counts = page.locator("#ww-start-bouwstenen li")
    assert "casus" in counts.first.inner_text()
    assert page.locator("#ww-start-gewijzigd li").count() >= 1
    page.locator("#ww-start-bouwsteen").focus()
    assert focus_outline_width(page) > 0
    page.keyboard.press("ArrowDown")  # the first building block
    for _ in range(3):  # past the carrier and province choices to the button
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_url("**/vind/?bouwsteen=*")
    assert "drager=" not in page.url  # an empty choice is no filter
    page.locator("#ww-finder-resultaten li").first.wait_for()
    assert page.errors == []
    assert all(url.startswith(engine_site_url) for url in requested), requested
    page.context.close()


def test_a_search_from_the_front_page_opens_the_results(browser, engine_site_url):
    page = open_page(browser, engine_site_url)
    page.locator("#ww-start-zoek").fill("wijk")
    page.locator("#ww-start-zoek").press("Enter")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert "q=wijk" in page.url
    page.context.close()


@pytest.fixture(scope="module")
def new_knowledge_base_url(tmp_path_factory):
    """A knowledge base started with `wijkwijzer init`, built and served."""
    from click.testing import CliRunner

    from site_builder.cli import main

    folder = tmp_path_factory.mktemp("init")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        assert CliRunner().invoke(main, ["init", "kb", "--naam", "Wijken Oost"]).exit_code == 0
        os.chdir(folder / "kb")
        result = CliRunner().invoke(main, ["build"])
        assert result.exit_code == 0, result.output
    finally:
        os.chdir(cwd)
    with serve_folder(folder / "kb" / "site") as url:
        yield url


@pytest.mark.parametrize("path", ["", "casussen/voorbeeld-casus/", "vind/?bouwsteen=gedeelde-visie",
                                  "bouwstenen/lange-adem/", "toegankelijkheid/"])
def test_a_new_knowledge_base_passes_the_same_axe_checks(browser, new_knowledge_base_url, path):
    page = open_page(browser, new_knowledge_base_url + path)
    assert axe_violations(page) == []
    page.context.close()


@pytest.fixture(scope="module")
def paginated_site_url(tmp_path_factory):
    """The bundled cases built with three cases per term page, so lists run over pages."""
    from site_builder.build import build_site
    from site_builder.content.catalog import load_catalog
    from site_builder.project import Project
    from site_builder.website import pages

    from .conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("paginated") / "project")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pages, "CASES_PER_PAGE", 3)
        site = build_site(Project(project.root), load_catalog(project),
                          tmp_path_factory.mktemp("paginated-site") / "site")
    with serve_folder(site) as url:
        yield url


def test_numbered_term_pages_pass_axe_and_lead_on_by_keyboard(browser, paginated_site_url):
    page = open_page(browser, paginated_site_url + "bouwstenen/gedeelde-visie/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Volgende pagina").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/bouwstenen/gedeelde-visie/pagina-2/")
    assert page.title().startswith("Gedeelde visie, pagina 2")
    assert axe_violations(page) == []
    page.context.close()


def test_the_front_page_fills_its_lists_from_the_small_summary_not_every_case(browser, engine_site_url, engine_site):
    """data/start.json (a few kB) instead of data/cases.json (some 4 kB a case)."""
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(engine_site_url)
    page.locator("#ww-start-bouwstenen li a[href^='vind/']").first.wait_for()
    assert not any(url.endswith("data/cases.json") for url in requested), requested
    summary = json.loads((engine_site / "data" / "start.json").read_text(encoding="utf-8"))
    # The first line of each item: under it stands the block's question (tests/test_plain_words.py).
    shown = [text.splitlines()[0] for text in page.locator("#ww-start-bouwstenen li").all_inner_texts()]
    assert shown == [f"{term['label']} — {term['aantal']} {'casus' if term['aantal'] == 1 else 'casussen'}"
                     for term in summary["bouwstenen"]]
    assert page.locator("#ww-start-gewijzigd li").count() == len(summary["gewijzigd"]) >= 1
    context.close()
