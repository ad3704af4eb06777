"""A whole index in one segment, faster than Whoosh's writer writes it.

Used by `index.py` for rebuilds and updates, and so for the segments an
update merges (`add_postings_to_pool`). A rebuild writes about 1,940 postings a case (9.7 million at 5,000
cases). Whoosh's `SegmentWriter` passes each one through several Python calls:
a tuple into its posting pool (with a size estimate), a sort of all those
tuples (spilled to temporary files and merged when they outgrow the pool), and
`add_posting` with its type checks. Profiled at 300 cases, that was three
quarters of the rebuild.

`BulkSegmentWriter` is that same writer (segment, stored fields, lengths,
columns, table of contents and commit are all Whoosh's) except for the
postings: each term's document numbers and weights are gathered in two
arrays, and at commit every term is written in blocks of Whoosh's own format
(`_write_term`: the bytes `W3PostingsWriter` writes, a block at a time rather
than a posting at a time; `tests/test_search_batches.py` compares the bytes).
`tests/test_search_scoring.py` searches a segment written this way next to
segments Whoosh wrote.

A rebuild gathers postings in the worker processes that prepare the
documents (`documents.document_batches`): each sends a `DocumentBatch`, its
documents' postings already gathered per term into flat arrays, and the
writer only joins each term's arrays (`add_batch`). Appending two million
postings one by one had been a third of the writing process's time.

This reaches into Whoosh's field writer (its files, term table and block
format), which is why it checks the codec and the Whoosh version it was
written against.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter, sub
from pickle import dumps

import whoosh
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from .postings import every_posting
from .schema import AnalysedText

# The Whoosh versions whose posting blocks this module writes (whoosh-reloaded, see requirements.lock).
SUPPORTED_WHOOSH = ((2, 7),)
# A block's shortest and longest field length, as Whoosh writes them when it is given none.
_NO_LENGTH = length_to_byte(None)


def supported(codec, schema) -> bool:
    """Whether the bulk writer can write this schema with this codec and this Whoosh:
    postings without positions (Existence or Frequency, no payload beyond the count)."""
    formats_ok = all(type(field.format) in (Existence, Frequency) and field.format.field_boost == 1.0
                     for _, field in schema.items() if field.indexed)
    # With an inline limit above 1, Whoosh keeps short posting lists in the term table instead.
    return (isinstance(codec, W3Codec) and codec._inlinelimit <= 1
            and tuple(whoosh.__version__[:2]) in SUPPORTED_WHOOSH and formats_ok)


@dataclass
class DocumentBatch:
    """Documents numbered from `first_docnum` on, with the postings of their analysed
    text fields gathered (`gather_batch`): what a worker process sends the writer.

    In `documents`, each gathered field holds its length instead of its terms;
    `postings` has per field the terms in order, how many postings each has,
    and all their document numbers and weights one term after the other.
    """

    first_docnum: int
    documents: list[dict]
    gathered: frozenset[str]
    postings: dict[str, tuple[list[str], array, array, array]]


def analysed_fields(schema) -> frozenset[str]:
    """The fields whose terms a document gives as {term: count} (see AnalysedText)."""
    return frozenset(name for name, field in schema.items() if isinstance(field, AnalysedText))


def gather_batch(documents: list[dict], first_docnum: int, gathered: frozenset[str]) -> DocumentBatch:
    """The documents' postings for the `gathered` fields ({term: count} values), per term in
    document order, as `BulkSegmentWriter.add_document` would gather them. Each document's
    gathered fields are replaced by their length."""
    per_field: dict[str, dict[str, tuple[list[int], list[int]]]] = {name: {} for name in gathered}
    for docnum, document in enumerate(documents, first_docnum):
        for name in gathered:
            counts = document.get(name)
            if counts is None:
                continue
            terms = per_field[name]
            get = terms.get
            for term, count in counts.items():
                postings = get(term)
                if postings is None:
                    postings = terms[term] = ([], [])
                postings[0].append(docnum)
                postings[1].append(count)
            document[name] = sum(counts.values())  # the length, before the field's scorable check
    postings = {}
    for name, terms in per_field.items():
        lists = terms.values()
        postings[name] = (list(terms), array("I", [len(ids) for ids, _ in lists]),
                          array("I", chain.from_iterable(ids for ids, _ in lists)),
                          array("f", chain.from_iterable(counts for _, counts in lists)))
    return DocumentBatch(first_docnum, documents, gathered, postings)


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter, with the postings kept per term in arrays until the commit.

    Text fields given as {term: count} (`documents.case_document`) go straight
    into the arrays; any other indexed field goes through `field.index` as in
    Whoosh. Deleting and updating documents are Whoosh's own.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        if not supported(self.codec, self.schema):
            raise TypeError(f"BulkSegmentWriter cannot write this schema with {self.codec!r}")
        # fieldname -> term (bytes) -> (document numbers, weights)
        self._terms: dict[str, dict[bytes, tuple[array, array]]] = {}

    def add_document(self, **fields):
        self._add(fields, frozenset())

    def add_batch(self, batch: DocumentBatch) -> None:
        """Add the batch's documents, which must come next (numbered from this writer's docnum)."""
        if batch.first_docnum != self.docnum:
            raise ValueError(f"batch starts at document {batch.first_docnum}, the writer is at {self.docnum}")
        for document in batch.documents:
            self._add(document, batch.gathered)
        for name, (terms, sizes, docnums, weights) in batch.postings.items():
            mine = self._terms.setdefault(name, {})
            get = mine.get
            end = 0
            for term, size in zip(terms, sizes):
                start, end = end, end + size
                postings = get(term)
                if postings is None:
                    mine[term] = (docnums[start:end], weights[start:end])
                else:
                    postings[0].extend(docnums[start:end])
                    postings[1].extend(weights[start:end])

    def _add(self, fields: dict, gathered: frozenset[str]) -> None:
        """Write one document; the `gathered` fields hold their length, their postings are in
        `self._terms` already."""
        self._check_state()
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                if name in gathered:
                    length, value = (value if field.scorable else 0), None
                elif field.indexed:
                    length = self._gather(name, field, value, docnum)
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _gather(self, name: str, field, value, docnum: int) -> int:
        """Add the document's postings for one field; return the field length."""
        terms = self._terms.setdefault(name, {})
        length = 0
        if isinstance(field, AnalysedText) and isinstance(value, dict):
            for term, count in value.items():  # the weight is the count (field boost 1, see supported)
                postings = terms.get(term)
                if postings is None:
                    postings = terms[term] = (array("I"), array("f"))
                postings[0].append(docnum)
                postings[1].append(count)
            length = sum(value.values())
        else:
            for tbytes, freq, weight, _ in field.index(value):
                postings = terms.get(tbytes)
                if postings is None:
                    postings = terms[tbytes] = (array("I"), array("f"))
                postings[0].append(docnum)
                postings[1].append(weight)
                length += freq
        return length if field.scorable else 0

    def add_postings_to_pool(self, reader, startdoc, docmap):
        """The postings of a segment that a commit merges into this one (Whoosh's `add_reader`,
        called by the merge policy), gathered like the documents' own: Whoosh would put them in
        its posting pool, which this writer never writes. They come term by term, each in
        document order, numbered after every document this writer holds (`add_reader` numbers
        them from `self.docnum` on), so appending keeps every term's postings in order. They
        are read a list at a time (`postings.every_posting`), not Whoosh's posting at a time."""
        for name, tbytes, docs, weights in every_posting(reader):
            if name not in self.schema:
                continue  # as Whoosh's _process_posts
            terms = self._terms.setdefault(name, {})
            postings = terms.get(tbytes)
            if postings is None:
                postings = terms[tbytes] = (array("I"), array("f"))
            postings[0].extend(map(docmap.__getitem__, docs) if docmap is not None
                               else map(startdoc.__add__, docs))
            postings[1].extend(weights)

    def _flush_segment(self):
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        blocks: dict[tuple, bytes] = {}
        for name in sorted(self._terms):
            field = self.schema[name]
            fieldwriter.start_field(name, field)
            for tbytes, (ids, weights) in _by_term_bytes(self._terms[name]):
                _write_term(fieldwriter, tbytes, ids, weights, field.format.fixed_value_size(), blocks)
            fieldwriter.finish_field()
        fieldwriter.close()
        self._terms.clear()


