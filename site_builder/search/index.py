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
between can only cause one extra rebuild.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import CLEAR

from ..content.catalog import Catalog, case_files
from ..content.loader import MAX_FILE_BYTES, slug_for
from ..content.vocabulary import Vocabularies
from ..errors import IndexFolderUnusable, IndexLocked, IndexNeedsRebuild, IndexRefused
from ..project import Project
from .documents import case_document, case_documents
from .schema import case_schema, index_format

# Why a full rebuild happened, as shown to the user.
REBUILD_ASKED = "volledige herbouw gevraagd"
REBUILD_NO_INDEX = "nog geen index"
REBUILD_FORMAT = "indexformaat gewijzigd"
REBUILD_VOCABULARIES = "woordenlijsten in schema/ gewijzigd"
REBUILD_DAMAGED = "index was beschadigd"

META_FILE = "meta.json"
HASH_CACHE_FILE = "bestandshashes.json"  # see _case_file_hashes
RACY_SECONDS = 2.0
# Whoosh's own lock: the file every Whoosh writer of this index takes.
INDEX_NAME = whoosh_index._DEF_INDEX_NAME
WRITE_LOCK = f"{INDEX_NAME}_WRITELOCK"
LOCK_TIMEOUT_SECONDS = 120.0
POSTING_POOL_MB = 256
# From this many cases a rebuild writes segments in parallel processes.
PARALLEL_WRITE_FROM = 400
MAX_WRITERS = 4


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


def index_folder(project: Project) -> Path:
    return project.state_dir / "index"


def has_index(folder: Path) -> bool:
    """Whether the folder holds a Whoosh table of contents (readable or not)."""
    return any(folder.glob(f"_{INDEX_NAME}_*.toc"))


def _meta(vocabularies: Vocabularies) -> dict:
    return {"format": index_format(), "vocabularies": vocabularies.fingerprint}


def read_meta(folder: Path) -> dict:
    """The index's meta.json as a dict; {} when it is missing or unreadable."""
    meta = _read_json(folder / META_FILE)
    return meta if isinstance(meta, dict) else {}


