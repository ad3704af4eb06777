"""Case text on another page than its case's own: rendered in the case dialect, cleaned, as HTML.

Part of the render-pages stage (pages.py calls it for the lessons on a building
block's, carrier's or step's page). A lesson is Markdown from a case body. Left as
Markdown in a generated page, the engine would read it in the site's dialect
(attr_list, md_in_html, snippets): syntax that `check` reads in the case dialect
only could then set an id the site's scripts look up, or load a file from
elsewhere. So it is rendered here, by the reading `check` uses
(content/markdown_text.py, content/case_markdown.py), its references `[bron 1]`
linked to the case page's numbered sources, and cleaned by the sanitiser's rules
with no id at all. The template places the result inside a raw HTML block, which
no engine's Markdown reads again; the page is sanitised after the engine as well.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from ..content.citations import link_citations, source_anchor
from ..content.markdown_text import render_html
from .sanitize import sanitize_html

PARAGRAPH_OPEN, PARAGRAPH_CLOSE = "<p>", "</p>"


def case_text_html(markdown: str, source_count: int, case_href: str) -> Markup:
    """One piece of a case's text (a lesson) as safe HTML: references link to the
    numbered sources on the case page at `case_href` (relative to the page that shows
    it); no element keeps an id. A single paragraph is given without its `<p>`, so it
    reads as a line of a list."""
    return Markup(_rendered(markdown, source_count, case_href))


# A lesson shows on the page of every term its case is tagged with (a handful), and every
# first page of a term links to a case page by the same relative address: each lesson is
# rendered about once per build (Python-Markdown: a millisecond or two a lesson). Room for
# the lessons of some 10,000 cases at two depths of page.
@functools.lru_cache(maxsize=50_000)
def _rendered(markdown: str, source_count: int, case_href: str) -> str:
    linked = link_citations(markdown, source_count, lambda number: f"{case_href}#{source_anchor(number)}")
    html = sanitize_html(render_html(linked)).strip()
    inner = html[len(PARAGRAPH_OPEN): -len(PARAGRAPH_CLOSE)]
    if html.startswith(PARAGRAPH_OPEN) and html.endswith(PARAGRAPH_CLOSE) and PARAGRAPH_OPEN not in inner:
        return inner
    return html
