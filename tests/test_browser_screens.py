"""Every screen in a real browser (headless Chromium): the finder's results come into
view after a filter, its selection downloads as cases.csv and cases.json have it, no
page type is wider than a 320 px phone, and a generated page keeps its menu tab
(issue 26, points 3 and 4)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .browser import screenshot, watch_errors

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
NARROWEST = {"width": 320, "height": 640}


def new_page(browser, viewport: dict):
    phone = viewport["width"] < 600
    context = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone,
                                  accept_downloads=True)
    page = context.new_page()
    page.errors = watch_errors(page)
    return context, page


IN_FIRST_SCREEN = """selectors => selectors.every(selector => {
    const element = document.querySelector(selector);
    if (!element) return false;
    const box = element.getBoundingClientRect();
    const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
    return box.top >= header - 1 && box.bottom <= window.innerHeight + 1;
})"""


def wait_until_in_first_screen(page, *selectors: str) -> None:
    """Each element comes to lie wholly between the sticky header and the bottom of the
    window (a smooth scroll takes a moment; the page must get there by itself)."""
    page.wait_for_function(IN_FIRST_SCREEN, arg=list(selectors), timeout=3000)


# --- The finder: results in view, selection as a download ----------------------------------

@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_after_a_filter_the_count_and_the_first_result_are_on_the_screen(browser, site_url, viewport):
    context, page = new_page(browser, viewport)
    page.goto(site_url + "vind/")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    label = page.locator('label[for="ww-bouwsteen-lange-adem"]')
    label.scroll_into_view_if_needed()
    if viewport is PHONE:
        label.tap()
    else:
        label.click()
    wait_until_in_first_screen(page, "#ww-finder-aantal", "#ww-finder-resultaten li:first-child")
    screenshot(page, f"vind-na-filter-{viewport['width']}")
    assert page.errors == []
    context.close()


def test_arriving_with_a_filter_shows_the_results_first_on_a_phone(browser, site_url):
    context, page = new_page(browser, PHONE)
    page.goto(site_url + "vind/?bouwsteen=lange-adem")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    wait_until_in_first_screen(page, "#ww-finder-aantal", "#ww-finder-resultaten li:first-child")
    context.close()


def download(page, selector: str) -> tuple[str, str]:
    with page.expect_download() as caught:
        page.locator(selector).click()
    file = caught.value
    with open(file.path(), encoding="utf-8", newline="") as handle:
        return file.suggested_filename, handle.read()


def test_the_selection_downloads_as_the_rows_of_cases_csv_and_the_records_of_cases_json(
        browser, site_url, bundled_site):
    context, page = new_page(browser, DESKTOP)
    page.goto(site_url + "vind/?bouwsteen=lange-adem&provincie=groningen")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    listed = page.locator("#ww-finder-resultaten li").evaluate_all(
        "items => items.map(item => item.getAttribute('data-slug'))")
    assert listed
    assert "Download deze selectie" in page.locator(".ww-finder-download").inner_text()

    name, text = download(page, '.ww-finder-download a[data-formaat="json"]')
    assert name == "casussen-selectie.json"
    everything = json.loads((bundled_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert json.loads(text) == [record for record in everything if record["slug"] in listed]

    name, text = download(page, '.ww-finder-download a[data-formaat="csv"]')
    assert name == "casussen-selectie.csv"
    published = (bundled_site / "data" / "cases.csv").read_bytes().decode("utf-8")  # its CRLF kept
    table = list(csv.reader(io.StringIO(published, newline="")))
    wanted = [table[0]] + [row for row in table[1:] if row[0] in listed]
    assert list(csv.reader(io.StringIO(text, newline=""))) == wanted
    assert text.endswith("\r\n") and text.startswith(published.split("\r\n", 1)[0] + "\r\n")
    assert page.errors == []
    context.close()


def test_the_selection_csv_neutralises_formulas_as_cases_csv_does(browser, site_url):
    context, page = new_page(browser, DESKTOP)
    page.goto(site_url + "vind/")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    # A record as a hostile case would make it: every cell that could start a formula.
    page.route("**/data/cases.json", lambda route: route.fulfill(
        status=200, content_type="application/json",
        body=json.dumps([{"slug": "=1+1", "titel": "+cmd", "gemeente": "-2", "samenvatting": "@SUM(A1)",
                          "wijk": "\tx", "themas": ["=a;b", "c\\d"], "provincie": "'s-Hertogenbosch",
                          "url": "casussen/x/", "plaats": "x", "periode_tekst": "x", "bouwstenen": [],
                          "dragers": [], "stappen": [], "actief": None}])))
    page.reload()
    page.locator("#ww-finder-resultaten li").first.wait_for()
    _, text = download(page, '.ww-finder-download a[data-formaat="csv"]')
    header, row = list(csv.reader(io.StringIO(text, newline="")))
    cells = dict(zip(header, row))
    assert cells["slug"] == "'=1+1" and cells["titel"] == "'+cmd" and cells["gemeente"] == "'-2"
    assert cells["samenvatting"] == "'@SUM(A1)" and cells["wijk"] == "'\tx"
    assert cells["provincie"] == "''s-Hertogenbosch"
    assert cells["themas"] == "'=a\\;b; c\\\\d"
    context.close()


# --- Every page type at 320 px ---------------------------------------------------------------

PAGE_TYPES = {
    "start": "", "casus": "casussen/donderberg-roermond/", "casussen": "casussen/",
    "bouwsteen": "bouwstenen/lange-adem/", "bouwstenen": "bouwstenen/", "drager": "dragers/veilige-wijk/",
    "stap": "stappen/", "provincie": "provincies/groningen/", "provincies": "provincies/",
    "zoekhulp": "vind/?bouwsteen=lange-adem", "vergelijk": "vergelijk/?casussen=selwerd-groningen,donderberg-roermond",
    "wijkscan": "wijkscan/", "matrix": "overzicht/matrix/", "tijdlijn": "overzicht/tijdlijn/",
    "kaart": "overzicht/kaart/", "open-data": "overzicht/open-data/", "kennis": "kennis/bouwstenen/",
    "regels": "bijdragen/regels/", "gezocht": "gezocht/", "toegankelijkheid": "toegankelijkheid/",
}


# Elements that reach past the right edge of the window without a box of their own that
# scrolls or clips them (a wide table or chart scrolls inside its box, never the page; a page
# that hides its overflow still loses what sticks out).
OUTSIDE_THE_SCREEN = """() => {
    const width = window.innerWidth;
    const inOwnBox = element => {
        for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
            if (getComputedStyle(box).overflowX !== "visible" && box.getBoundingClientRect().right <= width + 1) {
                return true;
            }
        }
        return false;
    };
    return [...document.querySelectorAll(".md-main *")].filter(element => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && box.right > width + 1 && !inOwnBox(element);
    }).slice(0, 5).map(element => element.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_page_type_is_wider_than_a_320_px_screen(browser, site_url, name):
    context, page = new_page(browser, NARROWEST)
    page.goto(site_url + PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wider = page.evaluate(OUTSIDE_THE_SCREEN)
    screenshot(page, f"320-{name}")
    assert overflow <= 0 and wider == []
    assert page.errors == []
    context.close()


# --- Where the reader is -----------------------------------------------------------------------

@pytest.mark.parametrize("path, tab, trail", [
    ("casussen/donderberg-roermond/", "Casussen", "Casussen"),
    ("bouwstenen/lange-adem/", "Bouwstenen", "Bouwstenen"),
    ("dragers/veilige-wijk/", "Dragers", "Dragers"),
    ("provincies/groningen/", "Provincies", "Provincies"),
])
def test_a_generated_page_keeps_its_menu_tab_and_shows_where_the_reader_is(browser, site_url, path, tab, trail):
    context, page = new_page(browser, DESKTOP)
    page.goto(site_url + path)
    active = page.locator(".md-tabs__item--active")
    active.first.wait_for()
    assert active.count() == 1 and active.inner_text().strip() == tab
    crumbs = page.locator("nav.ww-kruimelpad a, .ww-kruimelpad a")
    assert crumbs.first.inner_text().strip() == "Start" and trail in crumbs.all_inner_texts()
    assert page.locator(".ww-kruimelpad [aria-current=page]").count() == 1
    assert page.errors == []
    context.close()
