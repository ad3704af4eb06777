"""The built site in a real browser: headless Debian Chromium over http."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from site_builder.content.catalog import load_catalog

from .browser import screenshot, watch_errors

pytestmark = pytest.mark.browser

def test_home_page_renders_with_its_entry_points(page, site_url):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url)
    assert page.locator("h1").first.inner_text().startswith("WijkWijzer")
    for link in ("bouwstenen/", "dragers/", "provincies/", "casussen/"):
        assert page.locator(f'article a[href="{link}"]').count() >= 1, link
    screenshot(page, "home")
    assert page.errors == []
    # Nothing from other servers; no whole-site files fetched just to show a page.
    assert all(url.startswith(site_url) for url in requested), requested
    assert not [url for url in requested if url.endswith(("sitemap.xml", "search_index.json"))]


def test_from_a_building_block_a_click_reaches_a_case(page, site_url):
    page.goto(site_url + "bouwstenen/lange-adem/")
    page.locator('article a[href$="casussen/donderberg-roermond/"]').first.click()
    page.wait_for_url("**/casussen/donderberg-roermond/")
    assert "De Donderberg" in page.locator("h1").first.inner_text()
    assert page.locator("dl.ww-facts").is_visible()
    screenshot(page, "casus-donderberg")
    assert page.errors == []


def search_site(page, site_url: str, query: str):
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query)
    return page.locator(".md-search-result__item")


def test_site_search_finds_a_case_by_a_dutch_word_from_its_body(page, site_url):
    requested = []
    # On the context, so the requests of Pagefind's web worker are seen too.
    page.context.on("request", lambda request: requested.append(request.url))
    results = search_site(page, site_url, "welbevinden")
    results.filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    assert page.locator(".md-search-result__meta").inner_text().endswith(("resultaat", "resultaten"))
    screenshot(page, "zoeken")
    assert page.errors == []
    # The index came from this site, and nothing from another host.
    assert any("/pagefind/index/" in url for url in requested), requested
    assert all(url.startswith(site_url) for url in requested), requested


def test_site_search_is_ready_before_the_first_key_press(page, site_url):
    # Pagefind's worker, WebAssembly and metadata load while the page is idle, so a
    # first query waits only for the index chunks of its words.
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    # The metadata is fetched by Pagefind's worker: seen on the context, not the page.
    with page.context.expect_event("requestfinished", lambda request: request.url.endswith(".pf_meta"),
                                   timeout=15_000):
        page.goto(site_url, wait_until="load")
    loaded = [url for url in requested if "/pagefind/" in url]
    assert any(url.endswith("pagefind-worker.js") for url in loaded), loaded
    assert any(url.endswith(".pagefind") for url in loaded), loaded  # the WebAssembly
    assert not any("/fragment/" in url for url in loaded), loaded  # no result is fetched unasked
    assert page.errors == []


def test_site_search_finds_cases_not_the_listings_that_repeat_them(page, site_url):
    # "versnippering" is in Selwerd's text; the building block and province pages
    # list Selwerd with its explanations, but only their introductions are indexed.
    results = search_site(page, site_url, "versnippering")
    results.filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    # The results of the whole word, not of a prefix typed on the way ("versnip"), which
    # may already show Selwerd below the pages that list it.
    page.wait_for_function(
        "() => document.querySelector('[data-ww-search]').getAttribute('data-ww-gezocht') === 'versnippering'",
        timeout=15_000)
    urls = [link.get_attribute("href") for link in page.locator(".md-search-result__link").all()]
    listings = [url for url in urls if "/kennis/" not in url and (
        "/bouwstenen/" in url or "/provincies/" in url or url.rstrip("/").endswith("/casussen"))]
    assert listings == [], urls
    assert page.errors == []


@pytest.fixture(scope="module")
def site_in_parts_url(bundled_site, tmp_path_factory):
    """The bundled site with its search index built in parts, as a large site's is."""
    import json
    import shutil

    from site_builder.website.site_search import build_site_search

    from .browser import serve_folder

    site = tmp_path_factory.mktemp("in-delen") / "site"
    shutil.copytree(bundled_site, site)
    shutil.rmtree(site / "pagefind")
    build_site_search(site, part_bytes=100_000)
    assert len(json.loads((site / "pagefind" / "delen.json").read_text(encoding="utf-8"))["delen"]) >= 3
    with serve_folder(site) as url:
        yield url


