"""`wijkwijzer build`: the whole pipeline in one function, `build_site`, stage by stage.

  load + validate   every case and vocabulary (content.catalog); refuse on any error;
  derive            related cases, quality levels, dates from git (derive.facts);
  render pages      every generated page and data file, from templates (website.render);
  write source      the complete site source in `.wijkwijzer/bron/<engine>/`: the root's
                    docs/, the generated pages, assets, theme overrides and the engine
                    configuration; only files whose bytes change are written
                    (website.site_source, website.engine_config);
  engine            MkDocs, ProperDocs or Zensical builds that folder, strict, as a
                    process of its own, into a fresh folder next to the target
                    (website.engines); beside it, on the other core, each page it
                    has finished (website.written_pages) is sanitised and read:
  sanitise          every page made from case content is cleaned over the written HTML
                    (website.sanitize), before the site search reads it;
  site search       each page's marked part and words are read as it is written, then
                    Pagefind indexes the site in parts, two at a time
                    (website.site_search);
  publish           only a complete build replaces the previous site (`swap_in`), and only
                    a folder this tool built (it carries SITE_MARKER) may be replaced; one
                    build at a time per target (a lock), and a crash between the two
                    renames of the swap is repaired by the next build.

This is the one conductor: the preview (website.preview) runs the same stages up to
the written source, and then the engine's own server. The state of a build lives in
the values passed from stage to stage, never in a module.
"""

from __future__ import annotations

import fcntl
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .content.catalog import Catalog, load_catalog
from .content.wording import ERROR, count_text
from .derive.facts import derive_facts
from .errors import BuildBusy, BuildFailed, OutputRefused, SiteSearchFailed, WijkwijzerError
from .incremental import FORGETFUL, Forgetful, RenderMemory
from .project import Project
from .website.engine_config import publisher_from_settings, read_site_settings
from .website.feed import remove_empty_sitemap
from .website.engines import DEFAULT_ENGINE, Engine, EngineBuild, engine_named
from .website.pages import GeneratedPage
from .website.render import render_site
from .website.sanitize import SiteSanitiser
from .website.site_context import SiteContext
from .website.site_search import SiteSearchPages, build_site_search
from .website.site_source import CONFIG_FILE, SiteSource, assemble_site_source, write_site_source
from .website.written_pages import LOOK_AGAIN_SECONDS, WrittenPages

# Written into every site this tool builds; only a folder holding it may be replaced.
SITE_MARKER = ".wijkwijzer-site"
SITE_MARKER_TEXT = "Deze map is gebouwd door 'wijkwijzer build' en wordt bij de volgende build vervangen.\n"

# Folders of the project that hold content, history or state (the site source and the
# search index in .wijkwijzer/); a site never replaces them, lands inside them or contains them.
CONTENT_FOLDERS = ("cases", "docs", "schema", ".git", ".wijkwijzer", "site_builder", "tests")


def source_folder(project: Project, engine: Engine) -> Path:
    """Where the site source for `engine` is written: in the project's state folder."""
    return project.state_dir / "bron" / engine.name


