"""Issue 24, "Inert everywhere": case text is case text wherever it appears, and the XML
the build writes is well formed whatever got past `check`.

The fast tests read a generated page in the site's own Markdown dialect (the extensions
of mkdocs.yml, as every engine reads them) before the sanitiser: what case text may
become there is decided by the render stage, not only repaired afterwards. The slow
ones build the site with every engine.
"""

from __future__ import annotations

import datetime
import gzip
import os
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from site_builder.build import build_site
from site_builder.content.case_markdown import heading_slug
from site_builder.content.catalog import load_catalog
from site_builder.website.engine_config import markdown_extensions, read_site_settings
from site_builder.website.engines import ENGINE_NAMES
from site_builder.website.feed import render_feed
from site_builder.website.pages import generate_pages
from site_builder.website.site_context import SiteContext

from .conftest import ROOT, TEST_ADDRESSES, copy_project
from .hostile import (
    ATTACKS, FRONT_MATTERS, PLANTED_IDS, XML_HOSTILE_TEXT, add_unchecked, add_unread, hostile_case,
)
from .test_security import check_text


# --- Reading a generated page as the engine does ----------------------------------------------

def site_dialect() -> markdown.Markdown:
    """Python-Markdown with the extensions the engines get for the bundled site (attr_list,
    md_in_html, snippets...), the heading slug included."""
    settings = read_site_settings(ROOT / "mkdocs.yml")
    names, configs = [], {}
    for item in markdown_extensions(settings.get("markdown_extensions"), ROOT):
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = dict(options or {})
    configs["toc"]["slugify"] = heading_slug
    return markdown.Markdown(extensions=names, extension_configs=configs)


class Elements(HTMLParser):
    """Every element's tag and attributes, in order."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def ids(self) -> list[str]:
        return [attrs["id"] for _tag, attrs in self.found if attrs.get("id")]


def page_markdown(text: str) -> str:
    """A generated page's Markdown without its front matter."""
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


@pytest.fixture(scope="module")
def hostile_pages(tmp_path_factory) -> dict[str, str]:
    """Every generated page of the bundled cases plus the hostile lesson case, unchecked."""
    project = copy_project(tmp_path_factory.mktemp("inert") / "project")
    path = project.cases_dir / "aanval-lesson.md"
    path.write_text(hostile_case(ATTACKS["lesson"], FRONT_MATTERS["lesson"]), encoding="utf-8")
    catalog = load_catalog(project)
    catalog.cases = [record for record in catalog.cases if record.slug != "aanval-lesson"]
    add_unchecked(catalog, project, path)
    return {page.path: page.content for page in generate_pages(SiteContext.create(catalog))}


def test_a_lesson_on_a_term_page_is_no_more_than_on_its_case_page(hostile_pages):
    html = site_dialect().convert(page_markdown(hostile_pages["bouwstenen/lange-adem.md"]))
    elements = Elements(html)
    assert not set(PLANTED_IDS) & set(elements.ids()), elements.ids()
    assert [attrs for _tag, attrs in elements.found if "tracker.example" in str(attrs)] == []
    assert not [name for _tag, attrs in elements.found for name in attrs if name.startswith("on")]
    assert not [attrs for _tag, attrs in elements.found if "autofocus" in attrs]
    assert "site_name:" not in html  # nothing of the project pasted in
    # The lesson still reads as written, its link and reference included.
    assert '<a href="https://example.org/a">a</a>' in html
    assert 'href="../../casussen/aanval-lesson/#bron-1"' in html


def test_an_explanation_on_a_term_page_is_text_as_on_its_case_page(hostile_pages):
    html = site_dialect().convert(page_markdown(hostile_pages["bouwstenen/lange-adem.md"]))
    explanation = html.split("Uitleg", 1)[1].split("</p>", 1)[0]
    assert "{: #ww-zoek }" in explanation and "&lt;img src=https://teller.example/t.png&gt;" in explanation
    assert "<" not in explanation.replace("</", "")  # no element at all


def test_no_id_on_a_term_page_comes_from_case_text(hostile_pages):
    """Before the sanitiser, a term page's ids are its headings' (`lessen`, a case's title):
    nothing the theme or the site's scripts look up, whatever its lessons say."""
    ids = Elements(site_dialect().convert(page_markdown(hostile_pages["bouwstenen/lange-adem.md"]))).ids()
    assert "lessen" in ids
    assert [value for value in ids if value.startswith(("ww-", "_", "md-"))] == []


@pytest.mark.parametrize("line, code", [
    ("Een link [a](https://example.org){: #ww-finder } midden in een zin.", "WW332"),
    ("*Nadruk*{autofocus} in een zin.", "WW332"),
    ("*Nadruk*{: onfocus=alert(1) } in een zin.", "WW303"),
    ("| a {.klasse} | b |", "WW332"),
    ("Tekst { #eigen-id } en verder.", "WW332"),
])
def test_check_reads_an_attribute_list_anywhere_in_a_line(project, tmp_path, line, code):
    found = check_text(project, tmp_path, hostile_case(f"## Aanleiding\n\n{line}\n"))
    line_number = hostile_case("## Aanleiding\n\n").count("\n") + 1
    assert [(d.code, d.line) for d in found if d.code == code] == [(code, line_number)], [d.as_text() for d in found]


def test_a_brace_in_a_code_span_is_text(project, tmp_path):
    found = check_text(project, tmp_path, hostile_case("## Aanleiding\n\nZo: `{: #ww-x }` en `a{b}`.\n"))
    assert not {"WW332", "WW303"} & {d.code for d in found}


