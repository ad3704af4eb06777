"""The MkDocs plugin `wijkwijzer`: a thin adapter between the pipeline and MkDocs.

`wijkwijzer build` (build.build_site) runs the stages itself and hands the
plugin the rendered pages (`use_rendered`). For a plain `mkdocs build` or
`mkdocs serve` the plugin runs the same stage functions, in order:

  on_config   load + validate the cases (or take the catalog given to
              build.configure_mkdocs), derive the facts, render the pages
              (in `wijkwijzer serve` through preview.PREVIEW: only saved files are
              read again and only pages whose inputs changed are rendered);
              also adds what every content root needs: the package's theme
              overrides, its CSS and JavaScript, an accessible palette and
              system fonts unless the root chose its own, and the Markdown
              extensions the generated pages are written for;
  on_files    adds the rendered pages, data files and assets, in memory;
  on_page_markdown  a case page is rendered in the case dialect (content/case_markdown.py:
              no attr_list, snippets or md_in_html), whatever mkdocs.yml enables;
  on_page_content   sanitises every page made from case content at the one boundary
              (sanitize.py): its HTML, its table of contents and the ids it may carry;
  on_env      (preview) gives pages the dirty rebuild did not read their titles of last time;
              plans the site search (website.site_search): which pages, in which parts;
  on_page_context   points "edit this page" of a case at its file in cases/;
  on_post_page      site search: Pagefind indexes each part as soon as MkDocs has
              written its pages, on the other core (once per preview);
  on_post_build     site search: indexes the rest and lists the parts;
  on_serve    watches cases/ and schema/ so `wijkwijzer serve` regenerates.

In a plain `mkdocs build` invalid cases are logged as warnings (failing
`mkdocs build --strict`) and left out, while `wijkwijzer build` refuses to start.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..content.case_markdown import CASE_EXTENSIONS, case_extension_configs
from ..content.catalog import Catalog, load_catalog
from ..derive.facts import derive_facts
from ..incremental import FORGETFUL
from ..project import Project
from .feed import remove_empty_sitemap
from .preview import PREVIEW, PREVIEW_SCRIPT, preview_status
from .publisher import DEFAULT_LICENCE, LICENCES, Publisher
from .render import render_site
from .sanitize import ids_allowed_on, sanitize_html, sanitize_toc
from .site_context import SiteContext
from .site_search import SiteSearchFailed, SiteSearchIndexer, planned_pages

if TYPE_CHECKING:
    from .pages import GeneratedPage

log = logging.getLogger("mkdocs.plugins.wijkwijzer")
PACKAGE_DIR = Path(__file__).parent
THEME_OVERRIDES = PACKAGE_DIR / "theme"
ASSETS_DIR = PACKAGE_DIR / "assets"
# Styles and scripts of the generated pages, the finder and the Pagefind search box,
# in the order the theme loads them. They ship with the package, so any content
# root gets working filters and search without copying them into its docs/.
SHARE_IMAGE = "assets/deelafbeelding.png"  # og:image of every page (theme/main.html)
EXTRA_CSS = ("assets/wijkwijzer.css", "assets/overzicht.css", "assets/vergelijk.css")
EXTRA_JAVASCRIPT = ("assets/wijkwijzer.js", "assets/vind.js", "assets/zoeken.js", "assets/overzicht.js",
                    "assets/vergelijk.js", "assets/wijkscan.js", "assets/start.js")
# Material's own default: fonts from Google's servers. A site that leaves `font` unset
# gets system fonts instead, so no page makes requests to other servers.
MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}
# The colours of assets/wijkwijzer.css (WCAG AA in both schemes), with a light/dark toggle.
# A content root that sets no palette gets this one, so its site passes the same checks.
ACCESSIBLE_PALETTE = [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/weather-night", "name": "Donkere weergave"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "custom", "accent": "custom",
     "toggle": {"icon": "material/weather-sunny", "name": "Lichte weergave"}},
]
# What the generated pages are written in: admonitions and collapsible blocks (???),
# attributes ({ #id }, { .class }), Markdown inside HTML blocks, tables.
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "tables", "pymdownx.details")


def nav_sources(nav) -> set[str]:
    """The source paths the navigation of mkdocs.yml names (strings at any depth)."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return set().union(*(nav_sources(item) for item in items))


