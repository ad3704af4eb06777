"""The engine stage hands on each page the engine has finished, while it writes the
next ones (site_builder/website/written_pages.py, build.run_engine_beside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.build import run_engine_beside
from site_builder.website.engines import ENGINE_NAMES, engine_named
from site_builder.website.written_pages import WrittenPages, is_written

PAGE = "<!doctype html>\n<html lang='nl'><body><h1>Casus</h1><p>{text}</p></body>\n</html>\n"


def test_a_page_counts_as_written_only_once_its_closing_html_tag_is_there(tmp_path):
    page = tmp_path / "casussen" / "een" / "index.html"
    whole = PAGE.format(text="Bewoners praten mee. " * 40)
    pages = WrittenPages(tmp_path, ["casussen/een/index.html", "casussen/twee/index.html"])
    assert pages.newly_written() == []  # neither folder exists yet
    page.parent.mkdir(parents=True)
    page.write_text(whole[:len(whole) // 2], encoding="utf-8")  # the engine is halfway
    assert not is_written(page)
    assert pages.newly_written() == []
    page.write_text(whole, encoding="utf-8")
    assert pages.newly_written() == [Path("casussen/een/index.html")]
    assert pages.newly_written() == []  # handed on once


def test_after_the_engine_the_rest_are_the_pages_not_handed_on_yet(tmp_path):
    for name in ("index.html", "404.html", "casussen/een/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(PAGE.format(text=name), encoding="utf-8")
    pages = WrittenPages(tmp_path, ["index.html", "casussen/een/index.html"])
    assert pages.newly_written() == [Path("index.html"), Path("casussen/een/index.html")]
    # 404.html was not expected (no Markdown page of the source): found once the engine ended.
    assert pages.the_rest() == [Path("404.html")]
    assert pages.the_rest() == []


@pytest.mark.parametrize("engine", ENGINE_NAMES)
def test_every_page_a_real_engine_writes_is_handed_on_once_and_whole(tmp_path, engine):
    source = tmp_path / "bron"
    (source / "docs" / "casussen").mkdir(parents=True)
    (source / "mkdocs.yml").write_text("site_name: Wijken\ntheme:\n  name: material\n  language: nl\n",
                                       encoding="utf-8")
    markdown = {"index.md": "# Wijken\n\nPraktijk.\n"}
    markdown.update({f"casussen/wijk-{number}.md": f"# Wijk {number}\n\n" + "Bewoners praten mee. " * 200
                     for number in range(12)})
    for name, text in markdown.items():
        (source / "docs" / name).write_text(text, encoding="utf-8")
    expected = ["index.html", *(f"casussen/wijk-{number}/index.html" for number in range(12))]
    staging = tmp_path / "site"
    staging.mkdir()
    handed: list[Path] = []

    def each_page(page: Path) -> None:
        assert is_written(staging / page), page  # never a page the engine is still writing
        handed.append(page)

    run_engine_beside(engine_named(engine), source / "mkdocs.yml", staging, True, expected, each_page)
    written = sorted(path.relative_to(staging) for path in staging.rglob("*.html"))
    assert sorted(handed) == written  # every page, each once
    assert set(map(Path, expected)) <= set(written)
