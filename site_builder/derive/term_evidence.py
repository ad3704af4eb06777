"""What the cases teach about one building block, carrier or step.

For a term page: every case that claims the term, with how it shows it and on what
ground, the source's own examples first (then the editors' readings, then tags not yet
explained), and the lessons of those cases. Computed here, rendered by the website.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.catalog import CaseRecord
from ..content.models import Source
from .lessons import lessons_of

# Order of the grounds on a term page: what the source itself says weighs most.
_GROUND_ORDER = {"bron": 0, "duiding": 1, None: 2}


@dataclass(frozen=True)
class TermExample:
    """One case as an example of one term."""

    record: CaseRecord
    explanation: str | None
    ground: str | None  # "bron", "duiding" or None (not yet explained)
    source_number: int | None  # 1-based in the case's `bronnen`
    source: Source | None
    page: str | None

    @property
    def is_source_example(self) -> bool:
        return self.ground == "bron"


@dataclass(frozen=True)
class TermLesson:
    record: CaseRecord
    text: str  # Markdown, as written in the case


def examples_for(records: list[CaseRecord], kind: str, term_id: str) -> list[TermExample]:
    """The cases that claim the term, source examples first, then by title."""
    found = []
    for record in records:
        for tag in record.case.tags(kind):
            if tag.id != term_id:
                continue
            source = record.case.sources[tag.source - 1] if tag.source and tag.source <= len(record.case.sources) else None
            found.append(TermExample(record, tag.explanation, tag.ground, tag.source, source, tag.page))
    return sorted(found, key=lambda example: (_GROUND_ORDER[example.ground], example.record.case.title.casefold()))


def lessons_for(examples: list[TermExample]) -> list[TermLesson]:
    """The lessons of the example cases, in the order of the examples."""
    return [TermLesson(example.record, text) for example in examples for text in lessons_of(example.record)]
