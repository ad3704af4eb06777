"""`wijkwijzer serve`: a live preview on the engine's own development server.

The pipeline writes the site source once (build.site_source, the same stages as a
build), then the engine's own `serve` runs over the source folder as a process of
its own: it builds, serves on 127.0.0.1:8000 and reloads an open tab whenever a
file of the source changes. This process watches cases/, schema/, docs/ and
mkdocs.yml (it compares their files' stamps twice a second) and, after a save,
runs the stages again into the source folder: only what the save changed is
read, derived and rendered again (`PreviewSession` keeps the memory, incremental.py)
and only files whose bytes change are written, so the engine sees exactly what
the save changed. MkDocs and ProperDocs serve with `--dirty`, so they rebuild only
those pages (a whole rebuild took 17-29 s at 1,000 cases); `follow_saves` handles
what that leaves stale, and their warning about it is not passed on. A broken save keeps the previous version of that case; its
located errors go to the terminal and, through assets/preview.js, to the top of
every page.

The preview shows the engine's output as it is: not sanitised and without site
search (`wijkwijzer build` does both), since it shows the maintainer's own files,
which `check` reads on every save.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..build import build_lock, site_source, source_folder
from ..content.catalog import Catalog, load_catalog
from ..content.load_memory import LoadMemory
from ..errors import BuildFailed, WijkwijzerError
from ..incremental import RenderMemory
from ..project import Project
from .engines import Engine
from .pages import GeneratedPage
from .engine_config import DOCS_FOLDER, THEME_FOLDER
from .site_source import CONFIG_FILE, SourceChanges, write_site_source

# Only in a preview: shows the errors of the last save on every page (from PREVIEW_STATUS).
PREVIEW_SCRIPT = "assets/preview.js"
PREVIEW_STATUS = "data/preview.json"
POLL_SECONDS = 0.5
STOP_SECONDS = 15
# What the preview says when it makes the engine rebuild more than the pages a save changed.
EVERY_PAGE_NOTICE = "De instellingen, de navigatie of het thema zijn gewijzigd: alle pagina's worden opnieuw gebouwd"
PAGE_REMOVED_NOTICE = "Een pagina is verwijderd of hernoemd"


class PreviewSession:
    """One `wijkwijzer serve`: what the previous save read and made, so the next one
    costs what it changed (the state of the preview, held here and nowhere else)."""

    def __init__(self, project: Project, engine: Engine) -> None:
        self.project = project
        self.engine = engine
        self.load = LoadMemory()
        self.render = RenderMemory()
        self.written: dict[str, bytes] = {}  # source path -> the bytes this session wrote there
        self.prepared: dict = {}  # generated page -> its text as rendered and as written (site_source.py)
        self.boundary = secrets.token_hex(16)  # one per session: the config stays the same

    @property
    def folder(self) -> Path:
        return source_folder(self.project, self.engine)

    def regenerate(self) -> list[str]:
        """Load (saved files only), derive, render and write the source; what changed in it."""
        self.render.start_build()
        catalog = load_catalog(self.project, memory=self.load)  # load + validate
        for diagnostic in catalog.diagnostics:
            print(diagnostic.as_text(), file=sys.stderr)
        for path in catalog.kept_previous:
            print(f"{path}: de preview toont de vorige versie tot de fouten hierboven zijn opgelost",
                  file=sys.stderr)
        source = site_source(self.project, catalog, self.engine, self.boundary, memory=self.render,
                             extra_pages=(preview_status(catalog),), extra_javascript=(PREVIEW_SCRIPT,),
                             prepared=self.prepared, titled_nav=self.engine.serves_dirty)
        return write_site_source(source, self.written)  # write source


def needs_every_page(changes: SourceChanges) -> bool:
    """Whether a save changed what every page shows (the configuration, with the
    navigation, or a template), and not only the pages whose source it changed."""
    return any(path == CONFIG_FILE or path.startswith(f"{THEME_FOLDER}/") for path in changes.written)


def mark_every_page_changed(folder: Path) -> None:
    """Make every page of the source newer than its output, so that an engine serving
    with `--dirty` (which rebuilds a page only when its source is newer) rebuilds all."""
    now = time.time_ns()
    for page in (folder / DOCS_FOLDER).rglob("*.md"):
        try:
            os.utime(page, ns=(now, now))
        except OSError:
            continue  # removed meanwhile: the next save writes the source afresh


def preview_status(catalog: Catalog) -> GeneratedPage:
    """The errors of the last save, for assets/preview.js: located, as the terminal shows them."""
    errors = [{"tekst": diagnostic.as_text(), "bestand": diagnostic.path} for diagnostic in catalog.errors]
    status = {"fouten": errors, "vorige_versie": catalog.kept_previous}
    return GeneratedPage(PREVIEW_STATUS, json.dumps(status, ensure_ascii=False), sanitize=False)


def watched_stamps(project: Project) -> dict[str, tuple[int, int]]:
    """Every file a save can change, with its size and modification time."""
    stamps = {}
    for folder in (project.cases_dir, project.schema_dir, project.docs_dir):
        for directory, subfolders, files in os.walk(folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in files:
                path = os.path.join(directory, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue  # removed while listing: the next poll sees it gone
                stamps[path] = (stat.st_size, stat.st_mtime_ns)
    try:
        stat = project.mkdocs_config.stat()
        stamps[str(project.mkdocs_config)] = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        pass
    return stamps


def serve_site(project: Project, engine: Engine, address: str, open_browser: bool = False) -> None:
    """Write the source, start the engine's server, and follow saves until Ctrl+C."""
    session = PreviewSession(project, engine)
    session.folder.parent.mkdir(parents=True, exist_ok=True)
    # One pipeline at a time writes a source folder: a build for the same engine waits its turn.
    with build_lock(session.folder):
        stamps = watched_stamps(project)
        session.regenerate()
        command = engine.serve_command(session.folder / CONFIG_FILE, address)
        if open_browser:
            command.append("--open")
        follow_saves(session, stamps, command, engine)


