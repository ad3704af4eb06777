"""Issue 25 (points 3 and 4) and issue 23 (point 6): sources as data, the sections written
only from a source, and one definition of the years a case is active.

The fixture `tests/data/passing/plan-uit-oude-bron.md` starts in 2019 and cites only a
source of 2017 (no end, no status year): the finder, the timeline and cases.json must
all count it active in 2019. It also has a web source with a date and a date read, and
the four sections the compare page sets side by side."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.content.case_sections import COMPARED_SECTIONS
from site_builder.content.catalog import load_catalog
from site_builder.project import Project
from site_builder.website.overviews.timeline import render_timeline_page, timeline_rows
from site_builder.website.pages import render_case_page
from site_builder.website.site_context import SiteContext
from site_builder.website.site_data import case_as_data

from .browser import screenshot, serve_folder
from .conftest import DATA, ROOT
from .test_content_root import MINIMAL_MKDOCS_YML

PLAN = "plan-uit-oude-bron"
OTHER = "zonder-nieuwe-secties"  # one source with a year (2018) only, no period, none of the new sections


def content_root(folder: Path) -> Path:
    """The bundled cases plus the fixture, with a minimal docs folder and mkdocs.yml."""
    shutil.copytree(ROOT / "cases", folder / "cases")
    for slug in (PLAN, OTHER):
        shutil.copy2(DATA / "passing" / f"{slug}.md", folder / "cases" / f"{slug}.md")
    shutil.copytree(ROOT / "schema", folder / "schema")
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Wijken\n\nPraktijkvoorbeelden.\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(MINIMAL_MKDOCS_YML, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> SiteContext:
    catalog = load_catalog(Project(content_root(tmp_path_factory.mktemp("gegevens"))))
    assert not catalog.errors, [d.as_text() for d in catalog.errors]
    return SiteContext.create(catalog)


# --- Active years: one definition -------------------------------------------------------

def test_a_plan_cited_from_an_older_source_is_active_from_its_start(site):
    record = site.by_slug[PLAN]
    assert record.case.information_year == 2017  # the source is older than the start
    assert record.case.active_years == (2019, 2019)
    assert site.views[PLAN].active_years == (2019, 2019)
    assert case_as_data(record, site)["actief"] == [2019, 2019]
    assert case_as_data(site.by_slug[OTHER], site)["actief"] is None


def test_the_timeline_draws_the_plan_from_the_same_years(site):
    dated, undated = timeline_rows(list(site.views.values()))
    [row] = [row for row in dated if row.case.slug == PLAN]
    assert (row.start, row.known_until) == site.by_slug[PLAN].case.active_years
    assert all(case.slug != PLAN for case in undated)
    for row in dated:  # every bar is the case's active years, whatever its period says
        assert (row.start, row.known_until) == site.by_slug[row.case.slug].case.active_years
    assert "Wijkplan uit een oudere bron" in render_timeline_page(site)


# --- Sources as data ----------------------------------------------------------------------

def test_cases_json_carries_publisher_date_address_and_date_read_of_every_source(site):
    for record in site.catalog.cases:
        for source in case_as_data(record, site)["bronnen"]:
            assert {"uitgever", "datum", "url", "geraadpleegd"} <= set(source), record.slug
    [source] = case_as_data(site.by_slug[PLAN], site)["bronnen"]
    assert source == {"titel": "Wijkplan Tinga 2019-2029", "auteurs": None, "uitgever": "Gemeente Súdwest-Fryslân",
                      "jaar": 2017, "pagina": "3", "url": "https://example.org/wijkplan-tinga",
                      "datum": "2017-11-06", "geraadpleegd": "2026-01-15"}


def test_the_case_page_lists_each_source_with_publisher_date_address_and_date_read(site):
    page = render_case_page(site.views[PLAN], site)
    start = page.index('<ol class="ww-bronnen">')
    sources = page[start:page.index("</ol>", start)]  # the breadcrumb above has a list too
    assert "Gemeente Súdwest-Fryslân, <time datetime=\"2017-11-06\">6 november 2017</time>." in sources
    assert '<a class="ww-adres" href="https://example.org/wijkplan-tinga">' in sources
    assert "(geraadpleegd op 15 januari 2026)" in sources
    # A source with a year and no date shows the year.
    other = render_case_page(site.views[OTHER], site)
    assert "Platform31, 2018." in other[other.index('<ol class="ww-bronnen">'):]


@pytest.mark.parametrize("build_year, outdated", [(2022, False), (2023, True), (2030, True)])
def test_the_case_page_says_when_its_newest_source_is_over_five_years_older_than_the_build(
        site, build_year, outdated):
    built = dataclasses.replace(site, build_year=build_year)
    page = render_case_page(built.views[PLAN], built)
    assert ("Informatie uit 2017: mogelijk verouderd" in page) == outdated
    assert "Informatie uit 2018" not in page


# --- The sections written only from a source ---------------------------------------------

def test_cases_json_holds_the_text_of_each_compared_section(site):
    sections = case_as_data(site.by_slug[PLAN], site)["secties"]
    assert list(sections) == [section.key for section in COMPARED_SECTIONS]
    assert sections["wat_werkte"].startswith("Volgens het plan werkte een vaste wijkregisseur")
    assert sections["overdraagbaarheid"].endswith("[bron 1, p. 7].")
    assert set(case_as_data(site.by_slug[OTHER], site)["secties"].values()) == {None}


# --- The built site in a real browser -----------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The content root built with the real `wijkwijzer build`; yields the site folder."""
    root = content_root(tmp_path_factory.mktemp("gebouwd"))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["build"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return root / "site"


@pytest.fixture(scope="module")
def built_url(built):
    with serve_folder(built) as url:
        yield url


def test_the_new_sections_get_stable_ids_and_are_in_the_table_of_contents(built):
    html = (built / "casussen" / PLAN / "index.html").read_text(encoding="utf-8")
    toc = html[html.index('data-md-component="toc"'):]
    for section, anchor in (("Verloop en resultaten", "verloop-en-resultaten"), ("Wat werkte", "wat-werkte"),
                            ("Context en voorwaarden", "context-en-voorwaarden"),
                            ("Overdraagbaarheid", "overdraagbaarheid")):
        assert f'<h2 id="{anchor}">{section}' in html, section
        assert f'href="#{anchor}"' in toc, section


@pytest.mark.browser
def test_the_finder_lists_the_plan_as_active_in_its_start_year(page, built_url):
    page.goto(built_url + "vind/?actief=2019")
    page.locator("#ww-finder-aantal").wait_for()
    data = json.loads(page.evaluate("() => fetch('../data/cases.json').then(r => r.text())"))
    expected = {item["slug"] for item in data if item["actief"] and item["actief"][0] <= 2019 <= item["actief"][1]}
    listed = set(page.locator("#ww-finder-resultaten li").evaluate_all("items => items.map(i => i.dataset.slug)"))
    assert PLAN in listed and listed == expected
    page.goto(built_url + "vind/?actief=2018")
    page.locator("#ww-finder-aantal").wait_for()
    assert page.locator(f'#ww-finder-resultaten li[data-slug="{PLAN}"]').count() == 0
    assert page.errors == []


@pytest.mark.browser
def test_the_compare_page_sets_the_sections_side_by_side_as_text(page, built_url):
    page.goto(built_url + f"vergelijk/?casussen={PLAN},{OTHER}")
    page.locator("#ww-vergelijking").wait_for()
    for section in COMPARED_SECTIONS:
        heading = page.locator('th[scope="row"]', has_text=section.title)
        row = page.locator("#ww-vergelijking tbody tr").filter(has=heading)
        assert row.count() == 1, section.title
        assert "[bron 1, p." in row.locator(f'td[data-slug="{PLAN}"]').inner_text()
        assert row.locator(f'td[data-slug="{OTHER}"]').inner_text() == "Niet beschreven."
    worked = page.locator(f'#ww-vergelijking td[data-slug="{PLAN}"]').filter(has_text="wijkregisseur")
    # Case text is set as text: the escaped tag reads as "<b>", and no element is made of it.
    assert "In de bron staat <b> als code voor vet." in worked.inner_text()
    assert worked.locator("b").count() == 0
    screenshot(page, "vergelijk-secties")
    assert page.errors == []


def test_every_source_in_cases_json_fits_the_published_json_schema(site):
    import jsonschema

    from site_builder.content.case_fields import case_fields
    from site_builder.content.json_schema import case_json_schema

    validator = jsonschema.Draft202012Validator(case_json_schema(site.catalog.vocabularies))
    keys = {field.key for field in case_fields()}
    for record in site.catalog.cases:
        front_matter = {key: value for key, value in case_as_data(record, site).items() if key in keys}
        assert list(validator.iter_errors(front_matter)) == [], record.slug
