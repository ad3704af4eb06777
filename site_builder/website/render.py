"""The render-pages stage in one call: every generated page and data file of the site.

Runs after load, validate and derive, before the site source is written
(build.site_source, for `wijkwijzer build` and after every save in `wijkwijzer
serve`). The result is a list of (path, content) pairs that site_source.py writes
into the source folder. In a preview, `site.memory` (incremental.py) hands back
every page and file whose inputs did not change since the last save.
"""

from __future__ import annotations

from ..authoring.editor_config import editor_files
from .feed import generate_feed
from .interactive import generate_interactive_pages
from .open_data import generate_open_data_files
from .overviews import generate_overview_pages
from .pages import GeneratedPage, generate_pages
from .site_context import SiteContext
from .site_data import cases_as_data, generate_data_files


def render_site(site: SiteContext) -> list[GeneratedPage]:
    """Pages (cases, terms, listings, overviews, compare, wijkscan), then data files (JSON, CSV, schema, feed)."""
    records = cases_as_data(site)  # computed once, shared by cases.json and cases.csv
    open_data = site.memory.get("open-data", (site.settings_key, tuple(records)),
                                lambda: generate_open_data_files(site, records))
    return (generate_pages(site) + generate_overview_pages(site) + generate_interactive_pages(site)
            + generate_data_files(site, records) + open_data + generate_feed(site)
            + [GeneratedPage(path, content.decode(), sanitize=False) for path, content in editor_files(
                site.catalog.vocabularies, repo_url=site.publisher.repo_url, branch=site.publisher.branch,
                site_name=site.site_name, site_url=site.site_url).items()])
