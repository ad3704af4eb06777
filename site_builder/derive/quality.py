"""Quality levels of a case, computed from what the case contains.

Runs after validation, on every valid `CaseRecord`: the site shows the level on
case pages and in the overview, and its "Gezocht" page lists what is missing
for the next level. Nobody types a level by hand, so it can never disagree with
the case. The levels build on each other: a case is `beschreven` only if it
also meets everything of `schets`, and so on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.catalog import CaseRecord
from ..content.case_sections import RECOMMENDED_SECTIONS
from .sections import sections_of
from ..content.vocabulary import TAG_KINDS, fold


@dataclass(frozen=True)
class QualityLevel:
    id: str
    label: str
    rank: int  # 0 for the lowest level; sort by it
    summary: str  # one Dutch sentence saying what the level asks for


@dataclass(frozen=True)
class Criterion:
    """One requirement of a level, said the way the site shows it when missing."""

    level: QualityLevel
    missing_text: str  # Dutch, e.g. "minstens één bron met een paginanummer"
    is_met: Callable[[CaseRecord], bool]


SCHETS = QualityLevel(
    "schets", "Schets", 0,
    "De verplichte velden zijn ingevuld: de casus is vindbaar, maar het verhaal moet nog komen.")
BESCHREVEN = QualityLevel(
    "beschreven", "Beschreven", 1,
    "Alle aanbevolen secties (" + ", ".join(RECOMMENDED_SECTIONS) + ") bevatten eigen tekst "
    "en minstens één bron noemt een pagina.")
UITGEBREID = QualityLevel(
    "uitgebreid", "Uitgebreid", 2,
    "Daarnaast staan de betrokken partijen, de stappen uit het essay en de looptijd erbij, "
    "en is bij elke bouwsteen, drager en stap uitgelegd hoe de casus die laat zien en op welke grond.")
LEVELS: tuple[QualityLevel, ...] = (SCHETS, BESCHREVEN, UITGEBREID)


def _section_written(title: str) -> Callable[[CaseRecord], bool]:
    def is_met(record: CaseRecord) -> bool:
        return any(fold(section.title) == fold(title) and section.has_own_text
                   for section in sections_of(record.body))
    return is_met


# Schets asks only for the required fields, which every valid case has.
CRITERIA: tuple[Criterion, ...] = (
    *(Criterion(BESCHREVEN, f"sectie '{title}' met eigen tekst", _section_written(title))
      for title in RECOMMENDED_SECTIONS),
    Criterion(BESCHREVEN, "minstens één bron met een paginanummer (pagina)",
              lambda record: any(source.page for source in record.case.sources)),
    Criterion(UITGEBREID, "de betrokken partijen (partijen)", lambda record: bool(record.case.parties)),
    Criterion(UITGEBREID, "de stappen uit het essay die de casus laat zien (stappen)",
              lambda record: bool(record.case.steps)),
    Criterion(UITGEBREID, "de looptijd (periode)", lambda record: record.case.period is not None),
    Criterion(UITGEBREID, "bij elke bouwsteen, drager en stap een toelichting en grond",
              lambda record: all(tag.is_explained for kind in TAG_KINDS for tag in record.case.tags(kind.kind))),
)


@dataclass(frozen=True)
class QualityAssessment:
    """The level a case reached, and what it still needs for the next one."""

    level: QualityLevel
    next_level: QualityLevel | None  # None at the highest level
    missing: tuple[str, ...]  # Dutch, one item per unmet criterion of the next level

    @property
    def label(self) -> str:
        return self.level.label


def assess_quality(record: CaseRecord) -> QualityAssessment:
    """Find the highest level whose criteria, and those of every level below, are all met."""
    unmet = [criterion for criterion in CRITERIA if not criterion.is_met(record)]
    reached = SCHETS
    for level in LEVELS[1:]:
        if any(criterion.level.rank <= level.rank for criterion in unmet):
            break
        reached = level
    next_level = LEVELS[reached.rank + 1] if reached.rank + 1 < len(LEVELS) else None
    missing = tuple(criterion.missing_text for criterion in unmet if criterion.level is next_level)
    return QualityAssessment(reached, next_level, missing)
