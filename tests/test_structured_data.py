"""Found and shared: OpenGraph and JSON-LD in the head of a real built case page, the
open data described for harvesters (schema.org Dataset, Frictionless datapackage.json),
and a hostile case title that cannot leave its <script>."""

from __future__ import annotations

import csv
import io
import json
import shutil
from html.parser import HTMLParser

import pytest

from site_builder.build import build_site
from site_builder.content.catalog import load_catalog
from site_builder.project import Project
from site_builder.website.open_data import csv_columns

from .conftest import ROOT, TEST_ADDRESSES

CASE = "donderberg-roermond"


class HeadParser(HTMLParser):
    """The <meta> tags and the JSON-LD scripts of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self.scripts_opened = 0
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        if tag == "script":
            self.scripts_opened += 1
            if attrs.get("type") == "application/ld+json":
                self._in_json_ld = True
                self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def head_of(page) -> HeadParser:
    parser = HeadParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def record():
    return load_catalog(Project(ROOT)).by_slug()[CASE]


def test_case_page_carries_opengraph_and_twitter_card(bundled_site, record):
    head = head_of(bundled_site / "casussen" / CASE / "index.html")
    assert head.meta["og:title"] == record.case.title
    assert head.meta["og:description"] == " ".join(record.case.summary.split())
    assert head.meta["og:type"] == "article"
    assert head.meta["og:site_name"] == "WijkWijzer"
    assert head.meta["og:url"] == f"{TEST_ADDRESSES['site_url']}casussen/{CASE}/"
    assert head.meta["twitter:card"] == "summary"


def test_case_json_ld_is_an_article_citing_the_case_sources(bundled_site, record):
    head = head_of(bundled_site / "casussen" / CASE / "index.html")
    [article] = [json.loads(text) for text in head.json_ld]
    assert article["@type"] == "Article"
    assert article["headline"] == record.case.title
    assert article["inLanguage"] == "nl" and article["isAccessibleForFree"] is True
    assert [work["name"] for work in article["citation"]] == [source.title for source in record.case.sources]
    first = record.case.sources[0]
    assert article["citation"][0].get("datePublished") == (str(first.year) if first.year else None)
    assert {term["termCode"] for term in article["about"]} >= {tag.id for tag in record.case.tags("bouwstenen")}
    assert all(term["@type"] == "DefinedTerm" for term in article["about"])
    assert article["dateModified"][:4].isdigit()  # from git: the bundled cases are committed


def test_open_data_page_describes_a_dataset_with_its_downloads(bundled_site):
    head = head_of(bundled_site / "overzicht" / "open-data" / "index.html")
    [dataset] = [json.loads(text) for text in head.json_ld]
    assert dataset["@type"] == "Dataset"
    assert dataset["license"].startswith("https://creativecommons.org/licenses/by/4.0/")
    urls = {item["contentUrl"] for item in dataset["distribution"]}
    for name in ("cases.json", "cases.csv", "case.schema.json"):
        assert f"{TEST_ADDRESSES['site_url']}data/{name}" in urls
    for item in dataset["distribution"]:
        path = item["contentUrl"].removeprefix(TEST_ADDRESSES["site_url"])
        assert (bundled_site / path).is_file(), path


def test_datapackage_describes_the_csv_as_the_codebook_does(bundled_site):
    package = json.loads((bundled_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert {resource["path"] for resource in package["resources"]} == {"cases.csv", "cases.json"}
    for resource in package["resources"]:
        assert (bundled_site / "data" / resource["path"]).is_file()
    table = resources["cases-csv"]
    rows = list(csv.reader(io.StringIO((bundled_site / "data" / "cases.csv").read_text(encoding="utf-8"))))
    fields = table["schema"]["fields"]
    assert [field["name"] for field in fields] == rows[0] == [column.name for column in csv_columns()]
    assert {field["type"] for field in fields} <= {"string", "integer", "date"}
    # Every cell reads as its declared type, and a required column is never empty.
    for row in rows[1:]:
        for field, cell in zip(fields, row):
            if cell == "":
                assert not field.get("constraints", {}).get("required"), field["name"]
            elif field["type"] == "integer":
                assert cell.isdigit(), (field["name"], cell)
            elif field["type"] == "date":
                assert len(cell) == 10 and cell[4] == cell[7] == "-", (field["name"], cell)
    types = {field["name"]: field["type"] for field in fields}
    assert types["periode_start"] == "integer" and types["laatst_gewijzigd"] == "date"


HOSTILE_TITLE = '</script><script>alert("titel")</script><!--'
HOSTILE_SUMMARY = '"><script>alert("samenvatting")</script> & meer'


@pytest.fixture(scope="module")
def hostile_title_site(tmp_path_factory):
    """One case whose title and summary try to leave the head's attributes and script."""
    root = tmp_path_factory.mktemp("titel")
    shutil.copytree(ROOT / "schema", root / "schema")
    (root / "cases").mkdir()
    text = (ROOT / "cases" / f"{CASE}.md").read_text(encoding="utf-8")
    lines = [f"titel: {json.dumps(HOSTILE_TITLE)}" if line.startswith("titel:") else
             f"samenvatting: {json.dumps(HOSTILE_SUMMARY)}" if line.startswith("samenvatting:") else line
             for line in text.splitlines()]
    (root / "cases" / f"{CASE}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Start\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Proef\ntheme:\n  name: material\n  language: nl\n"
                                     "plugins:\n  - wijkwijzer\n", encoding="utf-8")
    project = Project(root)
    catalog = load_catalog(project)
    assert not catalog.errors, [d.as_text() for d in catalog.errors]
    return build_site(project, catalog, root / "site", addresses=TEST_ADDRESSES)


