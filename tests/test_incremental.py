"""The preview's memory (site_builder/incremental.py, content.catalog.LoadMemory):
after any kind of edit, the pages and files made from memory are exactly those a
fresh render makes, while only what the edit touched is made again."""

from __future__ import annotations

import os
import re
import time

import pytest

from site_builder.content.catalog import LoadMemory, load_catalog
from site_builder.derive.facts import derive_facts
from site_builder.incremental import FORGETFUL, RenderMemory
from site_builder.website import pages
from site_builder.website.render import render_site
from site_builder.website.site_context import SiteContext

from .conftest import copy_project


class Preview:
    """Renders a content root the way `wijkwijzer serve` does, save after save."""

    def __init__(self, project):
        self.project = project
        self.load = LoadMemory()
        self.memory = RenderMemory()

    def render(self) -> dict[str, str]:
        self.memory.start_build()
        site = render_with(self.project, self.load, self.memory)
        self.catalog = site.catalog
        return site.pages


def render_with(project, load=None, memory=FORGETFUL):
    catalog = load_catalog(project, memory=load)
    facts = derive_facts(catalog, history_root=project.root, memory=memory)
    site = SiteContext.create(catalog, facts=facts, site_url="https://wijkwijzer.example/", publisher=None)
    site.memory = memory
    site.pages = {page.path: page.content for page in render_site(site)}
    return site


def fresh_render(project) -> dict[str, str]:
    return render_with(project).pages


@pytest.fixture
def preview(tmp_path):
    project = copy_project(tmp_path / "project")
    preview = Preview(project)
    preview.render()  # the first build: everything is made
    return preview


def edit(project, slug: str, change) -> None:
    path = project.cases_dir / f"{slug}.md"
    before = path.read_text(encoding="utf-8")
    after = change(before)
    assert after != before, "the edit must change the file"
    path.write_text(after, encoding="utf-8")


EDITS = {
    "body": lambda text: text + "\nEen nieuwe alinea in de tekst.\n",
    "explanation": lambda text: re.sub(r"toelichting: ", "toelichting: Bewerkt. ", text, count=1),
    "title": lambda text: re.sub(r"^titel: .*$", "titel: Een nieuwe titel", text, count=1, flags=re.M),
    "lesson": lambda text: text.replace("## Lessen\n", "## Lessen\n\n- Een nieuwe les.\n", 1),
    "period": lambda text: re.sub(r"start: \d+", "start: 2001", text, count=1),
    "tag removed": lambda text: re.sub(r"\n  - id: middelen\n(    .*\n)*", "\n", text, count=1),
}


@pytest.mark.parametrize("kind", EDITS)
def test_an_edit_made_from_memory_gives_the_pages_of_a_fresh_render(preview, kind):
    edit(preview.project, "donderberg-roermond", EDITS[kind])
    after = preview.render()
    assert not preview.catalog.errors, "the edit leaves a valid case"
    assert after == fresh_render(preview.project)


def test_files_whose_bytes_did_not_change_are_not_checked_again_whatever_their_stamps(preview):
    """copy_project wrote every file just before the first load: too recent for their
    stamps alone to be trusted. Their bytes decide, as for a touched file, so the first
    save does not check every case again; an edited file is checked again."""
    first = {record.slug: record for record in preview.catalog.cases}
    touched = preview.project.cases_dir / "selwerd-groningen.md"
    os.utime(touched, ns=(time.time_ns(), time.time_ns()))  # a new stamp, the same bytes
    edit(preview.project, "mom-tilburg", EDITS["body"])
    preview.render()
    again = {record.slug: record for record in preview.catalog.cases}
    assert again["mom-tilburg"] is not first["mom-tilburg"]
    assert [slug for slug in first if slug != "mom-tilburg" and again[slug] is not first[slug]] == []


def test_a_body_edit_makes_only_that_case_page_again(preview):
    edit(preview.project, "selwerd-groningen", EDITS["body"])
    preview.render()
    made_pages = [name[1] for name in preview.memory.made if name[0] == "page"]
    assert made_pages == ["casussen/selwerd-groningen.md"]


