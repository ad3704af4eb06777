"""What a case file is by its name and size alone: the slug its name gives, and the
largest file the loader reads.

Read by the loader (`loader.py`) and by the search's freshness check
(`search/freshness.py`), which compares a file with the index without importing
the loader (YAML, the rule registry): the first search after an edit does that.
"""

from __future__ import annotations

from pathlib import Path

MAX_FILE_BYTES = 1_000_000  # WW001


def slug_for(path: Path) -> str:
    return path.name[:-3] if path.name.endswith(".md") else path.name
