"""Review status per case (issue 27, point 4): the record in the front matter, what
`check` refuses, the page, the open data, the feed, and "gewijzigd na de laatste
controle" read from a real git history."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from site_builder.content.catalog import load_catalog
from site_builder.derive.facts import derive_facts
from site_builder.derive.history import review_block
from site_builder.project import Project

from .conftest import DATA, ROOT, TEST_ADDRESSES, copy_project

CASE = (DATA / "passing" / "minimal-fryslan.md").read_text(encoding="utf-8")
SLUG = "gecontroleerde-wijk"


def reviewed(date: str, text: str = "Tekst.", status: str = "gecontroleerd") -> str:
    front, body = CASE.split("\n---\n", 1)
    record = f"controle:\n  status: {status}\n  door: Redactie WijkWijzer\n  datum: {date}\n"
    return f"{front}\n{record}---\n" + body.replace("## Lessen\n\nTekst.", f"## Lessen\n\n{text}")


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="Redactie", GIT_AUTHOR_EMAIL="redactie@example.org",
               GIT_COMMITTER_NAME="Redactie", GIT_COMMITTER_EMAIL="redactie@example.org")
    if date:
        env.update(GIT_AUTHOR_DATE=f"{date}T12:00:00+00:00", GIT_COMMITTER_DATE=f"{date}T12:00:00+00:00")
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def commit_case(root: Path, text: str, date: str) -> None:
    (root / "cases" / f"{SLUG}.md").write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"case on {date}", date=date)


@pytest.fixture
def repository(tmp_path) -> Path:
    """A content root with one case and the project's vocabularies, in a git repository."""
    root = tmp_path / "kennisbank"
    (root / "cases").mkdir(parents=True)
    shutil.copytree(ROOT / "schema", root / "schema")
    git(root, "init", "-q", "-b", "main")
    return root


def changed_after_review(root: Path) -> bool:
    catalog = load_catalog(Project(root))
    assert not catalog.errors, [d.as_text() for d in catalog.errors]
    return SLUG in derive_facts(catalog, history_root=root).changed_after_review


def test_a_change_committed_after_the_review_date_is_noticed_until_the_next_review(repository):
    commit_case(repository, reviewed("2026-01-10"), "2026-01-10")
    assert not changed_after_review(repository)
    commit_case(repository, reviewed("2026-01-10", "Een les die er later bij kwam."), "2026-02-01")
    assert changed_after_review(repository)
    # Reviewed again: the record changes with the date.
    commit_case(repository, reviewed("2026-02-02", "Een les die er later bij kwam."), "2026-02-02")
    assert not changed_after_review(repository)


def test_a_review_merged_days_later_is_no_change_after_the_review(repository):
    commit_case(repository, CASE, "2026-01-02")
    # Reviewed on the 10th, committed (merged, or squashed by GitHub) on the 15th.
    commit_case(repository, reviewed("2026-01-10"), "2026-01-15")
    assert not changed_after_review(repository)
    # A same-day fix after the review is not "after the review date"; a later one is.
    commit_case(repository, reviewed("2026-01-10", "Spelfout hersteld."), "2026-01-15")
    assert changed_after_review(repository)


def test_an_uncommitted_edit_after_the_review_date_is_noticed(repository):
    commit_case(repository, reviewed("2026-01-10"), "2026-01-10")
    (repository / "cases" / f"{SLUG}.md").write_text(reviewed("2026-01-10", "Nog niet gecommit."),
                                                     encoding="utf-8")
    assert changed_after_review(repository)
    # The reviewer updating the record in the worktree is reviewing it now.
    (repository / "cases" / f"{SLUG}.md").write_text(reviewed("2025-12-01", "Nog niet gecommit."),
                                                     encoding="utf-8")
    assert not changed_after_review(repository)


def test_outside_git_nothing_is_claimed(tmp_path):
    root = tmp_path / "kennisbank"
    (root / "cases").mkdir(parents=True)
    shutil.copytree(ROOT / "schema", root / "schema")
    (root / "cases" / f"{SLUG}.md").write_text(reviewed("2026-01-10"), encoding="utf-8")
    assert not changed_after_review(root)


def test_the_review_block_is_read_as_written():
    assert review_block(reviewed("2026-01-10")) == \
        "controle:\n  status: gecontroleerd\n  door: Redactie WijkWijzer\n  datum: 2026-01-10"
    assert review_block("---\ncontrole: {status: concept}\ntitel: x\n---\n") == "controle: {status: concept}"
    assert review_block(CASE) is None
    assert review_block("geen front matter\ncontrole: x\n") is None


