"""Data files published with the site, generated from the catalog.

Runs inside the MkDocs build next to the page renderer (plugin `on_files`).
`data/cases.json` is the open-data export of every case and also feeds the
client-side finder ("Vind praktijkvoorbeelden"), so the two can never disagree.
"""

from __future__ import annotations

import json

from ..content.catalog import CaseRecord
from ..derive.quality import LEVELS
from .pages import GeneratedPage, SiteContext, period_text, province_id


def case_url(record: CaseRecord) -> str:
    return f"casussen/{record.slug}/"


def case_as_data(record: CaseRecord, site: SiteContext) -> dict:
    """All front-matter fields (Dutch keys, as in the case file) plus derived fields."""
    data = record.case.model_dump(by_alias=True, exclude_none=True, mode="json")
    changed = site.last_changed.get(record.source_path)
    data.update({
        "slug": record.slug,
        "url": case_url(record),
        "bestand": record.source_path,
        "provincie_id": province_id(site.catalog, record.case),
        "periode_tekst": period_text(record.case),
        "kwaliteit": site.quality[record.slug].level.id,
        "laatst_gewijzigd": changed.isoformat() if changed else None,
    })
    return data


def vocabularies_as_data(site: SiteContext) -> dict:
    """Ids and labels of every vocabulary (and the quality levels), for the finder."""
    vocabularies = site.catalog.vocabularies
    data = {kind: [{"id": e.id, "label": e.label} for e in vocabularies.by_kind(kind).entries]
            for kind in ("bouwstenen", "dragers", "stappen", "provincies")}
    data["kwaliteit"] = [{"id": level.id, "label": level.label} for level in LEVELS]
    return data


def as_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def cases_as_data(site: SiteContext) -> list[dict]:
    """Every case as a data record; computed once per build, shared by JSON and CSV."""
    return [case_as_data(record, site) for record in site.catalog.cases]


def generate_data_files(site: SiteContext, cases: list[dict]) -> list[GeneratedPage]:
    return [GeneratedPage("data/cases.json", as_json(cases)),
            GeneratedPage("data/vocabularies.json", as_json(vocabularies_as_data(site)))]
