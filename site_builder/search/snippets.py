"""Snippets: a case body as plain text, and the piece of it a search result shows.

Used by the index stage (`search_index.py`): the plain text is what gets
indexed and stored, so the character positions of matches found in it are
positions in the text a snippet is cut from. Knows nothing of the search engine.
"""

from __future__ import annotations

import re

SNIPPET_CHARS = 220
SNIPPET_LEAD = 60  # characters of context before the first marked word

# A snippet is a sequence of (text, is_match) pieces; the CLI makes matches bold,
# the JSON output wraps them in <mark>.
Snippet = tuple[tuple[str, bool], ...]

_MARKDOWN_NOISE = (
    # A tag never spans another '<': each '<' is scanned once, so the pass stays linear.
    (re.compile(r"<!--.*?-->|<[^<>\n]+>", re.S), " "),                 # HTML comments and tags
    (re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.M), " "),             # reference link definitions
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),               # links and images: keep the text
    (re.compile(r"^\s{0,3}(?:#{1,6}|>+|[-*+]|\d+[.)])\s+", re.M), ""),  # heading, quote, list markers
    (re.compile(r"[*_`~|]+"), " "),                                      # emphasis, code, table pipes
)


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, for indexing and snippets (not for display as HTML)."""
    for pattern, replacement in _MARKDOWN_NOISE:
        markdown = pattern.sub(replacement, markdown)
    return " ".join(markdown.split())


def cut_snippet(text: str, spans: list[tuple[int, int]],
                around: list[tuple[int, int]] | None = None) -> Snippet:
    """About SNIPPET_CHARS of text as (text, is_match) pieces, every span in it marked.

    The snippet starts just before the densest group of the `around` spans
    (by default all spans); spans must be sorted, longest first at equal starts.
    """
    if not spans:
        text = " ".join(text.split())  # a summary may span lines
        end = _word_end(text, SNIPPET_CHARS)
        return ((text[:end] + ("…" if end < len(text) else ""), False),)
    anchors = sorted(around or spans)
    best, best_count, last = 0, 0, 0
    for first in range(len(anchors)):
        while last < len(anchors) and anchors[last][1] <= anchors[first][0] + SNIPPET_CHARS - SNIPPET_LEAD:
            last += 1
        if last - first > best_count:
            best, best_count = first, last - first
    start = _word_start(text, max(0, anchors[best][0] - SNIPPET_LEAD))
    end = _word_end(text, start + SNIPPET_CHARS)
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = start
    for span_start, span_end in spans:
        if span_start < cursor or span_end > end:
            continue
        pieces += [(text[cursor:span_start], False), (text[span_start:span_end], True)]
        cursor = span_end
    pieces.append((text[cursor:end] + ("…" if end < len(text) else ""), False))
    return tuple(piece for piece in pieces if piece[0])


# A cut moves to the nearest word boundary within 20 characters, so a snippet
# neither starts nor ends in the middle of a word.

def _word_start(text: str, index: int) -> int:
    if index <= 0:
        return 0
    space = text.find(" ", index)
    return space + 1 if space != -1 and space - index < 20 else index


def _word_end(text: str, index: int) -> int:
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index)
    return space if space != -1 and index - space < 20 else index
