"""The derive stage in one call: every fact the outputs need beyond the case files.

`derive_facts` runs after load and validate, before anything is rendered, in
`wijkwijzer build` (build.build_site) and in a plain `mkdocs build` (the plugin).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..content.catalog import Catalog
from ..incremental import FORGETFUL, RenderMemory
from .lessons import lessons_of
from .history import (
    added_dates, changed_after_review, file_commits, first_added, git_dates, head_commit, last_changed,
    review_block,
)
from .quality import QualityAssessment, assess_quality
from .related import RelatedCase, related_cases, relatedness_key, updated_related


@dataclass(frozen=True)
class DerivedFacts:
    """Per case (by slug or source path): related cases, quality, lessons, dates from git."""

    related: dict[str, list[RelatedCase]] = field(default_factory=dict)  # by slug
    quality: dict[str, QualityAssessment] = field(default_factory=dict)  # by slug
    lessons: dict[str, tuple[str, ...]] = field(default_factory=dict)  # by slug (Markdown)
    last_changed: dict[str, datetime.date] = field(default_factory=dict)  # by source path
    first_added: dict[str, datetime.date] = field(default_factory=dict)  # by source path
    # Slugs of reviewed cases whose file changed (in git) after the review date.
    changed_after_review: frozenset[str] = frozenset()


def derive_facts(catalog: Catalog, history_root: Path | None = None,
                 last_changed_dates: dict[str, datetime.date] | None = None,
                 first_added_dates: dict[str, datetime.date] | None = None,
                 memory: RenderMemory = FORGETFUL) -> DerivedFacts:
    """Related cases, quality levels and lessons; dates from git in `history_root`, or as given.

    Quality and lessons both read the body's sections, one case after the other, so
    that `sections_of` parses each body once.

    With a `memory` (the preview), what depends only on unchanged cases is reused:
    related cases while no case's tags changed, git's dates while HEAD is the same.
    """
    sources = [record.source_path for record in catalog.cases]
    if history_root is not None:
        root = history_root
        head = head_commit(root) if memory is not FORGETFUL else None
        committed = memory.get("git-dates", head, lambda: git_dates(root)) if head else None
        added = memory.get("git-added", head, lambda: added_dates(root)) if head else None
        last_changed_dates = last_changed(root, sources, committed)
        first_added_dates = first_added(root, sources, added=added)
        reviewed = _reviews(root, catalog)
        commits = memory.get("git-commits", head, lambda: file_commits(root)) if head and reviewed else None
        changed_since_review = changed_after_review(root, reviewed, commits)
    else:
        changed_since_review = set()
    records = catalog.cases
    quality, lessons = {}, {}
    for record in records:
        quality[record.slug] = memory.get(("quality", record.slug), record,
                                          lambda record=record: assess_quality(record))
        lessons[record.slug] = memory.get(("lessons", record.slug), record,
                                          lambda record=record: tuple(lessons_of(record)))
    return DerivedFacts(
        related=memory.get("related", relatedness_key(records), lambda: related_cases(records),
                           update=lambda key, previous: updated_related(previous, key, records)),
        quality=quality,
        lessons=lessons,
        last_changed=last_changed_dates or {},
        first_added=first_added_dates or {},
        changed_after_review=frozenset(record.slug for record in records
                                       if record.source_path in changed_since_review),
    )


def _reviews(root: Path, catalog: Catalog) -> dict[str, tuple[str, datetime.date]]:
    """Source path -> (the `controle` lines as written, review date) of every dated review."""
    reviews = {}
    for record in catalog.cases:
        review = record.case.review
        if review is None or review.date is None:
            continue
        try:
            block = review_block((root / record.source_path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if block is not None:
            reviews[record.source_path] = (block, review.date)
    return reviews
