"""Numbered references to a case's sources inside its text: `[bron 1]`, `[bron 2, p. 14]`.

A contributor puts one after a paragraph to say where it comes from; the number is
the source's place in `bronnen` (1 is the first). The checker verifies the numbers
(WW113) and warns when a case with several sources cites none (WW320); the website
turns each reference into a link to the numbered source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Linear: a fixed prefix, at most three digits and a bounded, bracket-free location.
CITATION = re.compile(r"\[bron (\d{1,3})(?:, ?([^\]\n]{1,60}))?\]", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    number: int  # 1-based place in `bronnen`
    location: str | None  # as written, e.g. "p. 14"
    offset: int  # character offset in the body
    text: str  # the reference as written, e.g. "[bron 1, p. 14]"


def citations_in(body: str) -> list[Citation]:
    return [Citation(int(match.group(1)), match.group(2), match.start(), match.group(0))
            for match in CITATION.finditer(body)]


def source_anchor(number: int) -> str:
    """The id of a numbered source in the list on the case page."""
    return f"bron-{number}"


def link_citations(body: str, source_count: int, href=None) -> str:
    """The body with each valid reference written as a Markdown link to its source.

    `[bron 2, p. 14]` becomes `[[2, p. 14]](#bron-2)`; `href(number)` gives another
    address (a lesson quoted on another page links to the case page's source). A
    number outside `bronnen` stays as written (the checker refuses such a case).
    """
    def link(match: re.Match) -> str:
        number = int(match.group(1))
        if not 1 <= number <= source_count:
            return match.group(0)
        label = f"{number}, {match.group(2)}" if match.group(2) else str(number)
        label = label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        address = href(number) if href else f"#{source_anchor(number)}"
        return f"[\\[{label}\\]]({address})"

    return CITATION.sub(link, body)
