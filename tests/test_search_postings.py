"""Postings and field lengths read in bulk equal what Whoosh's own methods give.

`search.postings` reads a term's posting blocks and a segment's length column
whole, reaching into Whoosh's matcher and column internals; this test holds it
to Whoosh's public matcher methods and `doc_field_length`, for every term and
document of an index with several segments (one written by the rebuild's bulk
writer) and deleted documents, read from the file and from a memory map.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.filedb.filestore import FileStorage

from site_builder.search import facets, postings
from site_builder.search.bulk import BulkSegmentWriter
from site_builder.search.codec import IndexCodec
from site_builder.search.freshness import INDEX_NAME, open_index
from site_builder.search.schema import case_schema
from tests.test_search_scoring import _document

FACETS = {"facet_bouwsteen": ("vertrouwen", "middelen", "lange-adem", "gedeelde-visie"),
          "facet_provincie": ("limburg", "utrecht", "zeeland")}


def _with_facets(rng: random.Random, number: int) -> dict:
    document = _document(rng, number)
    for field, values in FACETS.items():
        document[field] = rng.sample(values, rng.randint(0, 2))
    if number % 50 == 49:  # no title: the last documents of a segment without a length there
        for field in ("titel", "titel_paren"):
            del document[field]
    return document


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """400 documents in four segments, 40 of them deleted and 10 replaced; the first
    segment written as a rebuild writes it, with posting lists of several blocks."""
    rng = random.Random(14)
    folder = tmp_path_factory.mktemp("index")
    ix = whoosh_index.create_in(str(folder), case_schema())
    with BulkSegmentWriter(ix, codec=IndexCodec()) as writer:
        for number in range(0, 200):
            document = _with_facets(rng, number)
            writer.add_document(**{name: Counter(value) if isinstance(value, list) and not name.startswith("facet")
                                   else value for name, value in document.items()})
    for first in (200, 300):
        with ix.writer(codec=IndexCodec()) as writer:
            for number in range(first, first + 100):
                writer.add_document(**_with_facets(rng, number))
    with ix.writer(codec=IndexCodec()) as writer:
        writer.merge = False
        for number in range(0, 400, 10):
            writer.delete_by_term("slug", f"casus-{number}")
        for number in range(7, 400, 40):
            writer.update_document(**_with_facets(rng, number))
    ix.close()
    return folder


@pytest.fixture(params=["file", "mmap"])
def index(request, folder):
    ix = open_index(folder) if request.param == "file" else FileStorage(str(folder)).open_index(INDEX_NAME)
    yield ix
    ix.close()


FIELDS = ("alles", "alles_paren", "titel", "kenmerken_paren", *FACETS)


def test_the_index_has_what_the_bulk_reads_must_handle(index):
    with index.searcher() as searcher:
        readers = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
        assert len(readers) == 4 and searcher.reader().has_deletions()
        # The bulk paths are taken (not the fallbacks), with more than one block per list.
        assert postings.BLOCKS_SUPPORTED
        assert type(postings._whole_list_matcher(readers[0], "alles", "wijk")) is W3LeafMatcher
        assert readers[0].doc_frequency("alles", "wijk") > 128
        assert all(postings._length_column(reader, "alles") for reader in readers)


@pytest.mark.parametrize("fieldname", FIELDS)
def test_segment_postings_equal_whooshs_matcher(index, fieldname):
    with index.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            terms = list(reader.lexicon(fieldname))
            assert terms
            for term in terms:
                text = term.decode("utf-8")
                walked = postings.walk_postings(reader.postings(fieldname, text))
                assert postings.segment_postings(reader, fieldname, text) == walked
                assert postings.segment_postings(reader, fieldname, text, weights=False) == (walked[0], [])
            assert postings.segment_postings(reader, fieldname, "geen-zo-woord") == ([], [])


def test_facet_documents_equal_whooshs_postings_and_are_remembered_per_segment(index, folder):
    fieldnames = list(FACETS)
    with index.searcher() as searcher:
        reader = searcher.reader()
        expected = {name: {text: list(reader.postings(name, text).all_ids()) for text in reader.field_terms(name)}
                    for name in fieldnames}
        assert facets.facet_documents(searcher, fieldnames, None) == expected
        assert not list(folder.glob(f"*{facets.FILE_SUFFIX}"))
        for _ in ("read from the postings, then remembered", "from the remembered files"):
            assert facets.facet_documents(searcher, fieldnames, folder) == expected
            files = sorted(path.name for path in folder.glob(f"*{facets.FILE_SUFFIX}"))
            assert files == sorted(f"{leaf.reader().segment().segment_id()}{facets.FILE_SUFFIX}"
                                   for leaf, _ in searcher.leaf_searchers())
    for path in folder.glob(f"*{facets.FILE_SUFFIX}"):
        path.unlink()


@pytest.mark.parametrize("fieldname", FIELDS)
def test_field_lengths_equal_doc_field_length(index, fieldname):
    with index.searcher() as searcher:
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            for default in (0, 1):
                assert postings.field_lengths(reader, fieldname, default) == [
                    reader.doc_field_length(doc, fieldname, default) for doc in range(reader.doc_count_all())]


def test_live_documents_equal_whooshs_all_doc_ids(index):
    with index.searcher() as searcher:
        live = postings.live_documents(searcher)
        assert live == frozenset(searcher.reader().all_doc_ids())
        assert len(live) == searcher.doc_count() < searcher.doc_count_all()


def test_every_posting_equals_whooshs_iter_postings(index):
    with index.searcher() as searcher:
        # Each segment (read a list at a time), and all of them at once (Whoosh's way).
        for reader in [leaf.reader() for leaf, _ in searcher.leaf_searchers()] + [searcher.reader()]:
            whooshs: dict = {}
            for fieldname, tbytes, docnum, weight, _ in reader.iter_postings():
                docs, weights = whooshs.setdefault((fieldname, tbytes), ([], []))
                docs.append(docnum)
                weights.append(weight)
            ours = {(fieldname, tbytes): (docs, weights)
                    for fieldname, tbytes, docs, weights in postings.every_posting(reader)}
            assert list(ours) == list(whooshs) and ours == whooshs


def test_every_posting_decodes_a_recurring_short_list_once(index, monkeypatch):
    """Short lists that recur in a segment (the same document with the same count, as in
    the segment of an update) are decoded once, and still given for every term."""
    decoded = []

    class Counting(W3LeafMatcher):
        def __init__(self, *args, **kwargs):
            decoded.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(postings, "W3LeafMatcher", Counting)
    with index.searcher() as searcher:
        reader = [leaf.reader() for leaf, _ in searcher.leaf_searchers()][1]
        given = list(postings.every_posting(reader))
        whooshs = {(fieldname, tbytes) for fieldname, tbytes, *_ in reader.iter_postings()}
    assert {(fieldname, tbytes) for fieldname, tbytes, _, _ in given} == whooshs
    assert 0 < len(decoded) < len(given)