def test_an_explanation_edit_makes_the_case_and_its_term_pages_again_not_every_page(preview):
    edit(preview.project, "selwerd-groningen", EDITS["explanation"])
    preview.render()
    made_pages = {name[1] for name in preview.memory.made if name[0] == "page"}
    assert "casussen/selwerd-groningen.md" in made_pages
    assert any(path.startswith(("bouwstenen/", "dragers/", "stappen/")) for path in made_pages)
    assert "casussen/mom-tilburg.md" not in made_pages
    assert "overzicht/matrix.md" not in made_pages  # the matrix shows no explanations


def test_added_and_deleted_cases_match_a_fresh_render(preview):
    cases = preview.project.cases_dir
    (cases / "nieuwe-wijk.md").write_text((cases / "mom-tilburg.md").read_text(encoding="utf-8")
                                          .replace("titel: ", "titel: Nieuwe wijk ", 1), encoding="utf-8")
    (cases / "selwerd-groningen.md").unlink()
    after = preview.render()
    assert after == fresh_render(preview.project)
    assert "casussen/nieuwe-wijk.md" in after and "casussen/selwerd-groningen.md" not in after


def test_a_broken_save_keeps_the_previous_version_and_reports_where(preview):
    before = preview.render()
    edit(preview.project, "selwerd-groningen", lambda text: text.replace("titel:", "titel: [", 1))
    after = preview.render()
    assert after["casussen/selwerd-groningen.md"] == before["casussen/selwerd-groningen.md"]
    assert preview.catalog.kept_previous == ["cases/selwerd-groningen.md"]
    located = [d.as_text() for d in preview.catalog.errors]
    assert located and all(re.match(r"cases/selwerd-groningen\.md:\d+:\d+: WW\d{3} ", text) for text in located)
    edit(preview.project, "selwerd-groningen", lambda text: text.replace("titel: [", "titel:", 1))
    assert preview.render() == fresh_render(preview.project)
    assert preview.catalog.kept_previous == []


def test_a_long_list_of_cases_is_split_into_numbered_pages(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "CASES_PER_PAGE", 3)
    project = copy_project(tmp_path / "project")
    rendered = fresh_render(project)
    follow_ups = sorted((path for path in rendered if path.startswith("bouwstenen/gedeelde-visie/pagina-")),
                        key=lambda path: int(re.search(r"pagina-(\d+)", path).group(1)))  # 2 before 10
    assert follow_ups, "gedeelde visie has more than three cases in the bundled content"
    term_pages = ["bouwstenen/gedeelde-visie.md", *follow_ups]
    listed = [re.findall(r"^### \[.*?\]\(.*?casussen/([a-z0-9-]+)\.md\)", rendered[path], flags=re.M)
              for path in term_pages]
    assert all(1 <= len(slugs) <= 6 for slugs in listed)  # pages.page_breaks: up to twice CASES_PER_PAGE
    every = [slug for slugs in listed for slug in slugs]
    assert len(every) == len(set(every))  # each case on exactly one page
    total = int(re.search(r"## Casussen \((\d+)\)", rendered[term_pages[0]]).group(1))
    assert len(every) == total
    assert "[Volgende pagina](gedeelde-visie/pagina-2.md)" in rendered[term_pages[0]]
    assert "[Vorige pagina](../gedeelde-visie.md)" in rendered[term_pages[1]]
    assert f"pagina {len(term_pages)}" in rendered[term_pages[-1]].split("\n# ", 1)[1].splitlines()[0]


def test_a_case_added_to_a_long_list_changes_its_own_page_and_the_first_not_the_pages_after_it(
        tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "CASES_PER_PAGE", 3)
    preview = Preview(copy_project(tmp_path / "project"))
    before = preview.render()
    cases = preview.project.cases_dir
    # "Aaa" sorts first in every list of the copied case's terms, so with fixed
    # pages every page of those terms would change.
    (cases / "aaa-nieuw.md").write_text((cases / "mom-tilburg.md").read_text(encoding="utf-8")
                                        .replace("titel: ", "titel: Aaa ", 1), encoding="utf-8")
    after = preview.render()
    assert after == fresh_render(preview.project)
    made = [name[1] for name in preview.memory.made if name[0] == "page"]
    long_lists = {path.split("/pagina-")[0] for path in before if "/pagina-" in path}
    checked = 0
    for term in long_lists:
        follow_ups = [path for path in made if path.startswith(term + "/pagina-")]
        pages_of_term = [path for path in after if path.startswith(term + "/pagina-")]
        if "aaa-nieuw" not in "".join(after[path] for path in [term + ".md", *pages_of_term]):
            continue
        checked += 1
        assert len(pages_of_term) > 2, term  # long enough to tell
        assert len(follow_ups) <= 2, (term, follow_ups)
    assert checked, "the copied case is on a long list"


