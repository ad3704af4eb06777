"""View objects: a case, a term and a source as the templates read them.

Templates never reach into the Pydantic models: every field they place is
computed here, once per case, so a change of the case format (a tag becoming an
object, a period gaining a status) changes this module and not the templates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..content.case_sections import COMPARED_SECTIONS
from ..content.catalog import CaseRecord, Catalog
from ..content.models import Case, Source
from ..content.themes import theme_label
from ..content.vocabulary import TAG_KINDS as TAGGED_KINDS
from ..content.vocabulary import Vocabularies, Vocabulary
from ..content.wording import (
    KIND_NOUNS, NATIONAL_PLACE, OUTDATED_AFTER_YEARS, Noun, citation_date, dutch_date, outdated_text, period_text,
    place_text, read_on_text,
)
from ..derive.facts import DerivedFacts
from ..derive.quality import QualityAssessment
from ..derive.sections import section_text
from . import urls

# Vocabulary kinds a case is tagged with, each with a page per term, in page order
# (from the one table of kinds in content.vocabulary).
TAG_KINDS = tuple(kind.kind for kind in TAGGED_KINDS)
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
    # Plain words for readers who do not know the term (schema/*.yml `vraag`, `zoekwoorden`).
    question: str | None = None
    search_words: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # other spellings contributors may write ("Friesland")

    @property
    def noun(self) -> Noun:
        return KIND_NOUNS[self.kind]


def term_view(vocabulary: Vocabulary, term_id: str) -> TermView:
    entry = vocabulary.get(term_id)
    return TermView(vocabulary.kind, entry.id, entry.label, entry.description,
                    entry.source.title if entry.source else None,
                    entry.source.page if entry.source else None,
                    urls.term(vocabulary.kind, entry.id), entry.question, tuple(entry.search_words),
                    tuple(entry.aliases))


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
    date: datetime.date | None = None  # of publication, when the source gives it
    read_on: datetime.date | None = None  # when the editors read a web source

    @property
    def page_abbreviation(self) -> str:
        """'pp.' for a page range, 'p.' for one page."""
        return "pp." if self.page and ("-" in self.page or "–" in self.page) else "p."

    @property
    def date_text(self) -> str | None:
        """The date of publication in words ('12 mei 2023'), or else its year ('2023')."""
        if self.date is not None:
            return dutch_date(self.date)
        return str(self.year) if self.year is not None else None

    @property
    def read_on_text(self) -> str | None:
        """'geraadpleegd op 15 januari 2026'."""
        return read_on_text(self.read_on) if self.read_on else None


def source_view(source: Source) -> SourceView:
    return SourceView(source.title, source.authors, source.published_year, source.publisher, source.page,
                      source.url, source.date, source.read_on)


@dataclass(frozen=True)
class PartyView:
    name: str
    role: str  # the role's label


@dataclass(frozen=True)
class TagView:
    """A term a case claims, with how the case shows it and on what ground."""

    term: TermView
    explanation: str | None
    ground: str | None  # "bron": the source gives the case as an example; "duiding": the editors' reading
    source_number: int | None  # 1-based in the case's sources
    page: str | None

    @property
    def is_source_example(self) -> bool:
        return self.ground == "bron"

    @property
    def ground_text(self) -> str | None:
        return GROUND_TEXT.get(self.ground)


# Shown on a reviewed case whose file changed after its review date (derive.history).
CHANGED_AFTER_REVIEW = "gewijzigd na de laatste controle"


@dataclass(frozen=True)
class ReviewView:
    """A case's editorial review: its status (schema/controle.yml), by whom and when."""

    status: str  # the status id; a case without a review record has the first status
    label: str
    reviewer: str | None
    date: datetime.date | None
    changed_after: bool  # the file changed after the review date

    @property
    def date_text(self) -> str | None:
        return dutch_date(self.date) if self.date else None

    @property
    def details(self) -> str | None:
        """'Redactie WijkWijzer, 6 december 2026', or None without reviewer or date."""
        parts = [part for part in (self.reviewer, self.date_text) if part]
        return ", ".join(parts) if parts else None

    @property
    def changed_notice(self) -> str | None:
        return CHANGED_AFTER_REVIEW if self.changed_after else None


def review_view(vocabularies: Vocabularies, case: Case, changed_after: bool) -> ReviewView:
    statuses = vocabularies.review_statuses
    review = case.review
    entry = statuses.resolve(review.status) if review is not None else None
    entry = entry or statuses.entries[0]
    return ReviewView(entry.id, entry.label, review.reviewer if review else None,
                      review.date if review else None, changed_after and review is not None)


GROUND_TEXT = {"bron": "voorbeeld uit de bron", "duiding": "duiding van de redactie"}
NATIONAL = "landelijk"  # the place of a national case on listings that group by province
NATIONAL_LABEL = NATIONAL_PLACE


