"""The preview's memory of loaded case files (`LoadMemory`), for `wijkwijzer serve`.

`catalog.load_catalog(memory=...)` asks it which files changed since the last save:
a file whose stamp is unchanged, or whose bytes are, keeps its record; a file that
breaks keeps its last valid one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .case_file import file_content_hash, is_racy
from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .catalog import CaseRecord
    from .vocabulary import Vocabularies


@dataclass
class LoadMemory:
    """What a long-running process (the preview of `wijkwijzer serve`) read last time.

    Per file: its stamp (size, modification time) and what loading it gave. A file
    whose stamp is unchanged is not read again, so a save re-reads one file, not
    thousands; a record kept from last time is the very same object, which lets
    the later stages see at a glance what did not change. A file that breaks keeps
    its last valid record, so the preview goes on showing the previous version next
    to the located error. A changed vocabulary starts afresh.
    """

    vocabulary_fingerprint: str | None = None
    files: dict[Path, tuple[list[int] | None, CaseRecord | None, list[Diagnostic]]] = field(default_factory=dict)
    last_valid: dict[Path, CaseRecord] = field(default_factory=dict)
    started_ns: int = 0  # when the current load began

    def start(self, vocabularies: Vocabularies) -> None:
        self.started_ns = time.time_ns()
        if vocabularies.fingerprint != self.vocabulary_fingerprint:
            self.vocabulary_fingerprint = vocabularies.fingerprint
            self.files.clear()
            self.last_valid.clear()

    def remembered(self, path: Path, stamp: list[int] | None):
        entry = self.files.get(path)
        if entry is None or stamp is None:
            return None
        if entry[0] != stamp and not same_content(path, entry[1]):
            return None
        return entry[1], entry[2]

    def trusted(self, stamp: list[int] | None) -> list[int] | None:
        """The stamp to remember, or None for a file written just before or while it was
        read: a second save within the clock's resolution could keep size and time
        (git's 'racily clean' rule), so such a file is read again next time."""
        if stamp is None or is_racy(stamp[1], self.started_ns):
            return None
        return stamp

    def remember(self, path: Path, stamp: list[int] | None, record: CaseRecord | None,
                 problems: list[Diagnostic]) -> CaseRecord | None:
        """Store what loading gave; returns the record to use (the previous one for a broken file)."""
        self.files[path] = (self.trusted(stamp), record, problems)
        if record is not None:
            self.last_valid[path] = record
            return record
        return self.last_valid.get(path)

    def forget_missing(self, present: list[Path]) -> None:
        keep = set(present)
        for path in [path for path in self.files if path not in keep]:
            del self.files[path]
            self.last_valid.pop(path, None)


def same_content(path: Path, record: CaseRecord | None) -> bool:
    """Whether a file whose stamp changed, or was too recent to trust, still holds the
    bytes its record was made from (git compares content for such 'racily clean'
    files too). Checking a case depends only on its bytes, its path and the
    vocabularies, so its record stands. Spares a full check of every file on the
    first save after a checkout or copy made just before the preview started, and
    after a `touch`. A link is always checked again (the loader decides where it may point)."""
    if record is None or path.is_symlink():
        return False
    return file_content_hash(path) == record.content_hash
