"""Searching: an open index answering requests with ranked hits, snippets and facet counts.

Used by `commands.py` (`wijkwijzer search`) and the benchmark. Opens the index
that `index.py` keeps, parses the text (`query.py`), widens each query word to
the compounds it reaches (`expansion.py`) and lets Whoosh's searcher rank the
matches (`searcher.search`, its BM25F with the weights of `schema.py`),
narrowed by the vocabulary filters and the active years as Whoosh `filter=`
queries. The counts to narrow down with cover every match: the matches'
document numbers (`searcher.docs_for_query`) looked up in the facet column,
read once per open index. A snippet is cut for each hit shown (`snippets.py`)
from the stored plain text. When no case holds every word of a plain query, a
word found nowhere is replaced by a close word of the index (and the answer
says so), or else the cases holding most of the words are shown, most words
first. Read-only: a commit by a writer (even a full rebuild) does not disturb
an open `SearchIndex`.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import chain

from whoosh.query import And, Every, NumericRange, Or, Term

from ..errors import IndexUnavailable
from ..project import Project
from .freshness import has_index, index_folder, open_index, read_meta
from .analysis import WORD, folded_word
from .expansion import QueryWords
from .query import is_empty, is_plain_words, parse_query, query_parser, with_ranking_bonus
from .schema import ranking
from .schema import ACTIVE_FROM, ACTIVE_UNTIL, FACET_COLUMN, FACET_FIELDS, THEME_FIELD
from .snippets import QueryMarks, Snippet, cut_snippet, snippet_for

OPEN_ATTEMPTS = 4


def corrected_text(text: str, suggestions: dict[str, str]) -> str:
    """The text with each word found nowhere replaced by its suggestion."""
    return WORD.sub(lambda match: suggestions.get(folded_word(match.group()), match.group()), text)


@dataclass(frozen=True)
class SearchRequest:
    """A search with vocabulary filters already resolved to ids (see commands.py)."""

    text: str = ""
    building_blocks: tuple[str, ...] = ()  # every one must be present
    carriers: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    province: str | None = None  # province id
    theme: str | None = None  # folded theme
    active_in: int | None = None  # a year
    limit: int = 10


@dataclass(frozen=True)
class SearchHit:
    slug: str
    title: str
    score: float
    municipality: str
    neighbourhood: str
    province: str
    summary: str
    building_blocks: list[str]
    carriers: list[str]
    steps: list[str]
    themes: list[str]
    period: tuple[int, int | None] | None
    snippet: Snippet


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int  # all matching cases, not just the hits shown
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> id -> count
    searched_literally: bool = False  # the query's syntax was not understood
    only_stopwords: bool = False  # the query had nothing searchable
    # kind -> id -> how to show it (a province's label), from the vocabularies the index was built with
    facet_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    partial: bool = False  # no case holds every word: these hold most of them
    suggestions: dict[str, str] = field(default_factory=dict)  # a typed word found nowhere -> a close word
    missing: list[str] = field(default_factory=list)  # typed words found nowhere
    corrected_text: str | None = None  # searched instead of the typed text (its unknown words replaced)


class SearchIndex:
    """A read-only view of the index as it was when opened, kept open for any number of searches."""

    def __init__(self, ix, facet_labels: dict | None = None):
        self._ix = ix
        self._facet_labels = facet_labels if isinstance(facet_labels, dict) else {}
        self._searcher = ix.searcher(weighting=ranking())
        self._parser = query_parser(ix.schema)
        self._facets_of_doc = self._read_facets()

    @classmethod
    def open(cls, project: Project) -> "SearchIndex":
        folder = index_folder(project)
        # A commit may replace the table of contents and remove the segments it
        # named between our reading it and opening them: then simply try again.
        for attempt in range(OPEN_ATTEMPTS):
            ix = None
            try:
                ix = open_index(folder)
                opened = cls(ix, read_meta(folder).get("labels"))
                opened._touch()  # fail now, not mid-search
                return opened
            except Exception:
                if ix is not None:
                    ix.close()
                if not has_index(folder):
                    break
                time.sleep(0.01 * attempt)
        raise IndexUnavailable(str(folder))

    def _read_facets(self) -> dict[int, tuple[str, ...]]:
        """{document: its "field value" facet entries} for every live document, from the
        facet column (one read of every segment's column, which also proves it readable)."""
        reader = self._searcher.reader()
        column = reader.column_reader(FACET_COLUMN)
        deletions = reader.has_deletions()
        facets = {}
        for doc, value in enumerate(column):  # every document in order, deleted ones too
            if not (deletions and reader.is_deleted(doc)):
                facets[doc] = tuple(value.decode("utf-8").split("\n")) if value else ()
        return facets

    def _touch(self) -> None:
        """Read a stored document of every segment, so a damaged index fails on opening."""
        for leaf, offset in self._searcher.leaf_searchers():
            first = next(iter(leaf.reader().all_doc_ids()), None)
            if first is not None:
                leaf.stored_fields(first)

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self._searcher.doc_count()

    def themes(self) -> dict[str, int]:
        """Every (folded) theme of a case in the index with its number of cases."""
        return self._counts(self._facets_of_doc)[THEME_FIELD]

    def search(self, request: SearchRequest, correcting: bool = True) -> SearchResults:
        narrowing = self._filter(request)
        # The filter's documents, found once: Whoosh's search takes them as its filter too.
        allowed = set(self._searcher.docs_for_query(narrowing)) if narrowing is not None else None
        query, literally = parse_query(self._parser, request.text)
        partial, suggestions, missing = False, {}, []
        if query is None:
            # No words: list the filtered cases (all of them without filters) by title.
            results = self._searcher.search(Every(), limit=request.limit, sortedby="titel_sorteer", filter=allowed)
            ranked = [(hit.docnum, 0.0) for hit in results]
            matched = allowed if allowed is not None else set(self._facets_of_doc)
            marks = QueryMarks()
        elif is_empty(query):
            return SearchResults([], 0, searched_literally=literally, only_stopwords=True,
                                 facet_labels=self._facet_labels)
        else:
            words = QueryWords(self._searcher, request.text)
            expanded = words.expand(query)
            matched = self._matching(expanded, allowed)
            if matched:
                ranked = self._ranked(expanded, request.limit, allowed)
            elif is_plain_words(request.text):
                # No case holds every word: correct the words found nowhere, or show
                # the cases that hold most of the words.
                unknown = words.unknown_terms()
                missing = [words.surfaces[term][0] for term in unknown]
                suggestions = {words.surfaces[term][0]: close for term in unknown
                               if (close := words.suggestion(term)) is not None}
                if suggestions and correcting:
                    corrected = self.search(replace(request, text=corrected_text(request.text, suggestions)),
                                            correcting=False)
                    if corrected.total:
                        return replace(corrected, suggestions=suggestions, missing=missing,
                                       corrected_text=corrected_text(request.text, suggestions))
                found = [term for term in words.surfaces if term not in unknown]
                if found and len(words.surfaces) > 1:
                    ranked, matched = self._ranked_by_words_held(words, found, request.limit, allowed)
                    partial = True
                else:
                    ranked = []
            else:
                ranked = []
            marks = QueryMarks.of(request.text)
        facets_of_doc = self._facets_of_doc
        counts = self._counts({doc: facets_of_doc[doc] for doc in matched if doc in facets_of_doc})
        return SearchResults(
            hits=[self._hit(doc, score, marks) for doc, score in ranked],
            total=len(matched),
            facets={kind: counts[name] for kind, name in FACET_FIELDS.items()},
            searched_literally=literally,
            facet_labels=self._facet_labels,
            partial=partial,
            suggestions=suggestions,
            missing=missing,
        )

    def _matching(self, query, allowed: set[int] | None) -> set[int]:
        """Every match, for the total and the counts (the ranking may skip what cannot reach the top)."""
        matched = set(self._searcher.docs_for_query(query))
        return matched & allowed if allowed is not None else matched

    def _ranked(self, query, limit: int, allowed: set[int] | None) -> list[tuple[int, float]]:
        # Whoosh's BM25F ranks; equal scores keep Whoosh's order (by document number).
        results = self._searcher.search(with_ranking_bonus(query), limit=limit, filter=allowed)
        return [(hit.docnum, hit.score) for hit in results]

    def _ranked_by_words_held(self, words: QueryWords, terms: list[str], limit: int,
                              allowed: set[int] | None) -> tuple[list[tuple[int, float]], set[int]]:
        """Cases holding some of the words: most words first, then by BM25F score."""
        reach = {term: words.reach(term) for term in terms}
        held = Counter(chain.from_iterable(self._matching(query, allowed) for query in reach.values()))
        results = self._searcher.search(with_ranking_bonus(Or(list(reach.values()))), limit=None, filter=allowed)
        scored = sorted(((hit.docnum, hit.score) for hit in results if hit.docnum in held),
                        key=lambda item: (-held[item[0]], -item[1], item[0]))
        return scored[:limit], set(held)

    # Filters and facets.

    @staticmethod
    def _counts(facets_of_doc: dict[int, tuple[str, ...]]) -> dict[str, dict[str, int]]:
        """{field: {value: number of the documents holding it}}, most first, then by value."""
        counts: dict[str, dict[str, int]] = {name: {} for name in (*FACET_FIELDS.values(), THEME_FIELD)}
        for entry, count in Counter(chain.from_iterable(facets_of_doc.values())).items():
            name, _, value = entry.partition(" ")
            counts.setdefault(name, {})[value] = count
        return {name: dict(sorted(values.items(), key=lambda item: (-item[1], item[0])))
                for name, values in counts.items()}

    @staticmethod
    def _filter(request: SearchRequest):
        """The request's vocabulary filters and active year as one Whoosh query (None: none)."""
        wanted = [Term(FACET_FIELDS["bouwstenen"], value) for value in request.building_blocks]
        wanted += [Term(FACET_FIELDS["dragers"], value) for value in request.carriers]
        wanted += [Term(FACET_FIELDS["stappen"], value) for value in request.steps]
        if request.province:
            wanted.append(Term(FACET_FIELDS["provincies"], request.province))
        if request.theme:
            wanted.append(Term(THEME_FIELD, request.theme))
        if request.active_in is not None:
            # Active in the year: the first active year at or before it, the last at or after it.
            wanted += [NumericRange(ACTIVE_FROM, None, request.active_in),
                       NumericRange(ACTIVE_UNTIL, request.active_in, None)]
        if not wanted:
            return None
        return And(wanted) if len(wanted) > 1 else wanted[0]

    # Hits and snippets.

    def _hit(self, docnum: int, score: float, marks: QueryMarks) -> SearchHit:
        stored = self._searcher.stored_fields(docnum)
        card = stored["kaart"]
        snippet = snippet_for(stored["body"], marks) or cut_snippet(card["samenvatting"], [])
        return SearchHit(
            slug=stored["slug"], title=card["titel"], score=round(score, 3),
            municipality=card["gemeente"], neighbourhood=card["wijk"], province=card["provincie"],
            summary=card["samenvatting"], building_blocks=card["bouwstenen"],
            carriers=card["dragers"], steps=card["stappen"], themes=card["themas"],
            period=tuple(card["periode"]) if card["periode"] else None, snippet=snippet,
        )
