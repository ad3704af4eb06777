"""The lessons of a case: the items of its "Lessen" section, one lesson per item.

The website gathers them on the page of every building block, carrier and step the
case shows, each linked to its case, so a reader of "Lange adem" sees what the cases
with a long horizon learned. A section written as prose instead of a list gives one
lesson: the whole text.
"""

from __future__ import annotations

from ..content.catalog import CaseRecord
from ..content.validate import PLACEHOLDER_MARKER
from .sections import sections_of
from ..content.vocabulary import fold

LESSONS_SECTION = "Lessen"
_BULLETS = ("- ", "* ", "+ ")


def _starts_item(line: str) -> str | None:
    """The item text if the line opens a list item (`- x`, `* x`, `1. x`), else None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return None
    if stripped.startswith(_BULLETS):
        return stripped[2:]
    digits = len(stripped) - len(stripped.lstrip("0123456789"))
    if 0 < digits <= 9 and stripped[digits: digits + 2] in (". ", ") "):
        return stripped[digits + 2:]
    return None


def lessons_of(record: CaseRecord) -> list[str]:
    """The lessons as Markdown text, in the order written; placeholders left out."""
    section = next((s for s in sections_of(record.body) if fold(s.title) == fold(LESSONS_SECTION)), None)
    if section is None:
        return []
    items: list[list[str]] = []
    prose: list[str] = []
    for line in section.lines:
        if line.lstrip().startswith("#"):
            break  # a subsection ends the list of lessons
        opened = _starts_item(line)
        if opened is not None:
            items.append([opened.strip()])
        elif items and line.strip() and line.startswith((" ", "\t")):
            items[-1].append(line.strip())  # a continuation line of the item
        elif line.strip() and not items:
            prose.append(line.strip())
    found = [" ".join(item) for item in items] or ([" ".join(prose)] if prose else [])
    return [lesson for lesson in found if lesson and PLACEHOLDER_MARKER not in lesson]
