"""Sanitise the rendered HTML of generated pages with nh3 (ammonia).

Runs inside the MkDocs build (`on_page_content`), after Markdown rendering and
before the theme wraps the page. Whatever a case file contains, even if nobody
ran `wijkwijzer check`, no `<script>`, event-handler attribute or
`javascript:` URL survives: the allow-list below is all that passes.
"""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "svg", "path",
    # Static SVG shapes for the overview charts (overviews/). Nothing that runs,
    # animates, embeds or references other documents: no script, style, use,
    # image, foreignObject, animate or set.
    "g", "rect", "circle", "line", "polygon", "text", "tspan", "title",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "ol": {"start"},
    "details": {"open"},
    "span": {"aria-hidden"},
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


def sanitize_html(html: str) -> str:
    """Keep safe markup only; drop scripts with their content, handlers and bad URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
