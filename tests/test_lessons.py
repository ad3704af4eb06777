"""Lessons: the items of a case's "Lessen" section, gathered for the building-block pages."""

from __future__ import annotations

import pytest

from site_builder.content.catalog import load_catalog
from site_builder.derive.lessons import lessons_of

FRONT = """---
titel: Les
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
samenvatting: Lessen.
bouwstenen: [{id: middelen, toelichting: Geld., grond: duiding}]
bronnen: [{titel: Een bron}]
---
"""


def lessons_for(project, tmp_path, body: str) -> list[str]:
    path = tmp_path / "les.md"
    path.write_text(FRONT + body, encoding="utf-8")
    [record] = load_catalog(project, [path]).cases
    return lessons_of(record)


def test_each_list_item_is_one_lesson_with_its_continuation_lines(project, tmp_path):
    body = ("## Aanpak\n\n- geen les\n\n## Lessen\n\n- Eerste les [bron 1].\n- Tweede les,\n"
            "  over twee regels.\n1. Genummerd.\n\n## Daarna\n\n- ook geen les\n")
    assert lessons_for(project, tmp_path, body) == [
        "Eerste les [bron 1].", "Tweede les, over twee regels.", "Genummerd."]


def test_prose_lessons_are_one_lesson_and_placeholders_none(project, tmp_path):
    assert lessons_for(project, tmp_path, "## Lessen\n\nGeduld loont.\nEcht.\n") == ["Geduld loont. Echt."]
    assert lessons_for(project, tmp_path, "## Lessen\n\nNOG TE SCHRIJVEN: wat werkte?\n") == []
    assert lessons_for(project, tmp_path, "## Aanleiding\n\nTekst.\n") == []


@pytest.mark.parametrize("slug", ["donderberg-roermond", "tweekelerveld-enschede"])
def test_bundled_cases_have_lessons(project, slug):
    record = load_catalog(project).by_slug()[slug]
    lessons = lessons_of(record)
    assert lessons and all(lesson[0].isupper() for lesson in lessons)