def _read_json(path: Path):
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _write_json(path: Path, value) -> None:
    """Write atomically: readers see the old file or the new one."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    temporary.write_text(json.dumps(value, indent=1), "utf-8")
    os.replace(temporary, path)


def _rebuild_reason(folder: Path, vocabularies: Vocabularies) -> str | None:
    """Why the index cannot be updated in place, or None when it can."""
    if not has_index(folder):
        return REBUILD_NO_INDEX
    meta = read_meta(folder)
    if meta.get("format") != index_format():
        return REBUILD_FORMAT
    if meta.get("vocabularies") != vocabularies.fingerprint:
        return REBUILD_VOCABULARIES
    return None


def update_index(project: Project, catalog: Catalog, full: bool = False) -> IndexStats:
    """Bring the index in line with the catalog: changed cases only, or all when needed."""
    if catalog.errors:
        raise IndexRefused(len(catalog.errors))
    folder = index_folder(project)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        storage = FileStorage(str(folder))
        lock = storage.lock(WRITE_LOCK)
        acquired = _acquire(lock, LOCK_TIMEOUT_SECONDS)
    except OSError as error:  # a file in its place, no permission: a sentence, not a bug
        reason = ("er staat een bestand op die plek" if isinstance(error, (FileExistsError, NotADirectoryError))
                  else error.strerror or str(error))
        raise IndexFolderUnusable(str(folder), reason) from None
    if not acquired:
        raise IndexLocked(str(folder))
    try:
        reason = REBUILD_ASKED if full else _rebuild_reason(folder, catalog.vocabularies)
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
            ix = whoosh_index.open_dir(str(folder))
        except Exception:
            ix = None  # damaged after all: written afresh below
    if ix is None:
        _clear(folder)
        ix = whoosh_index.create_in(str(folder), case_schema())
    try:
        # We hold the write lock already (Whoosh's own), so the writer must not take it again.
        writer = ix.writer(_lk=False, **_writer_options(len(catalog.cases)))
        try:
            for document in case_documents(catalog.cases, catalog.vocabularies):
                writer.add_document(**document)
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=CLEAR)
    finally:
        ix.close()
    _write_json(folder / META_FILE, _meta(catalog.vocabularies))
    count = len(catalog.cases)
    return IndexStats(cases=count, reindexed=count, added=count, rebuilt_because=reason)


class _Codec(W3Codec):
    """Whoosh's codec without per-block length statistics.

    Whoosh keeps the shortest and longest field length of every block of
    postings, for skipping blocks in a top-N search. Looking up the length for
    each posting was a fifth of the time of a rebuild, and our scorer reads
    every posting anyway (without them a block's bound is only looser).
    """

    length_stats = False


def _writer_options(case_count: int) -> dict:
    """Options for the rebuild's writer: several processes for a large rebuild.

    Each process writes its own segment from the documents it is handed, and
    the segments are left unmerged (multisegment): merging would cost as much
    time as the parallelism saves.
    """
    options = {"codec": _Codec(), "limitmb": POSTING_POOL_MB}
    processes = min(os.cpu_count() or 1, MAX_WRITERS)
    if case_count < PARALLEL_WRITE_FROM or processes < 2:
        return options
    batch = max(1, min(50, -(-case_count // (processes * 4))))
    per_process = {**options, "limitmb": POSTING_POOL_MB // processes}
    # The sub-writers get their own options (Whoosh passes them _lk=False itself).
    return {**per_process, "procs": processes, "multisegment": True, "batchsize": batch,
            "subargs": per_process}


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
            indexed = indexed_hashes(reader)
        if only is not None:
            kept = {slug: record for slug, record in indexed.items() if slug not in only}
            wanted = {**{slug: None for slug in kept}, **catalog.by_slug()}
        else:
            wanted = catalog.by_slug()
        removed = sorted(set(indexed) - set(wanted))
        added = sorted(set(wanted) - set(indexed))
        changed = sorted(slug for slug in set(wanted) & set(indexed)
                         if wanted[slug] is not None and wanted[slug].content_hash != indexed[slug])
        if removed or added or changed:
            writer = ix.writer(_lk=False)
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
            writer.commit()
    finally:
        ix.close()
    return IndexStats(cases=len(wanted), reindexed=len(added) + len(changed),
                      added=len(added), changed=len(changed), removed=len(removed))


def indexed_hashes(reader) -> dict[str, str]:
    """{slug: content hash} of every case in the index."""
    slugs = reader.column_reader("slug")
    hashes = reader.column_reader("content_hash")
    return {slugs[doc]: hashes[doc] for doc in reader.all_doc_ids()}


def file_content_hash(path: Path) -> str | None:
    """The hash the loader gives a case file (sha256 of its bytes), without parsing it.

    None for anything the loader would refuse to read (not a regular file, too big):
    such a file never matches the index, so the catalog is loaded and reports it.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass(frozen=True)
class Staleness:
    """How the index differs from the case files, found by hashing the files (no YAML parsing)."""

    rebuild: bool = False  # no usable index, or another format or vocabularies
    changed_files: tuple[Path, ...] = ()  # new or edited case files
    removed: tuple[str, ...] = ()  # slugs in the index whose file is gone

    @property
    def current(self) -> bool:
        return not (self.rebuild or self.changed_files or self.removed)


def index_staleness(project: Project, vocabularies: Vocabularies) -> Staleness:
    """What an update would have to do; cheap enough to run before every search."""
    folder = index_folder(project)
    if _rebuild_reason(folder, vocabularies) is not None:
        return Staleness(rebuild=True)
    on_disk = _case_file_hashes(project, folder)
    try:
        ix = whoosh_index.open_dir(str(folder))
        try:
            with ix.reader() as reader:
                indexed = indexed_hashes(reader)
        finally:
            ix.close()
    except Exception:
        return Staleness(rebuild=True)  # unreadable: the update rebuilds it
    changed = tuple(path for slug, (path, digest) in sorted(on_disk.items())
                    if digest is None or indexed.get(slug) != digest)
    return Staleness(changed_files=changed, removed=tuple(sorted(set(indexed) - set(on_disk))))


def _case_file_hashes(project: Project, folder: Path) -> dict[str, tuple[Path, str | None]]:
    """{slug: (path, content hash)} of every case file, hashing only files that changed.

    As git's index does, a file whose size and modification time (in ns) equal
    those remembered in HASH_CACHE_FILE keeps its remembered hash; reading and
    hashing 5,000 files took a quarter of a second. A file modified less than
    RACY_SECONDS before it was remembered is never trusted this way, as a
    second edit within the same clock tick would leave both unchanged.
    """
    cache = _read_json(folder / HASH_CACHE_FILE)
    remembered = cache if isinstance(cache, dict) else {}
    hashes, fresh = {}, {}
    racy_before = time.time_ns() - int(RACY_SECONDS * 1e9)
    for path in case_files(project):
        try:
            info = path.stat()
        except OSError:
            hashes[slug_for(path)] = (path, None)
            continue
        key = [info.st_size, info.st_mtime_ns]
        entry = remembered.get(path.name)
        if isinstance(entry, list) and entry[:2] == key and stat.S_ISREG(info.st_mode) and len(entry) == 3:
            digest = entry[2]
        else:
            digest = file_content_hash(path)
        if digest is not None and info.st_mtime_ns < racy_before:
            fresh[path.name] = [*key, digest]
        hashes[slug_for(path)] = (path, digest)
    if fresh != remembered:
        try:
            _write_json(folder / HASH_CACHE_FILE, fresh)
        except OSError:
            pass  # a cache: without it the next check hashes every file again
    return hashes


def index_is_current(project: Project, vocabularies: Vocabularies) -> bool:
    """Cheap staleness check: hash the case files and compare with the index, no YAML parsing."""
    return index_staleness(project, vocabularies).current


def update_cases(project: Project, changed: Catalog, removed: tuple[str, ...]) -> IndexStats:
    """Apply an incremental change: the (valid) changed cases, and the slugs whose files are gone.

    `changed` holds only the new and edited files (see `index_staleness`), so an
    edit costs parsing one file rather than the whole catalog. When the index
    turns out to need a rebuild after all, the caller loads everything.
    """
    if changed.errors:
        raise IndexRefused(len(changed.errors))
    folder = index_folder(project)
    storage = FileStorage(str(folder))
    lock = storage.lock(WRITE_LOCK)
    if not _acquire(lock, LOCK_TIMEOUT_SECONDS):
        raise IndexLocked(str(folder))
    try:
        if _rebuild_reason(folder, changed.vocabularies) is not None:
            raise IndexNeedsRebuild()
        try:
            return _apply_changes(storage, changed, only=set(removed))
        except Exception as error:
            raise IndexNeedsRebuild() from error
    finally:
        lock.release()


