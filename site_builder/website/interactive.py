"""Render-pages stage: the compare page and the wijkscan, two pages the browser fills.

Each page is a hook (a template with the addresses of the open data it reads);
assets/vergelijk.js and assets/wijkscan.js build the page from data/cases.json,
data/vocabularies.json and data/wijkscan.json. Nothing is sent anywhere: the
reader's choices and answers live only in the page's address.
"""

from __future__ import annotations

from ..content.case_sections import COMPARED_SECTIONS
from ..content.wording import KIND_NOUNS, script_wording
from . import urls
from .pages import KNOWLEDGE_PAGES, GeneratedPage, optional
from .site_context import SiteContext
from .site_data import CASES_DATA, VOCABULARIES_DATA, WIJKSCAN_DATA
from .templating import render
from .views import GROUND_TEXT, TAG_KINDS

# What the scripts say about a tag's ground: the case page's wording, plus the two
# states a comparison also shows.
GROUND_TEXTS = {**GROUND_TEXT, "geen": "genoemd, zonder onderbouwing", "niet": "niet genoemd"}

SITE_ROOT = urls.page("index.md")
# The plural of each tagged vocabulary kind as a heading ("Bouwstenen"), for the scripts.
KIND_HEADINGS = {kind: KIND_NOUNS[kind].heading for kind in TAG_KINDS}


def render_compare_page(site: SiteContext) -> str:
    return render("pages/compare.md", urls.compare_page(), cases_data=CASES_DATA,
                  vocabularies_data=VOCABULARIES_DATA, site_root=SITE_ROOT, cases_index=urls.cases_index(),
                  ground_texts=GROUND_TEXTS, compare_choice=urls.COMPARE_CHOICE, wording=script_wording(),
                  # The sections written only from a source, each a row: its key in cases.json
                  # (`secties`) and its heading.
                  sections=[{"key": section.key, "label": section.title} for section in COMPARED_SECTIONS],
                  kind_headings=KIND_HEADINGS)


def render_wijkscan_page(site: SiteContext) -> str:
    return render("pages/wijkscan.md", urls.wijkscan_page(), cases_data=CASES_DATA,
                  vocabularies_data=VOCABULARIES_DATA, wijkscan_data=WIJKSCAN_DATA, site_root=SITE_ROOT,
                  ground_texts=GROUND_TEXTS, wording=script_wording(), kind_headings=KIND_HEADINGS,
                  essay_page=optional(site, KNOWLEDGE_PAGES["bouwstenen"]),
                  building_blocks=urls.kind_index("bouwstenen"))


def generate_interactive_pages(site: SiteContext) -> list[GeneratedPage]:
    """The compare page always; the wijkscan when the content root has its questions.

    Both hold only the package's own markup, so they keep their data attributes
    (no sanitising, like the finder)."""
    pages = [GeneratedPage(urls.compare_page().file, render_compare_page(site), sanitize=False)]
    if site.catalog.wijkscan is not None:
        pages.append(GeneratedPage(urls.wijkscan_page().file, render_wijkscan_page(site), sanitize=False))
    return pages
