"""The sanitise stage: the one boundary between case content and the published HTML (nh3).

Runs after the engine, over the HTML it wrote (build.build_site), whatever the
engine: every page made from case content (the render stage marks them, and
their meta tells the theme) is read back, and only its parts made from case
content are cleaned; the theme's own markup around them (header, search box,
navigation, scripts) stays as the engine wrote it. The theme marks those parts
with this build's boundary, a random value no case can know
(theme/partials/content.html, theme_variant/*/partials/toc-item.html):

  content   the page's content: only the tags and attributes allowed below pass;
            no `<script>`, event handler, `javascript:` URL, nothing that loads from
            another host (`src` must stay on the site: no scheme, no `//host`), and
            no id but heading ids, the numbered source anchors (`bron-1`) and, on a
            listing, the site's own `ww-` hooks; never Material's `__config`;
  labels    the table of contents' entries and their aria-labels: plain text;
  links     the table of contents' links: to a heading id, or nowhere.

One pass over the page finds the markers (`str.find`), and nh3 (html5ever) cleans
each part: linear in the page. A listed page without its markers stops the build:
the boundary never silently lets a page through.
"""

from __future__ import annotations

import html as html_text
import re
from collections.abc import Callable
from pathlib import Path

import nh3

from ..content.case_markdown import is_heading_id
from ..errors import BuildFailed, UnmarkedPage

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
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

# The anchors of a case's numbered sources (content/citations.py), on case pages too.
SOURCE_ANCHOR = re.compile(r"bron-[1-9][0-9]{0,2}")
# Ids that the site's own renderers write on generated pages (overviews.py).
OWN_ID = re.compile(r"ww-[a-z0-9-]+\Z")
# What a browser drops from a URL before reading it: ASCII whitespace and C0 controls.
URL_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")


def allowed_ids(own_ids: bool) -> Callable[[str, str], bool]:
    """Which ids an element of a page made from case content may carry: a heading's own
    id (as the toc extension makes them, never one the theme or scripts look up), the
    anchors of the numbered sources (`bron-1`: references in the text link to them) and,
    on pages without a case body, the site's own `ww-` hooks."""
    return lambda tag, value: ((tag in HEADINGS and is_heading_id(value))
                               or bool(SOURCE_ANCHOR.fullmatch(value))
                               or (own_ids and bool(OWN_ID.match(value))))


def browser_url(value: str) -> str:
    """A URL as a browser reads it: entities decoded, whitespace and controls dropped,
    backslashes read as slashes, lower case."""
    return URL_IGNORED.sub("", html_text.unescape(value)).replace("\\", "/").lower()


def is_safe_link(value: str) -> bool:
    """A link may go anywhere on the web or to an e-mail address, but never run code."""
    scheme = SCHEME.match(browser_url(value))
    return scheme is None or scheme.group()[:-1] in URL_SCHEMES


def stays_on_site(value: str) -> bool:
    """What a page loads (an image) comes from the site itself: no scheme, no `//host`."""
    url = browser_url(value)
    return SCHEME.match(url) is None and not url.startswith("//")


def sanitize_html(html: str, allowed_id: Callable[[str, str], bool] | None = None) -> str:
    """Keep safe markup only; drop scripts with their content, handlers, bad URLs, what
    would load from another host, and every id that `allowed_id(tag, value)` refuses
    (by default: all)."""
    allowed_id = allowed_id or (lambda tag, value: False)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and not allowed_id(tag, value):
            return None
        if attribute == "href" and not is_safe_link(value):
            return None
        if attribute == "src" and not stays_on_site(value):
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
    """Markup reduced to its text, escaped for HTML (quotes too: it may stand in an
    attribute): what a label in the theme may be."""
    text = html_text.unescape(nh3.clean(html, tags=set(), attributes={}, strip_comments=True))
    return html_text.escape(text, quote=True)


def toc_link(url: str) -> str:
    """A table of contents' link: to a heading's own id, or nowhere (`#`): an entry
    never points at an id the theme or the site's scripts use (the sanitised content
    no longer carries such an id anyway)."""
    text = html_text.unescape(url)
    return plain_html_text(text) if text.startswith("#") and is_heading_id(text[1:]) else "#"


def sanitize_written_page(page: str, boundary: str, own_ids: bool) -> str:
    """A written page with every part between the boundary's markers cleaned."""
    content_id = allowed_ids(own_ids)
    page = clean_between(page, f"<!--ww-begin:{boundary}-->", f"<!--ww-end:{boundary}-->",
                         lambda part: sanitize_html(part, content_id))
    page = clean_between(page, f"<!--ww-link-begin:{boundary}-->", f"<!--ww-link-end:{boundary}-->",
                         toc_link, required=False)
    return clean_between(page, f"<!--ww-label-begin:{boundary}-->", f"<!--ww-label-end:{boundary}-->",
                         plain_html_text, required=False)


def clean_between(page: str, begin: str, end: str, clean: Callable[[str], str], required: bool = True) -> str:
    """`page` with each part from a `begin` marker to the next `end` marker cleaned and
    the markers removed; a `begin` without its `end` (or none at all, when `required`)
    is refused."""
    pieces = []
    position = 0
    while (start := page.find(begin, position)) >= 0:
        stop = page.find(end, start + len(begin))
        if stop < 0:
            raise UnmarkedPage("een begin zonder einde")
        pieces += [page[position:start], clean(page[start + len(begin):stop])]
        position = stop + len(end)
    if required and position == 0:
        raise UnmarkedPage("geen markering")
    pieces.append(page[position:])
    return "".join(pieces)


def sanitize_page(site_dir: Path, relative: str, own_ids: bool, boundary: str) -> None:
    """Clean one written page made from case content, in place. `own_ids`: whether it may
    keep the site's own `ww-` ids (a listing: yes; a case page: no)."""
    path = site_dir / relative
    try:
        written = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildFailed(f"de engine schreef de pagina {relative} niet") from None
    try:
        cleaned = sanitize_written_page(written, boundary, own_ids)
    except UnmarkedPage as problem:
        raise UnmarkedPage(f"{relative}: het thema markeert de inhoud van deze pagina niet "
                           f"({problem.format_message()}); zonder markering kan ze niet worden "
                           "opgeschoond") from None
    path.write_text(cleaned, encoding="utf-8")


class SiteSanitiser:
    """The sanitise stage over a written site: `pages` are the HTML files (relative to
    the site, with slashes) made from case content, each with its `own_ids`. Pages are
    cleaned one by one as the site search reaches them (`clean`), the rest at the end
    (`clean_the_rest`)."""

    def __init__(self, site_dir: Path, pages: dict[str, bool], boundary: str) -> None:
        self.site_dir, self.boundary = site_dir, boundary
        self.waiting = dict(pages)

    def clean(self, page: Path) -> None:
        own_ids = self.waiting.pop(page.as_posix(), None)
        if own_ids is not None:
            sanitize_page(self.site_dir, page.as_posix(), own_ids, self.boundary)

    def clean_the_rest(self) -> None:
        for relative, own_ids in self.waiting.items():
            sanitize_page(self.site_dir, relative, own_ids, self.boundary)
        self.waiting.clear()
