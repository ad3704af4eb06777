"""BM25 scores for every case a query matches, straight from the postings.

Used by `searcher.py`. Whoosh would score with a tree of matcher objects and a
collector, calling several Python methods per document and per field; for a
word that nearly every case contains that took 40-75 ms at 5,000 cases.
Reading each term's postings once into a dict and combining the dicts with set
operations gives the same matches and the same scores as Whoosh's BM25F
(B=0.75, K1=1.2) in a fraction of that; `tests/test_search_scoring.py` holds
it to `searcher.search(query, limit=None)` on a generated corpus. Every match
is scored, as the facet counts need them all. Query types the parser does not
produce fall back to Whoosh, unscored.
"""

from __future__ import annotations

from itertools import repeat
from operator import add

from whoosh.query import And, AndMaybe, Not, Or, Term

from .postings import field_lengths, segment_postings
from .query import is_empty


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    return scores if boost == 1.0 else {doc: score * boost for doc, score in scores.items()}


class QueryScorer:
    """Runs a parsed query over the postings: {document number: BM25 score} for every match."""

    B, K1 = 0.75, 1.2
    NOT_SCORE = 1.0  # what Whoosh's InverseMatcher gives a document that a NOT lets through

    def __init__(self, searcher, live: frozenset[int]):
        self._searcher = searcher
        self._live = live  # every document that is not deleted
        self._norms: dict[tuple[int, str], list[float | None]] = {}

    def scores(self, query) -> dict[int, float]:
        if isinstance(query, Term):
            return self._term(query.fieldname, query.text, query.boost)
        if isinstance(query, And):
            return self._all_of(query.subqueries, query.boost)
        if isinstance(query, Or):
            parts = sorted((self.scores(sub) for sub in query.subqueries), key=len, reverse=True)
            combined = dict(parts[0]) if parts else {}
            for part in parts[1:]:
                for doc, score in part.items():
                    combined[doc] = combined.get(doc, 0.0) + score
            return _boosted(combined, query.boost)
        if isinstance(query, Not):
            return dict.fromkeys(self._live - self.scores(query.query).keys(), self.NOT_SCORE)
        if isinstance(query, AndMaybe):
            combined, bonus = dict(self.scores(query.a)), self.scores(query.b)
            for doc in bonus.keys() & combined.keys():
                combined[doc] += bonus[doc]
            return _boosted(combined, query.boost)
        if is_empty(query):
            return {}
        return dict.fromkeys(self._searcher.docs_for_query(query), 0.0)

    def _all_of(self, subqueries, boost: float) -> dict[int, float]:
        wanted = [self.scores(sub) for sub in subqueries if not isinstance(sub, Not)]
        nots = [sub for sub in subqueries if isinstance(sub, Not)]
        unwanted = set()
        for sub in nots:
            unwanted |= self.scores(sub.query).keys()
        # Each NOT adds its constant score to every document it lets through, as in Whoosh.
        constant = self.NOT_SCORE * len(nots)
        if not wanted:
            return _boosted(dict.fromkeys(self._live - unwanted, constant), boost)
        wanted.sort(key=len)
        docs = set(wanted[0]).difference(unwanted)
        for part in wanted[1:]:
            docs.intersection_update(part)
        # Each document's sum(part[doc] for part in wanted) + constant: the same additions in
        # the same order, a part at a time over all documents (in C, not a generator per document).
        order = list(docs)
        totals = list(map(wanted[0].__getitem__, order))
        for part in wanted[1:]:
            totals = list(map(add, totals, map(part.__getitem__, order)))
        return _boosted(dict(zip(order, map(add, totals, repeat(constant)))), boost)

    def _term(self, fieldname: str, text: str, boost: float) -> dict[int, float]:
        searcher = self._searcher
        if (fieldname, text) not in searcher.reader():
            return {}
        # Collection statistics are global; lengths and document numbers per segment.
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        factor, k1 = boost * idf, self.K1
        scores: dict[int, float] = {}
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            docs, weights = segment_postings(reader, fieldname, text)
            if not docs:
                continue
            norms = self._length_norms(reader, fieldname, average)
            # BM25: boost * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / average)),
            # with the second term of the divisor cached per document (the same float).
            scores.update({offset + doc: factor * tf * (k1 + 1) / (tf + norms[doc])
                           for doc, tf in zip(docs, weights)})
        return scores

    def _length_norms(self, reader, fieldname: str, average: float) -> list[float | None]:
        """k1 * (1 - b + b * length / average) for every document of the segment."""
        key = (id(reader), fieldname)
        if key not in self._norms:
            b, k1 = self.B, self.K1
            lengths = field_lengths(reader, fieldname, 1)
            # Whoosh gives None for an empty field: such a document has no postings in it.
            self._norms[key] = [k1 * (1 - b + b * length / average) if length is not None else None
                                for length in lengths]
        return self._norms[key]
