"""A rebuild's postings gathered in batches (by the worker processes) make the index that
adding the documents one by one makes: the same postings, lengths and stored fields."""

from __future__ import annotations

import os

import pytest
from whoosh import index as whoosh_index

from site_builder.content.catalog import load_catalog
from site_builder.search import documents
from site_builder.search import index as search_index
from site_builder.search.bulk import BulkSegmentWriter, analysed_fields, gather_batch
from site_builder.search.codec import IndexCodec
from site_builder.search.documents import case_document, document_batches
from site_builder.search.freshness import index_folder
from site_builder.search.index import update_index
from site_builder.search.schema import case_schema

from .conftest import copy_project


@pytest.fixture
def content(tmp_path):
    return copy_project(tmp_path / "root")


def index_contents(folder) -> dict:
    """Everything a search reads: every posting with its weight, field lengths, stored fields."""
    ix = whoosh_index.open_dir(str(folder))
    try:
        with ix.reader() as reader:
            postings = {}
            for fieldname, term in reader.all_terms():
                ids = list(reader.postings(fieldname, term).all_ids())
                postings[fieldname, term] = list(zip(ids, _weights(reader, fieldname, term)))
            lengths = {(name, docnum): reader.doc_field_length(docnum, name)
                       for name in ix.schema.scorable_names() for docnum in range(reader.doc_count_all())}
            stored = list(reader.all_stored_fields())
            return {"postings": postings, "lengths": lengths, "stored": stored, "segments": len(reader.leaf_readers())}
    finally:
        ix.close()


def _weights(reader, fieldname, term) -> list[float]:
    matcher = reader.postings(fieldname, term)
    weights = []
    while matcher.is_active():
        weights.append(matcher.weight())
        matcher.next()
    return weights


def one_by_one(content) -> dict:
    """The index the bulk writer makes from whole documents, added one at a time."""
    catalog = load_catalog(content)
    folder = index_folder(content)
    folder.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(folder), case_schema())
    writer = BulkSegmentWriter(ix, codec=IndexCodec())
    for record in catalog.cases:
        writer.add_document(**case_document(record, catalog.vocabularies))
    writer.commit()
    ix.close()
    return index_contents(folder)


@pytest.mark.parametrize("in_workers", [False, True])
def test_a_rebuild_in_batches_writes_what_one_document_at_a_time_writes(content, monkeypatch, in_workers):
    expected = one_by_one(content)
    assert expected["postings"] and expected["segments"] == 1
    if in_workers:  # forked workers, batches of three records: terms spread over many batches
        monkeypatch.setattr(documents, "PARALLEL_FROM", 1)
        monkeypatch.setattr(documents, "BATCH_SIZE", 3)
        monkeypatch.setattr(os, "cpu_count", lambda: 2)
    update_index(content, load_catalog(content), full=True)
    assert index_contents(index_folder(content)) == expected


