"""Another organisation's content root: only cases/, schema/, one docs/index.md and a
six-line mkdocs.yml. `wijkwijzer build` still makes a working site, because the
package brings the finder page, the overviews, the CSS and JavaScript, the theme
overrides and the Markdown extensions the generated pages need."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.content.catalog import load_catalog
from site_builder.project import Project
from site_builder.website.engines import ENGINE_NAMES

from .browser import serve_folder
from .conftest import ROOT

MINIMAL_MKDOCS_YML = """\
site_name: Wijken elders
theme:
  name: material
  language: nl
plugins:
  - wijkwijzer
"""


@pytest.fixture(scope="module", params=ENGINE_NAMES)
def minimal_site(tmp_path_factory, request):
    """A minimal content root built with the real `wijkwijzer build`, by each engine in
    turn; yields (project, site folder)."""
    root = tmp_path_factory.mktemp(f"elders-{request.param}")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copytree(ROOT / "schema", root / "schema")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Wijken elders\n\nPraktijkvoorbeelden van de wijkaanpak.\n",
                                            encoding="utf-8")
    (root / "mkdocs.yml").write_text(MINIMAL_MKDOCS_YML, encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["build", "--engine", request.param])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return Project(root), root / "site"


def test_a_minimal_content_root_gets_the_whole_site(minimal_site):
    _, site = minimal_site
    for page in ("vind", "casussen", "casussen/selwerd-groningen", "bouwstenen/lange-adem",
                 "overzicht/matrix", "overzicht/kaart", "overzicht/open-data", "gezocht"):
        assert (site / page / "index.html").is_file(), page
    for asset in ("wijkwijzer.css", "overzicht.css", "wijkwijzer.js", "vind.js", "zoeken.js", "overzicht.js"):
        assert (site / "assets" / asset).is_file(), asset
    finder = (site / "vind" / "index.html").read_text(encoding="utf-8")
    assert 'data-cases="../data/cases.json"' in finder and "assets/vind.js" in finder
    assert (site / "pagefind" / "pagefind.js").is_file()


@pytest.fixture(scope="module")
def minimal_site_url(minimal_site):
    with serve_folder(minimal_site[1]) as url:
        yield url


@pytest.mark.browser
def test_the_finder_of_a_minimal_content_root_filters_on_a_building_block(page, minimal_site, minimal_site_url):
    project, _ = minimal_site
    cases = load_catalog(project).cases
    page.goto(minimal_site_url + "vind/")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    page.locator("#ww-bouwsteen-lange-adem").check()
    listed = set(page.locator("#ww-finder-resultaten li").evaluate_all("items => items.map(i => i.dataset.slug)"))
    assert listed == {r.slug for r in cases if "lange-adem" in r.case.building_blocks} and listed
    assert page.errors == []


@pytest.mark.browser
def test_the_search_box_of_a_minimal_content_root_returns_results(page, minimal_site_url):
    page.goto(minimal_site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially("welbevinden")
    page.locator(".md-search-result__item").filter(has_text="Selwerd").first.wait_for(timeout=15_000)
    assert page.errors == []
