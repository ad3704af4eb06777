"""Open data from the real build: cases.json and cases.csv read back to the cases,
the JSON Schema checks front matter, the Atom feed validates, and each case page
can be cited."""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime
import io
import json
import re

import feedparser
import pytest
from jsonschema import Draft202012Validator

from site_builder.content.case_fields import case_fields
from site_builder.content.catalog import load_catalog
from site_builder.content.loader import read_case_source
from site_builder.content.models import BuildingBlockTag, Case
from site_builder.derive.quality import assess_quality
from site_builder.website.feed import FEED_SIZE, render_feed
from site_builder.website.site_context import SiteContext

from .conftest import ROOT, TEST_ADDRESSES, copy_project
from .test_site import site_root_path

FRONT_MATTER_KEYS = {field.alias or name for name, field in Case.model_fields.items()}


def site_url() -> str:
    return TEST_ADDRESSES["site_url"]


@pytest.fixture(scope="module")
def catalog():
    from site_builder.project import Project

    return load_catalog(Project(ROOT))


def validated(front_matter: dict, catalog) -> Case:
    return Case.model_validate(front_matter, context={"vocabularies": catalog.vocabularies})


# --- cases.json -----------------------------------------------------------------------

def test_json_reads_back_to_every_case_with_its_derived_fields(bundled_site, catalog):
    data = json.loads((bundled_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert [item["slug"] for item in data] == [record.slug for record in catalog.cases]
    for item, record in zip(data, catalog.cases):
        front_matter = {key: value for key, value in item.items() if key in FRONT_MATTER_KEYS}
        assert validated(front_matter, catalog) == record.case, record.slug
        assert item["url"] == f"casussen/{record.slug}/"
        assert (bundled_site / item["url"] / "index.html").exists()
        assert item["bestand"] == record.source_path
        assert item["kwaliteit"] == assess_quality(record).level.id
        assert datetime.date.fromisoformat(item["laatst_gewijzigd"]) <= datetime.date.today()
        # Every tag is an object with its evidence, null where the case says nothing.
        for kind in ("bouwstenen", "dragers", "stappen"):
            for tag in item[kind]:
                assert set(tag) == {"id", "toelichting", "grond", "bron", "pagina"}, (record.slug, kind)
        assert item["stand"] == record.case.information_year
        assert "lopend" not in item["periode_tekst"]


# --- cases.csv ------------------------------------------------------------------------

def split_cell(cell: str) -> list[str]:
    """A list cell as the codebook describes it: '; '-separated, '\\;' and '\\\\' escaped."""
    items, current, escaped = [], "", False
    for char in cell:
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == ";":
            items.append(current.strip())
            current = ""
        else:
            current += char
    return items + [current.strip()]


def list_cell(cell: str) -> list[str]:
    return [] if cell == "" else split_cell(cell)


def record_cells(row: dict, prefix: str, count: int) -> list[dict]:
    """Rebuild `partijen` or `bronnen` from their parallel columns."""
    columns = {name[len(prefix) + 1:]: split_cell(value) if count else []
               for name, value in row.items() if name.startswith(prefix + "_")}
    for key, values in columns.items():
        assert len(values) == count, (prefix, key, values)
    items = []
    for index in range(count):
        item = {key: values[index] for key, values in columns.items() if values[index] != ""}
        if "jaar" in item:
            item["jaar"] = int(item["jaar"])
        items.append(item)
    return items


def read_cell(cell: str) -> str:
    """The codebook's rule against spreadsheet formulas: drop one leading apostrophe."""
    return cell[1:] if cell.startswith("'") else cell


def front_matter_from_csv(row: dict) -> dict:
    row = {key: read_cell(value) for key, value in row.items()}
    front_matter = {key: row[key] for key in ("titel", "soort", "schaal", "gemeente", "wijk", "provincie",
                                              "samenvatting") if row[key]}
    period = {key: int(row[f"periode_{key}"]) for key in ("start", "eind", "gepland_eind", "stand")
              if row[f"periode_{key}"]}
    if period:
        front_matter["periode"] = period
    for key in ("bouwstenen", "dragers", "stappen"):
        tags = record_cells(row, key, len(list_cell(row[f"{key}_id"])))
        front_matter[key] = [{**tag, "bron": int(tag["bron"])} if "bron" in tag else tag for tag in tags]
    front_matter["themas"] = list_cell(row["themas"])
    front_matter["partijen"] = record_cells(row, "partijen", len(list_cell(row["partijen_naam"])))
    front_matter["bronnen"] = record_cells(row, "bronnen", len(list_cell(row["bronnen_titel"])))
    return front_matter


def read_csv(site) -> list[dict]:
    raw = (site / "data" / "cases.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # plain UTF-8, RFC 4180 lines
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def test_csv_reads_back_to_every_case_following_the_codebook(bundled_site, catalog):
    rows = read_csv(bundled_site)
    assert [row["slug"] for row in rows] == [record.slug for record in catalog.cases]
    data = {item["slug"]: item for item in
            json.loads((bundled_site / "data" / "cases.json").read_text(encoding="utf-8"))}
    for row, record in zip(rows, catalog.cases):
        assert validated(front_matter_from_csv(row), catalog) == record.case, record.slug
        for key in ("url", "bestand", "provincie_id", "periode_tekst", "kwaliteit", "laatst_gewijzigd"):
            assert row[key] == (data[record.slug][key] or ""), key


def test_csv_escapes_semicolons_in_lists_and_formulas(tmp_path):
    from site_builder.website.open_data import render_csv

    project = copy_project(tmp_path / "project")
    catalog = load_catalog(project)
    record = catalog.cases[0]
    tricky = record.case.model_copy(update={"themes": ["a;b", "c\\d", "e"], "title": "=HYPERLINK(\"x\")",
                                            "municipality": "'s-Hertogenbosch"})
    catalog.cases[0] = dataclasses.replace(record, case=tricky)
    from site_builder.website.site_data import case_as_data

    site = SiteContext.create(catalog)
    text = render_csv([case_as_data(catalog.cases[0], site)])
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    assert row["themas"] == "a\\;b; c\\\\d; e"
    assert list_cell(row["themas"]) == ["a;b", "c\\d", "e"]
    # A formula is shown as text, and reads back as it was.
    assert row["titel"] == "'=HYPERLINK(\"x\")" and read_cell(row["titel"]) == tricky.title
    assert row["gemeente"] == "''s-Hertogenbosch" and read_cell(row["gemeente"]) == "'s-Hertogenbosch"


def codebook_columns(page: str) -> dict[str, str]:
    """Column name -> description, from the codebook table of the Open data page."""
    section = page[page.index('id="codeboek"'):]
    rows = re.findall(r"<tr>\s*<td><code>([a-z_]+)</code>(.*?)</tr>", section, re.S)
    return {name: re.sub(r"<[^>]+>", "", cells.split("<td>")[-1]).strip() for name, cells in rows}


def test_codebook_documents_every_csv_column_from_the_model_descriptions(bundled_site):
    page = (bundled_site / "overzicht" / "open-data" / "index.html").read_text(encoding="utf-8")
    documented = codebook_columns(page)
    header = list(read_csv(bundled_site)[0])
    assert list(documented) == header
    assert all(documented.values())
    # Descriptions are the models' own (code spans aside), so they cannot drift.
    title = Case.model_fields["title"].description
    assert documented["titel"] == title
    tag_id = case_fields(BuildingBlockTag)[0]
    assert documented["bouwstenen_id"].startswith(tag_id.description)


def test_open_data_page_links_every_download_with_the_licence(bundled_site):
    page = (bundled_site / "overzicht" / "open-data" / "index.html").read_text(encoding="utf-8")
    for target in ("../../data/cases.json", "../../data/cases.csv", "../../data/case.schema.json",
                   "../../data/cases.schema.json", "../../data/vocabularies.json",
                   "../../data/catalogus.jsonld", "../../feed.xml"):
        assert f'href="{target}"' in page, target
        assert (bundled_site / "overzicht" / "open-data" / target).resolve().is_file()
    assert "creativecommons.org/licenses/by/4.0" in page and "CC BY 4.0" in page


# --- JSON Schema ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema_validator(bundled_site):
    schema = json.loads((bundled_site / "data" / "case.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_published_schema_is_the_committed_one(bundled_site):
    committed = ROOT / "schema" / "case.schema.json"
    published = json.loads((bundled_site / "data" / "case.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(committed.read_text(encoding="utf-8"))


def as_json_value(front_matter: dict) -> dict:
    """The front matter as an editor's YAML tooling hands it to a JSON Schema validator:
    YAML reads `datum: 2023-05-12` as a date, JSON has only the string "2023-05-12"."""
    return json.loads(json.dumps(front_matter, default=datetime.date.isoformat))


def bundled_front_matter() -> list[tuple[str, dict]]:
    found = []
    for path in sorted((ROOT / "cases").glob("*.md")):
        source, problems = read_case_source(path, ROOT)
        assert source is not None, problems
        found.append((path.name, as_json_value(source.front_matter)))
    return found


def test_schema_accepts_every_bundled_case(schema_validator):
    cases = bundled_front_matter()
    assert cases
    for name, front_matter in cases:
        assert [error.message for error in schema_validator.iter_errors(front_matter)] == [], name


def test_schema_rejects_a_broken_case(schema_validator):
    _, front_matter = bundled_front_matter()[0]
    broken = copy.deepcopy(front_matter)
    del broken["titel"]
    broken["bouwstenen"] = ["lange-adm"]
    broken["periode"] = {"start": "2012"}
    broken["kleur"] = "rood"
    errors = {(tuple(error.absolute_path), error.validator) for error in schema_validator.iter_errors(broken)}
    # A building block is an object with an id, or (older files) a bare id: neither fits.
    assert errors == {((), "required"), ((), "additionalProperties"), (("bouwstenen", 0), "anyOf"),
                      (("periode",), "anyOf")}


# --- What outside tools make of it (issue 26, point 4) --------------------------------

def test_frictionless_accepts_the_published_data_package(bundled_site):
    from frictionless import validate

    report = validate(str(bundled_site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads((bundled_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert {resource["name"] for resource in package["resources"]} == {"cases-csv", "cases-json"}


@pytest.fixture(scope="module")
def records_validator(bundled_site):
    schema = json.loads((bundled_site / "data" / "cases.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_record_of_cases_json_meets_its_published_schema(bundled_site, records_validator):
    records = json.loads((bundled_site / "data" / "cases.json").read_text(encoding="utf-8"))
    assert records
    errors = [(error.json_path, error.message[:200]) for error in records_validator.iter_errors(records)]
    assert errors == []
    # The data package names it, so a tool that reads the package finds it.
    package = json.loads((bundled_site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert next(r for r in package["resources"] if r["name"] == "cases-json")["jsonSchema"] == "cases.schema.json"


def test_the_records_schema_knows_every_key_and_rejects_a_stranger(bundled_site, records_validator):
    records = json.loads((bundled_site / "data" / "cases.json").read_text(encoding="utf-8"))
    broken = copy.deepcopy(records[0])
    broken["kleur"] = "rood"
    broken["actief"] = [2012]
    broken["kwaliteit"] = "geweldig"
    del broken["plaats"]
    paths = {(tuple(error.absolute_path), error.validator)
             for error in records_validator.iter_errors([broken])}
    assert paths == {((0,), "additionalProperties"), ((0,), "required"), ((0, "actief"), "anyOf"),
                     ((0, "kwaliteit"), "enum")}


def test_a_dcat_ap_nl_catalogue_describes_the_dataset_and_every_download(bundled_site):
    catalogue = json.loads((bundled_site / "data" / "catalogus.jsonld").read_text(encoding="utf-8"))
    assert catalogue["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    nodes = {node["@type"]: node for node in catalogue["@graph"]}
    base = site_url()
    catalog, dataset, agent = nodes["dcat:Catalog"], nodes["dcat:Dataset"], nodes["foaf:Agent"]
    assert catalog["dcat:dataset"] == [{"@id": dataset["@id"]}]
    assert catalog["dct:publisher"] == dataset["dct:publisher"] == {"@id": agent["@id"]}
    # What DCAT-AP-NL requires of a dataset, with the EU vocabularies a portal maps.
    for key in ("dct:identifier", "dct:title", "dct:description", "dct:publisher", "dcat:contactPoint",
                "dct:accessRights", "dct:license", "dct:language", "dcat:theme", "dcat:landingPage"):
        assert dataset.get(key), key
    assert dataset["dct:language"] == {"@id": "http://publications.europa.eu/resource/authority/language/NLD"}
    assert dataset["dcat:landingPage"] == {"@id": base + "overzicht/open-data/"}
    downloads = {}
    for distribution in dataset["dcat:distribution"]:
        url = distribution["dcat:downloadURL"]["@id"]
        assert url.startswith(base) and (bundled_site / url[len(base):]).is_file(), url
        assert distribution["dcat:accessURL"] and distribution["dct:license"] == dataset["dct:license"]
        assert distribution["dct:format"]["@id"].startswith("http://publications.europa.eu/resource/authority/file-type/")
        downloads[url[len(base):]] = distribution["dcat:mediaType"]["@id"].rsplit("media-types/", 1)[1]
    assert downloads["data/cases.csv"] == "text/csv" and downloads["data/cases.json"] == "application/json"


def meta_tags(html: str) -> dict[str, str]:
    from html.parser import HTMLParser

    class Meta(HTMLParser):
        found: dict[str, str] = {}

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "meta" and (attrs.get("property") or attrs.get("name")):
                self.found[attrs.get("property") or attrs["name"]] = attrs.get("content", "")

    parser = Meta()
    parser.found = {}
    parser.feed(html)
    return parser.found


def test_every_page_has_a_share_image_and_articles_name_their_author(bundled_site):
    # Every page a reader shares; the editor at /beheer/ is a tool page of its own, not shared.
    pages = sorted(path for path in bundled_site.rglob("index.html")
                   if path.relative_to(bundled_site).parts[0] != "beheer")
    assert len(pages) > 50
    for path in pages:
        image = meta_tags(path.read_text(encoding="utf-8")).get("og:image")
        assert image and image.startswith(site_url()), path
        assert (bundled_site / image[len(site_url()):]).is_file()
    case = (bundled_site / "casussen" / "donderberg-roermond" / "index.html").read_text(encoding="utf-8")
    article = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', case, re.S).group(1))
    assert article["@type"] == "Article"
    assert article["author"] == article["publisher"] == {"@type": "Organization", "name": "WijkWijzer",
                                                         "url": site_url()}


def test_the_sitemap_lists_every_page(bundled_site):
    sitemap = (bundled_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert site_url() + "casussen/donderberg-roermond/" in listed
    assert len(listed) >= len(list(bundled_site.rglob("index.html"))) - 1  # 404 aside


@pytest.fixture(scope="module")
def site_without_address(tmp_path_factory):
    """The bundled cases built as mkdocs.yml leaves it: no site_url, no repo_url."""
    from site_builder.build import build_site
    from .conftest import bundled_project

    project = bundled_project(tmp_path_factory.mktemp("state"))
    return build_site(project, load_catalog(project), tmp_path_factory.mktemp("zonder-adres") / "site")


@pytest.mark.slow
def test_without_a_site_address_nothing_links_a_missing_feed_and_the_site_says_what_it_leaves_out(
        site_without_address):
    site = site_without_address
    assert not (site / "feed.xml").exists() and not (site / "data" / "catalogus.jsonld").exists()
    # A sitemap names pages by their full address: without one, no empty list either.
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'href="[^"]*feed\.xml"', html), path
        assert not re.search(r'href="[^"]*catalogus\.jsonld"', html), path
        if path.relative_to(site).parts[0] != "beheer":  # the editor is a tool page, not shared
            assert "og:image" in html, path
    page = (site / "overzicht" / "open-data" / "index.html").read_text(encoding="utf-8")
    said = re.sub(r"<[^>]+>", "", page)
    assert "Zonder vast webadres gebouwd" in said
    assert all(word in said for word in ("Atom-feed", "sitemap", "DCAT-catalogus"))


# --- Atom feed ------------------------------------------------------------------------

def test_feed_is_valid_atom_with_an_entry_per_recent_case(bundled_site, catalog):
    feed = feedparser.parse((bundled_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == min(FEED_SIZE, len(catalog.cases))
    base = site_url()
    assert {"rel": "self", "type": "application/atom+xml", "href": base + "feed.xml"} in feed.feed.links
    slugs = {record.slug for record in catalog.cases}
    for entry in feed.entries:
        assert entry.link.startswith(base + "casussen/") and entry.id == entry.link
        slug = entry.link[len(base + "casussen/"):].strip("/")
        assert slug in slugs and (bundled_site / "casussen" / slug / "index.html").exists()
        assert entry.summary and entry.updated_parsed
    updated = [entry.updated_parsed for entry in feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_every_page_advertises_the_feed(bundled_site):
    for page, href in (("index.html", "feed.xml"), ("casussen/selwerd-groningen/index.html", "../../feed.xml")):
        html = (bundled_site / page).read_text(encoding="utf-8")
        links = [attrs for attrs in link_tags(html) if attrs.get("type") == "application/atom+xml"]
        assert len(links) == 1, page
        assert "alternate" in links[0]["rel"].split() and links[0]["href"] == href, page


def link_tags(html: str) -> list[dict]:
    """The attributes of every <link> in a page (rel read as a token list, as readers do)."""
    from html.parser import HTMLParser

    class Links(HTMLParser):
        found: list[dict] = []

        def handle_starttag(self, tag, attrs):
            if tag == "link":
                self.found.append(dict(attrs))

    parser = Links()
    parser.found = []
    parser.feed(html)
    return parser.found


def test_feed_keeps_the_newest_twenty_and_says_new_or_changed(catalog):
    template = catalog.cases[0]
    records, changed, added = [], {}, {}
    start = datetime.date(2024, 1, 1)
    for n in range(FEED_SIZE + 5):
        record = dataclasses.replace(template, slug=f"casus-{n:02d}", source_path=f"cases/casus-{n:02d}.md")
        records.append(record)
        changed[record.source_path] = start + datetime.timedelta(days=n)
        # Even cases were added on the day of their last change; odd ones changed later.
        added[record.source_path] = changed[record.source_path] - datetime.timedelta(days=n % 2)
    synthetic = dataclasses.replace(catalog, cases=records)
    site = SiteContext.create(synthetic, last_changed=changed, first_added=added,
                              site_url="https://example.org/ww")
    feed = feedparser.parse(render_feed(site))
    assert not feed.bozo
    slugs = [entry.link.rsplit("/", 2)[-2] for entry in feed.entries]
    assert slugs == [f"casus-{n:02d}" for n in range(FEED_SIZE + 4, 4, -1)]
    statuses = {entry.link.rsplit("/", 2)[-2]: entry.title.split(":")[0] for entry in feed.entries}
    assert statuses["casus-24"] == "Nieuw" and statuses["casus-23"] == "Gewijzigd"
    assert feed.entries[0].link == "https://example.org/ww/casussen/casus-24/"


# --- Cite this case -------------------------------------------------------------------

def test_case_page_has_a_citation_with_its_permanent_address(bundled_site, catalog):
    record = catalog.by_slug()["donderberg-roermond"]
    page = (bundled_site / "casussen" / record.slug / "index.html").read_text(encoding="utf-8")
    block = page[page.index("<summary>Citeer deze casus</summary>"):]
    block = block[:block.index("</details>")]
    url = site_url() + f"casussen/{record.slug}/"
    assert f'<a class="ww-adres" href="{url}">{url}</a>' in block
    assert re.search(r"WijkWijzer\. \(\d{1,2} [a-z]+ \d{4}\)\. <em>De Donderberg</em>\.", block), block  # the site's one date format
    assert site_root_path() in url


def test_the_front_page_summary_counts_and_orders_what_cases_json_holds(project):
    from site_builder.website.site_data import FRONT_PAGE_LISTED, cases_as_data, front_page_data

    catalog = load_catalog(project)
    site = SiteContext.create(catalog, last_changed={record.source_path: datetime.date(2024, 1, 1 + n % 28)
                                                     for n, record in enumerate(catalog.cases)})
    summary = front_page_data(site)
    records = cases_as_data(site)
    for term in summary["bouwstenen"]:
        assert term["aantal"] == sum(1 for record in records if term["id"] in {tag["id"] for tag in record["bouwstenen"]})
    dates = [item["datum"] for item in summary["gewijzigd"]]
    assert len(dates) == FRONT_PAGE_LISTED and dates == sorted(dates, reverse=True)
    newest = max(record["laatst_gewijzigd"] for record in records)
    assert dates[0] == newest
    assert len(json.dumps(summary)) < 5_000
