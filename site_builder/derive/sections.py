"""A case body's sections, read once for the derive stage's several questions.

The quality criteria (one per recommended section) and the lessons all look at
the same body's sections; parsing the body for each of them was four parses per
case, a few seconds at thousands of cases. The last bodies asked about are kept,
so the criteria of one case share one parse.
"""

from __future__ import annotations

import functools

from ..content.validate import PLACEHOLDER_MARKER, Section, body_sections
from ..content.vocabulary import fold


@functools.lru_cache(maxsize=64)
def sections_of(body: str) -> tuple[Section, ...]:
    return tuple(body_sections(body))


def section_text(body: str, title: str) -> str | None:
    """The Markdown under one heading of the body (its subsections included, placeholder
    lines left out), or None when the body has no such section with text of its own."""
    section = next((s for s in sections_of(body) if fold(s.title) == fold(title)), None)
    if section is None or not section.has_own_text:
        return None
    return "\n".join(line for line in section.lines if PLACEHOLDER_MARKER not in line).strip()