def test_check_reports_every_hostile_lesson_where_it_is_written(project, tmp_path):
    text = hostile_case(ATTACKS["lesson"], FRONT_MATTERS["lesson"])
    found = check_text(project, tmp_path, text)
    lines = text.split("\n")
    attacked = {number for number, line in enumerate(lines, start=1) if line.startswith(("- Een link", "- Een plaatje",
                                                                                          "  {: #ww-tijdlijn", "- *Nadruk*"))}
    reported = {d.line for d in found if d.code in ("WW332", "WW303", "WW339")}
    assert attacked <= reported, [d.as_text() for d in found]


def test_check_reads_attribute_lists_in_a_tag_explanation(project, tmp_path):
    found = check_text(project, tmp_path, hostile_case("## Aanleiding\n\nTekst.\n", FRONT_MATTERS["lesson"]))
    explanation = FRONT_MATTERS["lesson"].split("\n").index("    toelichting: >-") + 1
    assert any(d.code == "WW332" and explanation <= d.line <= explanation + 3 for d in found), \
        [d.as_text() for d in found]


# --- The page's own sections keep their ids ------------------------------------------------------

def test_body_headings_named_like_the_page_sections_get_other_ids(hostile_pages):
    html = site_dialect().convert(page_markdown(hostile_pages["casussen/aanval-lesson.md"]))
    ids = Elements(html).ids()
    assert ids.count("bronnen") == 1 and ids.count("verwante-casussen") == 1
    assert '<h2 id="bronnen_1">Bronnen' in html and '<h2 id="verwante-casussen_1">Verwante casussen' in html
    # The page's own "Bronnen" holds the numbered sources; the search stops at its own section.
    own_sources = html.split('<h2 id="bronnen">', 1)[1]
    assert '<ol class="ww-bronnen">' in own_sources.split("<h2", 1)[0]
    indexed = html.split('<h2 id="verwante-casussen"', 1)[0]
    assert "Nog zo een." in indexed and "Hoe deze casus de bouwstenen laat zien" in indexed


# --- XML-safe outputs ----------------------------------------------------------------------------

HOSTILE_VALUES = {
    "titel": XML_HOSTILE_TEXT, "gemeente": "Roermond", "wijk": XML_HOSTILE_TEXT, "provincie": "Limburg",
    "samenvatting": XML_HOSTILE_TEXT, "bouwstenen": ["lange-adem"], "bronnen": [{"titel": XML_HOSTILE_TEXT}],
}


def test_the_feed_is_well_formed_whatever_got_past_check(tmp_path):
    project = copy_project(tmp_path / "project")
    catalog = load_catalog(project)
    add_unread(catalog, project, "aanval-xml", HOSTILE_VALUES, "## Aanleiding\n\n" + XML_HOSTILE_TEXT + "\n")
    site = SiteContext.create(catalog, site_url=TEST_ADDRESSES["site_url"],
                              last_changed={"cases/aanval-xml.md": datetime.date(2030, 1, 1)})
    feed = ElementTree.fromstring(render_feed(site).encode("utf-8"))
    titles = [element.text for element in feed.iter("{http://www.w3.org/2005/Atom}title")]
    hostile = next(title for title in titles if "Aanval" in title)
    assert "]]> &amp; & <b>x</b> \U0001F600" in hostile and "\u200f\u202e einde" in hostile


def written_xml(site: Path) -> list[tuple[str, bytes]]:
    """Every XML file of a built site, compressed ones unpacked."""
    found = []
    for path in sorted(site.rglob("*")):
        if path.name.endswith((".xml", ".xml.gz", ".svg", ".atom", ".rss")) and "pagefind" not in path.parts:
            data = path.read_bytes()
            found.append((path.relative_to(site).as_posix(), gzip.decompress(data) if path.suffix == ".gz" else data))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_every_xml_file_of_a_site_with_hostile_titles_is_well_formed(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    catalog = load_catalog(project)
    add_unread(catalog, project, "aanval-xml", HOSTILE_VALUES, "## Aanleiding\n\nTekst.\n")
    newest = datetime.datetime(2030, 1, 1).timestamp()  # outside git the file's date counts: the newest case
    os.utime(project.cases_dir / "aanval-xml.md", (newest, newest))
    site = build_site(project, catalog, tmp_path / "site", addresses=TEST_ADDRESSES, engine=engine, strict=False)
    written = dict(written_xml(site))
    assert {"feed.xml", "sitemap.xml"} <= set(written), sorted(written)
    for name, data in written.items():
        ElementTree.fromstring(data)  # expat: raises on anything that is not well formed
    feed = written["feed.xml"].decode("utf-8")
    assert "aanval-xml" in feed and "]]&gt; &amp;amp; &amp; &lt;b&gt;" in feed
    assert "aanval-xml" in written["sitemap.xml"].decode("utf-8")


@pytest.mark.slow
def test_on_every_engine_the_search_text_of_a_case_runs_to_its_own_related_cases(hostile_site):
    html = (hostile_site / "casussen" / "aanval-lesson" / "index.html").read_text(encoding="utf-8")
    # The theme closes the searched part right before the section it names (theme/main.html).
    cut = '</div><h2 id="verwante-casussen">'
    assert html.count(cut) == 1
    indexed = html.split("data-pagefind-body", 1)[1].split(cut, 1)[0]
    assert "Nog zo een." in indexed  # the text under the body's own "Verwante casussen"
    assert '<h2 id="bronnen_1">' in indexed and '<h2 id="bronnen">' in indexed
    assert '<li id="bron-1">' in indexed.split('<h2 id="bronnen">', 1)[1]
    assert html.count('<h2 id="verwante-casussen">') == 1
