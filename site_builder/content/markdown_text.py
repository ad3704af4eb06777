"""A case body's words and headings, as the site's Markdown renderer reads them.

Used by the index stage (the text that is searched and cut into snippets) and
meant for every stage that needs to know what a body *says* rather than how it
is written (the validator's section checks, the quality levels). The body is
rendered with Python-Markdown and the extensions the site uses
(`SITE_MARKDOWN_EXTENSIONS`, held equal to `mkdocs.yml` by a test), and the HTML
is read back with `html.parser`: so a setext heading (`Aanleiding` above a line
of `=`) is a heading, `&amp;` is `&`, and table pipes, admonition markers and
attribute lists (`{ .klasse }`) never reach the text. No regular expression
looks at the body here; the renderer's own run in linear time on its input.

Rendering is most of the cost of indexing a case, and most of the renderer's
time went to regular expressions searching text that cannot match them: each
of fourteen inline patterns over every paragraph, and a dozen block tests over
every block. The text renderer's patterns are therefore guarded (`_Guarded`):
a pattern is searched only when the text holds a string every match contains
(no `[` means no link), and a text that holds none of the inline patterns'
strings is passed over whole. The guards change no output; a test renders
generated Markdown with and without them.
"""

from __future__ import annotations

import bisect
import copy
import threading
from dataclasses import dataclass
from itertools import chain
from html.parser import HTMLParser

# The `markdown_extensions` of mkdocs.yml, in the same form (a name, or a
# one-entry dict of name -> options). tests/test_markdown_text.py fails when
# the two differ.
SITE_MARKDOWN_EXTENSIONS: list = [
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "tables",
    {"toc": {"permalink": True, "permalink_title": "Link naar deze sectie"}},
    "pymdownx.details",
    {"pymdownx.snippets": {"check_paths": True}},
]

# Left out when reading text: an include names another file, it is not part of
# what the case says (the site neutralises includes in case bodies, too); the
# heading permalink is a "¶" sign the renderer adds, not the author.
_NOT_FOR_TEXT = {"pymdownx.snippets"}
_NO_PERMALINK = {"toc": {"permalink": False}}

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose content is never text: scripts, styles, and the page chrome a
# template might add. Their content is skipped.
_SKIPPED_TAGS = {"script", "style", "template"}
# Block-level elements: their text is separated from what follows.
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
               "td", "th", "blockquote", "pre", "details", "summary", "br", "hr", "section",
               "figure", "figcaption", *HEADING_TAGS}


@dataclass(frozen=True)
class Heading:
    """A heading of a body: its level (1-6), its plain text, and its 1-based line in the body."""

    level: int
    title: str
    line: int


def _text_extensions() -> tuple[list, dict]:
    names, configs = [], {}
    for entry in SITE_MARKDOWN_EXTENSIONS:
        name, options = (next(iter(entry.items())) if isinstance(entry, dict) else (entry, None))
        if name in _NOT_FOR_TEXT:
            continue
        names.append(name)
        options = {**(options or {}), **_NO_PERMALINK.get(name, {})}
        if options:
            configs[name] = copy.deepcopy(options)
    return names, configs


