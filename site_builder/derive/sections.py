"""A case body's sections, read once for the derive stage's several questions.

The quality criteria (one per recommended section) and the lessons all look at
the same body's sections; parsing the body for each of them was four parses per
case, a few seconds at thousands of cases. The last bodies asked about are kept,
so the criteria of one case share one parse.
"""

from __future__ import annotations

import functools

from ..content.validate import Section, body_sections


@functools.lru_cache(maxsize=64)
def sections_of(body: str) -> tuple[Section, ...]:
    return tuple(body_sections(body))
