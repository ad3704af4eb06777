"""Numbered references to a case's sources inside its text: `[bron 1]`, `[bron 2, p. 14]`,
and several in one bracket, separated by semicolons: `[bron 2; bron 3, p. 5]`.

A contributor puts one after a paragraph to say where it comes from; the number is
the source's place in `bronnen` (1 is the first). The checker verifies the numbers
(WW113) and warns when a case with several sources cites none (WW320); the website
turns each reference into a link to the numbered source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One reference: a source number and, after a comma, where in it ("p. 14").
REFERENCE = r"bron (\d{1,3})(?:, ?([^\]\n;]{1,60}))?"
# A bracket of one to ten references. Linear: fixed prefixes, at most three digits, and a
# bounded location that holds no bracket and no semicolon (the separator).
CITATION = re.compile(rf"\[{REFERENCE}(?:; ?{REFERENCE}){{0,9}}\]", re.IGNORECASE)
ONE_REFERENCE = re.compile(REFERENCE, re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    number: int  # 1-based place in `bronnen`
    location: str | None  # as written, e.g. "p. 14"
    offset: int  # character offset in the body
    text: str  # the reference as written, e.g. "[bron 1, p. 14]"


def references_in(match: re.Match) -> list[re.Match]:
    """The references of one bracket, each with its offset in the bracket."""
    return list(ONE_REFERENCE.finditer(match.group(0)))


def citations_in(body: str) -> list[Citation]:
    """Every reference, at its bracket (the first of a bracket) or at its own `bron`."""
    return [Citation(int(reference.group(1)), reference.group(2),
                     match.start() + (reference.start() if index else 0), f"[{reference.group(0)}]")
            for match in CITATION.finditer(body) for index, reference in enumerate(references_in(match))]


def source_anchor(number: int) -> str:
    """The id of a numbered source in the list on the case page."""
    return f"bron-{number}"


def link_citations(body: str, source_count: int, href=None) -> str:
    """The body with each valid reference written as a Markdown link to its source.

    `[bron 2, p. 14]` becomes `[[2, p. 14]](#bron-2)`, and `[bron 2; bron 3]` a link per
    source, `[[2]](#bron-2) [[3]](#bron-3)`; `href(number)` gives another address (a
    lesson quoted on another page links to the case page's source). A bracket with a
    number outside `bronnen` stays as written (the checker refuses such a case).
    """
    def link(reference: re.Match) -> str:
        number = int(reference.group(1))
        label = f"{number}, {reference.group(2)}" if reference.group(2) else str(number)
        label = label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        address = href(number) if href else f"#{source_anchor(number)}"
        return f"[\\[{label}\\]]({address})"

    def link_all(match: re.Match) -> str:
        references = references_in(match)
        if not all(1 <= int(reference.group(1)) <= source_count for reference in references):
            return match.group(0)
        return " ".join(link(reference) for reference in references)

    return CITATION.sub(link_all, body)
