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
from site_builder.website.engines import ENGINE_NAMES

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


# How long a change may take to appear: a bound for "never", not a speed target (those are
# in benchmarks/); a shared machine at a load of 20 took over 60 s to start a preview.
PATIENCE_SECONDS = 300


def wait_for(url: str, contains: str, timeout: float = PATIENCE_SECONDS) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and contains in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} toonde '{contains}' niet binnen {timeout} s")


def processes_under(folder: Path) -> list[str]:
    """Command lines of running processes that name `folder` (an engine's server)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if str(folder) in command:
                found.append(command)
    return found


@pytest.fixture(params=["mkdocs"])
def served(tmp_path, request):
    """A running `wijkwijzer serve --engine <param>` on a copy of the bundled cases, with a
    temporary folder of its own; stopped as an editor or `kill` stops it."""
    project = copy_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    address = f"127.0.0.1:{free_port()}"
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "site_builder.cli", "serve", "--dev-addr", address, "--engine", request.param],
            cwd=project.root, stdout=output, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "TMPDIR": str(temporary)})
    base = preview_url(project, address)  # under the path of site_url, if one is set
    try:
        wait_for(base, "WijkWijzer")
        yield project, base
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The engine's server stopped with it, and cleaned up after itself.
    assert processes_under(project.root) == []
    assert list(temporary.iterdir()) == [], "de preview liet zijn tijdelijke site staan"
    printed = log.read_text(encoding="utf-8")
    assert "Traceback" not in printed and "dirty" not in printed.lower(), printed[-2000:]


@pytest.mark.parametrize("served", ENGINE_NAMES, indirect=True)
def test_an_edited_case_shows_up_in_the_preview(served):
    project, base = served
    case = project.cases_dir / "selwerd-groningen.md"
    before = wait_for(base + "casussen/selwerd-groningen/", "Selwerd")
    # An open tab reloads by itself: the engine injects its live-reload script.
    assert "location.reload" in before
    case.write_text(case.read_text(encoding="utf-8") + "\nWoordVanDeLivePreview\n", encoding="utf-8")
    after = wait_for(base + "casussen/selwerd-groningen/", "WoordVanDeLivePreview")
    # Only this page was rebuilt (MkDocs on --dirty): its navigation still names the
    # other pages by their titles, not by their file names.
    assert "Zeven bouwstenen" in after and "Participatieladder" in after


def test_an_edited_page_of_docs_and_mkdocs_yml_show_up_in_the_preview(served):
    project, base = served
    page = project.docs_dir / "over" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nZinVanDeBeheerder\n", encoding="utf-8")
    wait_for(base + "over/", "ZinVanDeBeheerder")
    settings = project.mkdocs_config
    settings.write_text(settings.read_text(encoding="utf-8").replace("site_name: WijkWijzer", "site_name: WijkWijzerOost"),
                        encoding="utf-8")
    wait_for(base + "over/", "WijkWijzerOost")
    # A setting that every page shows reaches pages whose source did not change.
    wait_for(base + "casussen/selwerd-groningen/", "WijkWijzerOost")


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
    deadline = time.monotonic() + PATIENCE_SECONDS
    while fetch(base + "casussen/mom-tilburg/") is not None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fetch(base + "casussen/mom-tilburg/") is None
    assert "mom-tilburg" not in wait_for(base + "casussen/", "Alle casussen")