# Per pattern of the renderer, the strings one of which every match contains
# (read off the patterns of the versions in GUARDED_VERSIONS): without any of
# them in the text, the pattern cannot match and is not searched.
GUARDED_VERSIONS = {"markdown": ((3, 11),), "pymdownx": ((13, 1),)}
_INLINE_NEEDLES = {
    "backtick": ("`",), "escape": ("\\",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",),
    "linebreak": ("  \n",), "entity": ("&",), "em_strong": ("*", "_"),
}
# Block processor -> (attribute holding its searched pattern, needles).
_BLOCK_NEEDLES = {
    "admonition": ("RE", ("!!!",)), "details": ("START", ("???",)),
    "hashheader": ("RE", ("#",)), "hr": ("SEARCH_RE", ("-", "_", "*")),
    "deflist": ("RE", (":",)), "quote": ("RE", (">",)), "reference": ("RE", ("]:",)),
}


class _Guarded:
    """A compiled pattern that is searched only when the text contains one of `needles`,
    a string every match of the pattern contains; otherwise there is no match."""

    __slots__ = ("pattern", "needles")

    def __init__(self, pattern, needles: tuple[str, ...]):
        self.pattern = pattern
        self.needles = needles

    def _may_match(self, text: str) -> bool:
        for needle in self.needles:  # a loop, not any(): this runs 500 times a case
            if needle in text:
                return True
        return False

    def search(self, text, *args):
        return self.pattern.search(text, *args) if self._may_match(text) else None

    def match(self, text, *args):
        return self.pattern.match(text, *args) if self._may_match(text) else None

    def finditer(self, text, *args):
        return self.pattern.finditer(text, *args) if self._may_match(text) else iter(())

    def __getattr__(self, name):
        return getattr(self.pattern, name)


def guards_apply() -> bool:
    """Whether the installed Markdown and pymdown-extensions are versions whose patterns the
    needles were read from (else the renderer runs unguarded: slower, never different)."""
    import markdown
    import pymdownx

    return (tuple(markdown.__version_info__[:2]) in GUARDED_VERSIONS["markdown"]
            and tuple(pymdownx.__version_info__[:2]) in GUARDED_VERSIONS["pymdownx"])


def _guard(renderer) -> None:
    for name, needles in _INLINE_NEEDLES.items():
        if name in renderer.inlinePatterns:
            pattern = renderer.inlinePatterns[name]
            pattern.compiled_re = _Guarded(pattern.compiled_re, needles)
    if {item.name for item in renderer.inlinePatterns._priority} <= set(_INLINE_NEEDLES):
        _guard_inline_text(renderer.treeprocessors["inline"])
    for name, (attribute, needles) in _BLOCK_NEEDLES.items():
        if name in renderer.parser.blockprocessors:
            processor = renderer.parser.blockprocessors[name]
            # An instance attribute: the class's pattern, shared with the site's renderer, stays as it is.
            setattr(processor, attribute, _Guarded(getattr(processor, attribute), needles))


def _guard_inline_text(inline) -> None:
    """Most text of a body holds no needle of any inline pattern; such a text is passed over
    whole instead of pattern by pattern (Python-Markdown's loop would find no match and
    return it unchanged). Set on this processor only, as an instance attribute under the
    private method's mangled name, which the processor's own calls look up."""
    needles = tuple(sorted(set(chain.from_iterable(_INLINE_NEEDLES.values()))))
    handle = inline._InlineProcessor__handleInline

    def handle_inline(data, patternIndex=0):
        for needle in needles:
            if needle in data:
                return handle(data, patternIndex)
        return data

    inline._InlineProcessor__handleInline = handle_inline


def new_renderer(guarded: bool = True, toc: bool = True):
    """A Markdown instance with the site's extensions, for text (no includes, no permalinks);
    with `toc=False` without the table of contents' tree processor (see `_html_for_text`)."""
    import markdown

    names, configs = _text_extensions()
    renderer = markdown.Markdown(extensions=names, extension_configs=configs)
    if not toc:
        renderer.treeprocessors.deregister("toc")
    if guarded and guards_apply():
        _guard(renderer)
    return renderer


_local = threading.local()

# The word in the table of contents' marker ("[TOC]", Python-Markdown's default, which
# mkdocs.yml keeps): a paragraph can only read as the marker when the body has it.
TOC_MARKER_WORD = "TOC"


def _renderer(toc: bool = True):
    # Building a Markdown instance with its extensions costs milliseconds; one
    # per thread and kind is reused (reset between documents). Imported here: importing
    # Markdown costs 40 ms that `wijkwijzer search` on a fresh index never needs.
    renderers = getattr(_local, "renderers", None)
    if renderers is None:
        renderers = _local.renderers = {}
    renderer = renderers.get(toc)
    if renderer is None:
        renderer = renderers[toc] = new_renderer(toc=toc)
    return renderer


def _convert(body: str, toc: bool) -> str:
    renderer = _renderer(toc)
    try:
        return renderer.convert(body)
    finally:
        renderer.reset()


def render_html(body: str) -> str:
    """The body as the site renders it (without includes), as an HTML string."""
    return _convert(body, toc=True)


def _html_for_text(body: str) -> str:
    """HTML with the text and headings of `render_html(body)`, cheaper.

    The table of contents changes the text only where a paragraph is its marker
    (it becomes the list of headings); elsewhere it gives headings an id, which
    no text shows. Leaving it out saved a tenth of the rendering time.
    """
    return _convert(body, toc=TOC_MARKER_WORD in body)


class _TextCollector(HTMLParser):
    """Collects the text of rendered HTML, block by block, and the text of each heading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._current: list[str] = []
        self._heading: tuple[int, list[str]] | None = None
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._end_block()
            if tag in HEADING_TAGS:
                self._heading = (HEADING_TAGS[tag], [])

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self._end_block()

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            if tag in HEADING_TAGS and self._heading is not None:
                level, parts = self._heading
                self.headings.append((level, " ".join("".join(parts).split())))
                self._heading = None
            self._end_block()

    def handle_data(self, data):
        if self._skipping:
            return
        self._current.append(data)
        if self._heading is not None:
            self._heading[1].append(data)

    def _end_block(self):
        text = " ".join("".join(self._current).split())
        if text:
            self.blocks.append(text)
        self._current = []

    def close(self):
        super().close()
        self._end_block()


def _collect(body: str) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(_html_for_text(body))
    collector.close()
    return collector


def plain_text(body: str) -> str:
    """The words of a Markdown body as one line of plain text (for indexing and snippets).

    Blocks (paragraphs, headings, list items, table cells) are joined by a
    single space; entities are decoded; markup, markers and attributes are gone.
    """
    return " ".join(_collect(body).blocks)


def headings(body: str) -> list[Heading]:
    """Every heading the renderer sees in the body (ATX and setext), in order, with its line."""
    found = _collect(body).headings
    return [Heading(level, title, line) for (level, title), line in zip(found, _heading_lines(body, found))]


def section_headings(body: str) -> list[tuple[str, int]]:
    """(title, line) of every heading in the body, in order; lines are 1-based within the body."""
    return [(heading.title, heading.line) for heading in headings(body)]


def _heading_lines(body: str, found: list[tuple[int, str]]) -> list[int]:
    """The source line of each rendered heading, found in order among the heading-shaped lines.

    Python-Markdown keeps no source positions, so each heading the renderer
    produced is matched to the next line that is written as a heading and
    reads as the same text: `#`-prefixed (ATX) or underlined with `=` or `-`
    (setext). Plain string operations: one pass over the lines, then one
    lookup per heading.
    """
    lines = body.split("\n")
    candidates: list[tuple[int, str]] = []  # (1-based line, folded text)
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if stripped.startswith("#") and len(line) - len(line.lstrip(" ")) < 4:
            candidates.append((number, _comparable(_without_attributes(stripped.lstrip("#").rstrip("#")))))
        elif stripped and number < len(lines) and _is_setext_underline(lines[number]):
            candidates.append((number, _comparable(_without_attributes(stripped))))
    by_text: dict[str, list[int]] = {}
    for index, (_number, text) in enumerate(candidates):
        by_text.setdefault(text, []).append(index)
    result, position = [], 0
    for _level, title in found:
        # The next heading-shaped line with the same text; else simply the next
        # heading-shaped line (inline markup such as a link reads differently).
        same = by_text.get(_comparable(title), [])
        at = bisect.bisect_left(same, position)
        match = same[at] if at < len(same) else (position if position < len(candidates) else None)
        if match is None:  # written as raw HTML, say: no line of its own to point at
            result.append(result[-1] if result else 1)
            continue
        result.append(candidates[match][0])
        position = match + 1
    return result


def _is_setext_underline(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(line) - len(line.lstrip(" ")) < 4 and (
        set(stripped) == {"="} or set(stripped) == {"-"})


def _comparable(text: str) -> str:
    """Heading text reduced to its letters and digits, to compare source with rendered text."""
    return "".join(character for character in text.casefold() if character.isalnum())


def _without_attributes(text: str) -> str:
    """The heading text without a trailing attribute list (`Aanpak { #aanpak }`)."""
    text = text.rstrip()
    if text.endswith("}") and "{" in text:
        return text[:text.rindex("{")]
    return text
