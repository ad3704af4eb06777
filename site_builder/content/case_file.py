"""What a case file is without parsing it: the slug its name gives, the largest file
the loader reads, and the hash the loader gives its bytes.

Read by the loader (`loader.py`), by the search's freshness check
(`search/freshness.py`), which compares a file with the index without importing
the loader (YAML, the rule registry): the first search after an edit does that,
and by the preview's memory (`catalog.same_content`).
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

MAX_FILE_BYTES = 1_000_000  # WW001
# A file modified less than this before it was looked at is not known by its size and
# time alone: a second save within the same clock tick (a few milliseconds, or two
# seconds on FAT) leaves them as they were (git's "racily clean" files). The check
# cache, the preview's memory and the search's freshness check all go by it.
RACY_WINDOW_NS = 2_000_000_000


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
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
