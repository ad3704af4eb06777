"""Case files on disk without parsing them, in one place: the slug a name gives, the
largest file the loader reads, the hash of a file's bytes, a file's stamp (size and
modification time) and when a stamp is too recent to trust, and the atomic writes of
the state files kept about them.

Read by the loader (`loader.py`), the check cache (`check_cache.py`), the preview's
memory (`load_memory.py`), the search's freshness check (`search/freshness.py`, which
compares a file with the index without importing the loader: YAML, the rule
registry) and the site source (`website/site_source.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import threading
from pathlib import Path

MAX_FILE_BYTES = 1_000_000  # WW001
# A file modified less than this before it was looked at is not known by its size and
# time alone: a second save within the same clock tick (a few milliseconds, or two
# seconds on FAT) leaves them as they were (git's "racily clean" files). The check
# cache, the preview's memory and the search's freshness check all go by it.
RACY_WINDOW_NS = 2_000_000_000


def content_hash(data: bytes) -> str:
    """The one content hash of a case file: sha256 of its bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def stamp_of(info: os.stat_result) -> list[int]:
    """What a file is known by between two looks at it without reading it: size and time."""
    return [info.st_size, info.st_mtime_ns]


def file_stamp(path: Path) -> list[int] | None:
    """`stamp_of` the file at `path`; None when it cannot be looked at."""
    try:
        return stamp_of(os.stat(path))
    except OSError:
        return None


def is_racy(modified_ns: int, looked_at_ns: int) -> bool:
    """Whether a file modified at `modified_ns` may change again unseen by its stamp."""
    return modified_ns >= looked_at_ns - RACY_WINDOW_NS


def write_atomically(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_json_atomically(path: Path, value) -> None:
    """Compact JSON (only then does `json` encode in C), written atomically."""
    write_atomically(path, json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def slug_for(path: Path) -> str:
    return path.name[:-3] if path.name.endswith(".md") else path.name


def file_content_hash(path: Path) -> str | None:
    """The hash the loader gives a case file (sha256 of its bytes), without parsing it.

    None for anything the loader would refuse to read (not a regular file, too big):
    such a file never matches the index, so the catalog is loaded and reports it.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        return content_hash(path.read_bytes())
    except OSError:
        return None
