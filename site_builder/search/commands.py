"""`wijkwijzer index` and `wijkwijzer search`, as library calls the CLI makes.

Runs the index stage (load -> validate -> **index**) on demand: it checks the
user's filters against the vocabularies (with a "bedoelde je ...?" hint), keeps
the index in line with the case files (re-indexing only what changed), asks
`searcher` and formats the answer for a terminal or as JSON. It knows
nothing of the search engine behind `searcher`.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from ..content.control_characters import printable
from ..content.kinds import KINDS
from ..content.wording import count_text, period_text
from ..errors import (
    IndexBusy,
    IndexLocked,
    IndexNeedsRebuild,
    IndexUnavailable,
    UnknownSearchTerm,
    WijkwijzerError,
)
from ..project import Project
from ..website.urls import (
    case_url as site_case_url,  # the URL scheme only: a leaf module
)
from .freshness import (
    file_listing,
    forget_listing,
    index_folder,
    index_staleness,
    listing_unchanged,
    remember_listing,
    vocabularies_unchanged,
)
from .schema import FACET_FIELDS
from .searcher import SearchIndex, SearchRequest, SearchResults

# A search on a current index needs none of these: they load, validate and
# write cases, and cost more than the whole search (imported where used).
if TYPE_CHECKING:
    from ..content.catalog import Catalog
    from ..content.vocabulary import Vocabularies, Vocabulary
    from .index import IndexStats

# From the one table of vocabulary kinds: which filter option and wording each has.
FACET_OPTIONS = {kind.kind: kind.cli_option for kind in KINDS if kind.cli_option}
UNKNOWN = {kind.kind: f"onbekende {kind.singular}" for kind in KINDS if kind.cli_option}


def case_url(slug: str) -> str:
    """The case's page on the site, from the site root."""
    return "/" + site_case_url(slug)


# --- Keeping the index fresh ---------------------------------------------------------

def refresh_index(project: Project, catalog: Catalog, full: bool = False) -> IndexStats:
    """Update the index from a loaded catalog (which must have no errors)."""
    from .index import update_index

    try:
        return update_index(project, catalog, full=full)
    except IndexLocked:
        raise IndexBusy() from None


@dataclass(frozen=True)
class Freshness:
    """What `ensure_fresh_index` found and did."""

    stats: IndexStats | None = None  # None when the index was already current
    blocked_by: Catalog | None = None  # the catalog, when its errors kept the index from updating
    index_usable: bool = True  # whether there is an index to search at all


def ensure_fresh_index(project: Project, vocabularies: Vocabularies | None = None) -> Freshness:
    """Refresh the index when the case files or vocabularies changed since it was built.

    When no file changed since the index was last found current (see
    `freshness`), that is all; otherwise the hashes decide, and the
    vocabularies are loaded (unless given) only when their files changed or
    cases must be parsed. With errors in the cases the index is left alone: an
    older index is still searched (the caller warns), no index at all means
    the search cannot run.
    """
    listing = file_listing(project)
    if listing_unchanged(project, listing):
        return Freshness()
    if vocabularies is None and not vocabularies_unchanged(project, listing):
        vocabularies = _load_vocabularies(project)
    staleness = index_staleness(project, vocabularies, listing)
    if staleness.current:
        remember_listing(project, listing)
        return Freshness()
    from ..content import catalog as cases
    from .index import update_cases

    vocabularies = vocabularies or _load_vocabularies(project)
    if not staleness.rebuild:
        # Only the new and edited files are parsed; the rest is indexed already.
        changed = (cases.load_catalog(project, list(staleness.changed_files), vocabularies=vocabularies)
                   if staleness.changed_files else cases.Catalog(vocabularies))
        if changed.errors:
            return Freshness(blocked_by=changed, index_usable=_index_opens(project))
        try:
            stats = update_cases(project, changed, staleness.removed)
            remember_listing(project, listing)
            return Freshness(stats=stats)
        except IndexLocked:
            raise IndexBusy() from None
        except IndexNeedsRebuild:
            pass  # changed under our feet: load everything below
    catalog = cases.load_catalog(project, vocabularies=vocabularies)
    if catalog.errors:
        return Freshness(blocked_by=catalog, index_usable=_index_opens(project))
    stats = refresh_index(project, catalog)
    remember_listing(project, listing)
    return Freshness(stats=stats)


def _load_vocabularies(project: Project) -> Vocabularies:
    from ..content.vocabulary import load_vocabularies

    return load_vocabularies(project.schema_dir)


