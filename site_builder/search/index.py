"""Index stage: build the search index and keep it in line with the case files.

Pipeline: load -> validate -> **index** -> render pages -> mkdocs build.
`wijkwijzer index` and `wijkwijzer search` run this stage on a `Catalog` that
has no errors; it reads `CaseRecord`s and never reaches back into the loader.

The index is one Whoosh index in `.wijkwijzer/index/`, written only through
Whoosh's own writers: its write lock lets one writer in at a time, and a
commit writes a new table of contents atomically, so readers see the old or
the new list of segments. An update re-indexes only the cases whose content
hash changed, appeared or disappeared (`update_document` and `delete_by_term`
on the unique `slug`), and commits with Whoosh's own merge policy. A full
rebuild (asked for, or a vocabulary change) writes every case with Whoosh's
multiprocessing writer and commits with `mergetype=CLEAR`: the new segments
replace every old one in one commit, while open searchers keep answering from
the old files. A missing, unreadable or differently formatted index is
cleared and created afresh first, under the same write lock.

`meta.json` next to the index records the format and the vocabularies it was
built with; it is written after the commit, so a crash in between can only
cause one extra rebuild. Whether the index is current is asked in
`freshness.py`, which this module's writers keep informed.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh.index import LockError
from whoosh.writing import CLEAR

from ..content.case_file import write_json_atomically
from ..content.catalog import Catalog
from ..content.vocabulary import Vocabularies
from ..content.wording import ERROR, count_text
from ..errors import IndexFolderUnusable, IndexLocked, IndexNeedsRebuild, IndexRefused
from ..project import Project
from .documents import case_document
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
)
from .schema import FACET_FIELDS, case_schema, index_format

# The lock every Whoosh writer of this index takes (`FileIndex.lock("WRITELOCK")`
# names it so); taken by name only to create an index where none can be opened.
WRITE_LOCK = f"{INDEX_NAME}_WRITELOCK"
LOCK_TIMEOUT_SECONDS = 120.0
# From this many cases a rebuild uses Whoosh's multiprocessing writer (starting
# its processes costs more than it saves below this).
PARALLEL_FROM = 400
WRITER_PROCESSES = 2
# Memory for each writer process's posting pool before it spills sorted runs to disk
# and merges them at the commit. Whoosh counts about 190 bytes a posting, some 1,940
# postings a case of natural text: 1 GB holds about 2,800 cases per process without
# spilling. At 5,000 cases on 2 processes, 256 MB took 104 CPU-seconds, 1024 MB 66
# (benchmarks/README.md); below the limit it costs nothing.
POSTING_POOL_MB = 1024
# Documents the multiprocessing writer hands a process in one job file.
BATCH_SIZE = 100


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
        raise IndexRefused(count_text(len(catalog.errors), ERROR))
    folder = index_folder(project)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file in its place, no permission: a sentence, not a bug
        raise IndexFolderUnusable(str(folder), _reason(error)) from None
    forget_listing(folder)  # whoever finds the index current next remembers it again
    reason = REBUILD_ASKED if full else rebuild_reason(folder, catalog.vocabularies)
    try:
        if reason is None:
            try:
                return _apply_changes(folder, catalog)
            except LockError:
                raise
            except Exception:
                # Whatever Whoosh raises on a damaged index (pickle, struct, EOF,
                # missing segment files...), the cure is the same: rebuild it.
                reason = REBUILD_DAMAGED
        return _rebuild(folder, catalog, reason)
    except LockError:
        raise IndexLocked(str(folder)) from None
    except OSError as error:
        raise IndexFolderUnusable(str(folder), _reason(error)) from None


def _reason(error: OSError) -> str:
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return "er staat een bestand op die plek"
    return error.strerror or str(error)


def _writer(ix, **options):
    """Whoosh's writer, waiting up to LOCK_TIMEOUT_SECONDS for its write lock (LockError after)."""
    return ix.writer(timeout=LOCK_TIMEOUT_SECONDS, delay=0.05, **options)


