"""Posting lists and field lengths, read in bulk: what `scoring.py` and `searcher.py` read of the index.

Whoosh hands out a term's postings through a matcher, three Python calls per
posting (`is_active`, `id`, `next`, plus `weight`); the facet counts of one
search read 30,000 postings at 5,000 cases, a common word 3,000, and walking
them was half of a search. Whoosh's W3 matcher decodes a whole block of up to
128 postings at once anyway; `segment_postings` takes each decoded block's
document numbers and weights whole. That reaches into the matcher's block
state (as `bulk.py` does into the writer), so it runs only on the matcher
class and the Whoosh version it was written against, and otherwise walks the
matcher as Whoosh documents it. `tests/test_search_postings.py` holds the two
ways to each other on an index with several segments and deleted documents.

The same holds for the field lengths BM25 needs: Whoosh reads them one
document at a time (`doc_field_length`, a seek and a read each, as the index
is read from the file, see `freshness.index_storage`); `field_lengths` reads
a segment's one-byte-per-document length column in one read and decodes it
with Whoosh's own table, and is held to `doc_field_length` by the same test.
"""

from __future__ import annotations

from itertools import compress

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length

# The Whoosh versions whose matcher and length column internals this module reads
# (as bulk.SUPPORTED_WHOOSH).
SUPPORTED_WHOOSH = ((2, 7),)
BLOCKS_SUPPORTED = tuple(whoosh.__version__[:2]) in SUPPORTED_WHOOSH


def segment_postings(reader, fieldname: str, text: str,
                     weights: bool = True) -> tuple[list[int], list[float]]:
    """The term's postings in one segment's reader: document numbers (of the segment) in
    order and, unless not wanted, their weights. Deleted documents are left out."""
    if (fieldname, text) not in reader:
        return [], []
    matcher = reader.postings(fieldname, text)
    deleted = frozenset()
    if type(matcher) is FilterMatcher and reader.has_deletions():
        # What SegmentReader.postings wraps around the segment's matcher to skip deletions.
        matcher, deleted = matcher.child, reader.deleted_docs_set
    if BLOCKS_SUPPORTED and type(matcher) is W3LeafMatcher:
        docs, values = _blocks(matcher, weights)
        if deleted and not deleted.isdisjoint(docs):
            kept = [doc not in deleted for doc in docs]
            docs = list(compress(docs, kept))
            values = list(compress(values, kept)) if weights else values
        return docs, values
    return walk_postings(reader.postings(fieldname, text) if deleted else matcher, weights)


def walk_postings(matcher, weights: bool = True) -> tuple[list[int], list[float]]:
    """A matcher's postings one at a time, through Whoosh's public matcher methods."""
    docs, values = [], []
    while matcher.is_active():
        docs.append(matcher.id())
        if weights:
            values.append(matcher.weight())
        matcher.next()
    return docs, values


def _blocks(matcher: W3LeafMatcher, weights: bool) -> tuple[list[int], list[float]]:
    """Every block of a fresh W3 matcher, decoded by the matcher's own methods."""
    docs: list[int] = []
    values: list[float] = []
    while matcher.is_active():
        matcher._read_ids()
        docs.extend(matcher._ids)
        if weights:
            matcher._read_weights()
            values.extend(matcher._weights)
        matcher._next_block()
    return docs, values


def term_documents(searcher, fieldname: str, text: str) -> list[int]:
    """The documents (numbered as in the searcher) that hold the term, deleted ones left out."""
    found: list[int] = []
    for leaf, offset in searcher.leaf_searchers():
        docs, _ = segment_postings(leaf.reader(), fieldname, text, weights=False)
        found.extend(docs if not offset else [offset + doc for doc in docs])
    return found


def field_lengths(reader, fieldname: str, default: int = 0) -> list[int | None]:
    """Every document's length in the field, for one segment's reader: what
    `reader.doc_field_length(doc, fieldname, default)` gives, for all documents."""
    count = reader.doc_count_all()
    column = _length_column(reader, fieldname)
    if column is None:
        return [reader.doc_field_length(doc, fieldname, default) for doc in range(count)]
    if column is False:
        return [default] * count  # the segment has no lengths for the field
    stored = column._dbfile.get(column._basepos, min(column._count, count))  # one byte a document
    # A zero byte (an empty field, or no value) is None, as in doc_field_length.
    lengths = [byte_to_length(byte) if byte else None for byte in stored]
    return lengths + [None] * (count - len(lengths))


def _length_column(reader, fieldname: str):
    """The segment's length column reader (False when it has none), or None when this is
    not the reader and column layout `field_lengths` knows."""
    if not (BLOCKS_SUPPORTED and type(reader) is SegmentReader and type(reader._perdoc) is W3PerDocReader):
        return None
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return False
    if type(column) is not NumericColumn.Reader or column._fixedlen != 1:
        return None
    return column