def test_page_breaks_move_with_the_cases_not_with_their_positions(monkeypatch):
    import random

    monkeypatch.setattr(pages, "CASES_PER_PAGE", 50)
    pick = random.Random(7)
    word = lambda: "".join(pick.choice("abcdefghijklmnop") for _ in range(10))  # noqa: E731
    slugs = sorted(word() for _ in range(2000))
    before = {tuple(page) for page in pages.page_breaks(slugs, str)}
    assert all(20 <= len(page) <= 100 for page in before)
    changed = []
    for n in range(200):
        added = pages.page_breaks(sorted([*slugs, word()]), str)
        removed = pages.page_breaks(slugs[:n * 7] + slugs[n * 7 + 1:], str)
        changed += [sum(tuple(page) not in before for page in after) for after in (added, removed)]
    assert max(changed) <= 4 and sum(changed) / len(changed) < 1.5  # fixed pages of 50: 20 on average
    assert pages.page_breaks(slugs[:50], str) == [slugs[:50]]  # a list that fits stays one page


def test_parts_of_a_reused_file_are_remembered_for_the_next_change(preview):
    """The open data files are reused whole after a body edit; when an explanation
    changes next, only that case's CSV row is made again, not every row."""
    edit(preview.project, "donderberg-roermond", EDITS["body"])
    preview.render()
    edit(preview.project, "donderberg-roermond", EDITS["explanation"])
    preview.render()
    assert [name for name in preview.memory.made if name[0] == "csv"] == [("csv", "donderberg-roermond")]


# --- the same, in the site source: what a preview writes for the engine to see -----------

def source_files(folder) -> dict[str, bytes]:
    """Every file of a source folder that the pipeline writes (not the engine's own)."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for managed in ("docs", "overrides") for path in sorted((folder / managed).rglob("*"))
            if path.is_file()} | {"mkdocs.yml": (folder / "mkdocs.yml").read_bytes()}


@pytest.mark.slow
def test_a_preview_writes_only_what_a_save_changed_and_the_source_a_fresh_run_makes(tmp_path):
    """The engine's live reload rebuilds what changed in the source folder: a save must
    rewrite exactly the files whose bytes change, and leave the folder as a fresh
    run of the pipeline makes it (deleted pages gone, new ones there)."""
    from site_builder.build import site_source
    from site_builder.website.engines import engine_named
    from site_builder.website.preview import PREVIEW_SCRIPT, PreviewSession, preview_status

    project = copy_project(tmp_path / "project")
    session = PreviewSession(project, engine_named("mkdocs"))
    session.regenerate()
    cases = project.cases_dir
    changes = [
        lambda: edit(project, "selwerd-groningen", EDITS["body"]),
        lambda: edit(project, "mom-tilburg", EDITS["explanation"]),
        lambda: (cases / "nieuwe-wijk.md").write_text((cases / "mom-tilburg.md").read_text(encoding="utf-8")
                                                      .replace("titel: ", "titel: Nieuwe wijk ", 1), encoding="utf-8"),
        lambda: (cases / "donderberg-roermond.md").unlink(),
    ]
    for number, change in enumerate(changes):
        before = source_files(session.folder)
        change()
        written = session.regenerate().written
        after = source_files(session.folder)
        assert sorted(written) == sorted(path for path in after if after[path] != before.get(path))
        if number == 0:  # a body edit: the case page, and no other page
            assert [path for path in written if path.endswith(".md")] == ["docs/casussen/selwerd-groningen.md"]
        catalog = load_catalog(project)
        fresh = site_source(project, catalog, session.engine, session.boundary,
                            extra_pages=(preview_status(catalog),), extra_javascript=(PREVIEW_SCRIPT,),
                            titled_nav=session.engine.serves_dirty)
        assert after == {path: content.read_bytes() if hasattr(content, "read_bytes") else content
                         for path, content in fresh.files.items()}
    assert not (session.folder / "docs" / "casussen" / "donderberg-roermond.md").exists()
    assert (session.folder / "docs" / "casussen" / "nieuwe-wijk.md").exists()
