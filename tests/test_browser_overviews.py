"""The overview pages and the printed case page in a real browser (headless Chromium)."""

from __future__ import annotations

import pytest

from site_builder.content.catalog import load_catalog

from .browser import screenshot, watch_errors

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cases(bundled_site):
    from site_builder.project import Project

    from .conftest import ROOT

    return {record.slug: record for record in load_catalog(Project(ROOT)).cases}


def slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def test_matrix_renders_and_each_row_reaches_its_case(page, site_url, cases):
    page.goto(site_url + "overzicht/matrix/")
    rows = page.locator("table.ww-matrix tbody tr")
    assert rows.count() == len(cases)
    links = page.locator("table.ww-matrix tbody th a").evaluate_all(
        "links => links.map(link => [link.getAttribute('href'), link.textContent])")
    assert {slug_of(href): text for href, text in links} == {slug: r.case.title for slug, r in cases.items()}
    columns = page.locator("table.ww-matrix thead .ww-kolom")
    assert columns.count() == 10 and columns.first.is_visible()
    screenshot(page, "overzicht-matrix")
    page.locator("table.ww-matrix tbody th a", has_text="De Donderberg").click()
    page.wait_for_url("**/casussen/donderberg-roermond/")
    assert "De Donderberg" in page.locator("h1").first.inner_text()
    assert page.errors == []


def timeline_order(page) -> list[str]:
    """Slugs of the timeline rows from top to bottom, checking DOM order matches the picture."""
    rows = page.locator("g.ww-tijdlijn-rij").evaluate_all(
        "rows => rows.map(row => [row.querySelector('a').getAttribute('href'), row.getBoundingClientRect().top])")
    tops = [top for _, top in rows]
    assert tops == sorted(tops)
    return [slug_of(href) for href, _ in rows]


def test_timeline_sorts_by_start_or_length_and_bars_reach_their_cases(page, site_url, cases):
    dated = [r for r in cases.values() if r.case.period and r.case.period.start]

    def length(record):
        """Years the sources show it active: up to the end, or else the year they describe."""
        period = record.case.period
        return (period.end or max(record.case.information_year or period.start, period.start)) - period.start + 1

    page.goto(site_url + "overzicht/tijdlijn/")
    by_start = timeline_order(page)
    assert sorted(by_start) == sorted(r.slug for r in dated)
    assert [cases[s].case.period.start for s in by_start] == sorted(r.case.period.start for r in dated)
    assert page.locator('#ww-tijdlijn-sortering button[aria-pressed="true"]').inner_text() == "beginjaar"
    planned = [r for r in dated if r.case.period.end is None and r.case.period.planned_end]
    assert planned  # De Donderberg: planned to 2024 (essay p. 14)
    row = page.locator(f'g.ww-tijdlijn-rij:has(a[href$="/{planned[0].slug}/"])')
    assert row.locator("text.ww-einde-tekst").text_content() == f"gepland tot {planned[0].case.period.planned_end}"
    assert row.locator("rect.ww-balk-gepland").count() == 1
    screenshot(page, "overzicht-tijdlijn")

    page.get_by_role("button", name="looptijd (langste eerst)").click()
    by_length = timeline_order(page)
    assert [length(cases[s]) for s in by_length] == sorted((length(r) for r in dated), reverse=True)
    assert page.locator('#ww-tijdlijn-sortering button[aria-pressed="true"]').inner_text() == "looptijd (langste eerst)"
    assert "sortering=looptijd" in page.url
    screenshot(page, "overzicht-tijdlijn-looptijd")

    first = by_length[0]
    page.locator(f'g.ww-tijdlijn-rij:has(a[href$="/{first}/"]) rect.ww-balk').first.click()
    page.wait_for_url(f"**/casussen/{first}/")
    assert page.locator("h1").first.inner_text().strip().rstrip("¶") == cases[first].case.title
    assert page.errors == []


def test_timeline_keeps_the_chosen_order_in_its_address(page, site_url):
    page.goto(site_url + "overzicht/tijdlijn/?sortering=looptijd")
    assert page.locator('#ww-tijdlijn-sortering button[aria-pressed="true"]').inner_text() == "looptijd (langste eerst)"
    assert page.errors == []


def test_map_markers_do_not_hide_each_other_and_reach_their_cases(page, site_url, cases):
    page.goto(site_url + "overzicht/kaart/")
    markers = page.locator("a.ww-marker")
    on_map = sorted(slug for slug, record in cases.items() if record.case.province is not None)
    assert markers.count() == len(on_map) < len(cases)  # national programmes are not on the map
    screenshot(page, "overzicht-kaart")
    # Each marker's own circle is what the pointer hits at its centre: nothing covers it.
    covered = page.evaluate("""() => Array.from(document.querySelectorAll('a.ww-marker')).filter(marker => {
        marker.scrollIntoView({block: 'center'});
        const box = marker.querySelector('circle').getBoundingClientRect();
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        return !hit || hit.closest('a') !== marker;
    }).map(marker => marker.getAttribute('href'))""")
    assert covered == []
    hrefs = markers.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert sorted(slug_of(h) for h in hrefs) == on_map
    assert page.locator("#per-provincie").is_visible()
    page.locator('a.ww-marker[href$="/selwerd-groningen/"] circle').click()
    page.wait_for_url("**/casussen/selwerd-groningen/")
    assert "Selwerd" in page.locator("h1").first.inner_text()
    assert page.errors == []


@pytest.mark.parametrize("path", ["overzicht/matrix/", "overzicht/tijdlijn/", "overzicht/kaart/", "overzicht/open-data/"])
def test_overview_pages_fit_a_phone(browser, site_url, path):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    errors = watch_errors(phone)
    phone.goto(site_url + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(phone, "telefoon-" + path.strip("/").replace("/", "-"))
    context.close()
    assert overflow <= 0 and errors == []


def test_case_page_prints_as_the_article_with_link_addresses(page, site_url):
    page.goto(site_url + "casussen/donderberg-roermond/")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-footer").is_visible()
    citation = page.locator("details.quote")
    assert citation.get_attribute("open") is not None
    address = citation.locator("a")
    assert address.is_visible() and address.inner_text().endswith("/casussen/donderberg-roermond/")
    # The citation shows its address as its text; any other outside link gets it written after it.
    assert address.evaluate("link => getComputedStyle(link, '::after').content") == "none"
    page.locator("article").evaluate(
        "article => article.insertAdjacentHTML('beforeend', '<p><a id=\"bron\" href=\"https://example.org/rapport\">rapport</a></p>')")
    after = page.locator("#bron").evaluate("link => getComputedStyle(link, '::after').content")
    assert after == '" (https://example.org/rapport)"'
    screenshot(page, "casus-afdruk")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert citation.get_attribute("open") is None
    assert page.errors == []