def follow_saves(session: PreviewSession, stamps: dict, command: list[str], engine: Engine) -> None:
    """Run the engine's server and regenerate the source after every save, until Ctrl+C.

    On `--dirty` (Engine.serves_dirty) the engine rebuilds only pages whose source a
    save changed. What that would leave stale is handled here: a save that changes
    every page (settings, navigation, a template) marks every page changed; a page
    that is gone would stay in the engine's temporary site, so then the server starts
    afresh (a whole build, as rare as removing or renaming a case)."""
    with stopped_like_ctrl_c():
        try:
            while True:
                with engine_server(command, session.folder, engine) as server:
                    stamps = follow_until_a_page_is_removed(session, stamps, server)
                print(f"{PAGE_REMOVED_NOTICE}: {engine.label} bouwt de hele preview opnieuw", file=sys.stderr)
        except KeyboardInterrupt:
            pass  # the engine's server was stopped on the way out (engine_server)


def follow_until_a_page_is_removed(session: PreviewSession, stamps: dict, server: subprocess.Popen) -> dict:
    """Regenerate after every save; return (with the stamps seen) when a save removed a
    page that an engine on `--dirty` would go on serving."""
    engine = session.engine
    while True:
        time.sleep(POLL_SECONDS)
        if server.poll() is not None:
            raise BuildFailed(f"de server van {engine.label} is gestopt (code {server.returncode}); "
                              "zie de meldingen hierboven")
        current = watched_stamps(session.project)
        if current == stamps:
            continue
        stamps = current
        try:
            changes = session.regenerate()
        except WijkwijzerError as error:  # a broken vocabulary or mkdocs.yml: say so, go on
            error.show()
            continue
        if not engine.serves_dirty:
            continue
        if any(path.startswith(f"{DOCS_FOLDER}/") for path in changes.removed):
            return stamps
        if needs_every_page(changes):
            print(EVERY_PAGE_NOTICE, file=sys.stderr)
            mark_every_page_changed(session.folder)


@contextmanager
def engine_server(command: list[str], folder: Path, engine: Engine):
    """The engine's development server as a child process, stopped as Ctrl+C stops it
    (MkDocs removes its temporary site only then). What it prints is passed on to our
    stderr, line by line, but for the notices we expect (Engine.is_expected_notice)."""
    try:
        server = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, errors="replace", bufsize=1)
    except OSError as error:
        raise BuildFailed(f"{engine.label} kon niet starten: {error.strerror or error}") from None
    relay = threading.Thread(target=pass_on_output, args=(server.stdout, engine), daemon=True)
    relay.start()
    try:
        yield server
    finally:
        if server.poll() is None:
            server.send_signal(engine.stop_signal)
            try:
                server.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        relay.join(timeout=STOP_SECONDS)
        server.stdout.close()


def pass_on_output(output, engine: Engine) -> None:
    """Copy the engine's output to our stderr, leaving out only its expected notices."""
    for line in output:
        if not engine.is_expected_notice(line):
            sys.stderr.write(line)
            sys.stderr.flush()


@contextmanager
def stopped_like_ctrl_c():
    """Take a request to stop (SIGTERM: an editor's stop button, `kill`, a container
    stopping) as Ctrl+C, so the engine's server is stopped and cleans up after itself.
    Ctrl+C itself is handled too when this process was started with SIGINT ignored (a
    shell's background job): the engine's server, started after this, then inherits a
    SIGINT it can handle, and MkDocs removes its temporary site only on Ctrl+C."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    previous_interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, previous_interrupt)


def preview_url(project: Project, address: str) -> str:
    """Where the preview appears: the engines serve under the path of site_url."""
    try:
        config = yaml.safe_load(project.mkdocs_config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return f"http://{address}{path}"
