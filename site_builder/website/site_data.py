"""Data files published with the site, generated from the catalog.

Runs inside the MkDocs build next to the page renderer (plugin `on_files`).
`data/cases.json` is the open-data export of every case and also feeds the
client-side finder ("Vind praktijkvoorbeelden"), so the two can never disagree.
"""

from __future__ import annotations

import json

from ..content.catalog import CaseRecord
from ..content.vocabulary import VocabularyEntry
from ..content.wording import count_text, dutch_date
from ..derive.quality import LEVELS
from .pages import GeneratedPage, cases_with
from .site_context import SiteContext
from . import urls
from .urls import PROVINCES, data_file
from .views import TAG_KINDS

CASES_DATA = data_file("data/cases.json")
VOCABULARIES_DATA = data_file("data/vocabularies.json")
WIJKSCAN_DATA = data_file("data/wijkscan.json")
# What the front page shows (assets/start.js): a few kilobytes, where cases.json grows
# by some 4 kB a case (20 MB at 5,000 cases) and is meant for the finder and reusers.
FRONT_PAGE_DATA = data_file("data/start.json")
FRONT_PAGE_LISTED = 5

def case_as_data(record: CaseRecord, site: SiteContext) -> dict:
    """All front-matter fields (Dutch keys, as in the case file) plus derived fields."""
    data = record.case.model_dump(by_alias=True, exclude_none=True, mode="json")
    view = site.view(record)
    for kind in TAG_KINDS:
        # Every tag as an object with all its keys, null where the case says nothing.
        data[kind] = [tag.model_dump(by_alias=True, mode="json") for tag in record.case.tags(kind)]
    # Every source too: publisher, date, address and date read are there for every source.
    data["bronnen"] = [source.model_dump(by_alias=True, mode="json") for source in record.case.sources]
    active = view.active_years
    data.update({
        "slug": view.slug,
        "url": view.target.url,
        "bestand": view.source_path,
        "provincie_id": view.province_id,
        "plaats": view.place,
        "periode_tekst": view.period,
        "stand": view.information_year,
        "actief": [active[0], active[1]] if active else None,
        "secties": dict(view.compared_sections),
        "lessen": list(view.lessons),
        "kwaliteit": view.quality.level.id,
        "controlestatus": view.review.status,
        "gewijzigd_na_controle": view.review.changed_after,
        "laatst_gewijzigd": view.last_changed.isoformat() if view.last_changed else None,
    })
    return data


def term_as_data(kind: str, entry: VocabularyEntry) -> dict:
    """A term's id, label and address, with its plain question and search words where it
    has them (shown by the front page, the finder and the wijkscan)."""
    data = {"id": entry.id, "label": entry.label, "url": urls.term(kind, entry.id).url}
    if entry.question:
        data["vraag"] = entry.question
    if entry.search_words:
        data["zoekwoorden"] = list(entry.search_words)
    return data


def vocabularies_as_data(site: SiteContext) -> dict:
    """Ids, labels and page addresses of every vocabulary (and the quality levels), for the
    finder, the compare page and the wijkscan."""
    vocabularies = site.catalog.vocabularies
    data = {kind: [term_as_data(kind, e) for e in vocabularies.by_kind(kind).entries]
            for kind in (*TAG_KINDS, PROVINCES)}
    data["kwaliteit"] = [{"id": level.id, "label": level.label} for level in LEVELS]
    data["controle"] = [{"id": e.id, "label": e.label} for e in vocabularies.review_statuses.entries]
    return data


def as_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def cases_as_data(site: SiteContext) -> list[dict]:
    """Every case as a data record; computed once per build, shared by JSON and CSV."""
    return [site.memory.get(("data", record.slug), (record.case, site.view(record)),
                            lambda record=record: case_as_data(record, site))
            for record in site.catalog.cases]


def cases_as_json(site: SiteContext, cases: list[dict]) -> str:
    """`as_json(cases)`, with each record's JSON remembered for the preview: a list's
    compact JSON is its items' compact JSON between brackets, joined by commas."""
    return "[" + ",".join(site.memory.get(("json", case["slug"]), case, lambda case=case: as_json(case))
                          for case in cases) + "]"


def front_page_data(site: SiteContext) -> dict:
    """Cases per building block, the newest cases (date added, from git) and the most
    recently updated: what the front page lists, each case as a link with its place."""
    views = list(site.views.values())

    def listed(case, date, event: str) -> dict:
        place = case.municipality or case.place
        return {"slug": case.slug, "url": case.target.url, "titel": case.title, "plaats": place,
                "datum": date.isoformat(),
                # What the front page writes after the link: 'Roermond · toegevoegd 3 december 2026'.
                "toelichting": f"{place} · {event} {dutch_date(date)}"}

    def newest(dated: list) -> list:
        return sorted(dated, key=lambda item: (-item[0].toordinal(), item[1].title))[:FRONT_PAGE_LISTED]

    added = [(site.first_added[case.source_path], case) for case in views if case.source_path in site.first_added]
    changed = [(case.last_changed, case) for case in views if case.last_changed]
    usage = cases_with(site, "bouwstenen")
    return {
        "bouwstenen": [{"id": entry.id, "label": entry.label, "aantal": len(usage.get(entry.id, [])),
                        "aantal_tekst": count_text(len(usage.get(entry.id, []))),
                        "url": urls.finder_query("bouwstenen", entry.id)}
                       for entry in site.catalog.vocabularies.by_kind("bouwstenen").entries],
        "nieuw": [listed(case, date, "toegevoegd") for date, case in newest(added)],
        "gewijzigd": [listed(case, date, "bijgewerkt") for date, case in newest(changed)],
    }


def generate_data_files(site: SiteContext, cases: list[dict]) -> list[GeneratedPage]:
    files = [GeneratedPage(CASES_DATA.file, cases_as_json(site, cases)),
             GeneratedPage(FRONT_PAGE_DATA.file, as_json(front_page_data(site))),
             GeneratedPage(VOCABULARIES_DATA.file, as_json(vocabularies_as_data(site)))]
    if site.catalog.wijkscan is not None:  # the wijkscan's questions, for assets/wijkscan.js
        files.append(GeneratedPage(WIJKSCAN_DATA.file, as_json(site.catalog.wijkscan.as_data())))
    return files
