"""Snippets: the piece of a case's plain text that a search result shows, marked.

Used by `searcher.py`. The text is the plain text stored in the index
(`content.markdown_text.plain_text` of the body), so the character positions
of matches found in it are positions in the text a snippet is cut from. The
query's words and phrases are found by analysing each distinct word of the
text (cached, see `analysis.py`) and then scanning with one regular expression
of literal alternatives, which runs in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .analysis import ALL_WORDS, WORD, WORDS, index_term, phrase_term

SNIPPET_CHARS = 220
SNIPPET_LEAD = 60  # characters of context before the first marked word

# A snippet is a sequence of (text, is_match) pieces; the CLI makes matches bold,
# the JSON output wraps them in <mark>.
Snippet = tuple[tuple[str, bool], ...]

_QUOTED = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class QueryMarks:
    """What to mark in a snippet: the query's words, and its quoted phrases, as index terms."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, text: str) -> "QueryMarks":
        phrases = (tuple(token.text for token in ALL_WORDS(quoted, mode="query"))
                   for quoted in _QUOTED.findall(text))
        return cls(frozenset(token.text for token in WORDS(text, mode="query")),
                   tuple(phrase for phrase in phrases if len(phrase) > 1))


def snippet_for(text: str, marks: QueryMarks) -> Snippet:
    """A snippet of the text with the query's words and phrases marked; () when none occur.

    It is centred on an exact phrase when there is one, else on the most words.
    """
    words = set(WORD.findall(text)) if marks.words or marks.phrases else set()
    phrases = phrase_spans(text, marks.phrases, words)
    spans = sorted(set(match_spans(text, marks.words, words)) | set(phrases), key=lambda s: (s[0], -s[1]))
    return cut_snippet(text, spans, around=phrases or spans) if spans else ()


def phrase_spans(text: str, phrases: tuple[tuple[str, ...], ...],
                 words: set[str] | None = None) -> list[tuple[int, int]]:
    """Where one of the phrases stands in the text, word for word.

    Each phrase becomes one regular expression of the spellings in this text
    that analyse to its words, so a long body costs two scans in C rather than
    a loop over its words. `words`, the text's distinct words, may be given
    when the caller has them already.
    """
    if not phrases:
        return []
    wanted = {term for phrase in phrases for term in phrase}
    spellings: dict[str, set[str]] = {}
    for word in (set(WORD.findall(text)) if words is None else words):
        term = phrase_term(word)
        if term in wanted:
            spellings.setdefault(term, set()).add(word)
    spans = []
    for phrase in phrases:
        if all(term in spellings for term in phrase):
            # Words in a phrase are separated by anything that is not a word character.
            pattern = r"\W+".join(_alternatives(spellings[term]) for term in phrase)
            spans += [match.span() for match in re.finditer(rf"\b{pattern}\b", text)]
    return sorted(spans)


def match_spans(text: str, terms: frozenset[str], words: set[str] | None = None) -> list[tuple[int, int]]:
    """Where the words that analyse to one of the terms stand in the text (`words` as above)."""
    if not terms:
        return []
    words = set(WORD.findall(text)) if words is None else words
    forms = {word for word in words if index_term(word) in terms}
    if not forms:
        return []
    return [match.span() for match in re.finditer(rf"\b{_alternatives(forms)}\b", text)]


def _alternatives(words) -> str:
    """A regular-expression group matching any of the words (longest first)."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


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