def test_site_search_merges_an_index_built_in_parts(page, site_in_parts_url):
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    results = search_site(page, site_in_parts_url, "welbevinden")
    results.filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    assert page.errors == []
    # Every part answered from its own folder, with the first part's WebAssembly only.
    assert any("/pagefind/deel-" in url and "/index/" in url for url in requested), requested
    assert len([url for url in requested if url.endswith(".pagefind")]) == 1, requested
    assert all(url.startswith(site_in_parts_url) for url in requested), requested


def test_site_search_warms_up_on_the_first_part_only_before_the_first_key_press(page, site_in_parts_url):
    # One search ahead, for the word in delen.json, runs Pagefind's code once before
    # the reader's first query does; it fetches index chunks of the first part only,
    # and no results.
    requested = []
    page.context.on("request", lambda request: requested.append(request.url))
    with page.context.expect_event("requestfinished", lambda request: "/pagefind/index/" in request.url,
                                   timeout=15_000):
        page.goto(site_in_parts_url + "casussen/", wait_until="load")
    page.wait_for_function("() => performance.getEntriesByName('zoeken:klaar').length > 0", timeout=15_000)
    page.wait_for_timeout(500)  # time for any further part's chunk to be asked for, were it to be
    chunks = [url for url in requested if url.endswith(".pf_index")]
    assert chunks and all(url.startswith(site_in_parts_url + "pagefind/index/") for url in chunks), chunks
    assert not any("/fragment/" in url for url in requested), requested
    assert page.locator(".md-search-result__item").count() == 0
    # The reader's own query still searches every part.
    page.locator(".md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("welbevinden")
    page.locator(".md-search-result__item").filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    assert any("/pagefind/deel-" in url and url.endswith(".pf_index") for url in requested), requested
    assert page.errors == []


@pytest.fixture(scope="module")
def slow_index_site_url(bundled_site):
    """The bundled site with every index chunk answered after 0.4 s, as over a slow
    line: one search then lasts longer than a pause between two key presses."""
    import functools
    import http.server
    import threading
    import time

    class SlowChunks(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if self.path.endswith(".pf_index"):
                time.sleep(0.4)
            super().do_GET()

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(SlowChunks, directory=str(bundled_site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_site_search_runs_one_search_at_a_time_while_someone_types(page, slow_index_site_url):
    # Pagefind cannot stop a search once begun: a search per pause in typing would
    # queue up, and the wanted one wait for them all.
    page.goto(slow_index_site_url + "casussen/", wait_until="load")
    page.locator(".md-search__input").first.click()
    page.wait_for_function("() => performance.getEntriesByName('zoeken:klaar').length > 0", timeout=15_000)
    # Each further word needs index chunks not yet loaded, so its searches are slow.
    page.locator("input.md-search__input").press_sequentially("welbevinden gezondheid partijen", delay=120)
    page.locator(".md-search-result__item").filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    page.wait_for_function("() => performance.getEntriesByName('zoeken:gevonden').length > 0")
    marks = page.evaluate("""() => performance.getEntriesByType("mark")
        .filter(m => ["zoeken:start", "zoeken:gezocht", "zoeken:invoer"].includes(m.name))
        .map(m => [m.name.slice(7), m.startTime])""")
    searches = [name for name, _time in marks if name != "invoer"]
    assert len(searches) >= 4, marks  # typing outlasted a search: more than one ran
    assert searches == ["start", "gezocht"] * (len(searches) // 2), marks  # each ended before the next began
    last_typed = max(time for name, time in marks if name == "invoer")
    assert max(time for name, time in marks if name == "start") > last_typed, marks  # the whole word was searched
    assert page.errors == []


def test_site_search_stems_dutch_words(page, site_url):
    # The body says "versnippering"; Dutch stemming lets the plural find it.
    results = search_site(page, site_url, "versnipperingen")
    results.filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    results.filter(has_text="Selwerd").first.click()
    page.wait_for_url("**/casussen/selwerd-groningen/**")
    assert page.errors == []


def test_case_page_is_readable_on_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site_url + "casussen/selwerd-groningen/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "casus-telefoon")
    context.close()
    assert overflow <= 0 and errors == []


# --- Vind praktijkvoorbeelden ---------------------------------------------------------

def listed_slugs(page) -> set[str]:
    return set(page.locator("#ww-finder-resultaten li").evaluate_all(
        "items => items.map(item => item.dataset.slug)"))


def test_finder_filters_narrow_the_list_to_the_right_cases(page, site_url, project):
    cases = load_catalog(project).cases
    page.goto(site_url + "vind/")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    assert listed_slugs(page) == {r.slug for r in cases}

    page.locator("#ww-bouwsteen-lange-adem").check()
    expected = {r.slug for r in cases if "lange-adem" in r.case.building_blocks}
    assert listed_slugs(page) == expected
    count = page.locator('label[for="ww-bouwsteen-bestuurlijke-verankering"] .ww-count').inner_text()
    both = {r.slug for r in cases if {"lange-adem", "bestuurlijke-verankering"} <= set(r.case.building_blocks)}
    assert count == f"({len(both)})"

    page.locator("#ww-bouwsteen-bestuurlijke-verankering").check()
    assert listed_slugs(page) == both
    page.locator("#ww-provincie-limburg").check()
    assert listed_slugs(page) == {r.slug for r in cases if r.slug in both and r.case.province == "Limburg"}
    assert page.locator("#ww-finder-aantal").inner_text().endswith("gevonden")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"bouwsteen": ["lange-adem", "bestuurlijke-verankering"], "provincie": ["limburg"]}
    screenshot(page, "vind")
    assert page.errors == []


def test_finder_restores_filters_from_a_shared_url(page, site_url, project):
    cases = load_catalog(project).cases
    page.goto(site_url + "vind/?drager=veilige-wijk&actief=2015")
    page.locator("#ww-finder-aantal").wait_for()
    assert page.locator("#ww-drager-veilige-wijk").is_checked()
    assert page.locator("#ww-actief").input_value() == "2015"
    # Active in 2015 as Case.active_years (the one definition) says.
    expected = {r.slug for r in cases if "veilige-wijk" in r.case.carriers and r.case.active_years
                and r.case.active_years[0] <= 2015 <= r.case.active_years[1]}
    assert listed_slugs(page) == expected
    assert page.errors == []


def test_finder_can_keep_only_the_sources_own_examples(page, site_url, project):
    cases = load_catalog(project).cases
    page.goto(site_url + "vind/?bouwsteen=gedeelde-visie")
    page.locator("#ww-finder-aantal").wait_for()
    claimed = {r.slug for r in cases if "gedeelde-visie" in r.case.building_blocks}
    assert listed_slugs(page) == claimed
    page.locator("#ww-bron").check()
    from_source = {r.slug for r in cases for tag in r.case.building_block_tags
                   if tag.id == "gedeelde-visie" and tag.ground == "bron"}
    assert from_source and from_source < claimed
    assert listed_slugs(page) == from_source
    assert parse_qs(urlsplit(page.url).query)["bron"] == ["1"]
    assert page.errors == []


def test_finder_works_with_the_keyboard(page, site_url, project):
    cases = load_catalog(project).cases
    page.goto(site_url + "vind/")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    page.focus("#ww-drager-gezonde-wijk")
    page.keyboard.press("Space")
    assert listed_slugs(page) == {r.slug for r in cases if "gezonde-wijk" in r.case.carriers}


def test_finder_is_usable_on_a_phone(browser, site_url, project):
    cases = load_catalog(project).cases
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = watch_errors(page)
    page.goto(site_url + "vind/?provincie=groningen")
    page.locator("#ww-finder-aantal").wait_for()
    page.locator('label[for="ww-drager-gezonde-wijk"]').tap()
    expected = {r.slug for r in cases if r.case.province == "Groningen" and "gezonde-wijk" in r.case.carriers}
    assert listed_slugs(page) == expected
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    screenshot(page, "vind-telefoon")
    context.close()
    assert overflow <= 0 and errors == []


def test_case_overview_filters_by_quality_level(page, site_url, project):
    from site_builder.derive.quality import assess_quality

    cases = load_catalog(project).cases
    level = assess_quality(cases[0]).level
    page.goto(site_url + "casussen/")
    page.select_option("#ww-kwaliteit", level.label)
    visible = page.locator("article table tbody tr:not([hidden])")
    expected = [r for r in cases if assess_quality(r).level == level]
    assert visible.count() == len(expected)
    assert f"kwaliteit={level.label}" in page.url
    page.goto(page.url)  # the filtered view survives a reload from its URL
    assert page.locator("#ww-kwaliteit").input_value() == level.label
    assert page.locator("article table tbody tr:not([hidden])").count() == len(expected)
    assert page.errors == []
