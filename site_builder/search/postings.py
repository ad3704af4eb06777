"""Posting lists and field lengths, read in bulk: what `scoring.py` and `searcher.py` read of the index.

Whoosh hands out a term's postings through a matcher, three Python calls per
posting (`is_active`, `id`, `next`, plus `weight`), and its W3 matcher reads
each block's header from the file a few bytes at a time; the facet counts of
one search read 30,000 postings at 5,000 cases, a common word 3,000, and that
walk was half of a search. `segment_postings` reads a term's whole posting
list in one read, lets Whoosh's own W3 matcher decode it block by block (up to
128 postings at once, as it does anyway), and takes each decoded block's
document numbers and weights whole. That reaches into the matcher's block
state and the terms table (as `bulk.py` does into the writer), so it runs only
on the classes and the Whoosh version it was written against, and otherwise
walks Whoosh's matcher as documented. `tests/test_search_postings.py` holds
the two ways to each other on an index with several segments and deleted
documents.

The same holds for the field lengths BM25 needs: Whoosh reads them one
document at a time (`doc_field_length`, a seek and a read each, as the index
is read from the file, see `freshness.index_storage`); `field_lengths` reads
a segment's one-byte-per-document length column in one read and decodes it
with Whoosh's own table, and is held to `doc_field_length` by the same test.
"""

from __future__ import annotations

from itertools import compress

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader, W3TermInfo, W3TermsReader, _lenfield
from whoosh.columns import NumericColumn
from whoosh.filedb.structfile import BufferFile
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
    matcher = _whole_list_matcher(reader, fieldname, text)
    if matcher is None:
        return walk_postings(reader.postings(fieldname, text), weights)
    docs, values = _blocks(matcher, weights)
    if reader.has_deletions():
        deleted = reader.deleted_docs_set
        if not deleted.isdisjoint(docs):
            kept = [doc not in deleted for doc in docs]
            docs = list(compress(docs, kept))
            values = list(compress(values, kept)) if weights else values
    return docs, values


def _whole_list_matcher(reader, fieldname: str, text: str) -> W3LeafMatcher | None:
    """Whoosh's W3 matcher for the term, over its whole posting list read in one piece
    (Whoosh's own matcher reads the file a few bytes at a time: two dozen reads per
    block); None when this is not the reader, terms table or list `_blocks` knows."""
    if not (BLOCKS_SUPPORTED and type(reader) is SegmentReader and type(reader._terms) is W3TermsReader):
        return None
    return _list_matcher(reader, fieldname, reader.term_info(fieldname, text))


def _list_matcher(reader, fieldname: str, terminfo) -> W3LeafMatcher | None:
    encoded = _encoded_list(reader, terminfo)
    if encoded is None:
        return None
    return W3LeafMatcher(BufferFile(encoded), 0, len(encoded), reader.schema[fieldname].format)


def _encoded_list(reader, terminfo) -> bytes | None:
    """The term's whole posting list as stored, or None when it is not a W3 list of its own."""
    if type(terminfo) is not W3TermInfo or terminfo.is_inlined():
        return None
    offset, length = terminfo.extent()
    if isinstance(length, tuple):
        length = length[0]  # W3TermInfo.from_bytes leaves it as struct.unpack's 1-tuple
    return reader._terms._postfile.get(offset, length)


def every_posting(reader):
    """Every posting of one segment's reader, as (field, term bytes, document numbers, weights)
    in term order, deleted documents left out: what `reader.iter_postings()` gives a posting
    at a time, which is how Whoosh reads the segments a commit merges.

    Whoosh looks up each term in the terms table again and reads its list a few bytes at a
    time; merging five one-case segments (10,000 terms) took 0.7 s. Here the table is read
    once in order and each list in one read, as in `segment_postings`."""
    terms = reader._terms if type(reader) is SegmentReader else None
    if not (BLOCKS_SUPPORTED and type(terms) is W3TermsReader):
        for fieldname, tbytes in reader.all_terms():
            docs, weights = walk_postings(reader.postings(fieldname, tbytes))
            if docs:
                yield fieldname, tbytes, docs, weights
        return
    deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    schema = reader.schema
    # A segment of one case stores the same few lists for most of its 2,000 terms (the one
    # document, a handful of counts; see bulk._write_term): each is decoded once per field.
    decoded: dict[tuple[str, bytes], tuple[list[int], list[float]]] = {}
    for (fieldname, tbytes), terminfo in terms.items():
        if fieldname not in schema:
            continue  # as reader.all_terms()
        encoded = _encoded_list(reader, terminfo)
        if encoded is None:
            docs, weights = walk_postings(reader.postings(fieldname, tbytes))
        else:
            known = decoded.get((fieldname, encoded))
            if known is None:
                matcher = W3LeafMatcher(BufferFile(encoded), 0, len(encoded), schema[fieldname].format)
                known = _blocks(matcher, True)
                if len(encoded) <= REMEMBERED_LIST_BYTES:
                    decoded[fieldname, encoded] = known
            docs, weights = list(known[0]), list(known[1])
            if deleted and not deleted.isdisjoint(docs):
                kept = [doc not in deleted for doc in docs]
                docs, weights = list(compress(docs, kept)), list(compress(weights, kept))
        if docs:  # a term of deleted documents only has no postings to give
            yield fieldname, tbytes, docs, weights


# Posting lists up to this size (one or two postings: some 100 bytes) are decoded once per
# segment and field.
REMEMBERED_LIST_BYTES = 128


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


def live_documents(searcher) -> frozenset[int]:
    """Every document that is not deleted, numbered as in the searcher: Whoosh's
    `reader().all_doc_ids()`, a segment at a time (over several segments, Whoosh
    looks up each document's segment and deletion on its own: 7 ms at 5,000, now 3)."""
    live: list[int] = []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        if reader.has_deletions():
            live.extend(offset + doc for doc in reader.all_doc_ids())
        else:
            live.extend(range(offset, offset + reader.doc_count_all()))
    return frozenset(live)
