"""Render-pages stage: Markdown pages generated from the catalog and vocabularies.

Runs inside the MkDocs build (from the plugin's `on_files`), after load and
validate. It returns pages as (path, Markdown) pairs, kept in memory: generated
Markdown never lands among the hand-written files in docs/.

URLs are permanent (documented in docs/over/permalinks.md):
  /casussen/            all cases in one table
  /casussen/<slug>/     one case
  /bouwstenen/<id>/, /dragers/<id>/, /stappen/<id>/   one term and its cases
  /provincies/<id>/     the cases in one province
Every string from a case goes through `md_text`/`html_text` (text.py).
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from dataclasses import dataclass, field

from ..content.catalog import CaseRecord, Catalog
from ..content.models import Case, Source
from ..content.vocabulary import Vocabulary
from ..derive.quality import QualityAssessment, assess_quality
from ..derive.related import RelatedCase, related_cases
from .markdown_text import html_text, md_text, plain_title

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")

# Vocabulary kinds that get a page per term, with the URL folder and Dutch nouns.
TERM_KINDS = (
    ("bouwstenen", "bouwsteen", "Bouwstenen"),
    ("dragers", "drager", "Dragers"),
    ("stappen", "stap", "Stappen"),
)


@dataclass(frozen=True)
class GeneratedPage:
    path: str  # relative to the docs root, e.g. "casussen/selwerd.md"
    content: str


@dataclass
class SiteContext:
    """Everything the page renderers need, computed once per build."""

    catalog: Catalog
    edit_url_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    site_name: str = "WijkWijzer"
    site_url: str | None = None  # absolute, ending in "/"; for citations and the feed
    last_changed: dict[str, datetime.date] = field(default_factory=dict)
    first_added: dict[str, datetime.date] = field(default_factory=dict)  # for "new" in the feed
    related: dict[str, list[RelatedCase]] = field(default_factory=dict)
    quality: dict[str, QualityAssessment] = field(default_factory=dict)
    by_slug: dict[str, CaseRecord] = field(default_factory=dict)

    @classmethod
    def create(cls, catalog: Catalog, edit_url_base: str | None = None,
               last_changed: dict[str, datetime.date] | None = None,
               site_name: str = "WijkWijzer", site_url: str | None = None,
               first_added: dict[str, datetime.date] | None = None) -> "SiteContext":
        return cls(
            catalog=catalog,
            edit_url_base=edit_url_base,
            site_name=site_name,
            site_url=(site_url.rstrip("/") + "/") if site_url else None,
            last_changed=last_changed or {},
            first_added=first_added or {},
            related=related_cases(catalog.cases),
            quality={record.slug: assess_quality(record) for record in catalog.cases},
            by_slug=catalog.by_slug(),
        )

    def edit_url(self, record: CaseRecord) -> str | None:
        return f"{self.edit_url_base}{record.source_path}" if self.edit_url_base else None

    def absolute_url(self, path: str) -> str | None:
        """The published address of a site path such as "casussen/x/"; None without site_url."""
        return f"{self.site_url}{path}" if self.site_url else None


def dutch_date(date: datetime.date) -> str:
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def period_text(case: Case) -> str:
    if case.period is None:
        return "periode onbekend"
    if case.period.end is None:
        return f"{case.period.start}–heden (lopend)"
    if case.period.end == case.period.start:
        return str(case.period.start)
    return f"{case.period.start}–{case.period.end}"


def page_header(title: str, **meta: object) -> str:
    """YAML meta for MkDocs; the title is neutralised for theme templates.

    Values are written as JSON, which YAML reads as flow scalars and lists:
    correctly escaped, and much cheaper than a YAML dump for thousands of pages.
    """
    data = {"title": plain_title(title), **meta}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def case_link(record: CaseRecord, from_folder: str) -> str:
    prefix = "" if from_folder == "casussen" else "../casussen/" if from_folder else "casussen/"
    return f"[{md_text(record.case.title)}]({prefix}{record.slug}.md)"


def term_link(vocabulary: Vocabulary, term_id: str, from_folder: str) -> str:
    entry = vocabulary.get(term_id)
    prefix = "" if from_folder == vocabulary.kind else f"../{vocabulary.kind}/" if from_folder else f"{vocabulary.kind}/"
    return f"[{md_text(entry.label)}]({prefix}{term_id}.md)"


def province_id(catalog: Catalog, case: Case) -> str:
    entry = catalog.vocabularies.provinces.resolve(case.province)
    return entry.id if entry else "onbekend"


def format_source(source: Source) -> str:
    """A reference in the usual Dutch style: Auteurs (jaar). *Titel*. Uitgever, p. x."""
    parts = []
    if source.authors:
        parts.append(md_text(source.authors) + (f" ({source.year})." if source.year else "."))
    elif source.year:
        parts.append(f"({source.year}).")
    parts.append(f"*{md_text(source.title)}*.")
    if source.publisher:
        parts.append(md_text(source.publisher) + ".")
    if source.page:
        parts.append(f"{'pp.' if '-' in source.page or '–' in source.page else 'p.'} {md_text(source.page)}.")
    text = " ".join(parts)
    if source.url:
        text += f' <a class="ww-adres" href="{html_text(source.url)}">{html_text(source.url)}</a>'
    return text


def case_summary_block(record: CaseRecord, from_folder: str, catalog: Catalog) -> str:
    case = record.case
    where = f"{md_text(case.municipality)}, {md_text(case.province)} · {period_text(case)}"
    return f"### {case_link(record, from_folder)}\n\n{where}\n\n{md_text(case.summary)}\n"


# --- One case -------------------------------------------------------------------------

def render_case_page(record: CaseRecord, site: SiteContext) -> str:
    catalog, case = site.catalog, record.case
    vocab = catalog.vocabularies
    quality = site.quality[record.slug]
    facts = [
        ("Gemeente", html_text(case.municipality)),
        ("Wijk", html_text(case.neighbourhood)),
        ("Provincie", f'<a href="../../provincies/{province_id(catalog, case)}/">{html_text(case.province)}</a>'),
        ("Periode", html_text(period_text(case))),
    ]
    if case.parties:
        facts.append(("Partijen", "<br>".join(
            f"{html_text(p.name)} <small>({html_text(vocab.roles.get(p.role).label)})</small>"
            for p in case.parties)))
    facts.append(("Kwaliteit", f'<a href="../../bijdragen/#kwaliteitsniveaus">{html_text(quality.label)}</a>'))
    changed = site.last_changed.get(record.source_path)
    if changed:
        facts.append(("Laatst gewijzigd",
                      f'<time datetime="{changed.isoformat()}">{dutch_date(changed)}</time>'))
    fact_rows = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)

    lines = [
        page_header(case.title, wijkwijzer_case=record.slug),
        f"# {md_text(case.title)}\n",
        f'<p class="ww-lead">{html_text(case.summary)}</p>\n',
        f'<dl class="ww-facts">\n{fact_rows}\n</dl>\n',
    ]
    for kind, noun, heading in TERM_KINDS:
        ids = {"bouwstenen": case.building_blocks, "dragers": case.carriers, "stappen": case.steps}[kind]
        if ids:
            links = " · ".join(term_link(vocab.by_kind(kind), i, "casussen") for i in ids)
            lines.append(f"**{heading}:** {links}\n")
    if case.themes:
        lines.append("**Thema's:** " + ", ".join(md_text(t) for t in case.themes) + "\n")
    lines.append(record.body.rstrip() + "\n")  # rendered in the case dialect (plugin.py)
    lines.append("## Bronnen\n")
    lines.extend(f"{n}. {format_source(s)}" for n, s in enumerate(case.sources, 1))
    lines.append("")
    related = site.related.get(record.slug, [])
    if related:
        lines.append("## Verwante casussen\n")
        for item in related:
            other = site.by_slug[item.slug]
            lines.append(f"- {case_link(other, 'casussen')} — {related_reason(item, vocab)}")
        lines.append("")
    if quality.missing:
        lines.append('??? note "Wat ontbreekt voor het volgende kwaliteitsniveau?"\n')
        lines.extend(f"    - {md_text(item)}" for item in quality.missing)
        lines.append("")
    lines.append(render_citation(record, site))
    return "\n".join(lines)


def render_citation(record: CaseRecord, site: SiteContext) -> str:
    """'Cite this case' in APA style: site (date of last change). *Title*. Address."""
    changed = site.last_changed.get(record.source_path)
    date = f"{changed.year}, {changed.day} {MONTHS[changed.month - 1]}" if changed else "z.d."
    url = site.absolute_url(f"casussen/{record.slug}/")
    # The class tells the print style that the link text is the address already.
    address = f' <a class="ww-adres" href="{html_text(url)}">{html_text(url)}</a>' if url else ""
    return ('??? quote "Citeer deze casus"\n\n'
            f"    {md_text(site.site_name)}. ({date}). *{md_text(record.case.title)}*.{address}\n")


def related_reason(item: RelatedCase, vocab) -> str:
    parts = []
    if item.shared.get("drager"):
        parts.append("drager " + ", ".join(md_text(vocab.carriers.get(i).label) for i in item.shared["drager"]))
    if item.shared.get("thema"):
        parts.append("thema " + ", ".join(md_text(t) for t in item.shared["thema"]))
    if item.shared.get("bouwsteen"):
        labels = [md_text(vocab.building_blocks.get(i).label) for i in item.shared["bouwsteen"]]
        parts.append(("bouwsteen " if len(labels) == 1 else "bouwstenen ") + ", ".join(labels))
    return "deelt " + "; ".join(parts)


# --- Listings -------------------------------------------------------------------------

def render_cases_overview(site: SiteContext) -> str:
    catalog = site.catalog
    vocab = catalog.vocabularies
    lines = [page_header("Alle casussen"), "# Alle casussen\n",
             f"{len(catalog.cases)} praktijkvoorbeelden. Zoek gericht met "
             "[Vind praktijkvoorbeelden](../vind.md) of per [bouwsteen](../bouwstenen/index.md), "
             "[drager](../dragers/index.md) of [provincie](../provincies/index.md).\n"]
    if catalog.cases:
        # The script turns this hook into a level filter. Form controls are not
        # written here: the sanitiser (rightly) strips them from generated pages.
        lines.append('<div class="ww-kwaliteitsfilter"></div>\n')
    lines.append("| Titel | Gemeente | Provincie | Periode | Bouwstenen | Kwaliteit |")
    lines.append("|---|---|---|---|---|---|")
    for record in sorted(catalog.cases, key=lambda r: r.case.title.casefold()):
        case = record.case
        blocks = ", ".join(md_text(vocab.building_blocks.get(b).label) for b in case.building_blocks)
        lines.append(f"| {case_link(record, 'casussen')} | {md_text(case.municipality)} | "
                     f"{md_text(case.province)} | {period_text(case)} | {blocks} | "
                     f"{md_text(site.quality[record.slug].level.label)} |")
    return "\n".join(lines) + "\n"


def cases_with(catalog: Catalog, kind: str) -> dict[str, list[CaseRecord]]:
    """term id -> cases that use it, for one vocabulary kind."""
    found: dict[str, list[CaseRecord]] = defaultdict(list)
    for record in catalog.cases:
        case = record.case
        ids = {"bouwstenen": case.building_blocks, "dragers": case.carriers,
               "stappen": case.steps, "provincies": [province_id(catalog, case)]}[kind]
        for term_id in ids:
            found[term_id].append(record)
    return found


def render_term_index(catalog: Catalog, kind: str, heading: str, usage: dict[str, list[CaseRecord]]) -> str:
    vocabulary = catalog.vocabularies.by_kind(kind)
    lines = [page_header(heading), f"# {heading}\n"]
    knowledge = {"bouwstenen": "bouwstenen", "dragers": "dragers", "stappen": "stappen"}.get(kind)
    if knowledge:
        lines.append(f"Meer achtergrond: [kennispagina over de {heading.lower()}](../kennis/{knowledge}.md).\n")
    for entry in vocabulary.entries:
        count = len(usage.get(entry.id, []))
        lines.append(f"## [{md_text(entry.label)}]({entry.id}.md)\n")
        if entry.description:
            lines.append(md_text(entry.description) + "\n")
        lines.append(f"*{count} {'casus' if count == 1 else 'casussen'}*\n")
    return "\n".join(lines)


def render_term_page(catalog: Catalog, kind: str, term_id: str, usage: list[CaseRecord]) -> str:
    vocabulary = catalog.vocabularies.by_kind(kind)
    entry = vocabulary.get(term_id)
    lines = [page_header(entry.label), f"# {md_text(entry.label)}\n"]
    if entry.description:
        lines.append(md_text(entry.description) + "\n")
    if entry.source:
        page = f", p. {md_text(entry.source.page)}" if entry.source.page else ""
        lines.append(f"<small>Bron: *{md_text(entry.source.title)}*{page}.</small>\n")
    lines.append(f"## Casussen ({len(usage)})\n")
    if not usage:
        lines.append("Nog geen casussen. [Voeg er een toe](../bijdragen/index.md).\n")
    for record in sorted(usage, key=lambda r: r.case.title.casefold()):
        lines.append(case_summary_block(record, kind, catalog))
    return "\n".join(lines)


def render_province_index(catalog: Catalog, usage: dict[str, list[CaseRecord]]) -> str:
    lines = [page_header("Provincies"), "# Provincies\n", "| Provincie | Casussen |", "|---|---|"]
    for entry in catalog.vocabularies.provinces.entries:
        lines.append(f"| [{md_text(entry.label)}]({entry.id}.md) | {len(usage.get(entry.id, []))} |")
    return "\n".join(lines) + "\n"


def render_wanted_page(site: SiteContext) -> str:
    """Gezocht: the terms and provinces with the fewest cases, fewest first."""
    catalog = site.catalog
    lines = [page_header("Gezocht"), "# Gezocht\n",
             "Hier is de kennisbank nog dun. Kent u praktijk bij een van deze bouwstenen, dragers "
             "of provincies? [Voeg een casus toe](bijdragen/index.md).\n"]
    for kind, heading in (("bouwstenen", "Bouwstenen"), ("dragers", "Dragers"), ("provincies", "Provincies")):
        usage = cases_with(catalog, kind)
        entries = sorted(catalog.vocabularies.by_kind(kind).entries,
                         key=lambda entry: (len(usage.get(entry.id, [])), entry.label.casefold()))
        lines += [f"## {heading}\n", "| | Casussen |", "|---|---|"]
        for entry in entries:
            count = len(usage.get(entry.id, []))
            lines.append(f"| [{md_text(entry.label)}]({kind}/{entry.id}.md) | "
                         f"{'**geen**' if count == 0 else count} |")
        lines.append("")
    sketches = [r for r in catalog.cases if site.quality[r.slug].next_level is not None]
    if sketches:
        lines += ["## Casussen die meer verdienen\n",
                  "Deze casussen missen nog iets voor het volgende kwaliteitsniveau.\n",
                  "| Casus | Niveau | Wat ontbreekt |", "|---|---|---|"]
        for record in sorted(sketches, key=lambda r: (site.quality[r.slug].level.rank, r.case.title.casefold())):
            quality = site.quality[record.slug]
            lines.append(f"| {case_link(record, '')} | {md_text(quality.label)} | "
                         f"{md_text('; '.join(quality.missing))} |")
    return "\n".join(lines) + "\n"


# --- The whole set --------------------------------------------------------------------

def generate_pages(site: SiteContext) -> list[GeneratedPage]:
    """Every generated page of the site, in a stable order."""
    catalog = site.catalog
    pages = [GeneratedPage("casussen/index.md", render_cases_overview(site)),
             GeneratedPage("gezocht.md", render_wanted_page(site))]
    pages += [GeneratedPage(f"casussen/{r.slug}.md", render_case_page(r, site)) for r in catalog.cases]
    for kind, _noun, heading in TERM_KINDS + (("provincies", "provincie", "Provincies"),):
        usage = cases_with(catalog, kind)
        index = (render_province_index(catalog, usage) if kind == "provincies"
                 else render_term_index(catalog, kind, heading, usage))
        pages.append(GeneratedPage(f"{kind}/index.md", index))
        for entry in catalog.vocabularies.by_kind(kind).entries:
            pages.append(GeneratedPage(f"{kind}/{entry.id}.md",
                                       render_term_page(catalog, kind, entry.id, usage.get(entry.id, []))))
    return pages
