"""Searching: an open index answering requests with ranked hits, snippets and facet counts.

Used by `commands.py` (`wijkwijzer search`) and the benchmark. Opens the index
that `index.py` keeps, parses the text (`query.py`), scores every match
(`scoring.py`), narrows by the vocabulary filters and counts the facets from
posting sets (`facets.py`), and cuts a snippet for each hit shown (`snippets.py`). Read-only: a commit by a
writer (even a full rebuild) does not disturb an open `SearchIndex`.
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IndexUnavailable
from ..project import Project
from .freshness import has_index, index_folder, open_index, read_meta
from .facets import facet_documents
from .postings import live_documents
from .query import is_empty, parse_query, query_parser, with_ranking_bonus
from .schema import FACET_FIELDS, NO_YEAR, THEME_FIELD
from .scoring import QueryScorer
from .snippets import QueryMarks, Snippet, cut_snippet, snippet_for

OPEN_ATTEMPTS = 4


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


class SearchIndex:
    """A read-only view of the index as it was when opened, kept open for any number of searches."""

    def __init__(self, ix, facet_labels: dict | None = None, folder: Path | None = None):
        self._ix = ix
        self._folder = folder  # where the facets of each segment are remembered (see facets.py)
        self._facet_labels = facet_labels if isinstance(facet_labels, dict) else {}
        self._searcher = ix.searcher()
        self._live = live_documents(self._searcher)  # not deleted
        self._scorer = QueryScorer(self._searcher, self._live)
        self._parser = query_parser(ix.schema)
        self._term_docs: dict[str, dict[str, frozenset[int]]] = {}
        self._periods: dict[int, tuple[int, int]] | None = None

    @classmethod
    def open(cls, project: Project) -> "SearchIndex":
        folder = index_folder(project)
        # A commit may replace the table of contents and remove the segments it
        # named between our reading it and opening them: then simply try again.
        for attempt in range(OPEN_ATTEMPTS):
            ix = None
            try:
                ix = open_index(folder)
                opened = cls(ix, read_meta(folder).get("labels"), folder)
                opened._touch()  # fail now, not mid-search
                return opened
            except Exception:
                if ix is not None:
                    ix.close()
                if not has_index(folder):
                    break
                time.sleep(0.01 * attempt)
        raise IndexUnavailable(str(folder))

    def _touch(self) -> None:
        """Read a little of every segment, so a damaged index fails on opening."""
        for leaf, offset in self._searcher.leaf_searchers():
            reader = leaf.reader()
            first = next(iter(reader.all_doc_ids()), None)
            if first is not None:
                reader.stored_fields(first)
                reader.column_reader("slug")[first]

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
        """Every (folded) theme of a case in the index with its number of cases (a theme
        whose cases were all removed or edited stays among the terms until a merge)."""
        return {theme: len(docs) for theme, docs in self._facet(THEME_FIELD).items() if docs}

    def search(self, request: SearchRequest) -> SearchResults:
        allowed = self._filtered_docs(request)
        query, literally = parse_query(self._parser, request.text)
        if query is None:
            # No words: list the filtered cases (all of them without filters) by title.
            matched = allowed if allowed is not None else self._live
            titles = self._searcher.reader().column_reader("titel_sorteer")
            ranked = [(doc, 0.0) for doc in sorted(matched, key=lambda d: titles[d])[:request.limit]]
            marks = QueryMarks()
        elif is_empty(query):
            return SearchResults([], 0, searched_literally=literally, only_stopwords=True,
                                 facet_labels=self._facet_labels)
        else:
            scores = self._scorer.scores(with_ranking_bonus(query))
            if allowed is not None:
                scores = {doc: score for doc, score in scores.items() if doc in allowed}
            matched = frozenset(scores)
            # Best first; nlargest is stable, so equal scores keep one fixed order.
            best = heapq.nlargest(request.limit, scores, key=scores.__getitem__)
            ranked = [(doc, scores[doc]) for doc in best]
            marks = QueryMarks.of(request.text)
        return SearchResults(
            hits=[self._hit(doc, score, marks) for doc, score in ranked],
            total=len(matched),
            facets={kind: self._facet_counts(name, matched) for kind, name in FACET_FIELDS.items()},
            searched_literally=literally,
            facet_labels=self._facet_labels,
        )

    # Filters and facets, answered from cached posting sets.

    def _facet(self, fieldname: str) -> dict[str, frozenset[int]]:
        if fieldname not in self._term_docs:
            # Every facet field at once: they are remembered together, one file per segment.
            names = list(dict.fromkeys([*FACET_FIELDS.values(), THEME_FIELD, fieldname]))
            for name, values in facet_documents(self._searcher, names, self._folder).items():
                self._term_docs[name] = {value: self._live.intersection(docs) for value, docs in values.items()}
        return self._term_docs[fieldname]

    def _facet_counts(self, fieldname: str, matched) -> dict[str, int]:
        counts = {value: len(docs & matched) for value, docs in self._facet(fieldname).items()}
        return dict(sorted(((v, c) for v, c in counts.items() if c), key=lambda item: (-item[1], item[0])))

    def _filtered_docs(self, request: SearchRequest) -> frozenset[int] | None:
        wanted = [(FACET_FIELDS["bouwstenen"], value) for value in request.building_blocks]
        wanted += [(FACET_FIELDS["dragers"], value) for value in request.carriers]
        wanted += [(FACET_FIELDS["stappen"], value) for value in request.steps]
        if request.province:
            wanted.append((FACET_FIELDS["provincies"], request.province))
        if request.theme:
            wanted.append((THEME_FIELD, request.theme))
        if not wanted and request.active_in is None:
            return None
        docs = self._live
        for fieldname, value in wanted:
            docs = docs & self._facet(fieldname).get(value, frozenset())
        if request.active_in is not None:
            docs = docs & self._active_in(request.active_in)
        return docs

    def _active_in(self, year: int) -> frozenset[int]:
        """Cases whose sources show them active in the year: from the start up to the end,
        or, with no end known, up to the year the information describes."""
        if self._periods is None:
            reader = self._searcher.reader()
            starts, ends = reader.column_reader("periode_start"), reader.column_reader("periode_eind")
            self._periods = {doc: (starts[doc], ends[doc]) for doc in self._live}
        return frozenset(doc for doc, (start, end) in self._periods.items()
                         if start != NO_YEAR and start <= year <= end)

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
