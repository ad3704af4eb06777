"""Open data: the cases as CSV, the JSON Schema of the case format, and the page
that offers every download with its licence and a codebook of the fields.

Runs inside the MkDocs build (plugin `on_files`) after site_data.py's
`data/cases.json`, and reads the same per-case records (`case_as_data`), so the
JSON and the CSV always say the same. The codebook is generated from the field
descriptions on the Pydantic models (case_fields.py) and from `DERIVED_FIELDS`
below; a key in the data without a description stops the build, so the
codebook cannot fall behind the data.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from markupsafe import Markup

from ..content.case_fields import case_fields
from ..content.json_schema import case_json_schema
from ..content.models import Case
from ..incremental import FORGETFUL, Forgetful, RenderMemory
from .feed import FEED_PATH, FEED_SIZE
from . import structured_data, urls
from .pages import GeneratedPage
from .site_context import SiteContext
from .site_data import CASES_DATA, VOCABULARIES_DATA
from .templating import render
from .codebook import DATA_DESCRIPTION, DERIVED_FIELDS, LIST_SEPARATOR, csv_columns, inert_cell, records_json_schema

CSV_PATH = "data/cases.csv"
SCHEMA_PATH = "data/case.schema.json"
RECORDS_SCHEMA_PATH = "data/cases.schema.json"
CATALOGUE_PATH = "data/catalogus.jsonld"
DATAPACKAGE_PATH = "data/datapackage.json"
PAGE_PATH = urls.open_data_page().file
def check_documented(records: list[dict]) -> None:
    """Fail the build when cases.json has a key the codebook does not describe."""
    known = {field.key for field in case_fields(Case)} | set(DERIVED_FIELDS)
    unknown = sorted({key for record in records for key in record} - known)
    if unknown:
        raise ValueError(f"open_data.py: het codeboek beschrijft {', '.join(unknown)} niet; "
                         "voeg een beschrijving toe aan DERIVED_FIELDS")


def render_csv(records: list[dict], memory: RenderMemory | Forgetful = FORGETFUL) -> str:
    """cases.csv: RFC 4180 (comma, double quotes, CRLF), UTF-8, one header row.
    Each row is remembered with its record in a preview (incremental.py)."""
    columns = csv_columns()
    return _csv_line([column.name for column in columns]) + "".join(
        memory.get(("csv", record["slug"]), record,
                   lambda record=record: _csv_line([inert_cell(column.value(record)) for column in columns]))
        for record in records)


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()


def _cell(text: str) -> Markup:
    """Codebook text (the package's own Markdown, from the model descriptions) as one table cell."""
    return Markup(" ".join(text.split()).replace("|", "\\|"))


@dataclass(frozen=True)
class DownloadFiles:
    cases: urls.Target = CASES_DATA
    csv: urls.Target = urls.data_file(CSV_PATH)
    schema: urls.Target = urls.data_file(SCHEMA_PATH)
    vocabularies: urls.Target = VOCABULARIES_DATA
    datapackage: urls.Target = urls.data_file(DATAPACKAGE_PATH)
    records_schema: urls.Target = urls.data_file(RECORDS_SCHEMA_PATH)
    # Only with site_url: they need absolute addresses.
    feed: urls.Target | None = None
    catalogue: urls.Target | None = None


# --- Descriptions for harvesters: Frictionless Data Package and schema.org Dataset -------------

def table_schema() -> dict:
    """cases.csv as a Frictionless Table Schema, from the codebook's columns."""
    fields = []
    for column in csv_columns():
        field = {"name": column.name, "type": column.table_type, "description": " ".join(column.description.split())}
        if column.required:
            field["constraints"] = {"required": True}
        fields.append(field)
    return {"fields": fields, "primaryKey": ["slug"], "missingValues": [""]}


def data_package(site: SiteContext) -> dict:
    """data/datapackage.json: the CSV with its table schema, the JSON with its JSON Schema,
    and the licence.

    A plain Data Package, not a tabular one: cases.json nests (partijen, bronnen) and is
    no table, and its JSON Schema goes under a key of its own (`schema` is for Table Schemas).
    """
    licence = site.publisher.licence
    folder = DATAPACKAGE_PATH.rpartition("/")[0] + "/"
    package = {
        "profile": "data-package",
        "name": "wijkwijzer-casussen",
        "title": f"{site.site_name}: casussen van de wijkaanpak",
        "description": DATA_DESCRIPTION,
        "licenses": [{"name": licence.id, "title": licence.label, "path": licence.url}],
        "contributors": [{"title": site.publisher.name, "role": "publisher"}],
        "resources": [
            {"name": "cases-csv", "path": CSV_PATH.removeprefix(folder), "profile": "tabular-data-resource",
             "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
             "dialect": {"delimiter": ",", "quoteChar": '"', "lineTerminator": "\r\n", "header": True},
             "schema": table_schema()},
            {"name": "cases-json", "path": CASES_DATA.file.removeprefix(folder), "profile": "data-resource",
             "format": "json", "mediatype": "application/json", "encoding": "utf-8",
             "description": "Dezelfde casussen als geneste JSON (lijsten en records in een record); "
                            f"elk record beschreven door de JSON Schema {RECORDS_SCHEMA_PATH.removeprefix(folder)}.",
             # Not `schema`, which names a Table Schema: a JSON Schema under a key of its own.
             "jsonSchema": RECORDS_SCHEMA_PATH.removeprefix(folder)},
        ],
    }
    if site.site_url:
        package["homepage"] = site.absolute_url(urls.page(PAGE_PATH).url)
    return package


def distributions() -> list[tuple[str, str, str]]:
    """(name, site path, media type) of each download, for schema.org and DCAT."""
    return [("cases.json", CASES_DATA.url, "application/json"),
            ("cases.csv", urls.data_file(CSV_PATH).url, "text/csv"),
            ("case.schema.json", urls.data_file(SCHEMA_PATH).url, "application/schema+json"),
            ("cases.schema.json", urls.data_file(RECORDS_SCHEMA_PATH).url, "application/schema+json"),
            ("datapackage.json", urls.data_file(DATAPACKAGE_PATH).url, "application/json")]


def open_data_head(site: SiteContext) -> dict:
    """OpenGraph values and the schema.org Dataset of the open-data page."""
    dataset = structured_data.dataset(site, DATA_DESCRIPTION, urls.page(PAGE_PATH).url, distributions())
    return structured_data.head_meta("Open data", DATA_DESCRIPTION, json_ld=dataset)


def render_open_data_page(site: SiteContext, case_count: int) -> str:
    files = DownloadFiles(feed=urls.data_file(FEED_PATH) if site.site_url else None,
                          catalogue=urls.data_file(CATALOGUE_PATH) if site.site_url else None)
    format_page = urls.page("bijdragen/schema.md")
    return render("open_data.md", urls.page(PAGE_PATH), files=files, case_count=case_count,
                  feed_size=FEED_SIZE, licence=site.publisher.licence, site_name=site.site_name,
                  list_separator=LIST_SEPARATOR.strip(),
                  format_page=format_page if site.has_page(format_page) else None,
                  columns=csv_columns(), cell=_cell, head=open_data_head(site), finder=urls.finder_page())


def generate_open_data_files(site: SiteContext, records: list[dict]) -> list[GeneratedPage]:
    """cases.csv, case.schema.json, datapackage.json and the Open data page, from the records of cases.json."""
    check_documented(records)
    schema = json.dumps(case_json_schema(site.catalog.vocabularies), ensure_ascii=False, indent=2) + "\n"
    records_schema = records_json_schema(site.catalog.vocabularies)
    catalogue = structured_data.dcat_catalogue(site, DATA_DESCRIPTION, urls.page(PAGE_PATH).url, distributions())
    return [GeneratedPage(CSV_PATH, render_csv(records, site.memory)),
            GeneratedPage(SCHEMA_PATH, schema),
            GeneratedPage(RECORDS_SCHEMA_PATH, json.dumps(records_schema, ensure_ascii=False, indent=2) + "\n"),
            *([GeneratedPage(CATALOGUE_PATH, json.dumps(catalogue, ensure_ascii=False, indent=2) + "\n")]
              if catalogue else []),
            GeneratedPage(DATAPACKAGE_PATH, json.dumps(data_package(site), ensure_ascii=False, indent=2) + "\n"),
            GeneratedPage(PAGE_PATH, render_open_data_page(site, len(records)))]