class WijkwijzerConfig(Config):
    """The plugin's options in mkdocs.yml: the publisher's settings MkDocs has no key for
    (`site_url`, `repo_url` and `edit_uri` stay MkDocs' own); read into `Publisher`."""

    project_root = config_options.Type(str, default="")
    # Who publishes the knowledge base, as citations and the open data name them
    # (default: the site's name).
    organisatie = config_options.Type(str, default="")
    # Where readers report a problem with the site (accessibility statement): e-mail or web address.
    contact = config_options.Type(str, default="")
    # The licence of texts and data, by SPDX id.
    licentie = config_options.Choice(tuple(LICENCES), default=DEFAULT_LICENCE)


class WijkwijzerPlugin(BasePlugin[WijkwijzerConfig]):
    # Set by build.configure_mkdocs: a catalog that is checked already.
    preloaded_catalog: Catalog | None = None

    def __init__(self) -> None:
        super().__init__()
        self.site: SiteContext | None = None
        self.rendered: list[GeneratedPage] | None = None
        self.rendered_by_caller = False
        self.generated_uris: set[str] = set()
        self.sanitized_uris: set[str] = set()
        # Pagefind, indexing the pages as they are written (on_env to on_post_build).
        self.site_search: SiteSearchIndexer | None = None
        self.page_being_written: Path | None = None
        # The site's Markdown settings while a case page renders in the case dialect.
        self._site_markdown: tuple[list, dict] | None = None

    def use_rendered(self, site: SiteContext, pages: list[GeneratedPage]) -> None:
        """Take pages `wijkwijzer build` rendered. The list is handed over: it is emptied
        once MkDocs holds the pages (on_files)."""
        self.site, self.rendered, self.rendered_by_caller = site, pages, True

    def project(self, mkdocs_config) -> Project:
        root = self.config.project_root or str(Path(mkdocs_config.config_file_path).parent)
        return Project(Path(root).resolve())

    def on_config(self, config):
        project = self.project(config)
        # The package's theme overrides (no requests to other servers, feed link,
        # Pagefind behind the search box) apply to every content root.
        config.theme.dirs.insert(0, str(THEME_OVERRIDES))
        # Snippet includes (CONTRIBUTING.md on the site) resolve from the project
        # root, whatever the working directory.
        if "pymdownx.snippets" in config.mdx_configs:
            config.mdx_configs["pymdownx.snippets"]["base_path"] = [str(project.root)]
        if config.theme.get("font") == MATERIAL_DEFAULT_FONT:
            config.theme["font"] = False
        if not config.theme.get("palette"):
            config.theme["palette"] = ACCESSIBLE_PALETTE
        for extension in MARKDOWN_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        listed_css = {str(item) for item in config.extra_css}
        config.extra_css.extend(path for path in EXTRA_CSS if path not in listed_css)
        listed_js = {str(item) for item in config.extra_javascript}
        config.extra_javascript.extend(path for path in EXTRA_JAVASCRIPT if path not in listed_js)
        missing = Publisher.from_mkdocs(config, self.config).missing()
        if missing:  # once per build: what the site leaves out, and where to fill it in
            log.info("niet ingevuld in mkdocs.yml: " + "; ".join(missing))
        if not config.repo_url:
            # edit_uri names the branch; without a repository there is nothing to edit
            # (MkDocs would warn about every page).
            config.edit_uri = None
        if PREVIEW.active:
            PREVIEW.reuse_theme(config.theme)
            if PREVIEW_SCRIPT not in {str(item) for item in config.extra_javascript}:
                config.extra_javascript.append(PREVIEW_SCRIPT)
        if not self.rendered_by_caller:
            memory = PREVIEW.render if PREVIEW.active else FORGETFUL
            if PREVIEW.active:
                PREVIEW.start_build(config)
                catalog = load_catalog(project, memory=PREVIEW.load)  # load + validate, saved files only
            else:
                catalog = self.preloaded_catalog or load_catalog(project)  # load + validate
            for diagnostic in catalog.diagnostics:
                (log.warning if diagnostic.is_error else log.info)(diagnostic.as_text())
            for path in catalog.kept_previous:
                log.warning(f"{path}: de preview toont de vorige versie tot de fouten hierboven zijn opgelost")
            facts = derive_facts(catalog, history_root=project.root, memory=memory)  # derive
            self.site = SiteContext.from_mkdocs(catalog, facts, config, memory=memory)
            self.rendered = render_site(self.site)  # render pages
            if PREVIEW.active:
                self.rendered.append(preview_status(catalog))
        return config

    def on_files(self, files: Files, config) -> Files:
        assert self.rendered is not None
        if PREVIEW.active:
            self._forget_removed_pages(config)
            in_nav = nav_sources(config.nav)
        for page in self.rendered:
            if PREVIEW.active:  # unchanged pages are not rendered or written again
                file = PREVIEW.generated_file(config, page.path, page.content, page.path in in_nav)
            else:
                file = File.generated(config, page.path, content=page.content)
            self._add(files, file)
            if page.sanitize:
                self.sanitized_uris.add(page.path)
        if not PREVIEW.active:
            # MkDocs holds the pages now, and each page's Markdown goes once it is
            # converted (on_page_content): 174 MB of Markdown at 5,000 cases, kept
            # two or three times over until the end of the build otherwise.
            self.rendered.clear()
        for path in (*EXTRA_CSS, *EXTRA_JAVASCRIPT, SHARE_IMAGE, *([PREVIEW_SCRIPT] if PREVIEW.active else [])):
            self._add(files, File.generated(config, path, abs_src_path=str(PACKAGE_DIR / path)))
        return files

    def _forget_removed_pages(self, config) -> None:
        """A deleted case leaves no page behind in the preview."""
        current = {page.path for page in self.rendered}
        for path in [path for path in PREVIEW.contents if path not in current]:
            PREVIEW.forget(path)

    def _add(self, files: Files, file: File) -> None:
        existing = files.src_uris.get(file.src_uri)  # src_uri is posix already: no path parsing
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
        if not PREVIEW.active:  # a build converts each page once; a preview may again
            self.drop_markdown(page)
        # A case page is always cleaned, however it got into the build.
        if page.file.src_uri not in self.sanitized_uris and not self.is_case_page(page):
            return html  # hand-written pages from maintainers, and the package's own finder
        heading_ids = sanitize_toc(page.toc)
        return sanitize_html(html, ids_allowed_on(heading_ids, own_ids=not self.is_case_page(page)))

    def drop_markdown(self, page) -> None:
        """A converted page's Markdown, no longer needed. Emptied, not None: MkDocs
        takes a page whose `markdown` is None for one not read yet (no title)."""
        page.markdown = ""
        if page.file.src_uri in self.generated_uris:
            page.file.content_string = ""

    def on_env(self, env, config, files):
        if PREVIEW.active:
            PREVIEW.keep_titles(files)
        # Site search: every Markdown page is converted now and none is written yet. A
        # preview indexes on its first build only; a new index would cost seconds per save.
        if not (PREVIEW.active and PREVIEW.searched):
            PREVIEW.searched = PREVIEW.active
            pages = [file.page for file in files.documentation_pages() if file.page is not None]
            self.site_search = SiteSearchIndexer(Path(config.site_dir), planned_pages(pages))
        return env

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

    def on_post_page(self, output, page, config):
        # MkDocs writes a page right after this hook: the one before it is written now.
        if self.site_search is not None:
            if self.page_being_written is not None:
                with self.site_search_failures():
                    self.site_search.page_written(self.page_being_written)
            self.page_being_written = Path(page.file.dest_uri)
        return output

    def on_post_build(self, config):
        if not config.site_url:
            remove_empty_sitemap(Path(config.site_dir))
        if self.site_search is None:
            return
        try:
            with self.site_search_failures():
                if self.page_being_written is not None:
                    self.site_search.page_written(self.page_being_written)
                self.site_search.finish()
        finally:
            self._stop_site_search()

    @contextlib.contextmanager
    def site_search_failures(self):
        """A failing Pagefind as MkDocs reports a plugin's failure; `wijkwijzer build`
        reports it as a failed stage itself (build.as_build_failure)."""
        try:
            yield
        except SiteSearchFailed as error:
            if self.rendered_by_caller:
                raise
            raise PluginError(str(error)) from None

    def on_build_error(self, error):
        self._stop_site_search()

    def _stop_site_search(self) -> None:
        if self.site_search is not None:
            self.site_search.stop()
        self.site_search, self.page_being_written = None, None

    def on_serve(self, server, config, builder):
        project = self.project(config)
        for folder in (project.cases_dir, project.schema_dir):
            server.watch(str(folder))
        return server