def test_a_hostile_title_stays_inside_its_json_ld_and_attributes(hostile_title_site):
    page = hostile_title_site / "casussen" / CASE / "index.html"
    head = head_of(page)
    assert "alert(" not in "".join(head.meta) and head.meta["og:title"] == HOSTILE_TITLE
    assert head.meta["og:description"] == HOSTILE_SUMMARY
    [article] = [json.loads(text) for text in head.json_ld]
    assert article["headline"] == HOSTILE_TITLE and article["description"] == HOSTILE_SUMMARY
    # No script element was opened by the title: the page has as many as a harmless case.
    assert page.read_text(encoding="utf-8").count("<script>alert(") == 0


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--", "a & b > c", "\u2028\u2029", "]]>"])
def test_script_json_reads_back_and_never_holds_markup(text):
    from site_builder.website.structured_data import script_json

    encoded = script_json({"headline": text})
    assert json.loads(encoded) == {"headline": text}
    assert not set("<>&\u2028\u2029") & set(encoded)


def test_the_publisher_comes_from_mkdocs_yml_and_the_plugin_options(tmp_path):
    from site_builder.website.engine_config import publisher_from_settings, read_site_settings
    from site_builder.website.publisher import Publisher

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Wijken Oost\nsite_url: https://wijken.example/kb\nrepo_url: https://git.example/oost/kb/\n"
        "edit_uri: edit/productie/docs/\ntheme:\n  name: material\nplugins:\n  - wijkwijzer:\n"
        "      organisatie: Gemeente Oost\n      contact: wijken@oost.example\n      licentie: CC0-1.0\n",
        encoding="utf-8")
    publisher = publisher_from_settings(read_site_settings(tmp_path / "mkdocs.yml"))
    assert publisher.name == "Gemeente Oost" and publisher.contact == "wijken@oost.example"
    assert publisher.site_url == "https://wijken.example/kb/"
    assert publisher.edit_url_base == "https://git.example/oost/kb/edit/productie/"
    assert publisher.licence.id == "CC0-1.0" and publisher.missing() == []
    assert len(Publisher.create().missing()) == 2


def test_the_accessibility_statement_names_the_publishers_contact_or_says_it_is_missing():
    from site_builder.content.catalog import load_catalog
    from site_builder.project import Project
    from site_builder.website.pages import render_accessibility_statement
    from site_builder.website.publisher import Publisher
    from site_builder.website.site_context import SiteContext

    from .conftest import ROOT

    catalog = load_catalog(Project(ROOT))
    known = Publisher.create(site_name="Wijken Oost", organisation="Gemeente Oost", contact="wijken@oost.example",
                             repo_url="https://git.example/oost/kb")
    page = render_accessibility_statement(SiteContext.create(catalog, publisher=known))
    assert "Gemeente Oost" in page and "wijken@oost.example" in page and "https://git.example/oost/kb" in page
    assert "staat hier nog niet" not in page
    unknown = render_accessibility_statement(SiteContext.create(catalog, publisher=Publisher.create()))
    assert "staat hier nog niet" in unknown and "@" not in unknown