def _rebuild(folder: Path, catalog: Catalog, reason: str) -> IndexStats:
    """Write every case in one commit; atomically over an index of the same format."""
    ix = None
    if reason in (REBUILD_ASKED, REBUILD_VOCABULARIES) and read_meta(folder).get("format") == index_format():
        try:
            ix = open_index(folder)
        except Exception:
            ix = None  # damaged after all: created afresh below
    if ix is None:
        ix = _create_afresh(folder)
    records = catalog.cases
    try:
        if len(records) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
            # Whoosh's multiprocessing writer: its processes index job files of documents
            # that this process prepares, and each commits a segment of its own.
            writer = _writer(ix, procs=WRITER_PROCESSES, multisegment=True, batchsize=BATCH_SIZE,
                             limitmb=POSTING_POOL_MB)
        else:
            writer = _writer(ix, limitmb=POSTING_POOL_MB)
        try:
            for record in records:
                writer.add_document(**case_document(record, catalog.vocabularies))
        except BaseException:
            _stop_writer_processes()
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR)
        # Whoosh's multiprocessing writer leaves out the segment of a process that
        # failed. A bug, not the user's doing: a traceback, and without meta.json
        # written the next search rebuilds.
        if ix.doc_count() != len(records):
            raise RuntimeError(f"search index: {ix.doc_count()} of {len(records)} cases written")
    finally:
        ix.close()
    write_json_atomically(folder / META_FILE, _meta(catalog.vocabularies))
    count = len(records)
    return IndexStats(cases=count, reindexed=count, added=count, rebuilt_because=reason)


def _stop_writer_processes() -> None:
    """Stop the processes of Whoosh's multiprocessing writer after a failed rebuild: a
    cancelled writer leaves them waiting for work, and Python waits for them at exit."""
    import multiprocessing

    from whoosh.multiproc import SubWriterTask

    for process in multiprocessing.active_children():
        if isinstance(process, SubWriterTask):
            process.terminate()
            process.join()


def _create_afresh(folder: Path):
    """An empty index in place of whatever is there, under Whoosh's write lock (which
    no writer holds while this runs), keeping only the lock file itself."""
    storage = index_storage(folder)
    lock = storage.lock(WRITE_LOCK)
    if not _acquire(lock, LOCK_TIMEOUT_SECONDS):
        raise LockError()
    try:
        for child in folder.iterdir():
            if child.name != WRITE_LOCK and child.is_file():
                child.unlink(missing_ok=True)
        return storage.create_index(case_schema(), indexname=INDEX_NAME)
    finally:
        lock.release()


def _acquire(lock, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not lock.acquire(blocking=False):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _apply_changes(folder: Path, catalog: Catalog, only: set[str] | None = None) -> IndexStats:
    """Write the differences between the index and the catalog.

    With `only` (a partial catalog of changed files), cases missing from the
    catalog are kept unless their slug is in `only`. The differences are read
    under the write lock (the writer's own reader), so two updates never both
    add the same case.
    """
    ix = open_index(folder)
    try:
        writer = _writer(ix)
        try:
            wanted = catalog.by_slug()
            with writer.reader() as reader:
                if only is None:
                    indexed = indexed_hashes(reader)
                    count = len(wanted)
                else:
                    # Look up only the slugs at stake, not every hash in the index.
                    indexed = hashes_of(reader, set(wanted) | only)
                    in_index = reader.doc_count()
            removed = sorted(set(indexed) - set(wanted))
            added = sorted(set(wanted) - set(indexed))
            changed = sorted(slug for slug in set(wanted) & set(indexed)
                             if wanted[slug].content_hash != indexed[slug])
            if only is not None:
                count = in_index - len(removed) + len(added)
            for slug in removed:
                writer.delete_by_term("slug", slug)
            for slug in changed:
                writer.update_document(**case_document(wanted[slug], catalog.vocabularies))
            for slug in added:
                writer.add_document(**case_document(wanted[slug], catalog.vocabularies))
        except BaseException:
            writer.cancel()
            raise
        if removed or added or changed:
            writer.commit()  # Whoosh's own merge policy (MERGE_SMALL)
        else:
            writer.cancel()
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
        raise IndexRefused(count_text(len(changed.errors), ERROR))
    folder = index_folder(project)
    forget_listing(folder)
    if rebuild_reason(folder, changed.vocabularies) is not None:
        raise IndexNeedsRebuild()
    try:
        return _apply_changes(folder, changed, only=set(removed))
    except LockError:
        raise IndexLocked(str(folder)) from None
    except Exception as error:
        raise IndexNeedsRebuild() from error
