"""What a rendered body holds: its links and heading ids, as the build reads them.

Part of the validate stage: a body within the limits of body_scan.py is rendered in
the case dialect (`case_markdown`), so `check` refuses the links the strict build
would refuse.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser

from .body_scan import SCRIPT_SCHEMES, URL_SCHEMES, Finding, url_scheme


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if (tag, name) in (("a", "href"), ("img", "src")):
                self.links.append(value)
            elif name == "id":
                self.ids.add(value)


def rendered_links(body: str) -> tuple[list[str], set[str]]:
    """Render the body in the case dialect; its link targets and heading ids."""
    # Imported here: Python-Markdown takes a noticeable part of `check`'s start-up,
    # and most bodies are never rendered (see _LINK_MARKERS).
    from .case_markdown import case_markdown

    collector = _LinkCollector()
    collector.feed(case_markdown().convert(body))
    collector.close()
    return collector.links, collector.ids


# Every way the case dialect makes a link or image contains one of these: inline
# `[x](url)`, a reference definition `[x]: url`, an autolink or raw HTML `<...>`.
# A body without any of them renders no link, so it need not be rendered to check
# its links: a render costs milliseconds, and `check` reads thousands of bodies.
_LINK_MARKERS = ("](", "]:", "<")


def link_findings(body: str) -> list[Finding]:
    """Links and images the site would refuse or that could run script."""
    if not any(marker in body for marker in _LINK_MARKERS):
        return []
    links, ids = rendered_links(body)
    found = []
    for url in links:
        where = _find_url(body, url)
        scheme = url_scheme(url)
        if scheme in SCRIPT_SCHEMES:
            found.append(Finding("WW304", where, f"link met '{scheme}' is niet toegestaan"))
        elif scheme in URL_SCHEMES:
            continue
        elif url.startswith("#") and url[1:] in ids:
            continue
        else:
            found.append(Finding("WW330", where, f"link '{_shorten(url)}' wijst niet naar een volledig adres",
                                 "gebruik een volledig adres (https://...); verwijzingen naar "
                                 "andere pagina's of bestanden van de site werken vanuit een casus niet"))
    return found


def _find_url(body: str, url: str) -> int:
    for needle in (url, html.escape(url, quote=False), url[:12]):
        index = body.find(needle) if needle else -1
        if index >= 0:
            return index
    return 0


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
