"""`SiteContext`: what every renderer of the website reads, computed once per build.

The checked catalog, the derived facts (derive.facts), the site's settings from
mkdocs.yml and the hand-written pages of the content root (so a generated page
links to an optional page only when it exists). Made by `wijkwijzer build`
(build.build_site) or, for a plain `mkdocs build`, by the plugin.
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
from . import urls
from .views import CaseView, case_view


@dataclass
class SiteContext:
    catalog: Catalog
    facts: DerivedFacts = field(default_factory=DerivedFacts)
    edit_url_base: str | None = None  # e.g. https://github.com/org/repo/edit/main/
    site_name: str = "WijkWijzer"
    site_url: str | None = None  # absolute, ending in "/"; for citations and the feed
    # Source paths of the content root's own pages (docs/), e.g. "bijdragen/index.md";
    # None: unknown, assume the full bundled site.
    hand_written: frozenset[str] | None = None

    @classmethod
    def create(cls, catalog: Catalog, edit_url_base: str | None = None,
               last_changed: dict[str, datetime.date] | None = None,
               site_name: str = "WijkWijzer", site_url: str | None = None,
               first_added: dict[str, datetime.date] | None = None,
               facts: DerivedFacts | None = None,
               hand_written: frozenset[str] | None = None) -> "SiteContext":
        facts = facts or derive_facts(catalog, last_changed_dates=last_changed, first_added_dates=first_added)
        return cls(catalog=catalog, facts=facts, edit_url_base=edit_url_base, site_name=site_name,
                   site_url=(site_url.rstrip("/") + "/") if site_url else None, hand_written=hand_written)

    @classmethod
    def from_mkdocs(cls, catalog: Catalog, facts: DerivedFacts, config) -> "SiteContext":
        """The context for a site configured by mkdocs.yml (a loaded MkDocs config)."""
        edit_url_base = None
        if config.repo_url:
            edit_url_base = config.repo_url.rstrip("/") + "/edit/" + edit_branch(config) + "/"
        return cls.create(catalog, edit_url_base=edit_url_base, site_name=config.site_name,
                          site_url=config.site_url, facts=facts,
                          hand_written=hand_written_pages(Path(config.docs_dir)))

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
        return {record.slug: case_view(record, self.catalog, self.facts) for record in self.catalog.cases}

    def view(self, record: CaseRecord) -> CaseView:
        return self.views[record.slug]

    # --- Addresses ----------------------------------------------------------------------

    def edit_url(self, record: CaseRecord) -> str | None:
        return f"{self.edit_url_base}{record.source_path}" if self.edit_url_base else None

    def absolute_url(self, path: str) -> str | None:
        """The published address of a site path such as "casussen/x/"; None without site_url."""
        return f"{self.site_url}{path}" if self.site_url else None

    def has_page(self, target: urls.Target) -> bool:
        """Whether the content root has this hand-written page (to link to it only then)."""
        return self.hand_written is None or target.file in self.hand_written


def edit_branch(config) -> str:
    # edit_uri is "edit/<branch>/docs/" for hand-written pages; reuse its branch.
    parts = (config.edit_uri or "edit/main/").strip("/").split("/")
    return parts[1] if len(parts) > 1 else "main"


def hand_written_pages(docs_dir: Path) -> frozenset[str]:
    """Every file in the docs folder, as MkDocs names it (relative, with slashes)."""
    if not docs_dir.is_dir():
        return frozenset()
    return frozenset(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file())