def _by_term_bytes(terms: dict) -> list[tuple[bytes, tuple[array, array]]]:
    """A field's postings in Whoosh's term order (by bytes). AnalysedText dicts key terms by
    str, Whoosh's own analysis and merged segments by bytes: a term under both keys (new
    documents and a merged segment) becomes one list, in document order."""
    found: dict[bytes, tuple[array, array]] = {}
    for term, postings in terms.items():
        tbytes = term.encode("utf-8") if isinstance(term, str) else term
        earlier = found.get(tbytes)
        if earlier is None:
            found[tbytes] = postings
            continue
        pairs = sorted(zip(chain(earlier[0], postings[0]), chain(earlier[1], postings[1])), key=itemgetter(0))
        found[tbytes] = (array("I", (doc for doc, _ in pairs)), array("f", (weight for _, weight in pairs)))
    return sorted(found.items(), key=itemgetter(0))


# Short posting lists whose encoded block `_write_term` remembers (see there), and how
# many different ones it remembers before it starts afresh.
REMEMBERED_BLOCK_POSTINGS = 2
REMEMBERED_BLOCKS = 4096


def _write_term(fieldwriter: W3FieldWriter, tbytes: bytes, ids: array, weights: array,
                value_size: int, blocks: dict[tuple, bytes] | None = None) -> None:
    """One term's postings, in the bytes Whoosh's `W3FieldWriter` writes for them when
    given posting by posting (`add` without lengths, then `finish_term`), but block by
    block: statistics, minified ids and weights, pickle and zlib as `W3PostingsWriter.
    _write_block` has them, the term's `W3TermInfo` as `finish_postings` leaves it.
    A test holds the bytes to Whoosh's.

    A block's bytes depend only on its document numbers and weights. In the segment of an
    update (one case, some 2,000 terms) nearly every term has the same one posting but
    for its count, and pickling and compressing each anew was most of the update's
    writing; so with `blocks`, the bytes of short lists are made once and remembered."""
    postfile = fieldwriter._postfile
    postings: W3PostingsWriter = fieldwriter._postwriter
    limit, compression = postings._blocklimit, postings._compression
    terminfo = W3TermInfo()
    offset = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    count = len(ids)
    for start in range(0, count, limit):
        block_ids, block = ids[start:start + limit], weights[start:start + limit]
        size, last, maxweight = len(block_ids), block_ids[-1], max(block)
        # W3TermInfo.add_block (no length statistics: its lengths stay None and 0)
        terminfo._weight += sum(block)
        terminfo._df += size
        terminfo._maxweight = max(terminfo._maxweight, maxweight)
        if terminfo._minid is None:
            terminfo._minid = block_ids[0]
        terminfo._maxid = last
        key = None
        if blocks is not None and count <= min(REMEMBERED_BLOCK_POSTINGS, limit):
            key = (block_ids.tobytes(), block.tobytes(), value_size, compression)
            encoded = blocks.get(key)
            if encoded is not None:
                postfile.write(encoded)
                continue
        # _mini_ids, _mini_weights, _mini_values
        mini_ids = tuple(map(sub, block_ids, chain((0,), block_ids)))
        if block.count(1.0) == size:
            mini_weights = None
        elif block.count(block[0]) == size:
            mini_weights = block[0]
        else:
            mini_weights = tuple(block)
        values = _frequency_values(block) if value_size else None
        data = dumps((mini_ids, mini_weights, values), 2)
        if compression:
            data = zlib.compress(data, compression)
        info = dumps((size, last, maxweight, compression, _NO_LENGTH, _NO_LENGTH), 2)
        length = len(info) + len(data)
        # Length (negative for the last block), info and data, as Whoosh writes them, in one call.
        encoded = pack_int(-length if start + limit >= count else length) + info + data
        postfile.write(encoded)
        if key is not None:
            if len(blocks) >= REMEMBERED_BLOCKS:
                blocks.clear()
            blocks[key] = encoded
    terminfo.set_extent(offset, postfile.tell() - offset)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + tbytes, terminfo.to_bytes())


def _frequency_values(weights: array) -> bytes:
    """What whoosh.formats.Frequency stores per posting (its count, `pack_uint`), for a block;
    with a field boost of 1 the weight is the count."""
    counts = array("I", map(int, weights))
    if sys.byteorder == "little":
        counts.byteswap()  # pack_uint is big-endian
    return counts.tobytes()
