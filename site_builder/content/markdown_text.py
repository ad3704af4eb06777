"""A case body's words and headings, as the site renders the body.

Used by the index stage (the text that is searched and cut into snippets) and
meant for every stage that needs to know what a body *says* rather than how it
is written. The body is rendered in the case dialect (`case_markdown`, the
dialect of the case pages) through Python-Markdown's public `convert`, and the
HTML is read back with `html.parser`: so a setext heading (`Aanleiding` above a
line of `=`) is a heading, `&amp;` is `&`, and table pipes and admonition
markers never reach the text. No regular expression looks at the body here.

Rendering is most of the cost of indexing a case. It is linear in the body
because `check` bounds what one paragraph may hold (WW338, `body_scan`), and a
body that is read twice (its text and its headings, or by two stages in one
process) is rendered once: the reading is remembered by the body's content hash.
Most of a render's time went to inline patterns searching text that cannot match
them (no `[` means no link). So a body is rendered by a converter without the
patterns whose every match holds a string the body lacks, removed through the
pattern registry's public `deregister`; tests/test_search_text.py holds its HTML
to the whole dialect's.
"""

from __future__ import annotations

import bisect
import hashlib
import threading
from dataclasses import dataclass
from html.parser import HTMLParser

HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements whose content is never text: scripts, styles, and the page chrome a
# template might add. Their content is skipped.
SKIPPED_TAGS = {"script", "style", "template"}
# Block-level elements: their text is separated from what follows.
BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tr",
              "td", "th", "blockquote", "pre", "details", "summary", "br", "hr", "section",
              "figure", "figcaption", *HEADING_TAGS}
# Bodies whose reading is remembered (a few hundred kilobytes of text at most).
REMEMBERED_READINGS = 256


@dataclass(frozen=True)
class Heading:
    """A heading of a body: its level (1-6), its plain text, and its 1-based line in the body."""

    level: int
    title: str
    line: int


@dataclass(frozen=True)
class BodyReading:
    """What a rendered body says: its text block by block, and its headings (level, text)."""

    blocks: tuple[str, ...]
    headings: tuple[tuple[int, str], ...]


# Per inline pattern of the case dialect, the strings one of which every match of it
# contains (read off Python-Markdown 3.11's patterns). A pattern not named here is
# always kept.
INLINE_NEEDLES = {
    "backtick": ("`",), "escape": ("\\",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",),
    # Two spaces, not two spaces and a line end: a raw HTML block right after them is
    # lifted onto lines of its own, which puts a line end there that the body lacked.
    "linebreak": ("  ",), "entity": ("&",), "em_strong": ("*", "_"),
}
# Converters kept per thread, one per set of patterns left out (a few in practice).
KEPT_CONVERTERS = 32

_local = threading.local()


def _unused_patterns(body: str) -> frozenset[str]:
    return frozenset(name for name, needles in INLINE_NEEDLES.items()
                     if not any(needle in body for needle in needles))


def converter_without(unused: frozenset[str]):
    """A case-dialect converter without the inline patterns named in `unused`."""
    from .case_markdown import case_markdown

    converter = case_markdown()
    for name in unused:
        if name in converter.inlinePatterns:
            converter.inlinePatterns.deregister(name)
    return converter


def _converter(body: str):
    # A Markdown instance costs milliseconds to build; one per thread and set of patterns
    # left out is reused (converters are not thread-safe), reset between documents.
    # Markdown is imported on first use: it costs 40 ms that `wijkwijzer search` on a
    # fresh index never needs.
    converters = getattr(_local, "converters", None)
    if converters is None:
        converters = _local.converters = {}
    unused = _unused_patterns(body)
    converter = converters.pop(unused, None) or converter_without(unused)
    converters[unused] = converter  # the most recently used last
    if len(converters) > KEPT_CONVERTERS:
        del converters[next(iter(converters))]
    return converter


def render_html(body: str) -> str:
    """The body in the case dialect, as an HTML string (without the site's permalinks)."""
    converter = _converter(body)
    try:
        return converter.convert(body)
    finally:
        converter.reset()


class TextCollector(HTMLParser):
    """Collects the text of rendered HTML, block by block, and the text of each heading."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self._current: list[str] = []
        self._heading: tuple[int, list[str]] | None = None
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self._end_block()
            if tag in HEADING_TAGS:
                self._heading = (HEADING_TAGS[tag], [])

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._end_block()

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
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


def read_html(html: str) -> BodyReading:
    """The text blocks and headings of rendered HTML."""
    collector = TextCollector()
    collector.feed(html)
    collector.close()
    return BodyReading(tuple(collector.blocks), tuple(collector.headings))


def read_body(body: str) -> BodyReading:
    """The text blocks and headings of a body as the case page renders it."""
    key = hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    reading = _readings.get(key)
    if reading is None:
        reading = read_html(render_html(body))
        with _readings_lock:
            _readings[key] = reading
            while len(_readings) > REMEMBERED_READINGS:
                del _readings[next(iter(_readings))]  # the oldest first
    return reading


# Readings by content hash (the hash, not the body, is the key: nothing large is kept).
_readings: dict[bytes, BodyReading] = {}
_readings_lock = threading.Lock()


def plain_text(body: str) -> str:
    """The words of a Markdown body as one line of plain text (for indexing and snippets).

    Blocks (paragraphs, headings, list items, table cells) are joined by a
    single space; entities are decoded; markup and markers are gone.
    """
    return " ".join(read_body(body).blocks)


def headings(body: str) -> list[Heading]:
    """Every heading the renderer sees in the body (ATX and setext), in order, with its line."""
    found = list(read_body(body).headings)
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
            candidates.append((number, _comparable(stripped.lstrip("#").rstrip("#"))))
        elif stripped and number < len(lines) and _is_setext_underline(lines[number]):
            candidates.append((number, _comparable(stripped)))
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
