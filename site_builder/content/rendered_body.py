"""What a rendered body holds, read as a browser reads it: links, resources, ids, handlers.

Part of the validate stage: a body within the limits of body_scan.py is rendered in
the case dialect (`case_markdown`, the dialect of the case pages) and its HTML is
read by an HTML5 parser, html5ever (through nh3's public `attribute_filter`, the
parser of the site's sanitiser too). So `check` decides about raw HTML as the
browser will: text inside `<textarea>`, `<noscript>`, `<xmp>`, `<title>`,
`<iframe>`, `<noembed>`, `<noframes>`, `<plaintext>`, `<style>` or `<script>` is
text, an attribute written inside a quoted value that such an element ends early
is an attribute, `<!-->` ends a comment, and `onerror=` in inline code is text.

nh3 shows an attribute to the callback only on an element it keeps and, for a URL,
only with a scheme it allows; so it is told to keep every element name and scheme
the HTML could hold (a superset, read off the text in linear time) and every
attribute, and its output is thrown away.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3

from .body_scan import SCRIPT_SCHEMES, URL_SCHEMES, Finding, url_scheme


@dataclass(frozen=True)
class Attribute:
    """One attribute of one element, as the HTML5 parser built it (names in lower case)."""

    element: str
    name: str
    value: str


# A start tag's name as written: html5ever lowers ASCII letters only, and adjusts the
# case of some SVG elements (the HTML standard's table), so each spelling is kept.
_START_TAG = re.compile(r"<([A-Za-z][^\s/>]*)")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
SVG_ELEMENT_NAMES = (
    "altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion", "animateTransform", "clipPath",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "foreignObject", "glyphRef", "linearGradient",
    "radialGradient", "textPath")
_SVG_BY_LOWER = {name.lower(): name for name in SVG_ELEMENT_NAMES}
# The characters of a URL scheme (RFC 3986); a URL parser drops tabs and newlines first.
_SCHEME_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-"


def _element_names(markup: str) -> set[str]:
    names = set()
    for match in _START_TAG.finditer(markup):
        written = match.group(1)
        names.update((written.translate(_ASCII_LOWER), written.lower()))
    names.update(_SVG_BY_LOWER[name] for name in list(names) if name in _SVG_BY_LOWER)
    return names


def _schemes(markup: str) -> set[str]:
    """Every run of scheme characters before a colon, entities decoded: a superset of the
    schemes of the HTML's URLs. `str.split` and `rstrip`, so linear in the text."""
    text = html.unescape(markup).replace("\t", "").replace("\n", "").replace("\r", "")
    schemes = set()
    for piece in text.split(":")[:-1]:
        tail = piece[len(piece.rstrip(_SCHEME_CHARACTERS)):].lstrip("0123456789+.-").lower()
        if tail:
            schemes.add(tail)
    return schemes


# Elements whose text, not an attribute, can load a file from another host: a style sheet's
# `@import` and `url(...)`. The reading marks them with an attribute of this name.
CONTENT_LOADING_ELEMENTS = frozenset({"style"})
ELEMENT_MARK = "data-wijkwijzer-element"


def read_attributes(markup: str) -> list[Attribute]:
    """Every attribute of every element of `markup`, in document order, as HTML5 parses it."""
    found: list[Attribute] = []

    def seen(element: str, name: str, value: str) -> str:
        found.append(Attribute(element.lower(), name.lower(), value))
        return value

    names = _element_names(markup)
    # An element whose content may load files is seen through an attribute nh3 gives it.
    marked = {name: {ELEMENT_MARK: name} for name in CONTENT_LOADING_ELEMENTS & names}
    nh3.clean(markup, tags=names, clean_content_tags=set(), attributes={}, attribute_filter=seen,
              strip_comments=True, link_rel=None, generic_attribute_prefixes={""}, url_schemes=_schemes(markup),
              set_tag_attribute_values=marked)
    return found


def render(body: str) -> str:
    """The body in the case dialect, as the case page renders it."""
    # Imported here: Python-Markdown takes a noticeable part of `check`'s start-up,
    # and most bodies are never rendered (see _RENDER_MARKERS).
    from .markdown_text import render_html

    return render_html(body)


# --- Links and resources --------------------------------------------------------------------

# Attributes that load something into the page when it is shown (an image, media, a
# frame, a script, a font or style sheet): per element, and on any element.
RESOURCE_ATTRIBUTES = {"src", "srcset", "poster", "background", "lowsrc", "dynsrc"}
RESOURCE_ELEMENT_ATTRIBUTES = {("object", "data"), ("link", "href"), ("image", "href"), ("image", "xlink:href"),
                               ("use", "href"), ("use", "xlink:href"), ("feimage", "href"), ("feimage", "xlink:href"),
                               ("script", "href"), ("script", "xlink:href")}
