"""View objects: a case, a term and a source as the templates read them.

Templates never reach into the Pydantic models: every field they place is
computed here, once per case, so a change of the case format (a tag becoming an
object, a period gaining a status) changes this module and not the templates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content.catalog import CaseRecord, Catalog
from ..content.models import Case, Source
from ..content.vocabulary import Vocabulary, Vocabularies
from ..content.wording import KIND_NOUNS, Noun, citation_date, dutch_date, period_text
from ..derive.facts import DerivedFacts
from ..derive.quality import QualityAssessment
from . import urls

# Vocabulary kinds a case is tagged with, each with a page per term, in page order.
TAG_KINDS = ("bouwstenen", "dragers", "stappen")
UNKNOWN_PROVINCE = "onbekend"


@dataclass(frozen=True)
class TermView:
    kind: str  # vocabulary kind, e.g. "bouwstenen"
    id: str
    label: str
    description: str | None
    source_title: str | None
    source_page: str | None
    target: urls.Target

    @property
    def noun(self) -> Noun:
        return KIND_NOUNS[self.kind]


def term_view(vocabulary: Vocabulary, term_id: str) -> TermView:
    entry = vocabulary.get(term_id)
    return TermView(vocabulary.kind, entry.id, entry.label, entry.description,
                    entry.source.title if entry.source else None,
                    entry.source.page if entry.source else None,
                    urls.term(vocabulary.kind, entry.id))


def term_views(vocabulary: Vocabulary) -> list[TermView]:
    return [term_view(vocabulary, entry.id) for entry in vocabulary.entries]


@dataclass(frozen=True)
class SourceView:
    title: str
    authors: str | None
    year: int | None
    publisher: str | None
    page: str | None
    url: str | None

    @property
    def page_abbreviation(self) -> str:
        """'pp.' for a page range, 'p.' for one page."""
        return "pp." if self.page and ("-" in self.page or "–" in self.page) else "p."


def source_view(source: Source) -> SourceView:
    return SourceView(source.title, source.authors, source.year, source.publisher, source.page, source.url)


@dataclass(frozen=True)
class PartyView:
    name: str
    role: str  # the role's label


@dataclass(frozen=True)
class CaseView:
    """One case as every page, chart and data file shows it."""

    slug: str
    source_path: str
    target: urls.Target
    title: str
    summary: str
    municipality: str
    neighbourhood: str
    province: str
    province_id: str
    period_start: int | None
    period_end: int | None  # None: running (or no period at all)
    period: str  # in words, wording.period_text
    themes: tuple[str, ...]
    parties: tuple[PartyView, ...]
    sources: tuple[SourceView, ...]
    tags: dict[str, tuple[TermView, ...]]  # vocabulary kind -> terms, in TAG_KINDS order
    quality: QualityAssessment
    last_changed: datetime.date | None

    @property
    def has_period(self) -> bool:
        return self.period_start is not None

    @property
    def building_blocks(self) -> tuple[TermView, ...]:
        return self.tags["bouwstenen"]

    @property
    def carriers(self) -> tuple[TermView, ...]:
        return self.tags["dragers"]

    @property
    def last_changed_text(self) -> str | None:
        return dutch_date(self.last_changed) if self.last_changed else None

    @property
    def citation_date(self) -> str:
        return citation_date(self.last_changed)


def tag_ids(case: Case, kind: str) -> list[str]:
    """The ids a case is tagged with in one vocabulary kind (provinces: its one province)."""
    return {"bouwstenen": case.building_blocks, "dragers": case.carriers, "stappen": case.steps}[kind]


def province_id(vocabularies: Vocabularies, case: Case) -> str:
    entry = vocabularies.provinces.resolve(case.province)
    return entry.id if entry else UNKNOWN_PROVINCE


def case_view(record: CaseRecord, catalog: Catalog, facts: DerivedFacts) -> CaseView:
    case, vocab = record.case, catalog.vocabularies
    start = case.period.start if case.period else None
    end = case.period.end if case.period else None
    return CaseView(
        slug=record.slug, source_path=record.source_path, target=urls.case(record.slug),
        title=case.title, summary=case.summary, municipality=case.municipality,
        neighbourhood=case.neighbourhood, province=case.province,
        province_id=province_id(vocab, case),
        period_start=start, period_end=end, period=period_text(start, end),
        themes=tuple(case.themes),
        parties=tuple(PartyView(p.name, vocab.roles.get(p.role).label) for p in case.parties),
        sources=tuple(source_view(s) for s in case.sources),
        tags={kind: tuple(term_view(vocab.by_kind(kind), i) for i in tag_ids(case, kind)) for kind in TAG_KINDS},
        quality=facts.quality[record.slug],
        last_changed=facts.last_changed.get(record.source_path),
    )


def by_title(views: list[CaseView]) -> list[CaseView]:
    return sorted(views, key=lambda view: (view.title.casefold(), view.slug))
