"""Is the search index in line with the files? Asked before every `wijkwijzer search`.

Used by `commands.py` (before a search), `index.py` (which writes the index
and its meta.json) and `searcher.py` (where the index lives and how it is
read, `index_storage`). Cheapest
question first, so that a search on a current index imports neither the case
loader nor Pydantic and opens nothing but the index it searches:

1. The listing: one digest of the name, size and modification time (ns) of
   every case file and vocabulary file. `remember_listing` stores it in
   LISTING_FILE once the index is known to match the files; while the digest
   is unchanged, so are the files (git's rule), and the index is current.
2. Otherwise the hashes: each case file's sha256 (remembered per file in
   HASH_CACHE_FILE while its size and time stay the same) against the content
   hashes in the index, and the vocabularies' fingerprint against meta.json
   (`index_staleness`). Only what differs is then re-indexed.

A file modified just before it is listed (case_file.is_racy) is never trusted
by size and time (a second edit within the same clock tick would look the
same), so right after an edit the hashes decide, and the listing is stored
on a later search.
"""

from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh.filedb.filestore import FileStorage

from ..content.case_file import file_content_hash, is_racy, slug_for, stamp_of, write_json_atomically
from ..project import Project
from .schema import index_format

if TYPE_CHECKING:
    from ..content.vocabulary import Vocabularies

# Why a full rebuild happens, as shown to the user.
REBUILD_ASKED = "volledige herbouw gevraagd"
REBUILD_NO_INDEX = "nog geen index"
REBUILD_FORMAT = "indexformaat gewijzigd"
REBUILD_VOCABULARIES = "woordenlijsten in schema/ gewijzigd"
REBUILD_DAMAGED = "index was beschadigd"

META_FILE = "meta.json"
HASH_CACHE_FILE = "bestandshashes.json"  # see _case_file_hashes
LISTING_FILE = "bestandenlijst.json"  # see remember_listing
INDEX_NAME = "MAIN"  # the name of the index in its folder (Whoosh's files are named after it)
CASE_SUFFIX, VOCABULARY_SUFFIX = ".md", ".yml"


def index_folder(project: Project) -> Path:
    return project.state_dir / "index"


def index_storage(folder: Path) -> FileStorage:
    """Whoosh's storage of the index folder, reading segments from the file, not a memory map.

    With a memory map, Whoosh copies each part of a segment it opens into a
    BytesIO (`filedb.structfile.BufferFile`): the stored bodies and all
    postings, some 60 MB at 5,000 cases, for a search that reads a few posting
    blocks and ten documents. That copy was 40 ms of every search and 100 ms
    of an update (three opens); reading from the file costs no more per search.
    """
    return FileStorage(str(folder), supports_mmap=False)


def open_index(folder: Path):
    """The index in the folder (Whoosh's `open_dir`, on `index_storage`)."""
    return index_storage(folder).open_index(INDEX_NAME)


def has_index(folder: Path) -> bool:
    """Whether the folder holds a Whoosh index (readable or not)."""
    if not folder.is_dir():
        return False
    try:
        return index_storage(folder).index_exists(INDEX_NAME)
    except Exception:
        return True  # a table of contents is there, but Whoosh cannot read it


def read_json(path: Path):
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None


def read_meta(folder: Path) -> dict:
    """The index's meta.json as a dict; {} when it is missing or unreadable."""
    meta = read_json(folder / META_FILE)
    return meta if isinstance(meta, dict) else {}


def rebuild_reason(folder: Path, vocabularies: Vocabularies | None) -> str | None:
    """Why the index cannot be updated in place, or None when it can. Without
    vocabularies, the caller vouches that they did not change (see `vocabularies_unchanged`)."""
    if not has_index(folder):
        return REBUILD_NO_INDEX
    meta = read_meta(folder)
    if meta.get("format") != index_format():
        return REBUILD_FORMAT
    if vocabularies is not None and meta.get("vocabularies") != vocabularies.fingerprint:
        return REBUILD_VOCABULARIES
    return None


