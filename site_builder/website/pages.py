"""Render-pages stage: the case, term, province and listing pages, from templates.

Runs after load, validate and derive (build.site_source). Pages are (path,
Markdown) pairs, written into the site source in the state folder: generated
Markdown never lands among the hand-written files in docs/. The Markdown comes from `templates/pages/`; this module only
chooses what each page shows. URLs come from urls.py (see there for the scheme).
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup

from ..content.citations import link_citations, source_anchor
from ..content.themes import theme_label
from ..content.wording import KIND_NOUNS, OUTDATED_AFTER_YEARS, script_wording
from ..derive.related import RelatedCase
from . import urls
from .case_text import case_text_html
from .codebook import csv_columns, csv_format
from .site_context import SiteContext
from .structured_data import case_head
from .templating import render
from .views import TAG_KINDS, CaseView, TagView, TermView, by_title, term_views

# Optional hand-written pages that generated pages link to when the content root has them.
CONTRIBUTING = urls.page("bijdragen/index.md")
QUALITY_LEVELS = CONTRIBUTING.at("kwaliteitsniveaus")
KNOWLEDGE_PAGES = {kind: urls.page(f"kennis/{kind}.md") for kind in TAG_KINDS}
FINDER = urls.finder_page()
ACCESSIBILITY = urls.page("toegankelijkheid.md")


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # relative to the docs root, e.g. "casussen/selwerd.md"
    content: str
    # Pages holding text from case files are sanitised after rendering (sanitize.py);
    # a page made only of the package's own markup (the finder) keeps its data attributes.
    sanitize: bool = True


def optional(site: SiteContext, target: urls.Target) -> urls.Target | None:
    return target if site.has_page(target) else None


# --- One case -------------------------------------------------------------------------

@dataclass(frozen=True)
class Reason:
    noun: str  # "drager", "thema", "bouwsteen" or "bouwstenen"
    labels: tuple[str, ...]


@dataclass(frozen=True)
class RelatedView:
    case: CaseView
    reasons: tuple[Reason, ...]


def related_view(item: RelatedCase, site: SiteContext) -> RelatedView:
    vocab = site.catalog.vocabularies
    shared = item.shared
    reasons = []
    if shared.get("drager"):
        reasons.append(Reason("drager", tuple(vocab.carriers.get(i).label for i in shared["drager"])))
    if shared.get("thema"):
        reasons.append(Reason("thema", tuple(theme_label(theme, site.catalog.theme_labels)
                                             for theme in shared["thema"])))
    if shared.get("bouwsteen"):
        labels = tuple(vocab.building_blocks.get(i).label for i in shared["bouwsteen"])
        reasons.append(Reason(KIND_NOUNS["bouwstenen"].of(len(labels)), labels))
    return RelatedView(site.views[item.slug], tuple(reasons))


def render_case_page(case: CaseView, site: SiteContext) -> str:
    record = site.by_slug[case.slug]
    return render(
        "pages/case.md", case.target, case=case,
        # The case's own Markdown, its references linked to the numbered sources: rendered by
        # MkDocs in the case dialect (no file includes or attributes), then sanitised.
        body=Markup(link_citations(record.body.rstrip(), len(case.sources))),
        province=urls.province(case.province_id) if case.province_id else None,
        source_anchor=source_anchor,
        quality_levels=optional(site, QUALITY_LEVELS),
        related=[related_view(item, site) for item in site.related.get(case.slug, [])],
        site_name=site.publisher.name, citation_url=site.absolute_url(case.target.url),
        compare=urls.compare_page(), head=case_head(case, site),
        build_year=site.build_year, outdated_after=OUTDATED_AFTER_YEARS, compare_choice=urls.COMPARE_CHOICE,
        trail=Trail(urls.cases_index()))


@dataclass(frozen=True)
class Trail:
    """The breadcrumb above a generated page: the front page, then its menu tab's page
    (templates/pages/macros.md words it)."""

    section: urls.Target
    home: urls.Target = urls.page("index.md")


# --- Listings -------------------------------------------------------------------------

def cases_with(site: SiteContext, kind: str) -> dict[str, list[CaseView]]:
    """term id -> cases that use it, for one vocabulary kind (or "provincies")."""
    found: dict[str, list[CaseView]] = defaultdict(list)
    for case in site.views.values():
        if kind == urls.PROVINCES:
            ids = [case.province_id] if case.province_id else []  # national cases are in no province
        else:
            ids = [tag.term.id for tag in case.tags[kind]]
        for term_id in ids:
            found[term_id].append(case)
    return found


def render_cases_overview(site: SiteContext) -> str:
    return render("pages/cases.md", urls.cases_index(), cases=by_title(list(site.views.values())),
                  finder=FINDER, kind_indexes={kind: urls.kind_index(kind) for kind in (*TAG_KINDS, urls.PROVINCES)})


def render_term_index(site: SiteContext, kind: str, usage: dict[str, list[CaseView]]) -> str:
    terms = [(term, len(usage.get(term.id, []))) for term in term_views(site.catalog.vocabularies.by_kind(kind))]
    if kind == urls.PROVINCES:
        national = by_title([case for case in site.views.values() if case.province_id is None])
        return render("pages/province_index.md", urls.kind_index(kind), terms=terms, national=national)
    return render("pages/term_index.md", urls.kind_index(kind), terms=terms, heading=KIND_NOUNS[kind].heading,
                  knowledge_page=optional(site, KNOWLEDGE_PAGES[kind]))


# A term or province page lists up to this many cases on one page. A longer list is
# split into numbered pages (/pagina-2/ ...) of about this many: at thousands of cases
# one page would weigh megabytes, and a preview would render all of it for every save.
CASES_PER_PAGE = 50


@dataclass(frozen=True)
class Pagination:
    number: int  # 1-based
    count: int  # number of pages
    total: int | None  # cases on all pages together; only page 1 shows it (None on the others)
    first: urls.Target
    previous: urls.Target | None
    next: urls.Target | None
    last: urls.Target


def page_breaks(items: list, slug_of) -> list[list]:
    """`items` in pages whose breaks depend on the cases around them, not on how many
    come before (content-defined chunking, as rsync and backup tools cut files): a page
    ends after a case whose slug hashes to 0 modulo a spread, once the page holds a
    minimum, or at a maximum. A case added or removed changes the page it is on, and
    rarely a neighbour; with fixed pages of fifty, every page after it would shift, and
    a preview would render all of them again. Pages hold from 2/5 of CASES_PER_PAGE to
    twice it, about CASES_PER_PAGE on average; a list that fits on one page stays whole."""
    if len(items) <= CASES_PER_PAGE:
        return [items]
    least = max(1, CASES_PER_PAGE * 2 // 5)
    most = 2 * CASES_PER_PAGE
    spread = max(1, CASES_PER_PAGE - least)
    pages, current = [], []
    for item in items:
        current.append(item)
        if len(current) >= most or (len(current) >= least and zlib.crc32(slug_of(item).encode()) % spread == 0):
            pages.append(current)
            current = []
    if current:
        if pages and len(current) < least:
            pages[-1].extend(current)  # no short page at the end
        else:
            pages.append(current)
    return pages


def paginate(term: TermView, items: list, slug_of) -> list[tuple[Pagination, list]]:
    """The items in pages (page_breaks), each with where it stands (one page when empty)."""
    chunks = page_breaks(items, slug_of)
    target = lambda number: urls.term_page(term.kind, term.id, number)  # noqa: E731
    return [(Pagination(number, len(chunks), len(items) if number == 1 else None, target(1),
                        target(number - 1) if number > 1 else None,
                        target(number + 1) if number < len(chunks) else None, target(len(chunks))), chunk)
            for number, chunk in enumerate(chunks, start=1)]


def render_term_page(site: SiteContext, term: TermView, listed: list, pagination: Pagination,
                     from_source: int | None = 0) -> str:
    """One page of a term's cases: `listed` holds CaseViews for a province, else
    (CaseView, TagView) pairs in term_examples order. Page 1 counts them all (the
    total, and `from_source`: how many the source itself gives); the numbered pages
    after it show only their own cases, so that a case added elsewhere leaves them as
    they are."""
    here = urls.term_page(term.kind, term.id, pagination.number)
    crumbs = Trail(urls.kind_index(term.kind))
    if term.kind == urls.PROVINCES:
        return render("pages/term.md", here, term=term, cases=listed, examples=None, lessons=None,
                      pagination=pagination, contribute=optional(site, CONTRIBUTING), trail=crumbs)
    links = urls.Links(here)
    # Case text in the case dialect, cleaned, as HTML (case_text.py): never the site's Markdown.
    lessons = [(case, case_text_html(lesson, len(case.sources), links.href(case.target)))
               for case, _tag in listed for lesson in case.lessons]
    return render("pages/term.md", here, term=term, cases=[case for case, _tag in listed],
                  examples=listed, from_source=from_source, lessons=lessons, source_anchor=source_anchor,
                  pagination=pagination, contribute=optional(site, CONTRIBUTING), trail=crumbs)


def term_pages(site: SiteContext, term: TermView, usage: list[CaseView]) -> list[GeneratedPage]:
    """A term's page and its follow-up pages, each rendered anew only when its cases changed."""
    if term.kind == urls.PROVINCES:
        listed, from_source = by_title(usage), 0
    else:
        listed = term_examples(term, usage)
        from_source = sum(1 for _case, tag in listed if tag.is_source_example)
    slug_of = (lambda case: case.slug) if term.kind == urls.PROVINCES else (lambda pair: pair[0].slug)
    pages = []
    for pagination, chunk in paginate(term, listed, slug_of):
        path = urls.term_page(term.kind, term.id, pagination.number).file
        counted = from_source if pagination.number == 1 else None  # only page 1 counts
        pages.append(remembered_page(site, path, (term, pagination, counted, tuple(chunk)),
                                     lambda chunk=chunk, pagination=pagination, counted=counted:
                                     render_term_page(site, term, chunk, pagination, counted)))
    return pages


