"""Index stage: build the search index and keep it in line with the case files.

Pipeline: load -> validate -> **index** -> render pages -> mkdocs build.
`wijkwijzer index` and `wijkwijzer search` run this stage on a `Catalog` that
has no errors; it reads `CaseRecord`s and never reaches back into the loader.

The index is one Whoosh index in `.wijkwijzer/index/`, and Whoosh does the
storage work: its write lock lets one writer in at a time, and a commit writes
a new table of contents atomically, so readers see the old or the new list of
segments. An update re-indexes only the cases whose content hash changed,
appeared or disappeared. A full rebuild (asked for, or a vocabulary change)
commits with `mergetype=CLEAR`: the new documents replace every old segment in
one commit, while open searchers keep answering from the old files. A missing,
unreadable or differently formatted index is cleared and written afresh.

`meta.json` next to the index records the format and the vocabularies it was
built with; it is written after the commit, under the same lock, so a crash in
between can only cause one extra rebuild. Whether the index is current is
asked in `freshness.py`, which this module's writers keep informed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import CLEAR, SegmentWriter

from ..content.catalog import Catalog
from ..content.vocabulary import Vocabularies
from ..errors import IndexFolderUnusable, IndexLocked, IndexNeedsRebuild, IndexRefused
from ..project import Project
from .bulk import BulkSegmentWriter, analysed_fields, supported
from .codec import IndexCodec
from .documents import case_document, case_documents, document_batches
from .freshness import (
    INDEX_NAME,
    META_FILE,
    REBUILD_ASKED,
    REBUILD_DAMAGED,
    REBUILD_VOCABULARIES,
    forget_listing,
    hashes_of,
    index_folder,
    index_storage,
    indexed_hashes,
    open_index,
    read_meta,
    rebuild_reason,
    write_json,
)
from .schema import FACET_FIELDS, case_schema, index_format

# Whoosh's own lock: the file every Whoosh writer of this index takes.
WRITE_LOCK = f"{INDEX_NAME}_WRITELOCK"
LOCK_TIMEOUT_SECONDS = 120.0
POSTING_POOL_MB = 256
# Writes the segment of a rebuild (documents are prepared in parallel processes, see
# documents.py) and of an update.
INDEX_WRITER = BulkSegmentWriter
# An update commits without merging segments until the index has this many.
MERGE_FROM_SEGMENTS = 8


def index_writer(ix, **options):
    """INDEX_WRITER where it knows this Whoosh and schema (bulk.supported), else Whoosh's
    own writer: a newer Whoosh makes indexing slower, never broken. We hold Whoosh's
    write lock already, so the writer must not take it again."""
    codec = IndexCodec()
    writer_class = INDEX_WRITER if supported(codec, ix.schema) else SegmentWriter
    return writer_class(ix, _lk=False, codec=codec, **options)


@dataclass(frozen=True)
class IndexStats:
    """What an update did: how many cases were (re)written, and whether from scratch."""

    cases: int  # cases in the index afterwards
    reindexed: int  # documents written in this update
    added: int = 0
    changed: int = 0
    removed: int = 0
    rebuilt_because: str | None = None  # set when the whole index was rebuilt

    @property
    def full_rebuild(self) -> bool:
        return self.rebuilt_because is not None


def _meta(vocabularies: Vocabularies) -> dict:
    """The format, the vocabularies' fingerprint, and what to call each facet value in
    the results (so a search on a current index never loads the vocabularies)."""
    labels = {kind: {entry.id: vocabularies.by_kind(kind).written_form(entry)
                     for entry in vocabularies.by_kind(kind).entries}
              for kind in FACET_FIELDS}
    return {"format": index_format(), "vocabularies": vocabularies.fingerprint, "labels": labels}


def update_index(project: Project, catalog: Catalog, full: bool = False) -> IndexStats:
    """Bring the index in line with the catalog: changed cases only, or all when needed."""
    if catalog.errors:
        raise IndexRefused(len(catalog.errors))
    folder = index_folder(project)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        storage = index_storage(folder)
        lock = storage.lock(WRITE_LOCK)
        acquired = _acquire(lock, LOCK_TIMEOUT_SECONDS)
    except OSError as error:  # a file in its place, no permission: a sentence, not a bug
        reason = ("er staat een bestand op die plek" if isinstance(error, (FileExistsError, NotADirectoryError))
                  else error.strerror or str(error))
        raise IndexFolderUnusable(str(folder), reason) from None
    if not acquired:
        raise IndexLocked(str(folder))
    try:
        forget_listing(folder)  # whoever finds the index current next remembers it again
        reason = REBUILD_ASKED if full else rebuild_reason(folder, catalog.vocabularies)
        if reason is None:
            try:
                return _apply_changes(storage, catalog)
            except Exception:
                # Whatever Whoosh raises on a damaged index (pickle, struct, EOF,
                # missing segment files...), the cure is the same: rebuild it.
                reason = REBUILD_DAMAGED
        return _rebuild(storage, folder, catalog, reason)
    finally:
        lock.release()


def _acquire(lock, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _rebuild(storage: FileStorage, folder: Path, catalog: Catalog, reason: str) -> IndexStats:
    """Write every case in one commit; atomically over an index of the same format."""
    ix = None
    if reason in (REBUILD_ASKED, REBUILD_VOCABULARIES) and read_meta(folder).get("format") == index_format():
        try:
            ix = open_index(folder)
        except Exception:
            ix = None  # damaged after all: written afresh below
    if ix is None:
        _clear(folder)
        ix = whoosh_index.create_in(str(folder), case_schema())
    try:
        # We hold the write lock already (Whoosh's own), so the writer must not take it again.
        writer = index_writer(ix, limitmb=POSTING_POOL_MB)
        try:
            if isinstance(writer, BulkSegmentWriter):  # postings gathered where the documents are made
                for batch in document_batches(catalog.cases, catalog.vocabularies, writer.docnum,
                                              analysed_fields(ix.schema)):
                    writer.add_batch(batch)
            else:
                for document in case_documents(catalog.cases, catalog.vocabularies):
                    writer.add_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR)
    finally:
        ix.close()
    write_json(folder / META_FILE, _meta(catalog.vocabularies))
    count = len(catalog.cases)
    return IndexStats(cases=count, reindexed=count, added=count, rebuilt_because=reason)


def _clear(folder: Path) -> None:
    """Remove everything in the index folder except the lock file (which we hold)."""
    for child in folder.iterdir():
        if child.name != WRITE_LOCK and child.is_file():
            child.unlink(missing_ok=True)


def _apply_changes(storage: FileStorage, catalog: Catalog, only: set[str] | None = None) -> IndexStats:
    """Write the differences between the index and the catalog.

    With `only` (a partial catalog of changed files), cases missing from the
    catalog are kept unless their slug is in `only`.
    """
    ix = whoosh_index.FileIndex(storage)
    try:
        with ix.reader() as reader:
            segments = len(reader.leaf_readers())
            if only is None:
                indexed = indexed_hashes(reader)
                wanted = catalog.by_slug()
                count = len(wanted)
            else:
                # Look up only the slugs at stake: reading every hash took 0.1 s at 5,000 cases.
                wanted = catalog.by_slug()
                indexed = hashes_of(reader, set(wanted) | only)
                in_index = reader.doc_count()
        removed = sorted(set(indexed) - set(wanted))
        added = sorted(set(wanted) - set(indexed))
        changed = sorted(slug for slug in set(wanted) & set(indexed)
                         if wanted[slug].content_hash != indexed[slug])
        if only is not None:
            count = in_index - len(removed) + len(added)
        if removed or added or changed:
            writer = index_writer(ix)
            try:
                for slug in removed:
                    writer.delete_by_term("slug", slug)
                for slug in changed:
                    writer.update_document(**case_document(wanted[slug], catalog.vocabularies))
                for slug in added:
                    writer.add_document(**case_document(wanted[slug], catalog.vocabularies))
            except BaseException:
                writer.cancel()
                raise
            # Each update adds a small segment; merging them on every commit cost as much as
            # the update itself, so they are merged (Whoosh's MERGE_SMALL) once there are many.
            writer.commit(merge=segments + 1 >= MERGE_FROM_SEGMENTS)
    finally:
        ix.close()
    return IndexStats(cases=count, reindexed=len(added) + len(changed),
                      added=len(added), changed=len(changed), removed=len(removed))


def update_cases(project: Project, changed: Catalog, removed: tuple[str, ...]) -> IndexStats:
    """Apply an incremental change: the (valid) changed cases, and the slugs whose files are gone.

    `changed` holds only the new and edited files (see `index_staleness`), so an
    edit costs parsing one file rather than the whole catalog. When the index
    turns out to need a rebuild after all, the caller loads everything.
    """
    if changed.errors:
        raise IndexRefused(len(changed.errors))
    folder = index_folder(project)
    storage = index_storage(folder)
    lock = storage.lock(WRITE_LOCK)
    if not _acquire(lock, LOCK_TIMEOUT_SECONDS):
        raise IndexLocked(str(folder))
    try:
        forget_listing(folder)
        if rebuild_reason(folder, changed.vocabularies) is not None:
            raise IndexNeedsRebuild()
        try:
            return _apply_changes(storage, changed, only=set(removed))
        except Exception as error:
            raise IndexNeedsRebuild() from error
    finally:
        lock.release()


