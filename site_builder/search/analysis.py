"""Dutch analysis: how a text becomes index terms, the same way for cases and queries.

Used by every part of the search stage that turns words into terms: the
documents (`documents.py`), the query parser (`query.py`) and the snippet
marks (`snippets.py`). A word is lower-cased, accent-folded (coöperatie =
cooperatie, Fryslân = fryslan) and stemmed with the Snowball Dutch stemmer
(wijken = wijk, gezonde = gezondheid) in C (PyStemmer's `dutch_porter`, the
algorithm Whoosh's own Dutch stemmer implements in Python). Stopwords ("de",
"van") and one-letter words are left out of the word fields: they occur in
every case, so they never narrow a search and only cost time. The pair fields
keep them, so that a quoted phrase is answered from adjacent word pairs
("de gemeente" -> "de-gemeent"), one term per pair instead of a positional
phrase match.

Each distinct word is analysed once and cached; natural text has a long tail
of words, so the cache is large.
"""

from __future__ import annotations

import functools
import re
import Stemmer
from whoosh.analysis import BiWordFilter, Filter, RegexTokenizer
from whoosh.lang import stopwords_for_language
from whoosh.support.charset import accent_map

# Whoosh's default token pattern also takes '*' (for wildcards); ours is words
# only, with inner dots kept ("o.a.", "3.500"). No nested quantifier: a word
# character sequence is taken whole, so the pattern runs in linear time.
WORD_PATTERN = r"\w+(?:\.\w+)*"
WORD = re.compile(WORD_PATTERN)

STOPWORDS = frozenset(stopwords_for_language("nl"))
MIN_WORD_LENGTH = 2  # shorter words are stopwords too (as Whoosh's StopFilter has it)
CACHED_WORDS = 500_000

_stemmer = Stemmer.Stemmer("dutch_porter")


@functools.lru_cache(maxsize=CACHED_WORDS)
def folded_word(word: str) -> str:
    """The word lower-cased and without accents."""
    return word.lower().translate(accent_map)


def stem(folded: str) -> str:
    """A folded word stemmed, without the caches: for the many candidate parts a compound
    is split into (`documents.CaseWords`), which would crowd the text's words out of them."""
    return _stemmer.stemWord(folded)


@functools.lru_cache(maxsize=CACHED_WORDS)
def phrase_term(word: str) -> str:
    """The term one word has in the pair fields (stopwords included)."""
    return stem(folded_word(word))


@functools.lru_cache(maxsize=CACHED_WORDS)
def index_term(word: str) -> str | None:
    """The term one word is indexed as in the word fields; None for a stopword."""
    folded = folded_word(word)
    if len(folded) < MIN_WORD_LENGTH or folded in STOPWORDS:
        return None
    return phrase_term(word)


class DutchTerms(Filter):
    """Whoosh filter: each token's word becomes its term (`index_term` or `phrase_term`).

    Stopwords are dropped, or kept marked as stopped when the parser asks for
    that, as Whoosh's StopFilter does; a stopword is never stemmed.
    """

    is_morph = True

    def __init__(self, keep_stopwords: bool = False):
        self.keep_stopwords = keep_stopwords

    def __call__(self, tokens):
        for token in tokens:
            if self.keep_stopwords:
                token.text, token.stopped = phrase_term(token.text), False
                yield token
                continue
            term = index_term(token.text)
            if term is not None:
                token.text, token.stopped = term, False
                yield token
            elif not token.removestops:
                token.text, token.stopped = folded_word(token.text), True
                yield token


WORDS = RegexTokenizer(WORD_PATTERN) | DutchTerms(keep_stopwords=False)
ALL_WORDS = RegexTokenizer(WORD_PATTERN) | DutchTerms(keep_stopwords=True)
WORD_PAIRS = ALL_WORDS | BiWordFilter(sep="-")


def analyse_for_index(text: str) -> tuple[list[str], list[str]]:
    """The text's terms for a word field and for a pair field, as WORDS and WORD_PAIRS give them.

    Whoosh indexes a list of terms as given, so a case's text is cut into
    words once and each distinct word analysed once (cached), instead of
    running the analysers token by token. A test holds the two paths equal.
    """
    tokens = WORD.findall(text)
    words = [term for term in map(index_term, tokens) if term is not None]
    terms = list(map(phrase_term, tokens))
    pairs = [f"{first}-{second}" for first, second in zip(terms, terms[1:])] if len(terms) > 1 else terms
    return words, pairs