# The order of a term's examples: what the source itself gives first, then the editors'
# readings, then tags not yet explained; by title within each.
_GROUND_ORDER = {"bron": 0, "duiding": 1, None: 2}


def term_examples(term: TermView, usage: list[CaseView]) -> list[tuple[CaseView, TagView]]:
    pairs = [(case, next(tag for tag in case.tags[term.kind] if tag.term.id == term.id)) for case in usage]
    return sorted(pairs, key=lambda pair: (_GROUND_ORDER[pair[1].ground], pair[0].title.casefold(), pair[0].slug))


def render_wanted_page(site: SiteContext) -> str:
    """Gezocht: the terms and provinces with the fewest cases, fewest first."""
    groups = []
    for kind in ("bouwstenen", "dragers", urls.PROVINCES):
        usage = cases_with(site, kind)
        terms = [(term, len(usage.get(term.id, []))) for term in term_views(site.catalog.vocabularies.by_kind(kind))]
        groups.append((KIND_NOUNS[kind].heading, sorted(terms, key=lambda item: (item[1], item[0].label.casefold()))))
    sketches = sorted((case for case in site.views.values() if case.quality.next_level is not None),
                      key=lambda case: (case.quality.level.rank, case.title.casefold()))
    return render("pages/wanted.md", urls.page("gezocht.md"), groups=groups, sketches=sketches,
                  contribute=optional(site, CONTRIBUTING))


