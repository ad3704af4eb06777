"""`wijkwijzer serve`: a live preview on localhost.

MkDocs' own development server does the serving, the dirty rebuilds and the
reloading of an open tab (live_server.py: told of saves by the operating system); the `wijkwijzer` plugin adds cases/ and schema/ to
what it watches and asks `PREVIEW` (below) what changed since the last save, so
a save costs what it changed, not what the site holds. A broken save keeps the
previous version of that case; its located errors go to the terminal and, through
assets/preview.js, to the top of every page.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import yaml
from mkdocs.structure.files import File

from ..content.catalog import Catalog, LoadMemory
from ..incremental import RenderMemory
from ..project import Project
from .pages import GeneratedPage


class PreviewMemory:
    """What the previous build of this `wijkwijzer serve` process read and wrote.

    A save should cost what it changed, not what the site holds. So the preview keeps:
    - `load`: each case file's stamp and record; only saved files are read again, and
      a file that breaks keeps its previous version (content.catalog.LoadMemory);
    - `render`: derived facts, views, pages and data records with the inputs they were
      made from; only what reads a changed input is made again (incremental.py);
    - `contents` and `written`: what each generated page held and where it was written,
      so that a page whose content is unchanged is handed to MkDocs as `BuiltEarlier`
      and neither read nor written again. MkDocs says `is_modified()` for any file
      with in-memory content, so without this every page would be rebuilt;
    - `titles`: the titles of pages the dirty rebuild did not read, for the navigation.
    Site search (Pagefind) runs on the first build only; a preview's search may lag
    behind. A plain `mkdocs serve` or `build` never sets `active`: full builds."""

    def __init__(self) -> None:
        self.active = False
        self.load = LoadMemory()
        self.render = RenderMemory()
        self.contents: dict[str, str | bytes] = {}  # generated page -> its content last time
        # generated page -> where MkDocs wrote it, as a File to hand over while it is unchanged
        self.written: dict[str, BuiltEarlier] = {}
        self.settings: tuple | None = None  # what the pages were last built with (mkdocs.yml)
        self.titles: dict[str, str | None] = {}  # page source -> its title when last read
        self.searched = False
        self.compiled_templates = MemoryBytecodeCache()
        self.theme_files: dict[tuple[str, ...], list[str]] = {}  # theme folders -> their files
        self.theme_files_filtered: dict[tuple, list[str]] = {}  # ... as MkDocs filters them

    def unchanged(self, path: str, content: str | bytes) -> bool:
        previous = self.contents.get(path)
        self.contents[path] = content
        return previous is content or previous == content

    def start_build(self, config) -> None:
        """A new mkdocs.yml (theme, navigation, extensions) changes every page's HTML, even
        where the generated Markdown stayed the same: then every page is written again."""
        settings = (Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
                    tuple(config.theme.dirs))
        if settings != self.settings:
            self.contents.clear()
            self.written.clear()
            self.titles.clear()
        self.settings = settings
        self.render.start_build()

    def generated_file(self, config, path: str, content: str | bytes, in_nav: bool) -> File:
        """The File for a generated page. One whose content equals the previous build's is
        `BuiltEarlier`: its HTML in site_dir is current, so MkDocs makes no Page of it and
        writes nothing (MkDocs' own dirty rebuild would still make a `File` and a `Page`,
        with its canonical URL, for every one of thousands of pages on every save). Pages
        in the navigation stay real pages: every other page shows their titles."""
        written = self.written.get(path)
        if self.unchanged(path, content) and written is not None:
            if not in_nav:
                return written
            file = File.generated(config, path, content=content)
            file.is_modified = lambda: False  # MkDocs' dirty rebuild does not read it again
            return file
        file = File.generated(config, path, content=content)
        self.written[path] = BuiltEarlier(file)  # its address only: not the page MkDocs makes of it
        return file

    def keep_titles(self, files) -> None:
        """A page MkDocs' dirty rebuild skipped was not read, so it has no title, and every
        page written in this build would show "None" for it in the navigation (MkDocs' own
        warning that a dirty build makes "inaccurate navigation"). Such pages get the title
        they had when they were last read; the others are remembered for next time."""
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            if page.markdown is not None:
                self.titles[file.src_uri] = page.title
            elif file.src_uri in self.titles:
                page.title = self.titles[file.src_uri]

    def forget(self, path: str) -> None:
        """A page that is no longer generated (its case was deleted): its HTML goes too."""
        written = self.written.pop(path, None)
        if written is not None:
            Path(written.abs_dest_path).unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # its folder (casussen/x/), once empty
                Path(written.abs_dest_path).parent.rmdir()
        self.contents.pop(path, None)

    def reuse_theme(self, theme) -> None:
        """MkDocs makes a new Jinja environment for every rebuild: it compiles every theme
        template again and lists every file of the theme (Material's thousands of icons)
        to find its static files: about two seconds a save, whatever the site's size.
        The preview keeps both: compiled templates in Jinja's own bytecode cache (Jinja
        compares each template's source checksum, so an edited template is compiled
        again) and the list of theme files per set of theme folders."""
        make_env = theme.get_env
        listed = self.theme_files
        filtered = self.theme_files_filtered

        def get_env():
            env = make_env()
            env.bytecode_cache = self.compiled_templates
            folders = tuple(theme.dirs)
            if folders not in listed:
                listed[folders] = env.loader.list_templates()
            env.loader.list_templates = lambda: listed[folders]
            list_filtered = env.list_templates

            def list_templates(extensions=None, filter_func=None):
                # MkDocs filters the theme's files (its static files) with a function that
                # reads only the file name and the theme's static templates: the same
                # function and templates give the same list (fnmatch over every icon).
                if extensions is not None or filter_func is None:
                    return list_filtered(extensions, filter_func)
                key = (folders, filter_func.__code__, tuple(sorted(theme.static_templates)))
                if key not in filtered:
                    filtered[key] = list_filtered(filter_func=filter_func)
                return filtered[key]

            env.list_templates = list_templates
            return env

        theme.get_env = get_env


class BuiltEarlier(File):
    """A generated page whose HTML from the previous build in site_dir is still current.

    Links to it resolve as to any page (same source name, same URL), but to MkDocs it is
    neither a page to render nor a file to copy: `is_documentation_page()` and
    `is_modified()` say no. Its anchors are not checked in a preview."""

    def __init__(self, written: File) -> None:
        # The page's own destination and URL (a page's, foo/index.html), computed from it;
        # its inclusion is left for MkDocs to set, as for any file.
        super().__init__(written.src_uri, src_dir=None, dest_dir=written.dest_dir,
                         use_directory_urls=written.use_directory_urls, dest_uri=written.dest_uri)
        self.generated_by = written.generated_by
        self._content = None

    def is_documentation_page(self) -> bool:
        return False

    def is_modified(self) -> bool:
        return False


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory for one process (Jinja's documented extension point)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


PREVIEW = PreviewMemory()
# Only in a preview: shows the errors of the last save on every page (from PREVIEW_STATUS).
PREVIEW_SCRIPT = "assets/preview.js"
PREVIEW_STATUS = "data/preview.json"


def preview_status(catalog: Catalog) -> GeneratedPage:
    """The errors of the last save, for assets/preview.js: located, as the terminal shows them."""
    errors = [{"tekst": diagnostic.as_text(), "bestand": diagnostic.path} for diagnostic in catalog.errors]
    status = {"fouten": errors, "vorige_versie": catalog.kept_previous}
    return GeneratedPage(PREVIEW_STATUS, json.dumps(status, ensure_ascii=False), sanitize=False)


def preview_url(project: Project, host: str, port: int) -> str:
    """Where the preview appears: MkDocs serves under the path of site_url."""
    try:
        config = yaml.safe_load(project.mkdocs_config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return f"http://{host}:{port}{path}"