def _index_opens(project: Project) -> bool:
    try:
        SearchIndex.open(project).close()
        return True
    except IndexUnavailable:
        return False


def describe_update(stats: IndexStats) -> str:
    if stats.full_rebuild:
        return (f"Zoekindex opgebouwd ({stats.rebuilt_because}): "
                f"{count_text(stats.cases)} geïndexeerd.")
    if not (stats.reindexed or stats.removed):
        return f"Zoekindex was al actueel ({count_text(stats.cases)})."
    return (f"Zoekindex bijgewerkt: {stats.added} toegevoegd, {stats.changed} gewijzigd, "
            f"{stats.removed} verwijderd ({count_text(stats.cases)} in totaal).")


# --- From command-line values to a request -------------------------------------------

def _resolve(vocabulary: Vocabulary, value: str) -> str:
    entry = vocabulary.resolve(value)
    if entry is None:
        known = [e.label if vocabulary.kind == "provincies" else e.id for e in vocabulary.entries]
        raise UnknownSearchTerm(UNKNOWN[vocabulary.kind], value, vocabulary.suggest(value), known)
    return entry.id


@dataclass(frozen=True)
class SearchFilters:
    """Vocabulary filters as typed by the user, checked before any index work."""

    building_blocks: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    province: str | None = None


def resolve_filters(vocabularies: Vocabularies, building_blocks=(), carriers=(), steps=(),
                    province: str | None = None) -> SearchFilters:
    """Ids, labels and aliases (any case, any accents) to ids; unknown ones raise with a hint."""
    def ids(kind: str, values) -> tuple[str, ...]:
        vocabulary = vocabularies.by_kind(kind)
        return tuple(dict.fromkeys(_resolve(vocabulary, value) for value in values))

    return SearchFilters(
        building_blocks=ids("bouwstenen", building_blocks),
        carriers=ids("dragers", carriers),
        steps=ids("stappen", steps),
        province=_resolve(vocabularies.provinces, province) if province else None,
    )


def filters_from_options(project: Project, building_blocks=(), carriers=(), steps=(),
                         province: str | None = None) -> SearchFilters:
    """`resolve_filters`, loading the vocabularies only when there is a filter to resolve."""
    if not (building_blocks or carriers or steps or province):
        return SearchFilters()
    from ..content.vocabulary import load_vocabularies

    return resolve_filters(load_vocabularies(project.schema_dir), building_blocks, carriers, steps, province)


def _resolve_theme(index: SearchIndex, theme: str) -> str:
    import difflib

    from ..content.vocabulary import fold

    known = index.themes()
    folded = " ".join(fold(theme).split())  # as documents.theme_term indexes it
    if folded not in known:
        match = difflib.get_close_matches(folded, list(known), n=1, cutoff=0.6)
        raise UnknownSearchTerm("onbekend thema", theme, match[0] if match else None, sorted(known))
    return folded


def search_cases(project: Project, text: str, filters: SearchFilters, theme: str | None = None,
                 active_in: int | None = None, limit: int = 10) -> SearchResults:
    """Run one search against the live index (call `ensure_fresh_index` first)."""
    try:
        index = SearchIndex.open(project)
    except IndexUnavailable:
        # The remembered listing may vouch for an index damaged since: the next search checks it.
        forget_listing(index_folder(project))
        raise WijkwijzerError("de zoekindex kon niet geopend worden; bouw hem opnieuw op met "
                              "'wijkwijzer index --volledig'") from None
    with index:
        request = SearchRequest(
            text=text, building_blocks=filters.building_blocks, carriers=filters.carriers,
            steps=filters.steps, province=filters.province,
            theme=_resolve_theme(index, theme) if theme else None,
            active_in=active_in, limit=limit)
        return index.search(request)


# --- Output --------------------------------------------------------------------------

def _period(period) -> str:
    return period_text(*period) if period else ""


def snippet_text(snippet) -> str:
    return "".join(text for text, _ in snippet)


@functools.cache
def _snippet_template():
    import jinja2  # for --json only

    # HTML lives in templates: the one tag here (<mark>) too, escaped by Jinja2.
    environment = jinja2.Environment(loader=jinja2.PackageLoader("site_builder.search", "templates"),
                                     autoescape=True)
    return environment.get_template("snippet.html")


def snippet_html(snippet) -> str:
    return _snippet_template().render(snippet=snippet)