def build_site(project: Project, catalog: Catalog | None, out_dir: Path,
               addresses: dict[str, str | None] | None = None, engine: str = DEFAULT_ENGINE,
               strict: bool = True) -> Path:
    """Run every stage in order; the new site replaces `out_dir` only when complete.

    `catalog`: the cases already loaded and checked (the CLI reports their
    diagnostics first); None loads them here. `addresses`: `site_url` and `repo_url`
    given on the command line, in place of those in mkdocs.yml. `engine`: see engines.py.
    `strict`: a warning of the engine fails the build (always, from the command line).
    """
    chosen = engine_named(engine)
    catalog = catalog if catalog is not None else load_catalog(project)  # load + validate
    refuse_invalid(catalog)
    folder = source_folder(project, chosen)
    # A boundary of its own for every build: no case can know it (sanitize.py).
    boundary = secrets.token_hex(16)
    source = site_source(project, catalog, chosen, boundary, addresses)  # derive, render pages
    target = resolve_output(project, out_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputRefused(f"de map {error.filename} kan niet worden gemaakt: "
                            f"{error.strerror or error}") from None
    with build_lock(target), build_lock(folder):
        recover_interrupted_swap(target)
        refuse_foreign_folder(project, target)
        staging = new_staging_folder(target)
        try:
            write_site_source(source)  # write source
            sanitiser = SiteSanitiser(staging, source.sanitized, boundary)
            read = SiteSearchPages(staging)

            def sanitise_and_read(page: Path) -> None:
                sanitiser.clean(page)  # sanitise
                read.read(page)  # site search: what the page holds for the index

            # engine, and meanwhile each page it has written is sanitised and read
            run_engine_beside(chosen, folder / CONFIG_FILE, staging, strict, source.html_pages(),
                              sanitise_and_read)
            sanitiser.clean_the_rest()
            if source.site_url is None:
                remove_empty_sitemap(staging)  # a sitemap without addresses is an empty list
            build_site_search(staging, read=read)  # site search: Pagefind over what was read
            (staging / SITE_MARKER).write_text(SITE_MARKER_TEXT, encoding="utf-8")
        except BaseException as error:
            shutil.rmtree(staging, ignore_errors=True)
            expected = as_build_failure(error)
            if expected is None:
                raise  # a bug (or Ctrl+C): the old site stays, and so does the traceback
            raise expected from None
        try:
            swap_in(staging, target)  # publish
        except OSError as error:
            shutil.rmtree(staging, ignore_errors=True)
            raise BuildFailed(f"de nieuwe site kon niet op de plaats van {target} worden gezet: "
                              f"{error.strerror or error}") from None
    return target


def site_source(project: Project, catalog: Catalog, engine: Engine, boundary: str,
                addresses: dict[str, str | None] | None = None, memory: RenderMemory | Forgetful = FORGETFUL,
                extra_pages: tuple[GeneratedPage, ...] = (), extra_javascript: tuple[str, ...] = (),
                prepared: dict | None = None, titled_nav: bool = False) -> SiteSource:
    """The stages from a loaded catalog to the site source in memory: derive, render
    pages, assemble. Shared by the build and the preview (`memory`: what the preview's
    previous save made, incremental.py; `extra_pages`, `extra_javascript`: its error banner;
    `prepared`: its memory of the pages as written into the source, `titled_nav`: every
    page's title in the navigation, for a server that rebuilds only changed pages; both
    site_source.py)."""
    facts = derive_facts(catalog, history_root=project.root, memory=memory)  # derive
    settings = read_site_settings(project.mkdocs_config)
    site = SiteContext.for_root(catalog, facts, publisher_from_settings(settings, addresses),
                                project.docs_dir, memory=memory)
    pages = render_site(site) + list(extra_pages)  # render pages
    return assemble_site_source(source_folder(project, engine), project, site, handed_over(pages), settings,
                                engine, boundary, extra_javascript, prepared, titled_nav)


def handed_over(pages: list[GeneratedPage]) -> Iterator[GeneratedPage]:
    """Each page once, the list letting go of it as it goes, so that a page's text can be
    freed as soon as its bytes are in the source: the rendered text of every page and the
    bytes of every page, both held at once, set the build's peak memory (at 5,000 cases
    1,043 MB in all, of which 213 MB were the source's bytes)."""
    pages.reverse()
    while pages:
        yield pages.pop()


def run_engine_beside(engine: Engine, config_file: Path, staging: Path, strict: bool, expected: list[str],
                      each_page: Callable[[Path], None]) -> None:
    """The engine stage, with `each_page` (sanitise and read) done beside it: every page the
    engine has finished is handed on while it writes the next ones (written_pages.py), so
    that work runs on the other core instead of after the engine; the pages found only
    once it ended follow (all of them for an engine that builds into a folder of its own,
    Zensical, which also uses both cores itself)."""
    running = EngineBuild(engine, config_file, staging, strict)
    try:
        pages = WrittenPages(staging, () if engine.output_inside_source else expected)
        while running.running():
            for page in pages.newly_written():
                each_page(page)
            time.sleep(LOOK_AGAIN_SECONDS)
        built = running.wait()
    finally:
        running.stop()
    if built != staging:
        take_over(built, staging)
    for page in pages.the_rest():
        each_page(page)


def refuse_invalid(catalog: Catalog) -> None:
    if catalog.errors:
        raise BuildFailed(f"{count_text(len(catalog.errors), ERROR)} in de casussen; de site is niet gebouwd")


def new_staging_folder(target: Path) -> Path:
    """An empty folder beside the target, on the same file system, for the swap."""
    try:
        return Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
    except OSError as error:
        raise OutputRefused(f"in {target.parent} kan niet geschreven worden: "
                            f"{error.strerror or error}") from None


def take_over(built: Path, staging: Path) -> None:
    """A site the engine built in a folder of its own (Zensical: inside the source)
    becomes the staging folder: moved when on the same file system, else copied."""
    try:
        os.replace(built, staging)
    except OSError:
        shutil.copytree(built, staging, dirs_exist_ok=True)
        shutil.rmtree(built, ignore_errors=True)


def as_build_failure(error: BaseException) -> WijkwijzerError | None:
    """The sentence for an expected failure of a stage; None for a bug or an interruption,
    which keep their traceback (the CLI adds a line asking to report a bug)."""
    if isinstance(error, WijkwijzerError):
        return error
    if isinstance(error, SiteSearchFailed):
        return BuildFailed(str(error))
    if isinstance(error, OSError):
        return BuildFailed(f"de site kon niet worden geschreven: {error.strerror or error}")
    return None


# --- Guarding the target -------------------------------------------------------------------

def resolve_output(project: Project, out_dir: Path) -> Path:
    """The real folder `--out` names, refused when it is or holds the project's content."""
    target = (out_dir if out_dir.is_absolute() else project.root / out_dir).resolve()
    root = project.root.resolve()
    if target == root or root.is_relative_to(target):
        raise OutputRefused(f"--out {out_dir} is de projectmap (of een map erboven); "
                            "de site komt in een eigen map, bijvoorbeeld --out site")
    for name in CONTENT_FOLDERS:
        content = (root / name).resolve()
        if target == content or target.is_relative_to(content) or content.is_relative_to(target):
            raise OutputRefused(f"--out {out_dir} valt samen met de map {name}/ van het project "
                                "(of ligt erin, of bevat hem); kies een eigen map, bijvoorbeeld --out site")
    state = project.state_dir.resolve()
    if target == state or target.is_relative_to(state) or state.is_relative_to(target):
        raise OutputRefused(f"--out {out_dir} valt samen met de map voor lokale gegevens ({state}) "
                            "(of ligt erin, of bevat hem); kies een eigen map, bijvoorbeeld --out site")
    return target


def refuse_foreign_folder(project: Project, target: Path) -> None:
    """Only a new or empty folder, or a site this tool built, may be replaced."""
    if not target.exists() and not target.is_symlink():
        return
    if not target.is_dir() or target.is_symlink():
        raise OutputRefused(f"--out {display(project, target)} bestaat al en is geen map; "
                            "kies een andere map voor de site")
    try:
        empty = next(target.iterdir(), None) is None
    except OSError as error:
        raise OutputRefused(f"de map {display(project, target)} kan niet gelezen worden: "
                            f"{error.strerror or error}") from None
    if not empty and not (target / SITE_MARKER).is_file():
        raise OutputRefused(
            f"--out {display(project, target)} is geen site die wijkwijzer gebouwd heeft (het bestand "
            f"{SITE_MARKER} ontbreekt) en wordt niet overschreven; kies een lege of nieuwe map, of "
            "verwijder de map zelf als het een oude site is")


def display(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --- One build at a time, and repairs after a crash ------------------------------------------

def staging_prefix(target: Path) -> str:
    return f".{target.name}-nieuw-"


def retired_prefix(target: Path) -> str:
    return f".{target.name}-oud-"


def lock_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.lock")


@contextmanager
def build_lock(target: Path):
    """An exclusive lock per target folder: a second build to the same folder stops
    with a sentence, while builds to other folders beside it go ahead. The lock is a
    small file beside the target (the target itself is replaced by a rename, so it
    cannot hold a lock); the kernel releases the lock when a build is killed. The
    file stays: removing it could let a third build lock a file nobody else sees."""
    try:
        handle = os.open(lock_path(target), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as error:
        raise OutputRefused(f"in de map {target.parent} kan geen bouwslot worden gezet: "
                            f"{error.strerror or error}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildBusy(str(target)) from None
        yield
    finally:
        os.close(handle)


def recover_interrupted_swap(target: Path) -> None:
    """Under the lock, nobody else is building this target: finish what a dead build left.

    A build killed between its two renames left no site but a retired one: put
    that back. Staging folders and retired sites of dead builds are removed."""
    leftovers = sorted(path for path in target.parent.iterdir()
                       if path.name.startswith((staging_prefix(target), retired_prefix(target)))
                       and path.is_dir() and not path.is_symlink())
    if not target.exists():
        retired = [path for path in leftovers
                   if path.name.startswith(retired_prefix(target)) and (path / SITE_MARKER).is_file()]
        if retired:
            os.replace(retired[-1], target)
            leftovers.remove(retired[-1])
    for path in leftovers:
        shutil.rmtree(path, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old site is removed last.

    Between the renames there is no `target`, only the retired site beside it;
    `recover_interrupted_swap` puts that back if this process dies there."""
    new.chmod(0o755)
    if target.exists():
        retired = target.with_name(f"{retired_prefix(target)}{os.getpid()}")
        os.replace(target, retired)
        os.replace(new, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(new, target)