def test_the_statuses_are_a_vocabulary_with_dutch_labels():
    from site_builder.content.vocabulary import load_vocabularies

    statuses = load_vocabularies(ROOT / "schema").review_statuses
    assert statuses.ids[:2] == ["concept", "gecontroleerd"]
    assert [entry.asks_reviewer for entry in statuses.entries] == [False, True, True]
    assert all(entry.label and entry.description for entry in statuses.entries)


@pytest.fixture(scope="module")
def reviewed_site(tmp_path_factory) -> Path:
    """The bundled cases plus one reviewed case changed after its review, in a git
    repository, built with `wijkwijzer build` as CI publishes it."""
    from click.testing import CliRunner

    from site_builder.cli import main

    folder = tmp_path_factory.mktemp("reviewed")
    root = copy_project(folder / "project").root
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "content", date="2026-01-01")
    commit_case(root, reviewed("2026-01-10"), "2026-01-10")
    commit_case(root, reviewed("2026-01-10", "Een les die er later bij kwam."), "2026-02-01")
    site = folder / "site"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["build", "--out", str(site), "--site-url", TEST_ADDRESSES["site_url"],
                                           "--repo-url", TEST_ADDRESSES["repo_url"]])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return site


@pytest.mark.slow
def test_the_review_shows_on_the_page_and_travels_through_the_data_files(reviewed_site):
    site = reviewed_site

    page = (site / "casussen" / SLUG / "index.html").read_text(encoding="utf-8")
    assert "<dt>Controle</dt>" in page and "Gecontroleerd door de redactie" in page
    assert "Redactie WijkWijzer, 10 januari 2026" in page
    assert "gewijzigd na de laatste controle" in page
    other = (site / "casussen" / "donderberg-roermond" / "index.html").read_text(encoding="utf-8")
    assert "<dt>Controle</dt><dd>Concept" in other and "gewijzigd na de laatste controle" not in other

    cases = {case["slug"]: case for case in json.loads((site / "data" / "cases.json").read_text(encoding="utf-8"))}
    assert cases[SLUG]["controle"] == {"status": "gecontroleerd", "door": "Redactie WijkWijzer",
                                       "datum": "2026-01-10"}
    assert cases[SLUG]["controlestatus"] == "gecontroleerd" and cases[SLUG]["gewijzigd_na_controle"] is True
    assert cases["donderberg-roermond"]["controlestatus"] == "concept"
    vocabularies = json.loads((site / "data" / "vocabularies.json").read_text(encoding="utf-8"))
    assert [status["id"] for status in vocabularies["controle"]] == ["concept", "gecontroleerd", "extern-beoordeeld"]
    finder = (site / "vind" / "index.html").read_text(encoding="utf-8")
    assert "&#34;controle&#34;: &#34;controle&#34;" in finder or '"controle": "controle"' in finder

    [csv_file] = site.glob("data/*.csv")
    rows = {row["slug"]: row for row in csv.DictReader(csv_file.open(encoding="utf-8"))}
    assert (rows[SLUG]["controle_status"], rows[SLUG]["controle_door"], rows[SLUG]["controle_datum"]) == \
        ("gecontroleerd", "Redactie WijkWijzer", "2026-01-10")
    assert rows[SLUG]["controlestatus"] == "gecontroleerd"

    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert 'term="gecontroleerd" label="Gecontroleerd door de redactie (gewijzigd na de laatste controle)"' in feed


@pytest.mark.browser
def test_the_finder_filters_on_the_review_status(page, reviewed_site):
    from .browser import serve_folder

    with serve_folder(reviewed_site) as url:
        page.goto(url + "vind/")
        page.locator("#ww-finder-resultaten li").first.wait_for()
        every = set(page.locator("#ww-finder-resultaten li").evaluate_all(
            "items => items.map(item => item.dataset.slug)"))
        assert SLUG in every and len(every) > 10
        assert page.get_by_role("group", name="Controle").is_visible()
        page.locator("#ww-controle-gecontroleerd").check()
        listed = page.locator("#ww-finder-resultaten li").evaluate_all(
            "items => items.map(item => item.dataset.slug)")
        assert listed == [SLUG]
        assert "controle=gecontroleerd" in page.url
        page.locator("#ww-controle-concept").check()  # statuses are alternatives
        listed = page.locator("#ww-finder-resultaten li").evaluate_all(
            "items => items.map(item => item.dataset.slug)")
        assert set(listed) == every
        assert page.errors == []
