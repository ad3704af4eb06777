"""The site search finds what readers mean (issue 28, issue 26 point 2): the bundled site
built for real, searched through its own search box (assets/zoeken.js over Pagefind) in
Debian's Chromium."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

PARTIAL = "geen resultaten met alle woorden; resultaten met een deel ervan"


def search(page, site_url: str, query: str, path: str = "", contributors: bool | None = None) -> dict:
    """Type `query` into the search box of the page at `path` and read what it shows once it
    has answered: the result URLs relative to the site root, each result's first paragraph,
    and the line above the results."""
    page.goto(site_url + path)
    page.locator(".md-search__input").first.click()
    page.wait_for_function("() => performance.getEntriesByName('zoeken:klaar').length > 0", timeout=15_000)
    if contributors is not None:
        page.locator("[data-ww-zoek-bijdragen]").set_checked(contributors)
    page.locator("input.md-search__input").fill(query)
    page.wait_for_function(
        "query => document.querySelector('[data-ww-search]').getAttribute('data-ww-gezocht') === query",
        arg=query, timeout=15_000)
    base = urlsplit(site_url).path
    urls = [urlsplit(link.get_attribute("href")).path.removeprefix(base)
            for link in page.locator(".md-search-result__link").all()]
    firsts = [article.locator("p").first.inner_text().strip()
              for article in page.locator(".md-search-result__article").all()]
    return {"urls": urls, "firsts": firsts, "line": page.locator(".md-search-result__meta").inner_text()}


def test_words_in_different_cases_give_the_cases_that_hold_some_of_them(page, site_url):
    # "mobiliseren" is only in Het Breedschap, "vouchersysteem" only in
    # the LSA voucher case and the pages that list it: no page holds both.
    found = search(page, site_url, "mobiliseren vouchersysteem")
    assert PARTIAL in found["line"], found["line"]
    assert {"casussen/het-breedschap-amsterdam-noord/", "casussen/lsa-vouchersysteem/"} <= set(found["urls"][:3]), \
        found["urls"]
    assert not page.errors


def test_a_word_that_occurs_nowhere_gets_a_close_word_that_does(page, site_url):
    found = search(page, site_url, "holendrocht")
    assert "wel voor ‘holendrecht’" in found["line"], found["line"]
    assert found["urls"][0] == "casussen/masterplan-zuidoost-amsterdam/"


def test_a_word_that_occurs_nowhere_is_named_not_silently_dropped(page, site_url):
    # Pagefind leaves such a word out of the query; the search box says so.
    found = search(page, site_url, "armoede qxzvbw")
    assert found["urls"], found
    note = page.locator(".ww-zoek-suggestie").inner_text()
    assert "‘qxzvbw’ staat nergens" in note, note


def test_a_compound_the_site_writes_apart_is_searched_as_its_parts(page, site_url):
    # Written nowhere on the site, while "buurt" and "budget" are: the query is searched as
    # its two parts ("langetermijn" no longer serves: it is a search word of Lange adem now).
    found = search(page, site_url, "buurtbudget")
    assert "geen resultaten" not in found["line"] and "nergens" not in found["line"], found["line"]
    assert found["urls"]


def test_a_listing_ranks_below_the_cases_it_lists(page, site_url, project):
    from site_builder.content.catalog import load_catalog

    found = search(page, site_url, "onafhankelijke procesleiding")
    tagged = {f"casussen/{record.slug}/" for record in load_catalog(project).cases
              if "onafhankelijke-procesleiding" in record.case.building_blocks}
    assert found["urls"][0] == "bouwstenen/onafhankelijke-procesleiding/", found["urls"]
    listed = [url for url in found["urls"] if url in tagged]
    assert len(listed) >= 3, found["urls"]
    if "bouwstenen/" in found["urls"]:
        assert found["urls"].index("bouwstenen/") > max(found["urls"].index(url) for url in listed), found["urls"]


def test_a_case_whose_theme_is_the_word_comes_before_cases_that_only_say_it(page, site_url):
    # Dordt-West's theme is "woningcorporaties" (its page says the word nowhere else);
    # Goes-West and others say "woningcorporatie" in their text, some of them three times.
    # The themes are Pagefind's metadata field `themas`, weighted in assets/zoeken.js.
    found = search(page, site_url, "woningcorporatie")
    assert found["urls"][0] == "casussen/dordt-west-dordrecht/", found["urls"]
    assert not page.errors


def test_a_case_whose_title_is_a_fund_is_found_by_the_everyday_word_subsidie(page, site_url):
    # The Volkshuisvestingsfonds is a 'fonds', what readers call a 'subsidie' (search/synonyms.yml);
    # the case's page says "subsidie" only in its sources' addresses. The title's synonyms are
    # Pagefind's metadata field `titelvormen`, weighted as the title in assets/zoeken.js.
    found = search(page, site_url, "subsidie")
    assert "casussen/volkshuisvestingsfonds/" in found["urls"][:3], found["urls"]
    assert not page.errors


def test_a_case_whose_theme_is_resident_participation_comes_first_for_betrekken(page, site_url, project):
    # A theme "participatie" or "bewonersparticipatie" is what people call 'bewoners
    # betrekken'; Dordt-West and others only say "betrekken" in their text.
    from site_builder.content.catalog import load_catalog
    participating = {f"casussen/{record.slug}/" for record in load_catalog(project).cases
                     if any(theme.endswith("participatie") for theme in record.case.themes)}
    found = search(page, site_url, "betrekken")
    assert found["urls"][0] in participating, (found["urls"], participating)


def result_count(line: str) -> int:
    """The number of results the line above them announces ("12 resultaten · ...")."""
    first = line.split()[0]
    return 0 if first == "Geen" else int(first)


@pytest.mark.parametrize("query", ["geld", "woningcorporatie"])
def test_contributor_pages_are_not_in_the_public_results(page, site_url, query):
    public = search(page, site_url, query)
    assert public["urls"], query
    assert not [url for url in public["urls"] if url.startswith("bijdragen/")], public["urls"]
    # Not only out of the first ten: out of the results. The contributor pages that hold
    # the word count only when the reader asks for them.
    asked = search(page, site_url, query, contributors=True)
    assert result_count(asked["line"]) > result_count(public["line"]), (asked["line"], public["line"])


def test_contributor_pages_are_found_when_asked_for_and_on_their_own_pages(page, site_url):
    assert not [url for url in search(page, site_url, "casusformaat")["urls"] if url.startswith("bijdragen/")]
    asked = search(page, site_url, "casusformaat", contributors=True)["urls"]
    assert [url for url in asked if url.startswith("bijdragen/")], asked
    # On the contributor documentation itself the option starts switched on.
    on_their_pages = search(page, site_url, "casusformaat", path="bijdragen/")["urls"]
    assert [url for url in on_their_pages if url.startswith("bijdragen/")], on_their_pages


def test_a_case_and_its_term_are_found_by_the_tags_explanation(page, site_url):
    # Only Goes-West's explanation of its step "randvoorwaarden organiseren" has this word.
    found = search(page, site_url, "verhuiskostenvergoeding")
    assert found["urls"][:2] == ["casussen/goes-west/", "stappen/randvoorwaarden-organiseren/"], found["urls"]


def test_a_province_is_found_by_a_case_it_lists(page, site_url):
    found = search(page, site_url, "Hanenberglanden")
    assert found["urls"][0] == "casussen/hanenberglanden-enschede/", found["urls"]
    assert "provincies/overijssel/" in found["urls"][:3], found["urls"]


def test_a_case_result_starts_with_its_summary(page, site_url):
    found = search(page, site_url, "woningcorporatie")
    case_results = [(url, first) for url, first in zip(found["urls"], found["firsts"]) if url.startswith("casussen/")]
    assert case_results, found["urls"]
    url, first = case_results[0]
    page.goto(site_url + url)
    assert first == page.locator(".ww-lead").inner_text().strip()
