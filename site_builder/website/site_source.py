"""The write-site-source stage: the complete source of the site, on disk, for an engine to build.

Runs after render pages, before the engine (build.build_site; the preview after
every save). The source folder lives in the project's state folder
(`.wijkwijzer/bron/<engine>/`, git-ignored; never the root's `docs/`) and holds:

  mkdocs.yml   the engine configuration (engine_config.py);
  docs/        the content root's own pages, every generated page and data file,
               and the package's styles and scripts (`assets/`);
  overrides/   the theme overrides: the root's own `custom_dir`, then the package's
               (theme/, and the engine's own variant of a template, engines.py).

A file is rewritten only when its bytes change (an engine's live reload then
rebuilds only what a save changed), through a temporary file and a rename, so an
engine never reads half a file; files no longer produced are removed. Everything
else in the folder (an engine's output or cache) is the engine's.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content.case_file import write_atomically
from ..project import Project
from .engine_config import CONFIG_NAME, DOCS_FOLDER, THEME_FOLDER, configuration_text, engine_configuration
from .engines import Engine
from .pages import GeneratedPage
from .site_context import SiteContext

PACKAGE_DIR = Path(__file__).parent
THEME_OVERRIDES = PACKAGE_DIR / "theme"
ASSETS_DIR = PACKAGE_DIR / "assets"
# The folders of the source that this stage owns; nothing outside them is touched.
MANAGED_FOLDERS = (DOCS_FOLDER, THEME_FOLDER)
CONFIG_FILE = CONFIG_NAME
# An engine ignores files whose name starts with a dot: the one being written.


@dataclass
class SiteSource:
    """What goes into the source folder, by path relative to it, before it is written."""

    folder: Path
    files: dict[str, bytes | Path] = field(default_factory=dict)
    # The HTML files the engine will write from pages made from case content, each with
    # whether it may keep the site's own `ww-` ids (a listing may, a case page not):
    # what the sanitise stage cleans (sanitize.sanitize_site).
    sanitized: dict[str, bool] = field(default_factory=dict)
    # The published address; without one the engine's sitemap can name no page.
    site_url: str | None = None
    # Whether a page `x.md` is published as `x/index.html` (MkDocs' use_directory_urls).
    directory_urls: bool = True

    def add_text(self, path: str, text: str) -> None:
        self.files[path] = text.encode("utf-8")

    def add_file(self, path: str, source: Path) -> None:
        self.files[path] = source

    def html_pages(self) -> list[str]:
        """The HTML file the engine writes for each Markdown page, relative to the site."""
        prefix = f"{DOCS_FOLDER}/"
        return [html_path(path[len(prefix):], self.directory_urls) for path in self.files
                if path.startswith(prefix) and path.endswith(".md")]

    def add_tree(self, prefix: str, tree: Path) -> None:
        """Every file of `tree` (not hidden ones), under `prefix`."""
        if not tree.is_dir():
            return
        for path in sorted(tree.rglob("*")):
            relative = path.relative_to(tree)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                self.files[f"{prefix}/{relative.as_posix()}"] = path


def assemble_site_source(folder: Path, project: Project, site: SiteContext, pages: Iterable[GeneratedPage],
                         settings: dict, engine: Engine, boundary: str,
                         extra_javascript: tuple[str, ...] = (), prepared: dict | None = None,
                         titled_nav: bool = False) -> SiteSource:
    """Everything the source folder holds for this build, in memory (not written yet).

    `prepared`: the preview's memory of each generated page as last prepared for the
    source, by path; a page whose rendered text is the very object of last time (the
    render stage's memory hands back unchanged pages) is not prepared again.
    `titled_nav`: every page in the navigation with its title (`titled_navigation`)."""
    source = SiteSource(folder, site_url=site.site_url)
    config = engine.adapt_configuration(engine_configuration(
        settings, project.root, site.publisher, boundary, extra_javascript))
    source.add_text(CONFIG_FILE, configuration_text(config))
    source.add_tree(DOCS_FOLDER, project.docs_dir)  # the root's own pages first: generated ones win
    source.add_tree(f"{DOCS_FOLDER}/assets", ASSETS_DIR)
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        source.add_tree(THEME_FOLDER, project.root / str(theme["custom_dir"]))
    source.add_tree(THEME_FOLDER, THEME_OVERRIDES)
    source.add_tree(THEME_FOLDER, engine.theme_variant())
    case_edit_urls = {view.target.file: site.edit_url(site.by_slug[slug]) for slug, view in site.views.items()}
    directory_urls = source.directory_urls = settings.get("use_directory_urls", True) is not False
    for page in pages:
        is_case = page.path in case_edit_urls
        edit_url, sanitize = case_edit_urls.get(page.path), page.sanitize or is_case
        remembered = prepared.get(page.path) if prepared is not None else None
        if remembered is not None and remembered[0] is page.content and remembered[1] == (edit_url, sanitize):
            source.files[f"{DOCS_FOLDER}/{page.path}"] = remembered[2]
        else:
            add_generated_page(source, page, edit_url, sanitize=sanitize, engine=engine)
            if prepared is not None:
                prepared[page.path] = (page.content, (edit_url, sanitize), source.files[f"{DOCS_FOLDER}/{page.path}"])
        if (page.sanitize or is_case) and page.path.endswith(".md"):
            source.sanitized[html_path(page.path, directory_urls)] = not is_case
    if titled_nav and isinstance(config.get("nav"), list):
        source.add_text(CONFIG_FILE, configuration_text({**config, "nav": titled_navigation(config["nav"], source)}))
    return source


def titled_navigation(nav: list, source: SiteSource) -> list:
    """The navigation with each page's title written out where mkdocs.yml leaves it to the
    page (its `title` or first heading). For the preview on `--dirty` (preview.py): the
    engine then reads only the pages a save changed, and would name every other page in
    their navigation by its file name. A title the engine could read differently (one
    with Markdown in it) is left to the engine."""
    titled = []
    for entry in nav:
        if isinstance(entry, str):
            title = page_title(source.files.get(f"{DOCS_FOLDER}/{entry}"))
            titled.append({title: entry} if title else entry)
        elif isinstance(entry, dict) and len(entry) == 1:
            [(name, value)] = entry.items()
            titled.append({name: titled_navigation(value, source)} if isinstance(value, list) else entry)
        else:
            titled.append(entry)
    return titled


def page_title(content: bytes | Path | None) -> str | None:
    """The title an engine gives a Markdown page: its meta `title`, else its first line
    that is a level-1 heading; None when there is neither or it holds Markdown."""
    if content is None:
        return None
    text = (content.read_bytes() if isinstance(content, Path) else content).decode("utf-8", errors="replace")
    body = text
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) >= 0:
        body = text[end + len("\n---\n"):]
        try:
            meta = yaml.safe_load(text[4:end])
        except yaml.YAMLError:
            return None
        if isinstance(meta, dict) and "title" in meta:
            return str(meta["title"]) if PLAIN_TITLE.fullmatch(str(meta["title"])) else None
    for line in body.splitlines():
        if line.startswith("# "):
            title = line[2:].strip().rstrip("#").strip()
            return title if PLAIN_TITLE.fullmatch(title) else None
    return None


# A title without Markdown or HTML in it: the engine reads it as it stands.
PLAIN_TITLE = re.compile(r"[^*_`\[\]<>&\\{}#!|~^=+]+")


def add_generated_page(source: SiteSource, page: GeneratedPage, edit_url: str | None, sanitize: bool,
                       engine: Engine | None = None) -> None:
    """A generated page under docs/. A Markdown page's meta says where its text can be
    edited (`wijkwijzer_edit`: a case's file in cases/, or nothing for a listing) and
    whether it is made from case content (`wijkwijzer_sanitize`: the theme then marks
    the parts the sanitise stage cleans)."""
    content = page.content
    if page.path.endswith(".md") and isinstance(content, str):
        if sanitize:
            content = inert_includes(content)
        if engine is not None:
            content = engine.adapt_page(page.path, content)
        content = with_meta(content, wijkwijzer_edit=edit_url, wijkwijzer_sanitize=sanitize)
    source.files[f"{DOCS_FOLDER}/{page.path}"] = content.encode("utf-8") if isinstance(content, str) else content


# A line that pymdownx.snippets reads as an include: optional indentation and escapes, then
# `--8<--` (any number of dashes). Linear: no nested repetition.
INCLUDE_LINE = re.compile(r"^([ \t]*)(;*-+8<-)", re.MULTILINE)


def inert_includes(markdown: str) -> str:
    """A page made from case content includes no file, whatever the Markdown dialect of
    the site: every include line gets Snippets' own escape (`;`), so it shows as text.
    (`check` refuses such lines already; this holds for a case nobody checked.)"""
    return INCLUDE_LINE.sub(r"\1;\2", markdown)


def with_meta(markdown: str, **meta: object) -> str:
    """The page with `meta` added to its front matter (JSON values, as templating writes them)."""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    if markdown.startswith("---\n"):
        return "---\n" + lines + markdown[4:]
    return "---\n" + lines + "---\n" + markdown


def html_path(page: str, directory_urls: bool) -> str:
    """The HTML file an engine writes for a Markdown page (as MkDocs names them)."""
    stem = page[:-len(".md")]
    if not directory_urls or stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@dataclass
class SourceChanges:
    """What writing the source changed in the folder, by path relative to it."""

    written: list[str]
    removed: list[str]


def write_site_source(source: SiteSource, written: dict[str, bytes] | None = None) -> SourceChanges:
    """Write every file whose bytes differ from what the folder holds; remove the files
    of the managed folders that are no longer produced.

    `written`: what this process wrote last time, by path (the preview keeps it), so
    that an unchanged file is not even read back."""
    folder = source.folder
    folder.mkdir(parents=True, exist_ok=True)
    to_write: dict[str, bytes] = {}
    for path, content in source.files.items():
        data = content.read_bytes() if isinstance(content, Path) else content
        if written is not None and written.get(path) == data:
            continue
        if not same_bytes(folder / path, data):
            to_write[path] = data
        if written is not None:
            written[path] = data
    # Every comparison first, then the writes in one burst: an engine's server starts
    # its rebuild once files stop changing for a moment (MkDocs: 0.1 s), and a save's
    # files written far apart would be seen by two rebuilds, the first of them half.
    for path, data in to_write.items():
        write_atomically(folder / path, data)
    removed = remove_stale(folder, set(source.files), written)
    return SourceChanges(list(to_write), removed)


def same_bytes(target: Path, data: bytes) -> bool:
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def remove_stale(folder: Path, produced: set[str], written: dict[str, bytes] | None) -> list[str]:
    """Remove the files in the managed folders that this build did not produce, and the
    folders they leave empty; the files removed."""
    removed = []
    for managed in MANAGED_FOLDERS:
        root = folder / managed
        if not root.is_dir():
            continue
        for directory, subfolders, files in os.walk(root, topdown=False):
            for name in files:
                path = Path(directory, name)
                relative = path.relative_to(folder).as_posix()
                if relative not in produced:
                    path.unlink(missing_ok=True)
                    removed.append(relative)
                    if written is not None:
                        written.pop(relative, None)
            for name in subfolders:
                try:
                    Path(directory, name).rmdir()  # only when empty
                except OSError:
                    pass
    return removed
