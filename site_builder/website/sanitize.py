"""The one sanitising boundary between case data and the HTML of the site (nh3).

Runs inside the MkDocs build (`on_page_content`), after Markdown rendering and
before the theme wraps the page. Everything of a generated page that the theme
renders passes here: the body (`sanitize_html`), the table of contents in the
sidebar (`sanitize_toc`: theme templates print its labels unescaped) and the
title (`pages.page_header` neutralises it for every template). Whatever a case
file contains, even if nobody ran `wijkwijzer check`, no `<script>`,
event-handler attribute, `javascript:` URL or id the theme relies on (Material's
`__config`, the site's `ww-` hooks) survives: the allow-lists below are all
that passes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import nh3

from ..content.body_scan import url_scheme
from ..content.case_markdown import is_heading_id

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "svg", "path", "nav",
    # Static SVG shapes for the overview charts (overviews/). Nothing that runs,
    # animates, embeds or references other documents: no script, style, use,
    # image, foreignObject, animate or set.
    "g", "rect", "circle", "line", "polygon", "text", "tspan", "title",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},  # id: only those `allowed_id` accepts
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "details": {"open"},
    "span": {"aria-hidden", "aria-current"},
    "nav": {"aria-label"},  # the breadcrumb of a generated page (templates/pages/macros.md)
    "svg": {"viewBox", "width", "height", "aria-hidden", "aria-label", "role", "focusable"},
    "g": {"transform", "aria-hidden", "data-start", "data-lengte", "data-volgorde"},
    "path": {"d"},
    "rect": {"x", "y", "width", "height", "rx"},
    "circle": {"cx", "cy", "r"},
    "line": {"x1", "y1", "x2", "y2"},
    "polygon": {"points"},
    "text": {"x", "y", "text-anchor"},
}
URL_SCHEMES = {"http", "https", "mailto"}
SAFE_SCHEMES = tuple(f"{scheme}:" for scheme in URL_SCHEMES)
URL_ATTRIBUTES = {"href", "src"}


# The anchors of a case's numbered sources (content/citations.py), on case pages too.
SOURCE_ANCHOR = re.compile(r"bron-[1-9][0-9]{0,2}")
# Ids that the site's own renderers write on generated pages (overviews.py).
OWN_ID = re.compile(r"ww-[a-z0-9-]+\Z")


def ids_allowed_on(heading_ids: Iterable[str], own_ids: bool) -> Callable[[str], bool]:
    """Which ids a page may carry: its headings' ids (from the toc extension), the
    anchors of its numbered sources (`bron-1`: references in the text link to them;
    no theme or script relies on them) and, on pages without a case body, the site's
    own `ww-` hooks."""
    headings = frozenset(heading_ids)
    return lambda value: (value in headings or bool(SOURCE_ANCHOR.fullmatch(value))
                          or (own_ids and bool(OWN_ID.match(value))))


def sanitize_html(html: str, allowed_id: Callable[[str], bool] | None = None) -> str:
    """Keep safe markup only; drop scripts with their content, handlers, bad URLs and
    every id that `allowed_id` does not accept (by default: none)."""
    allowed_id = allowed_id or (lambda value: False)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and not allowed_id(value):
            return None
        # nh3 reads `java<TAB>script:` as a relative URL; a browser drops the tab and
        # runs it. So the scheme is read here the way a browser reads it.
        if attribute in URL_ATTRIBUTES and url_scheme(value) not in ("", *SAFE_SCHEMES):
            return None
        return value

    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def plain_html_text(html: str) -> str:
    """Markup reduced to its text, escaped for HTML: what a label in the theme may be."""
    return nh3.clean(html, tags=set(), attributes={}, strip_comments=True)


def sanitize_toc(toc) -> list[str]:
    """Make the table of contents (MkDocs `AnchorLink`s) safe to print unescaped.

    Labels become plain escaped text; an entry whose id is not a heading id of
    our making is dropped with its children. Returns the ids that remain."""
    kept_ids: list[str] = []

    def clean(items: list) -> list:
        kept = []
        for item in items:
            if not is_heading_id(str(item.id)):
                continue
            item.title = plain_html_text(str(item.title))
            item.children[:] = clean(list(item.children))
            kept_ids.append(item.id)
            kept.append(item)
        return kept

    toc.items[:] = clean(list(toc.items))
    return kept_ids