def render_accessibility_statement(site: SiteContext) -> str:
    """The accessibility statement, with the publisher's facts from mkdocs.yml."""
    return render("pages/accessibility.md", ACCESSIBILITY, publisher=site.publisher)


def render_finder_page() -> str:
    """The finder's page: a hook that assets/vind.js fills from data/cases.json."""
    return render("pages/finder.md", FINDER, cases_data=urls.data_file("data/cases.json"),
                  vocabularies_data=urls.data_file("data/vocabularies.json"), site_root=urls.page("index.md"),
                  cases_index=urls.cases_index(), compare=urls.compare_page(), compare_choice=urls.COMPARE_CHOICE,
                  parameters=urls.FINDER_PARAMETERS, wording=script_wording(),
                  kind_headings={kind: KIND_NOUNS[kind].heading for kind in TAG_KINDS},
                  csv_columns=finder_csv_columns(), csv_format=csv_format(),
                  open_data=urls.open_data_page())


def finder_csv_columns() -> list[list[str]]:
    """cases.csv's columns as [name, place in a cases.json record], for the finder's
    "download deze selectie" (assets/vind.js), so its CSV is cases.csv's, row for row."""
    return [[column.name, column.json_path] for column in csv_columns()]


# --- The whole set --------------------------------------------------------------------

def remembered_page(site: SiteContext, path: str, key: tuple, render_page) -> GeneratedPage:
    """A page rendered anew only when what it shows changed (site.memory: the preview)."""
    return GeneratedPage(path, site.memory.get(("page", path), (site.settings_key, *key), render_page))


# What a page shows of a case it only links to or lists in a table; the preview's
# memory re-renders a page when this changes (tests/test_incremental.py holds every
# page made from memory to a fresh render after each kind of edit).
def link_key(case: CaseView) -> tuple:
    return case.slug, case.title


def row_key(case: CaseView) -> tuple:
    """A row of the table of all cases, or of the cases still wanted."""
    return (case.slug, case.title, case.municipality, case.province, case.scale, case.period,
            tuple(term.label for term in case.building_blocks), tuple(term.label for term in case.carriers),
            case.quality)


def case_page_key(case: CaseView, site: SiteContext) -> tuple:
    """Everything a case page shows: the case, its body and date added, its related cases."""
    related = tuple((item, link_key(site.views[item.slug])) for item in site.related.get(case.slug, []))
    return case, site.by_slug[case.slug].body, site.first_added.get(case.source_path), related


def generate_pages(site: SiteContext) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    rows = tuple(site.memory.get(("row", case.slug), case, lambda case=case: row_key(case))
                 for case in site.views.values())
    pages = [remembered_page(site, urls.cases_index().file, rows, lambda: render_cases_overview(site)),
             remembered_page(site, "gezocht.md", rows, lambda: render_wanted_page(site))]
    pages += [remembered_page(site, case.target.file, case_page_key(case, site),
                              lambda case=case: render_case_page(case, site))
              for case in site.views.values()]
    for kind in (*TAG_KINDS, urls.PROVINCES):
        usage = cases_with(site, kind)
        counts = tuple((term_id, len(cases)) for term_id, cases in usage.items())
        pages.append(remembered_page(site, urls.kind_index(kind).file, (kind, counts),
                                     lambda kind=kind, usage=usage: render_term_index(site, kind, usage)))
        for term in term_views(site.catalog.vocabularies.by_kind(kind)):
            pages += term_pages(site, term, usage.get(term.id, []))
    if site.hand_written is not None and ACCESSIBILITY.file not in site.hand_written:
        pages.append(GeneratedPage(ACCESSIBILITY.file, render_accessibility_statement(site), sanitize=False))
    if site.hand_written is not None and FINDER.file not in site.hand_written:
        pages.append(GeneratedPage(FINDER.file, render_finder_page(), sanitize=False))
    return pages