# --- 1. The listing ---------------------------------------------------------------------

@dataclass(frozen=True)
class Listing:
    """Every case and vocabulary file's mode, size and time (ns), from the directories alone.

    A file modified too recently to be trusted by its time is listed as None;
    `complete` is False when there is one (or a folder could not be listed).
    """

    files: dict[str, list[int] | None]  # "cases/x.md" -> [mode, size, mtime_ns]
    complete: bool
    scanned: bool = True  # False when a folder could not be listed: then it says nothing
    # The listing the index was last found current for (LISTING_FILE, None when there is
    # none of this index format), read once, right after the folders were listed.
    remembered: dict[str, list[int]] | None = None


def file_listing(project: Project) -> Listing:
    files: dict[str, list[int]] = {}
    complete = True
    looked_at = time.time_ns()
    for folder, suffix in ((project.cases_dir, CASE_SUFFIX), (project.schema_dir, VOCABULARY_SUFFIX)):
        try:
            if folder.is_symlink():
                return Listing({}, complete=False, scanned=False)  # the loader decides what that means
            with os.scandir(folder) as entries:
                found = [(entry.name, entry.stat()) for entry in entries if entry.name.endswith(suffix)]
        except OSError:
            return Listing({}, complete=False, scanned=False)
        for name, info in found:
            racy = is_racy(info.st_mtime_ns, looked_at)
            complete = complete and not racy
            files[f"{folder.name}/{name}"] = None if racy else [info.st_mode, info.st_size, info.st_mtime_ns]
    return Listing(files, complete, remembered=_remembered_files(index_folder(project)))


def _remembered_files(folder: Path) -> dict[str, list[int]] | None:
    """The listing the index was last found current for, if it is of this index format."""
    stored = read_json(folder / LISTING_FILE)
    if not isinstance(stored, dict) or stored.get("format") != index_format():
        return None
    files = stored.get("files")
    return files if isinstance(files, dict) else None


def listing_unchanged(project: Project, listing: Listing) -> bool:
    """Whether the index was last found current for exactly these files."""
    return listing.complete and listing.remembered == listing.files and has_index(index_folder(project))


def vocabularies_unchanged(project: Project, listing: Listing) -> bool:
    """Whether the vocabulary files are listed exactly as when the index was last found current."""
    prefix = f"{project.schema_dir.name}/"
    remembered = listing.remembered
    if not listing.scanned or remembered is None:
        return False
    now = {name: entry for name, entry in listing.files.items() if name.startswith(prefix)}
    return None not in now.values() and now == {name: entry for name, entry in remembered.items()
                                                 if name.startswith(prefix)}


def remember_listing(project: Project, listing: Listing) -> None:
    """Remember that the index matches the files of this listing (taken before the
    check or update that proved it: a file edited since then differs from it)."""
    if not listing.scanned:
        return
    try:
        write_json_atomically(index_folder(project) / LISTING_FILE, {"format": index_format(), "files": listing.files})
    except OSError:
        pass  # a shortcut only: without it the hashes decide


def forget_listing(folder: Path) -> None:
    """Called by every writer of the index, and when the index does not open."""
    try:
        (folder / LISTING_FILE).unlink(missing_ok=True)
    except OSError:
        pass


# --- 2. The hashes ----------------------------------------------------------------------

@dataclass(frozen=True)
class Staleness:
    """How the index differs from the case files, found by hashing the files (no YAML parsing)."""

    rebuild: bool = False  # no usable index, or another format or vocabularies
    changed_files: tuple[Path, ...] = ()  # new or edited case files
    removed: tuple[str, ...] = ()  # slugs in the index whose file is gone

    @property
    def current(self) -> bool:
        return not (self.rebuild or self.changed_files or self.removed)


