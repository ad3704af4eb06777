"""Shared fixtures: the project root and a CLI runner that runs from it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.project import STATE_VARIABLE, Project
from site_builder.website.engines import DEFAULT_ENGINE, ENGINE_NAMES

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def bundled_project(state: Path) -> Project:
    """This checkout's content and git history, with its local state (search index, check
    cache, site source) in `state`: tests never touch a developer's own .wijkwijzer/,
    and two test workers never race for one source folder."""
    return Project(ROOT, state_folder=state)


@pytest.fixture
def project(tmp_path_factory) -> Project:
    return bundled_project(tmp_path_factory.mktemp("state"))


@pytest.fixture
def in_root(monkeypatch, tmp_path_factory) -> Path:
    """The project root as the working folder; the CLI keeps its state in a folder of this test's."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv(STATE_VARIABLE, str(tmp_path_factory.mktemp("state")))
    return ROOT


@pytest.fixture
def run_cli(in_root):
    """Invoke `wijkwijzer ...` in-process from the project root."""
    from site_builder.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def state_snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Each file under `folder` with its size and modification time."""
    found = {}
    for path in folder.rglob("*") if folder.is_dir() else ():
        try:
            info = path.lstat()
        except OSError:  # removed while we looked
            continue
        found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


@pytest.fixture(scope="session", autouse=True)
def developer_state_untouched():
    """No test writes into this checkout's own .wijkwijzer/: a developer's search index
    and site source stay as they were (a `wijkwijzer build` run by hand during the tests
    would trip this too)."""
    before = state_snapshot(ROOT / ".wijkwijzer")
    yield
    changed = sorted(set(state_snapshot(ROOT / ".wijkwijzer").items()) ^ set(before.items()))
    assert not changed, f"tests wrote into {ROOT / '.wijkwijzer'}: {changed[:5]}"


# Everything a content root needs to build; tests copy it to mutate it freely.
PROJECT_CONTENT = ("cases", "schema", "docs", "mkdocs.yml", "CONTRIBUTING.md")


def copy_project(destination: Path) -> Project:
    """A copy of the project's content (not its code, history or build output)."""
    import shutil

    destination.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_CONTENT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    return Project(destination)


# mkdocs.yml leaves the addresses to the publisher; the bundled site is built as CI
# would publish it, with both given (`wijkwijzer build --site-url --repo-url`).
TEST_ADDRESSES = {"site_url": "https://voorbeeld.wijkwijzer.nl/kennisbank/",
                  "repo_url": "https://github.com/voorbeeld/kennisbank"}


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory):
    """Each engine's build of the bundled cases, with the real engine (strict), made
    the first time a test asks for it and kept for the rest of the run."""
    from site_builder.build import build_site
    from site_builder.content.catalog import load_catalog

    built: dict[str, Path] = {}

    def site_for(engine: str) -> Path:
        if engine not in built:
            project = bundled_project(tmp_path_factory.mktemp(f"state-{engine}"))
            catalog = load_catalog(project)
            assert not catalog.errors, [d.as_text() for d in catalog.errors]
            built[engine] = build_site(project, catalog, tmp_path_factory.mktemp(f"bundled-{engine}") / "site",
                                       addresses=TEST_ADDRESSES, engine=engine)
        return built[engine]

    return site_for


@pytest.fixture(scope="session")
def bundled_site(built_sites) -> Path:
    """The bundled cases built once per test run with the default engine."""
    return built_sites(DEFAULT_ENGINE)


@pytest.fixture(scope="session", params=ENGINE_NAMES)
def engine_site(request, built_sites) -> Path:
    """The bundled cases built by each engine in turn (the tests that must hold on all)."""
    return built_sites(request.param)


@pytest.fixture(scope="session", params=ENGINE_NAMES)
def hostile_site(request, tmp_path_factory) -> Path:
    """The bundled cases plus one case per attack of issue 11 (tests/hostile.py), built
    by each engine in turn as if nobody had run `wijkwijzer check`."""
    from .hostile import ATTACKS, build_unchecked

    folder = tmp_path_factory.mktemp(f"hostile-{request.param}")
    return build_unchecked(copy_project(folder / "project"), ATTACKS, folder / "site", engine=request.param)


# Tests that need a whole built site are slow by nature; mark them from the fixture
# they use, so a new test of the site is left out of `make test-fast` without thinking.
SITE_FIXTURES = {"bundled_site", "site_url", "minimal_site", "hostile_site", "engine_site", "engine_site_url"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# --- The browser: one headless Debian Chromium for the whole run ---------------------------

@pytest.fixture(scope="session")
def browser():
    from .browser import chromium

    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page whose console errors are collected in `page.errors`."""
    from .browser import watch_errors

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.errors = watch_errors(page)
    yield page
    context.close()


@pytest.fixture(scope="session")
def site_url(bundled_site):
    """The bundled site served over http on localhost."""
    from .browser import serve_folder

    with serve_folder(bundled_site) as url:
        yield url


@pytest.fixture(scope="session")
def engine_site_url(engine_site):
    """Each engine's build of the bundled site, served over http on localhost."""
    from .browser import serve_folder

    with serve_folder(engine_site) as url:
        yield url