def results_as_json(results: SearchResults) -> str:
    """A JSON array with one object per hit, in rank order."""
    return json.dumps([{
        "slug": hit.slug,
        "titel": hit.title,
        "score": hit.score,
        "url": case_url(hit.slug),
        "gemeente": hit.municipality,
        "wijk": hit.neighbourhood,
        "provincie": hit.province,
        "periode": {"start": hit.period[0], "eind": hit.period[1]} if hit.period else None,
        "bouwstenen": hit.building_blocks,
        "dragers": hit.carriers,
        "stappen": hit.steps,
        "themas": hit.themes,
        "samenvatting": hit.summary,
        "snippet": snippet_text(hit.snippet),
        "snippet_html": snippet_html(hit.snippet),
    } for hit in results.hits], ensure_ascii=False, indent=2)


def format_results(results: SearchResults, text: str, filters: SearchFilters) -> str:
    """Ranked hits with highlighted snippets, then the counts to narrow down with."""
    lines: list[str] = []
    if results.searched_literally:
        lines.append("Let op: de opmaak van de zoekvraag (aanhalingstekens, haakjes, EN/OF/NIET) "
                     "klopte niet; er is gezocht op de losse woorden.")
    if results.only_stopwords:
        return ("Geen resultaten: de zoekvraag bevat geen woorden om op te zoeken (alleen leestekens "
                "of veelvoorkomende woorden zoals 'de' en 'van'). Zet zulke woorden in een zin tussen "
                "aanhalingstekens, bijvoorbeeld '\"de gemeente\"'.")
    # Titles, places and snippets are a stranger's text: a terminal sees their escapes
    # spelled out (printable), and only our own highlighting as colour.
    subject = f" voor '{printable(text)}'" if text.strip() else ""
    notes = _missing_words(results)
    if not results.total:
        lines.append(f"Geen resultaten{subject}." + (f" {notes}" if notes else ""))
        return "\n".join(lines)
    if results.corrected_text is not None:
        lines.append(f"Geen resultaten{subject}. {notes}")
        subject = f" voor '{printable(results.corrected_text)}'"
    elif notes:
        lines.append(notes)
    if results.partial:
        lines.append("Geen resultaten met alle woorden; resultaten met een deel ervan "
                     "(de casussen met de meeste woorden eerst).")
    shown = len(results.hits)
    more = (f" (de eerste {shown} getoond; gebruik --limit voor meer)" if shown < results.total else "")
    lines.append(f"{count_text(results.total)} gevonden{subject}{more}:")
    for number, hit in enumerate(results.hits, 1):
        where = printable(", ".join(part for part in (hit.municipality, hit.province) if part))
        period = f" · {_period(hit.period)}" if hit.period else ""
        lines.append("")
        lines.append(f"{number:2}. {click.style(printable(hit.title), bold=True)} ({where}){period}")
        lines.append("    " + "".join(click.style(printable(t), bold=True, fg="yellow") if m else printable(t)
                                      for t, m in hit.snippet))
        lines.append(f"    bouwstenen: {printable(', '.join(hit.building_blocks))} · {case_url(hit.slug)}")
    refinements = _refinements(results, filters)
    if refinements:
        lines += ["", "Verfijn met:", *refinements]
    return "\n".join(lines)


def _missing_words(results: SearchResults) -> str:
    """'X komt nergens voor; bedoelde je Y?' for every typed word found nowhere, in one line."""
    notes = []
    for word in results.missing:
        close = results.suggestions.get(word)
        hint = f"; bedoelde je '{printable(close)}'?" if close else "."
        notes.append(f"'{printable(word)}' komt in geen enkele casus voor{hint}")
    return " ".join(note[0].upper() + note[1:] for note in notes)


def _refinements(results: SearchResults, filters: SearchFilters) -> list[str]:
    """Per facet: the values among the hits that would narrow the search down further."""
    applied = {"bouwstenen": set(filters.building_blocks), "dragers": set(filters.carriers),
               "stappen": set(filters.steps), "provincies": {filters.province}}
    lines = []
    for kind in FACET_FIELDS:
        # As contributors write them: ids for tags, names for provinces.
        labels = results.facet_labels.get(kind, {})
        counts = [(value, count) for value, count in results.facets.get(kind, {}).items()
                  if value not in applied[kind]]
        if not counts:
            continue
        shown = printable(", ".join(f"{labels.get(value, value)} ({count})" for value, count in counts))
        lines.append(f"  {FACET_OPTIONS[kind]}: {shown}")
    return lines
