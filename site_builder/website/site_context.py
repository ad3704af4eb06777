"""`SiteContext`: what every renderer of the website reads, computed once per build.

The checked catalog, the derived facts (derive.facts), the publisher's settings
from mkdocs.yml (publisher.py) and the hand-written pages of the content root (so a generated page
links to an optional page only when it exists). Made by the one conductor
(build.build_site, and the preview's `SiteSession` for each save).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass, field
from pathlib import Path

from ..content.catalog import CaseRecord, Catalog
from ..derive.facts import DerivedFacts, derive_facts
from ..derive.quality import QualityAssessment
from ..derive.related import RelatedCase
from ..incremental import FORGETFUL, Forgetful, RenderMemory
from . import urls
from .publisher import Publisher
from .views import CaseView, case_view


@dataclass
class SiteContext:
    catalog: Catalog
    facts: DerivedFacts = field(default_factory=DerivedFacts)
    publisher: Publisher = field(default_factory=Publisher)
    # Source paths of the content root's own pages (docs/), e.g. "bijdragen/index.md";
    # None: unknown, assume the full bundled site.
    hand_written: frozenset[str] | None = None
    # The preview's memory of the previous build (incremental.py); none in a plain build.
    memory: RenderMemory | Forgetful = FORGETFUL
    # The year the site is built: a case page says when its newest source is much older.
    # An input, so that a test of that notice does not depend on today's date.
    build_year: int = field(default_factory=lambda: datetime.date.today().year)

    @classmethod
    def create(cls, catalog: Catalog, edit_url_base: str | None = None,
               last_changed: dict[str, datetime.date] | None = None,
               site_name: str = "WijkWijzer", site_url: str | None = None,
               first_added: dict[str, datetime.date] | None = None,
               facts: DerivedFacts | None = None,
               hand_written: frozenset[str] | None = None,
               publisher: Publisher | None = None) -> "SiteContext":
        facts = facts or derive_facts(catalog, last_changed_dates=last_changed, first_added_dates=first_added)
        if publisher is None:
            repo_url, branch = None, None
            if edit_url_base:  # ".../edit/<branch>/"
                repo_url, _, rest = edit_url_base.rstrip("/").rpartition("/edit/")
                branch = rest
            publisher = Publisher.create(site_name=site_name, site_url=site_url, repo_url=repo_url, branch=branch)
        return cls(catalog=catalog, facts=facts, publisher=publisher, hand_written=hand_written)

    @classmethod
    def for_root(cls, catalog: Catalog, facts: DerivedFacts, publisher: Publisher, docs_dir: Path,
                 memory: RenderMemory | Forgetful = FORGETFUL) -> "SiteContext":
        """The context for a content root: its publisher (from mkdocs.yml) and its docs/ folder."""
        site = cls.create(catalog, facts=facts, publisher=publisher, hand_written=hand_written_pages(docs_dir))
        site.memory = memory
        return site

    @functools.cached_property
    def settings_key(self) -> tuple:
        """What every page may read besides the cases: the publisher's settings, the
        vocabularies, the hand-written pages and the build year (a key for the preview's memory)."""
        return (self.publisher, self.catalog.vocabularies.fingerprint, self.hand_written, self.build_year)

    # --- The publisher's settings -------------------------------------------------------

    @property
    def site_name(self) -> str:
        return self.publisher.site_name

    @property
    def site_url(self) -> str | None:
        return self.publisher.site_url

    @property
    def edit_url_base(self) -> str | None:
        return self.publisher.edit_url_base

    # --- Derived facts, by case ---------------------------------------------------------

    @property
    def related(self) -> dict[str, list[RelatedCase]]:
        return self.facts.related

    @property
    def quality(self) -> dict[str, QualityAssessment]:
        return self.facts.quality

    @property
    def last_changed(self) -> dict[str, datetime.date]:
        return self.facts.last_changed

    @property
    def first_added(self) -> dict[str, datetime.date]:
        return self.facts.first_added

    @functools.cached_property
    def by_slug(self) -> dict[str, CaseRecord]:
        return self.catalog.by_slug()

    @functools.cached_property
    def views(self) -> dict[str, CaseView]:
        """Every case as the templates read it, by slug, in catalog order."""
        views = {}
        for record in self.catalog.cases:
            key = (record, self.facts.quality[record.slug], self.facts.last_changed.get(record.source_path),
                   self.catalog.vocabularies.fingerprint)
            views[record.slug] = self.memory.get(("view", record.slug), key,
                                                 lambda record=record: case_view(record, self.catalog, self.facts))
        return views

    def view(self, record: CaseRecord) -> CaseView:
        return self.views[record.slug]

    # --- Addresses ----------------------------------------------------------------------

    def edit_url(self, record: CaseRecord) -> str | None:
        return f"{self.edit_url_base}{record.source_path}" if self.edit_url_base else None

    def absolute_url(self, path: str) -> str | None:
        """The published address of a site path such as "casussen/x/"; None without site_url."""
        return self.publisher.absolute_url(path)

    def has_page(self, target: urls.Target) -> bool:
        """Whether the content root has this hand-written page (to link to it only then)."""
        return self.hand_written is None or target.file in self.hand_written


def hand_written_pages(docs_dir: Path) -> frozenset[str]:
    """Every file in the docs folder, as MkDocs names it (relative, with slashes)."""
    if not docs_dir.is_dir():
        return frozenset()
    return frozenset(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file())