def index_staleness(project: Project, vocabularies: Vocabularies | None,
                    listing: Listing | None = None) -> Staleness:
    """What an update would have to do, from the file hashes and the index's own.
    (Vocabularies None: unchanged, as `vocabularies_unchanged` found.)

    With the current `listing` and a remembered one, only the case files whose
    entry differs are hashed and looked up in the index (an edit at 5,000 cases
    then costs no reading of every hash); otherwise every file is compared.
    """
    folder = index_folder(project)
    if rebuild_reason(folder, vocabularies) is not None:
        return Staleness(rebuild=True)
    remembered = listing.remembered if listing is not None and listing.scanned else None
    if remembered is not None:
        return _staleness_since(project, folder, listing, remembered)
    on_disk = _case_file_hashes(project, folder)
    try:
        ix = open_index(folder)
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


def _staleness_since(project: Project, folder: Path, listing: Listing, remembered: dict) -> Staleness:
    """Compare only the case files that differ from the remembered listing."""
    prefix = f"{project.cases_dir.name}/"
    # New, edited, and too recent to tell (None, now or when remembered).
    differing = sorted(name[len(prefix):] for name, entry in listing.files.items()
                       if name.startswith(prefix) and (entry is None or remembered.get(name) != entry))
    gone = sorted(name[len(prefix):] for name in remembered
                  if name.startswith(prefix) and name not in listing.files)
    slugs = {_slug(name) for name in (*differing, *gone)}
    try:
        ix = open_index(folder)
        try:
            with ix.reader() as reader:
                indexed = hashes_of(reader, slugs)
        finally:
            ix.close()
    except Exception:
        return Staleness(rebuild=True)
    changed = []
    for name in differing:
        path = project.cases_dir / name
        digest = file_content_hash(path)
        if digest is None or indexed.get(_slug(name)) != digest:
            changed.append(path)
    return Staleness(changed_files=tuple(changed),
                     removed=tuple(sorted(_slug(name) for name in gone if _slug(name) in indexed)))


def _slug(name: str) -> str:
    return slug_for(Path(name))


def hashes_of(reader, slugs) -> dict[str, str]:
    """{slug: content hash} of those slugs that are in the index, one term lookup each."""
    hashes = reader.column_reader("content_hash")
    found = {}
    for slug in slugs:
        if ("slug", slug) in reader:
            for doc in reader.postings("slug", slug).all_ids():  # skips deleted documents
                found[slug] = hashes[doc]
    return found


def index_is_current(project: Project, vocabularies: Vocabularies) -> bool:
    """The hashes' answer alone (no listing): every file compared with the index."""
    return index_staleness(project, vocabularies).current


def indexed_hashes(reader) -> dict[str, str]:
    """{slug: content hash} of every case in the index."""
    slugs = reader.column_reader("slug")
    hashes = reader.column_reader("content_hash")
    return {slugs[doc]: hashes[doc] for doc in reader.all_doc_ids()}


def _case_file_hashes(project: Project, folder: Path) -> dict[str, tuple[Path, str | None]]:
    """{slug: (path, content hash)} of every case file, hashing only files that changed.

    As git's index does, a file whose size and modification time (in ns) equal
    those remembered in HASH_CACHE_FILE keeps its remembered hash; reading and
    hashing 5,000 files took a quarter of a second.
    """
    cache = read_json(folder / HASH_CACHE_FILE)
    remembered = cache if isinstance(cache, dict) else {}
    from ..content.catalog import case_files  # parsed files follow anyway, mostly

    hashes, fresh = {}, {}
    looked_at = time.time_ns()
    for path in case_files(project):
        try:
            info = path.stat()
        except OSError:
            hashes[slug_for(path)] = (path, None)
            continue
        key = stamp_of(info)
        entry = remembered.get(path.name)
        if isinstance(entry, list) and entry[:2] == key and stat.S_ISREG(info.st_mode) and len(entry) == 3:
            digest = entry[2]
        else:
            digest = file_content_hash(path)
        if digest is not None and not is_racy(info.st_mtime_ns, looked_at):
            fresh[path.name] = [*key, digest]
        hashes[slug_for(path)] = (path, digest)
    if fresh != remembered:
        try:
            write_json_atomically(folder / HASH_CACHE_FILE, fresh)
        except OSError:
            pass  # a cache: without it the next check hashes every file again
    return hashes
