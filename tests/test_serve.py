"""`wijkwijzer serve`: a real live preview that follows edits to cases."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from site_builder.website.preview import preview_url

from .conftest import copy_project

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, contains: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and contains in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} toonde '{contains}' niet binnen {timeout} s")


@pytest.fixture(params=[[]])
def served(tmp_path, request):
    """A running `wijkwijzer serve` on a copy of the bundled cases (options: the param),
    with a temporary folder of its own; stopped as an editor or `kill` stops it."""
    project = copy_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "site_builder.cli", "serve", "--port", str(port), *request.param],
        cwd=project.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temporary)})
    base = preview_url(project, "127.0.0.1", port)  # under the path of site_url, if one is set
    try:
        wait_for(base, "WijkWijzer")
        yield project, base
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert list(temporary.iterdir()) == [], "de preview liet zijn tijdelijke site staan"


# The operating system's notifications (the default) and MkDocs' own polling.
@pytest.mark.parametrize("served", [[], ["--polling"]], indirect=True, ids=["notified", "polling"])
def test_an_edited_case_shows_up_in_the_preview(served):
    project, base = served
    case = project.cases_dir / "selwerd-groningen.md"
    before = wait_for(base + "casussen/selwerd-groningen/", "Selwerd")
    # An open tab reloads by itself: MkDocs injects its live-reload script only when
    # asked (newer click needs --livereload with `mkdocs serve`); `wijkwijzer serve` asks.
    assert "livereload(" in before
    case.write_text(case.read_text(encoding="utf-8") + "\nWoordVanDeLivePreview\n", encoding="utf-8")
    wait_for(base + "casussen/selwerd-groningen/", "WoordVanDeLivePreview")


def test_a_broken_case_does_not_stop_the_preview(served):
    project, base = served
    (project.cases_dir / "kapot.md").write_text("---\ntitel: [\n---\n", encoding="utf-8")
    new = project.cases_dir / "nieuwe-wijk.md"
    new.write_text((project.cases_dir / "mom-tilburg.md").read_text(encoding="utf-8")
                   .replace("titel: ", "titel: Nieuwe wijk ", 1), encoding="utf-8")
    page = wait_for(base + "casussen/nieuwe-wijk/", "Nieuwe wijk")
    assert "kapot" not in page


def test_a_broken_save_keeps_the_previous_version_and_shows_the_located_error(served):
    project, base = served
    case = project.cases_dir / "selwerd-groningen.md"
    wait_for(base + "casussen/selwerd-groningen/", "Selwerd")
    text = case.read_text(encoding="utf-8")
    case.write_text(text.replace("titel:", "titel: [", 1) + "\nNietGetoond\n", encoding="utf-8")
    status = json.loads(wait_for(base + "data/preview.json", "selwerd-groningen.md:"))
    assert status["vorige_versie"] == ["cases/selwerd-groningen.md"]
    assert all(re.match(r"cases/selwerd-groningen\.md:\d+:\d+: WW\d{3} ", error["tekst"]) for error in status["fouten"])
    page = fetch(base + "casussen/selwerd-groningen/")
    assert "Selwerd" in page and "NietGetoond" not in page  # the previous version stays
    case.write_text(text + "\nWeerGoed\n", encoding="utf-8")
    wait_for(base + "casussen/selwerd-groningen/", "WeerGoed")
    assert json.loads(fetch(base + "data/preview.json"))["fouten"] == []


@pytest.mark.browser
def test_the_preview_shows_the_errors_of_the_last_save_on_the_page(served, page):
    project, base = served
    case = project.cases_dir / "mom-tilburg.md"
    case.write_text(case.read_text(encoding="utf-8").replace("titel:", "titel: [", 1), encoding="utf-8")
    wait_for(base + "data/preview.json", "mom-tilburg.md:")
    page.goto(base + "casussen/mom-tilburg/")
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "cases/mom-tilburg.md:" in alert.inner_text()
    assert "vorige versie" in alert.inner_text()


def test_a_deleted_case_leaves_the_preview_and_its_lists(served):
    project, base = served
    wait_for(base + "casussen/mom-tilburg/", "MOM")
    (project.cases_dir / "mom-tilburg.md").unlink()
    deadline = time.monotonic() + 60
    while fetch(base + "casussen/mom-tilburg/") is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fetch(base + "casussen/mom-tilburg/") is None
    assert "mom-tilburg" not in wait_for(base + "casussen/", "Alle casussen")


def test_an_edit_rebuilds_only_the_pages_whose_content_changed(tmp_path):
    """The preview's memory: an unchanged generated page is not modified for MkDocs'
    dirty rebuild; a changed one is (site_builder.website.preview.PreviewMemory)."""
    from site_builder.website.preview import PreviewMemory

    memory = PreviewMemory()
    assert not memory.unchanged("casussen/a.md", "# A")  # first build: everything is new
    assert memory.unchanged("casussen/a.md", "# A")
    assert not memory.unchanged("casussen/a.md", "# A, bewerkt")


def test_the_preview_is_told_of_saves_and_not_of_reads(tmp_path):
    """Every build reads the case files and mkdocs.yml; MkDocs rebuilds on any event it
    is told of, so a watcher that reported reads would rebuild without end."""
    import queue

    from watchdog.events import FileSystemEventHandler

    from site_builder.website.live_server import SaveObserver

    (tmp_path / "gelezen.md").write_text("een casus", encoding="utf-8")
    events: queue.Queue = queue.Queue()
    handler = FileSystemEventHandler()
    handler.on_any_event = events.put
    observer = SaveObserver()
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        (tmp_path / "gelezen.md").read_text(encoding="utf-8")
        (tmp_path / "bewaard.md").write_text("een nieuwe casus", encoding="utf-8")
        (tmp_path / "gelezen.md").unlink()
        seen = []
        while not any(event.event_type == "deleted" for event in seen):
            seen.append(events.get(timeout=30))
    finally:
        observer.stop()
        observer.join()
    files = {(Path(event.src_path).name, event.event_type) for event in seen if not event.is_directory}
    assert ("bewaard.md", "created") in files and ("bewaard.md", "modified") in files
    assert ("gelezen.md", "deleted") in files
    assert {event_type for name, event_type in files if name == "gelezen.md"} == {"deleted"}
