"""The MkDocs plugin `wijkwijzer`: where the pipeline meets MkDocs.

Stages inside one MkDocs build, in order:
  on_config   load -> validate the cases (or take the catalog `wijkwijzer build`
              already checked), and compute the site context once;
  on_files    render pages: add the generated pages (pages.py, overviews.py) and data
              files (site_data.py, open_data.py, feed.py), in memory;
  on_page_markdown  a case page is rendered in the case dialect (content/case_markdown.py:
              no attr_list, snippets or md_in_html), whatever mkdocs.yml enables;
  on_page_content   sanitise every generated page at the one boundary (sanitize.py):
              its HTML, its table of contents and the ids it may carry;
  on_page_context   point "edit this page" of a case at its file in cases/;
  on_post_build     index the finished HTML for the site search (Pagefind);
  on_serve    watch cases/ and schema/ so `wijkwijzer serve` regenerates.

Registered as an entry point, so plain `mkdocs build` works too; in that case
invalid cases are logged as warnings (failing `mkdocs build --strict`) and left
out, while `wijkwijzer build` refuses to start at all.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..content.case_markdown import CASE_EXTENSIONS, case_extension_configs
from ..content.catalog import Catalog, load_catalog
from ..derive.history import first_added, last_changed
from ..project import Project
from .feed import generate_feed
from .open_data import generate_open_data_files
from .overviews import generate_overview_pages
from .pages import SiteContext, generate_pages
from .sanitize import ids_allowed_on, sanitize_html, sanitize_toc
from .site_data import cases_as_data, generate_data_files
from .site_search import SiteSearchFailed, build_site_search

log = logging.getLogger("mkdocs.plugins.wijkwijzer")
THEME_OVERRIDES = Path(__file__).parent / "theme"


class WijkwijzerConfig(Config):
    project_root = config_options.Type(str, default="")


class WijkwijzerPlugin(BasePlugin[WijkwijzerConfig]):
    # Set by `wijkwijzer build`, which has checked the cases already.
    preloaded_catalog: Catalog | None = None

    def __init__(self) -> None:
        super().__init__()
        self.site: SiteContext | None = None
        self.generated_uris: set[str] = set()
        # The site's Markdown settings while a case page renders in the case dialect.
        self._site_markdown: tuple[list, dict] | None = None

    def project(self, mkdocs_config) -> Project:
        root = self.config.project_root or str(Path(mkdocs_config.config_file_path).parent)
        return Project(Path(root).resolve())

    def on_config(self, config):
        project = self.project(config)
        # The package's theme overrides (no requests to other servers, feed link)
        # apply to every content root, so they travel with the code.
        config.theme.dirs.insert(0, str(THEME_OVERRIDES))
        # Snippet includes (CONTRIBUTING.md on the site) resolve from the project
        # root, whatever the working directory.
        if "pymdownx.snippets" in config.mdx_configs:
            config.mdx_configs["pymdownx.snippets"]["base_path"] = [str(project.root)]
        catalog = self.preloaded_catalog or load_catalog(project)
        for diagnostic in catalog.diagnostics:
            (log.warning if diagnostic.is_error else log.info)(diagnostic.as_text())
        edit_base = None
        if config.repo_url:
            edit_base = config.repo_url.rstrip("/") + "/edit/" + self.branch(config) + "/"
        sources = [r.source_path for r in catalog.cases]
        if not config.site_url:
            log.warning("site_url ontbreekt in mkdocs.yml: zonder vast adres van de site komt er geen "
                        "Atom-feed en noemen de citeerblokken geen adres")
        self.site = SiteContext.create(
            catalog, edit_url_base=edit_base,
            last_changed=last_changed(project.root, sources),
            first_added=first_added(project.root, sources),
            site_name=config.site_name, site_url=config.site_url)
        return config

    @staticmethod
    def branch(config) -> str:
        # edit_uri is "edit/<branch>/docs/" for hand-written pages; reuse its branch.
        parts = (config.edit_uri or "edit/main/").strip("/").split("/")
        return parts[1] if len(parts) > 1 else "main"

    def on_files(self, files: Files, config) -> Files:
        assert self.site is not None
        for page in generate_pages(self.site) + generate_overview_pages(self.site):
            self._add(files, File.generated(config, page.path, content=page.content))
        records = cases_as_data(self.site)
        for data in (generate_data_files(self.site, records) + generate_open_data_files(self.site, records)
                     + generate_feed(self.site)):
            self._add(files, File.generated(config, data.path, content=data.content))
        return files

    def _add(self, files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:  # a generated page wins over a stray hand-written one
            files.remove(existing)
        files.append(file)
        self.generated_uris.add(file.src_uri)

    @staticmethod
    def is_case_page(page) -> bool:
        return bool(page.meta.get("wijkwijzer_case"))

    def on_page_markdown(self, markdown, page, config, files):
        # MkDocs renders every page with config's extensions; a case page holds a
        # stranger's text, so for its render (up to on_page_content) the config
        # names the case dialect instead.
        if page.file.src_uri in self.generated_uris and self.is_case_page(page):
            self._site_markdown = (config["markdown_extensions"], config["mdx_configs"])
            config["markdown_extensions"] = list(CASE_EXTENSIONS)
            config["mdx_configs"] = case_extension_configs(config["mdx_configs"])
        return markdown

    def on_page_content(self, html, page, config, files):
        if self._site_markdown is not None:
            config["markdown_extensions"], config["mdx_configs"] = self._site_markdown
            self._site_markdown = None
        if page.file.src_uri not in self.generated_uris:
            return html  # hand-written knowledge pages, from maintainers
        heading_ids = sanitize_toc(page.toc)
        return sanitize_html(html, ids_allowed_on(heading_ids, own_ids=not self.is_case_page(page)))

    def on_page_context(self, context, page, config, nav):
        slug = page.meta.get("wijkwijzer_case")
        if slug and self.site is not None:
            record = self.site.by_slug.get(slug)
            page.edit_url = self.site.edit_url(record) if record else None
        elif page.meta.get("edit_path") and self.site is not None and self.site.edit_url_base:
            # A page whose text lives elsewhere (CONTRIBUTING.md, a generated reference).
            page.edit_url = self.site.edit_url_base + str(page.meta["edit_path"]).lstrip("/")
        elif page.file.src_uri in self.generated_uris:
            page.edit_url = None  # generated listings have no source file to edit
        return context

    def on_post_build(self, config):
        try:
            build_site_search(Path(config.site_dir))
        except SiteSearchFailed as error:
            raise PluginError(str(error)) from None

    def on_serve(self, server, config, builder):
        project = self.project(config)
        for folder in (project.cases_dir, project.schema_dir):
            server.watch(str(folder))
        return server