LINK_ATTRIBUTES = {("a", "href"), ("area", "href")}
# Any other attribute holding a URL that a click or a form could follow.
OTHER_URL_ATTRIBUTES = {"href", "xlink:href", "action", "formaction", "cite", "longdesc", "ping", "data"}
# Every way the case dialect makes a link, image or element contains one of these: inline
# `[x](url)`, a reference definition `[x]: url`, an autolink or raw HTML `<...>`. A body
# without any of them has none, so it need not be rendered: a render costs milliseconds,
# and `check` reads thousands of bodies.
_RENDER_MARKERS = ("](", "]:", "<")


def is_resource(attribute: Attribute) -> bool:
    return (attribute.name in RESOURCE_ATTRIBUTES
            or (attribute.element, attribute.name) in RESOURCE_ELEMENT_ATTRIBUTES)


def loads_from_style(attribute: Attribute) -> bool:
    """A style attribute that may load a file: `url(...)`, `image-set(...)`, `@import`, or a
    CSS escape that could spell one of them."""
    lowered = attribute.value.lower()
    return attribute.name == "style" and any(marker in lowered for marker in ("url(", "image-set(", "@import", "\\"))


def _urls(attribute: Attribute) -> list[str]:
    if attribute.name == "srcset":  # "a.png 1x, b.png 2x": each candidate's URL
        return [candidate.split()[0] for candidate in attribute.value.split(",") if candidate.split()]
    return [attribute.value]


_FOREIGN_HINT = ("een casus laadt niets van andere sites (elke bezoeker zou die site aanroepen); "
                 "zet er een link naar: [beschrijving](https://...)")


def rendered_findings(body: str) -> list[Finding]:
    """Handlers, links and resources of the rendered body that the site refuses."""
    if not any(marker in body for marker in _RENDER_MARKERS):
        return []
    attributes = read_attributes(render(body))
    ids = {attribute.value for attribute in attributes if attribute.name == "id"}
    locate = _Locator(body)
    found = []
    for attribute in attributes:
        if attribute.name.startswith("on"):
            found.append(Finding("WW303", locate.attribute(attribute.name),
                                 f"HTML-attribuut '{attribute.name}=' is niet toegestaan"))
        elif attribute.name == ELEMENT_MARK and attribute.element in CONTENT_LOADING_ELEMENTS:
            found.append(Finding("WW339", locate.attribute(f"<{attribute.element}"),
                                 f"<{attribute.element}> in de tekst kan bestanden van een andere site laden",
                                 "laat het weg: de site bepaalt de opmaak van een casus"))
        elif loads_from_style(attribute):
            found.append(Finding("WW339", locate.attribute("style"),
                                 f"<{attribute.element}> kan met 'style=' een bestand van een andere site laden",
                                 _FOREIGN_HINT))
        elif (is_resource(attribute) or (attribute.element, attribute.name) in LINK_ATTRIBUTES
              or attribute.name in OTHER_URL_ATTRIBUTES):
            found += [finding for url in _urls(attribute)
                      if (finding := _url_finding(attribute, url, locate, ids)) is not None]
    return found


def _url_finding(attribute: Attribute, url: str, locate: "_Locator", ids: set[str]) -> Finding | None:
    scheme, resource = url_scheme(url), is_resource(attribute)
    if scheme in SCRIPT_SCHEMES:
        return Finding("WW304", locate.url(url), f"link met '{scheme}' is niet toegestaan")
    if resource and (scheme or _without_scheme_host(url)):
        return Finding("WW339", locate.url(url), f"<{attribute.element}> laadt '{_shorten(url)}' van een andere site",
                       _FOREIGN_HINT)
    if scheme in URL_SCHEMES or (url.startswith("#") and url[1:] in ids):
        return None
    if resource or (attribute.element, attribute.name) in LINK_ATTRIBUTES:
        return Finding("WW330", locate.url(url), f"link '{_shorten(url)}' wijst niet naar een volledig adres",
                       "gebruik een volledig adres (https://...); verwijzingen naar "
                       "andere pagina's of bestanden van de site werken vanuit een casus niet")
    return None


def _without_scheme_host(url: str) -> bool:
    """A protocol-relative address (`//host/x`, `\\\\host`, `/\\host`): the browser adds the
    page's scheme and calls that host."""
    cleaned = "".join(char for char in html.unescape(url) if char > " ").replace("\\", "/")
    return cleaned.startswith("//")


class _Locator:
    """Where in the body a finding is written: the next occurrence of what it names."""

    def __init__(self, body: str):
        self.body = body
        self.folded = body.lower()  # one pass; attribute names are matched in lower case
        self.after: dict[str, int] = {}

    def attribute(self, name: str) -> int:
        return self._next(self.folded, name)

    def url(self, url: str) -> int:
        # As written; HTML-escaped; its start; its end (when its start was written as entities).
        for needle in (url, html.escape(url, quote=False), url[:12], url[len(url) // 2:]):
            if needle and self.body.find(needle) >= 0:
                return self._next(self.body, needle)
        return 0

    def _next(self, text: str, needle: str) -> int:
        index = text.find(needle, self.after.get(needle, 0))
        if index < 0:
            index = text.find(needle)
        self.after[needle] = index + 1
        return max(index, 0)


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