def test_batches_are_numbered_on_from_the_writers_document(content, monkeypatch):
    catalog = load_catalog(content)
    monkeypatch.setattr(documents, "PARALLEL_FROM", 1)
    monkeypatch.setattr(documents, "BATCH_SIZE", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    gathered = analysed_fields(case_schema())
    batches = list(document_batches(catalog.cases, catalog.vocabularies, 5, gathered))
    assert len(batches) > 1
    assert [batch.first_docnum for batch in batches] == [5 + sum(len(b.documents) for b in batches[:i])
                                                          for i in range(len(batches))]
    assert [document["slug"] for batch in batches for document in batch.documents] == [
        record.slug for record in catalog.cases]


def test_the_writer_refuses_a_batch_out_of_turn(content, tmp_path):
    catalog = load_catalog(content)
    schema = case_schema()
    ix = whoosh_index.create_in(str(tmp_path), schema)
    writer = BulkSegmentWriter(ix, codec=IndexCodec())
    batch = gather_batch([case_document(catalog.cases[0], catalog.vocabularies)], 1, analysed_fields(schema))
    with pytest.raises(ValueError):
        writer.add_batch(batch)
    writer.cancel()
    ix.close()


def written_files(write_terms) -> dict[str, bytes]:
    """The term and posting files of a segment whose one field `write_terms` fills."""
    from whoosh.codec.whoosh3 import W3Segment
    from whoosh.fields import TEXT
    from whoosh.filedb.filestore import RamStorage

    storage, codec = RamStorage(), IndexCodec()
    segment = W3Segment(codec, "seg")
    fieldwriter = codec.field_writer(storage, segment)
    field = TEXT(phrase=False)
    fieldwriter.start_field("tekst", field)
    write_terms(fieldwriter, field)
    fieldwriter.finish_field()
    fieldwriter.close()
    return {name.rsplit(".", 1)[1]: storage.open_file(name).read() for name in storage.list()}  # by extension


@pytest.mark.parametrize("remembering", [False, True])
def test_the_bulk_writer_writes_postings_in_whooshs_bytes(remembering):
    """Term by term, the files Whoosh's field writer makes from one posting at a time;
    also when it remembers the blocks of short lists (as a segment of one case repeats them)."""
    from array import array

    from whoosh.system import pack_uint

    from site_builder.search.bulk import _write_term

    # Lengths around the block size (128), weights all 1, all equal and mixed.
    terms = {}
    for number, (count, weight) in enumerate([(1, lambda i: 1), (2, lambda i: 3), (127, lambda i: 1 + i % 3),
                                              (128, lambda i: 1), (129, lambda i: 2), (300, lambda i: 1 + i % 7),
                                              (256, lambda i: 5 if i == 255 else 1)]):
        ids = sorted({(i * 7919 + number) % 5000 for i in range(count * 3)})[:count]
        terms[f"term{number}".encode()] = (array("I", ids), array("f", [weight(i) for i in range(count)]))
    # Short lists that recur, as in the segment of an update: the same document, counts alike and not.
    for number, (ids, weights) in enumerate([([42], [1]), ([42], [3]), ([42], [1]), ([7, 42], [1, 2]),
                                             ([42], [3]), ([7, 42], [1, 2]), ([7, 42], [2, 1]), ([43], [1])]):
        terms[f"kort{number}".encode()] = (array("I", ids), array("f", weights))

    def whooshs(fieldwriter, field):
        for tbytes, (ids, weights) in sorted(terms.items()):
            fieldwriter.start_term(tbytes)
            for docnum, weight in zip(ids, weights):
                fieldwriter.add(docnum, weight, pack_uint(int(weight)), None)
            fieldwriter.finish_term()

    def ours(fieldwriter, field):
        blocks = {} if remembering else None
        for tbytes, (ids, weights) in sorted(terms.items()):
            _write_term(fieldwriter, tbytes, ids, weights, field.format.fixed_value_size(), blocks)
        assert blocks is None or len(blocks) == 7  # five different short lists above, and two among the others

    expected = written_files(whooshs)
    assert any(len(data) > 1000 for data in expected.values())
    assert written_files(ours) == expected


def updated_case_by_case(content, writer, monkeypatch) -> dict:
    """An index built, then updated with one new case at a time until updates merge segments."""
    monkeypatch.setattr(search_index, "INDEX_WRITER", writer)
    monkeypatch.setattr(search_index, "MERGE_FROM_SEGMENTS", 4)
    update_index(content, load_catalog(content), full=True)
    template = next(content.cases_dir.glob("*.md")).read_text("utf-8")
    for number in range(6):
        (content.cases_dir / f"extra-{number}.md").write_text(
            template.replace("## Lessen", f"## Lessen\n\nDe zeppelinhaven {number}."), "utf-8")
        update_index(content, load_catalog(content))
    return index_contents(index_folder(content))


def test_updates_that_merge_segments_write_what_whooshs_own_writer_writes(tmp_path, monkeypatch):
    """A merge hands the merged segments' postings to the writer (`add_reader`); the bulk
    writer must write them as Whoosh's own writer does (it once dropped them: the merged
    cases could no longer be found)."""
    whooshs = updated_case_by_case(copy_project(tmp_path / "whoosh"), search_index.SegmentWriter, monkeypatch)
    ours = updated_case_by_case(copy_project(tmp_path / "bulk"), BulkSegmentWriter, monkeypatch)
    assert whooshs["segments"] < 7  # merged
    assert ("alles", b"zeppelinhav") in ours["postings"]
    assert ours == whooshs
