"""`wijkwijzer build`: the real MkDocs build of the bundled cases, its URLs,
its links, its safety and its atomic swap."""

from __future__ import annotations

import re
from html import escape, unescape

import pytest
from click.testing import CliRunner
from site_builder.build import build_site
from site_builder.cli import main
from site_builder.content.catalog import CaseRecord, load_catalog
from site_builder.content.loader import read_case_source
from site_builder.content.models import Case

from .conftest import ROOT, copy_project
from .sitecheck import broken_links, unsafe_markup


def html(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_case_has_a_page_at_its_permalink(bundled_site, project):
    catalog = load_catalog(project)
    for record in catalog.cases:
        page = html(bundled_site, f"casussen/{record.slug}")
        # The whole title, as the page heading: a first word such as "De" would match any page.
        heading = re.search(r"<h1[^>]*>([^<]*)", page)
        assert heading and unescape(heading.group(1).strip()) == record.case.title, record.slug


def test_every_term_and_province_has_a_page(bundled_site, project):
    vocabularies = load_catalog(project).vocabularies
    for kind in ("bouwstenen", "dragers", "stappen", "provincies"):
        assert (bundled_site / kind / "index.html").exists()
        for term_id in vocabularies.by_kind(kind).ids:
            assert (bundled_site / kind / term_id / "index.html").exists(), (kind, term_id)


def test_building_block_page_lists_exactly_its_cases(bundled_site, project):
    catalog = load_catalog(project)
    page = html(bundled_site, "bouwstenen/lange-adem")
    linked = set(re.findall(r'href="\.\./\.\./casussen/([a-z0-9-]+)/"', page))
    expected = {r.slug for r in catalog.cases if "lange-adem" in r.case.building_blocks}
    assert linked == expected and expected


def test_case_overview_lists_every_case(bundled_site, project):
    page = html(bundled_site, "casussen")
    slugs = set(re.findall(r'href="([a-z0-9-]+)/"', page))
    assert {r.slug for r in load_catalog(project).cases} <= slugs


def test_case_page_has_fact_box_terms_sources_related_and_edit_link(bundled_site, project):
    page = html(bundled_site, "casussen/donderberg-roermond")
    assert '<dl class="ww-facts">' in page and "<dt>Gemeente</dt><dd>Roermond</dd>" in page
    # The period as the source gives it, with the year the information describes: never "lopend".
    period = next(r.case.period for r in load_catalog(project).cases if r.slug == "donderberg-roermond")
    assert period.start and period.planned_end and period.status_year and not period.end
    said = f"sinds {period.start}, gepland tot {period.planned_end} (stand {period.status_year})"
    assert f"<dt>Periode</dt><dd>{said}</dd>" in page
    assert "lopend" not in page
    assert 'href="../../bouwstenen/lange-adem/"' in page
    assert 'id="bronnen"' in page and "Naar een wendbare wijkaanpak" in page
    assert 'id="verwante-casussen"' in page and "deelt " in page
    assert "/edit/main/cases/donderberg-roermond.md" in page
    assert re.search(r"<dt>Laatst gewijzigd</dt><dd><time datetime=\"\d{4}-\d\d-\d\d\">", page)


def test_unknown_period_is_said_in_words(bundled_site, project):
    record = next(r for r in load_catalog(project).cases if r.case.period is None)
    assert "<dt>Periode</dt><dd>periode onbekend</dd>" in html(bundled_site, f"casussen/{record.slug}")


def test_cases_are_kept_out_of_the_navigation(bundled_site):
    home = (bundled_site / "index.html").read_text(encoding="utf-8")
    assert "casussen/donderberg-roermond/" not in home
    assert 'href="casussen/"' in home


def test_site_is_dutch_with_a_dutch_chunked_search_index(bundled_site):
    import json

    home = (bundled_site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="nl"' in home
    entry = json.loads((bundled_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["nl"]
    assert entry["languages"]["nl"]["page_count"] >= len(list((bundled_site / "casussen").glob("*/index.html")))
    assert not (bundled_site / "search" / "search_index.json").exists()  # no monolithic index
    # A small site's index is one part: nothing for the search box to merge. The
    # word it searches ahead is one of its page titles'.
    listing = json.loads((bundled_site / "pagefind" / "delen.json").read_text(encoding="utf-8"))
    assert listing["delen"] == []
    titles = " ".join(re.findall(r"<h1\b[^>]*>(.*?)</h1>", "".join(
        page.read_text(encoding="utf-8") for page in bundled_site.glob("**/index.html")), re.S)).lower()
    assert len(listing["opwarmen"]) >= 4 and listing["opwarmen"] in titles
    assert not list(bundled_site.glob(".zoekindex-*"))  # the scratch trees are gone


def test_site_search_index_is_split_into_parts_of_bounded_size():
    from pathlib import Path

    from site_builder.website.site_search import split_into_parts

    pages = [(Path(f"p{number}.html"), size) for number, size in enumerate([40, 30, 50, 10, 200, 5])]
    parts = split_into_parts(pages, part_bytes=80)
    assert [[path.name for path in part] for part in parts] == [
        ["p0.html", "p1.html"], ["p2.html", "p3.html"], ["p4.html"], ["p5.html"]]  # an oversized page alone
    assert split_into_parts([], part_bytes=80) == [[]]
    # As many parts as the size requires, never a small one left over at the end.
    even = [(Path(f"q{number}.html"), 10) for number in range(10)]
    assert [len(part) for part in split_into_parts(even, part_bytes=35)] == [3, 4, 3]


def write_small_case_page(site, page, name: str) -> None:
    """A page as MkDocs would write it, marked for the site search, with a few words."""
    (site / page).parent.mkdir(parents=True)
    (site / page).write_text(
        f"<html lang='nl'><body><div data-pagefind-body><h1>Casus {name}</h1>"
        f"<p>Bewoners in de wijk {name} praten mee.</p></div></body></html>", encoding="utf-8")


def test_site_search_indexes_a_part_while_the_next_pages_are_still_being_written(tmp_path):
    import json
    from pathlib import Path

    from site_builder.website.site_search import SiteSearchIndexer

    site = tmp_path / "site"
    names = ["een", "twee", "drie", "vier"]
    pages = [Path(name, "index.html") for name in names]
    indexer = SiteSearchIndexer(site, [(page, 100) for page in pages], part_bytes=200)
    assert indexer.parts == [pages[:2], pages[2:]]
    try:
        for number, page in enumerate(pages):
            write_small_case_page(site, page, names[number])
            indexer.page_written(page)
            if number == 1:  # the first part is complete: Pagefind starts on it now
                assert list(indexer.running) == [1]
                assert not (site / pages[2]).exists()
        indexer.finish()
    finally:
        indexer.stop()
    assert json.loads((site / "pagefind" / "delen.json").read_text(encoding="utf-8"))["delen"] == ["deel-2/"]
    for index in (site / "pagefind", site / "pagefind" / "deel-2"):
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["nl"]["page_count"] == 2
    assert not list(site.glob(".zoekindex-*"))


def test_once_every_page_is_written_the_remaining_parts_are_indexed_two_at_a_time(tmp_path):
    """While MkDocs writes, one Pagefind runs beside it; after the last page both cores
    go to Pagefind, so the parts still waiting are not indexed one after the other."""
    import json
    from pathlib import Path

    from site_builder.website.site_search import SiteSearchIndexer

    class CountingIndexer(SiteSearchIndexer):
        at_once: list[int] = []

        def _start(self, at_once):
            super()._start(at_once)
            self.at_once.append(len(self.running))

    site = tmp_path / "site"
    names = ["een", "twee", "drie", "vier", "vijf", "zes"]
    pages = [Path(name, "index.html") for name in names]
    indexer = CountingIndexer(site, [(page, 100) for page in pages], part_bytes=200)
    assert len(indexer.parts) == 3
    try:
        for number, page in enumerate(pages):
            write_small_case_page(site, page, names[number])
            indexer.page_written(page)
        assert max(indexer.at_once) == 1
        writing = len(indexer.at_once)
        indexer.finish()
    finally:
        indexer.stop()
    assert max(indexer.at_once[writing:]) == 2
    assert json.loads((site / "pagefind" / "delen.json").read_text(encoding="utf-8"))["delen"] == [
        "deel-2/", "deel-3/"]
    for index in (site / "pagefind", site / "pagefind" / "deel-2", site / "pagefind" / "deel-3"):
        entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["nl"]["page_count"] == 2


def test_a_failing_pagefind_is_reported_with_its_own_words_and_leaves_no_scratch(tmp_path):
    from pathlib import Path

    from site_builder.errors import SiteSearchFailed
    from site_builder.website.site_search import SiteSearchIndexer

    site = tmp_path / "site"
    page = Path("casus", "index.html")
    (site / page.parent).mkdir(parents=True)
    (site / page).write_text("<html lang='nl'><body><div data-pagefind-body><h1>Casus</h1></div></body></html>",
                             encoding="utf-8")
    (site / "pagefind").write_text("een bestand waar de index had moeten staan", encoding="utf-8")
    indexer = SiteSearchIndexer(site, [(page, 100)])
    try:
        indexer.page_written(page)
        with pytest.raises(SiteSearchFailed, match="Pagefind kon de zoekindex niet bouwen: .+"):
            indexer.finish()
    finally:
        indexer.stop()
    assert not list(site.glob(".zoekindex-*"))


def test_site_search_warms_up_with_the_commonest_title_word_of_the_first_part(tmp_path):
    from pathlib import Path

    from site_builder.website.site_search import warm_up_word

    titles = {"a.html": "De wijk <em>Selwerd</em> in Groningen", "b.html": "Lewenborg in Groningen",
              "c.html": "Wijk bij Duurstede", "d.html": "Zonder titel"}
    for name, title in titles.items():
        (tmp_path / name).write_text(f"<html><body><h1 id='x'>{title}</h1><p>groningen</p></body></html>",
                                     encoding="utf-8")
    (tmp_path / "d.html").write_text("<html><body><p>lelystad lelystad lelystad</p></body></html>",
                                     encoding="utf-8")
    # "groningen" and "wijk" are in two titles each; the alphabetically first of the commonest wins.
    assert warm_up_word(tmp_path, [Path(name) for name in titles]) == "groningen"
    assert warm_up_word(tmp_path, [Path("c.html")]) == "duurstede"  # four letters or more: not "bij"
    assert warm_up_word(tmp_path, [Path("d.html")]) is None


def site_root_path() -> str:
    from urllib.parse import urlsplit

    from .conftest import TEST_ADDRESSES

    return urlsplit(TEST_ADDRESSES["site_url"]).path or "/"


def test_every_internal_link_and_anchor_resolves(bundled_site):
    assert broken_links(bundled_site, site_root_path()) == []


def test_open_data_json_lists_every_case(bundled_site, project):
    import json

    data = json.loads((bundled_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert sorted(item["slug"] for item in data) == [r.slug for r in load_catalog(project).cases]


# --- Safety ---------------------------------------------------------------------------

HOSTILE_CASE = """---
titel: "Wijk</title><script>alert('titel')</script> &lt;/title&gt;&lt;script&gt;"
gemeente: "<img src=x onerror=alert('gemeente')>"
wijk: "[klik](javascript:alert('wijk'))"
provincie: Limburg
samenvatting: "<script>alert('samenvatting')</script>"
bouwstenen: [lange-adem]
themas: ["<b onmouseover=alert(1)>thema</b>"]
bronnen:
  - titel: "<script>alert('bron')</script>"
---
## Aanleiding

Tekst <script>alert('body')</script> en <img src="x.png" onerror="alert('img')">.

[Een javascript-link](javascript:alert('link')) en <a href="JaVaScRiPt:alert(2)">nog een</a>.

[Attribuut](https://example.org){onclick="alert('attr')"}

--8<-- "mkdocs.yml"
"""


@pytest.mark.slow  # a whole MkDocs build
def test_hostile_case_content_never_reaches_the_html_even_without_check(tmp_path):
    project = copy_project(tmp_path / "project")
    (project.cases_dir / "aanval.md").write_text(HOSTILE_CASE, encoding="utf-8")
    catalog = load_catalog(project)
    assert {"WW302", "WW303", "WW304"} <= {d.code for d in catalog.errors}
    # Skip the check on purpose: put the case in the catalog as if nobody looked.
    catalog.diagnostics = [d for d in catalog.diagnostics if "aanval" not in d.path]
    source, _ = read_case_source(project.cases_dir / "aanval.md", project.root)
    case = Case.model_validate(source.front_matter, context={"vocabularies": catalog.vocabularies})
    catalog.cases.append(CaseRecord(source.slug, source.display_path, case, source.body, source.content_hash))
    build_site(project, catalog, tmp_path / "site", strict=False)
    pages = list((tmp_path / "site").rglob("*.html"))
    assert pages
    for page in pages:
        assert unsafe_markup(page) == [], page
        assert "</title><script" not in page.read_text(encoding="utf-8").lower()
    case_page = (tmp_path / "site" / "casussen" / "aanval" / "index.html").read_text(encoding="utf-8")
    assert "site_name: WijkWijzer" not in case_page  # no file included through snippets
    assert "&lt;script&gt;alert('samenvatting')" in case_page  # shown as text


# --- The command and its atomic swap --------------------------------------------------

def run_build(project, *args):
    import os

    cwd = os.getcwd()
    os.chdir(project.root)
    try:
        return CliRunner().invoke(main, ["build", *args])
    finally:
        os.chdir(cwd)


@pytest.mark.slow  # a whole MkDocs build
def test_build_refuses_on_check_errors_and_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    first = run_build(project)
    assert first.exit_code == 0, first.output
    marker = (project.root / "site" / "index.html").read_bytes()
    (project.cases_dir / "kapot.md").write_text("---\ntitel: [\n---\n", encoding="utf-8")
    second = run_build(project)
    assert second.exit_code == 1
    assert "cases/kapot.md:3:1: WW008" in second.output
    assert (project.root / "site" / "index.html").read_bytes() == marker


@pytest.mark.slow  # a whole MkDocs build
def test_a_failing_mkdocs_build_leaves_the_previous_site_untouched(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project, "--out", "public").exit_code == 0
    before = sorted(p.relative_to(project.root) for p in (project.root / "public").rglob("*"))
    (project.docs_dir / "kapot.md").write_text("[nergens](bestaat-niet.md)\n", encoding="utf-8")
    result = run_build(project, "--out", "public")
    assert result.exit_code == 1 and "Fout:" in result.output
    after = sorted(p.relative_to(project.root) for p in (project.root / "public").rglob("*"))
    assert before == after
    leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".public-")]
    assert leftovers == []  # no staging or retired folder (the lock file .public.lock may stay)


@pytest.mark.slow  # a whole MkDocs build
def test_build_works_outside_a_git_checkout(tmp_path):
    project = copy_project(tmp_path / "project")  # a plain folder: no .git
    result = run_build(project)
    assert result.exit_code == 0, result.output
    page = (project.root / "site" / "casussen" / "selwerd-groningen" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Laatst gewijzigd</dt>" in page


@pytest.mark.slow  # a whole MkDocs build
def test_an_error_inside_a_markdown_extension_is_a_sentence_not_a_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_build(project).exit_code == 0
    before = (project.root / "site" / "index.html").read_bytes()
    (project.root / "CONTRIBUTING.md").unlink()  # docs/bijdragen/index.md includes it
    result = run_build(project)
    assert result.exit_code == 1
    assert "Fout: MkDocs kon de site niet bouwen: ERROR" in result.output
    assert "Snippet at path 'CONTRIBUTING.md' could not be found" in result.output
    assert "Traceback" not in result.output
    assert (project.root / "site" / "index.html").read_bytes() == before


# --- Evidence, periods and national cases (issue 13) ----------------------------------------

def test_a_building_block_page_teaches_from_each_case_source_examples_first(bundled_site, project):
    catalog = load_catalog(project)
    page = html(bundled_site, "bouwstenen/lange-adem")
    claimed = [r for r in catalog.cases if "lange-adem" in r.case.building_blocks]
    positions = {}
    for record in claimed:
        [tag] = [tag for tag in record.case.building_block_tags if tag.id == "lange-adem"]
        heading = f'href="../../casussen/{record.slug}/"'
        assert heading in page, record.slug
        positions[record.slug] = (page.index(heading), tag.ground)
        # The case's own explanation for this block, not its general summary.
        assert escape(tag.explanation, quote=False) in page, record.slug
    order = [ground for _, ground in sorted(positions.values())]
    assert order == sorted(order, key=["bron", "duiding"].index)  # the source's own examples first
    assert "voorbeeld uit de bron" in page and "duiding van de redactie" in page
    lessons = page[page.index('id="lessen"'):]
    assert lessons.count("<li>") >= len(claimed)


def test_a_case_page_shows_each_tag_with_its_explanation_and_links_its_references(bundled_site, project):
    record = load_catalog(project).by_slug()["donderberg-roermond"]
    page = html(bundled_site, "casussen/donderberg-roermond")
    for tag in record.case.building_block_tags:
        assert escape(tag.explanation, quote=False) in page
    assert '<li id="bron-1">' in page
    assert re.search(r'<a href="#bron-1">\[1, p\. [0-9-]+\]</a>', page)


def test_no_case_page_shows_a_reference_as_written(bundled_site):
    # `[bron 2; bron 3]` too: each number of a bracket becomes a link to its source.
    pages = list((bundled_site / "casussen").glob("*/index.html"))
    assert len(pages) > 40
    for path in pages:
        article = path.read_text(encoding="utf-8").split("<article", 1)[1]
        assert "[bron " not in article, path.parent.name
    # A bracket of two references in a bundled case, as its contributor wrote it.
    pair = re.compile(r"\[bron (\d+); bron (\d+)\]")
    slug, first, second = next((path.stem, *match.groups()) for path in sorted((ROOT / "cases").glob("*.md"))
                               for match in [pair.search(path.read_text(encoding="utf-8"))] if match)
    page = html(bundled_site, f"casussen/{slug}")
    assert f'<a href="#bron-{first}">[{first}]</a> <a href="#bron-{second}">[{second}]</a>' in page


def test_no_page_says_a_case_runs_now(bundled_site):
    # Every page and data file that shows cases (the contributors' guide may say not to).
    shown = [path for folder in ("casussen", "bouwstenen", "dragers", "stappen", "provincies", "overzicht",
                                 "gezocht", "data") for path in (bundled_site / folder).rglob("*.*")]
    assert len(shown) > 40
    for path in [*shown, bundled_site / "feed.xml"]:
        text = path.read_text(encoding="utf-8")
        for claim in ("heden (lopend)", ">lopend<", "nog loopt"):
            assert claim not in text, (path, claim)


def test_a_national_programme_is_on_no_province_page_but_listed_as_national(bundled_site, project):
    catalog = load_catalog(project)
    national = [r for r in catalog.cases if r.case.is_national]
    assert any(r.slug == "lsa-vouchersysteem" for r in national)
    for province in (bundled_site / "provincies").iterdir():
        if province.is_dir():
            page = (province / "index.html").read_text(encoding="utf-8")
            for record in national:
                assert f"casussen/{record.slug}/" not in page, (province.name, record.slug)
    index = html(bundled_site, "provincies")
    listed = index[index.index('id="landelijk"'):]
    for record in national:
        assert f"casussen/{record.slug}/" in listed, record.slug