@dataclass(frozen=True)
class CaseView:
    """One case as every page, chart and data file shows it."""

    slug: str
    source_path: str
    target: urls.Target
    title: str
    summary: str
    kind: str  # "praktijkvoorbeeld" or "themacasus"
    scale: str  # "wijk", "gemeente", "regio" or "landelijk"
    municipality: str | None
    neighbourhood: str | None
    province: str | None  # the province's label; None for a national or regional case without one
    province_id: str | None
    period_start: int | None
    period_end: int | None  # an end the sources give
    planned_end: int | None
    information_year: int | None  # the year the information describes
    # The years the sources show it active, both ends counted (Case.active_years, the one
    # definition the finder and the timeline read); None without a start year.
    active_years: tuple[int, int] | None
    period: str  # in words, wording.period_text
    themes: tuple[str, ...]
    parties: tuple[PartyView, ...]
    sources: tuple[SourceView, ...]
    tags: dict[str, tuple[TagView, ...]]  # vocabulary kind -> tags, in TAG_KINDS order
    lessons: tuple[str, ...]  # Markdown, from the Lessen section
    # The text (Markdown) of each section the compare page shows, by its key in the open
    # data (content/case_sections.py), None where the case does not have it.
    compared_sections: tuple[tuple[str, str | None], ...]
    quality: QualityAssessment
    last_changed: datetime.date | None
    review: ReviewView

    @property
    def is_national(self) -> bool:
        return self.scale == "landelijk"

    @property
    def is_theme_case(self) -> bool:
        return self.kind == "themacasus"

    @property
    def place(self) -> str:
        """Where, in a few words: 'Roermond, Limburg', 'Limburg' or 'Landelijk'."""
        return place_text(self.municipality, self.province, self.is_national)

    @property
    def short_place(self) -> str:
        """Where, in one or two words: the municipality, else the province, else 'Landelijk'."""
        return self.municipality or self.province or place_text(None, None, self.is_national)

    @property
    def building_blocks(self) -> tuple[TermView, ...]:
        return tuple(tag.term for tag in self.tags["bouwstenen"])

    @property
    def carriers(self) -> tuple[TermView, ...]:
        return tuple(tag.term for tag in self.tags["dragers"])

    @property
    def last_changed_text(self) -> str | None:
        return dutch_date(self.last_changed) if self.last_changed else None

    @property
    def citation_date(self) -> str:
        return citation_date(self.last_changed)

    @property
    def newest_source_year(self) -> int | None:
        years = [source.year for source in self.sources if source.year is not None]
        return max(years) if years else None

    def outdated_notice(self, build_year: int) -> str | None:
        """'Informatie uit 2018: mogelijk verouderd' when the newest dated source is more
        than OUTDATED_AFTER_YEARS older than the year the site is built; else None."""
        newest = self.newest_source_year
        if newest is None or build_year - newest <= OUTDATED_AFTER_YEARS:
            return None
        return outdated_text(newest)


def province_id(vocabularies: Vocabularies, case: Case) -> str | None:
    if case.province is None:
        return None
    entry = vocabularies.provinces.resolve(case.province)
    return entry.id if entry else UNKNOWN_PROVINCE


def case_view(record: CaseRecord, catalog: Catalog, facts: DerivedFacts) -> CaseView:
    case, vocab = record.case, catalog.vocabularies
    period = case.period
    start = period.start if period else None
    end = period.end if period else None
    planned = period.planned_end if period else None
    as_of = case.information_year
    return CaseView(
        slug=record.slug, source_path=record.source_path, target=urls.case(record.slug),
        title=case.title, summary=case.summary, kind=case.kind, scale=case.scale,
        municipality=case.municipality, neighbourhood=case.neighbourhood, province=case.province,
        province_id=province_id(vocab, case),
        period_start=start, period_end=end, planned_end=planned, information_year=as_of,
        active_years=case.active_years, period=period_text(start, end, planned, as_of),
        themes=tuple(theme_label(theme, catalog.theme_labels) for theme in case.themes),
        parties=tuple(PartyView(p.name, vocab.roles.get(p.role).label) for p in case.parties),
        sources=tuple(source_view(s) for s in case.sources),
        tags={kind: tuple(TagView(term_view(vocab.by_kind(kind), tag.id), tag.explanation, tag.ground,
                                  tag.source, tag.page) for tag in case.tags(kind))
              for kind in TAG_KINDS},
        lessons=facts.lessons.get(record.slug, ()),
        compared_sections=tuple((section.key, section_text(record.body, section.title))
                                for section in COMPARED_SECTIONS),
        quality=facts.quality[record.slug],
        last_changed=facts.last_changed.get(record.source_path),
        review=review_view(vocab, case, record.slug in facts.changed_after_review),
    )


def by_title(views: list[CaseView]) -> list[CaseView]:
    return sorted(views, key=lambda view: (view.title.casefold(), view.slug))
