"""The derive stage in one call: every fact the outputs need beyond the case files.

`derive_facts` runs after load and validate, before anything is rendered, in
`wijkwijzer build` (build.build_site) and in a plain `mkdocs build` (the plugin).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from ..content.catalog import Catalog
from .history import first_added, last_changed
from .quality import QualityAssessment, assess_quality
from .related import RelatedCase, related_cases


@dataclass(frozen=True)
class DerivedFacts:
    """Per case (by slug or source path): related cases, quality, dates from git."""

    related: dict[str, list[RelatedCase]] = field(default_factory=dict)  # by slug
    quality: dict[str, QualityAssessment] = field(default_factory=dict)  # by slug
    last_changed: dict[str, datetime.date] = field(default_factory=dict)  # by source path
    first_added: dict[str, datetime.date] = field(default_factory=dict)  # by source path


def derive_facts(catalog: Catalog, history_root: Path | None = None,
                 last_changed_dates: dict[str, datetime.date] | None = None,
                 first_added_dates: dict[str, datetime.date] | None = None) -> DerivedFacts:
    """Related cases and quality levels; dates from git in `history_root`, or as given."""
    sources = [record.source_path for record in catalog.cases]
    if history_root is not None:
        last_changed_dates = last_changed(history_root, sources)
        first_added_dates = first_added(history_root, sources)
    return DerivedFacts(
        related=related_cases(catalog.cases),
        quality={record.slug: assess_quality(record) for record in catalog.cases},
        last_changed=last_changed_dates or {},
        first_added=first_added_dates or {},
    )
