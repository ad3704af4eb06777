"""Where the search index lives on disk, and how a new one replaces the old.

Used by the index stage (`search_index.py`); it knows nothing about the search
engine, only folders. The layout under `.wijkwijzer/index/`:

    CURRENT          name of the live generation; replaced atomically (os.replace)
    LOCK             held by whoever changes the index; readers never take it
    gen-<ns>-<pid>/  one complete index plus its meta.json
    tmp-<ns>-<pid>/  a generation being built; no reader ever opens it

A full rebuild writes a `tmp-` folder, renames it to `gen-` and only then points
CURRENT at it, so a reader sees the old index or the new one, never half of one.
Old generations are removed after the switch; a reader that still has one open
keeps working on POSIX (open files outlive their names), and on Windows the
removal simply fails and is retried after the next rebuild.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..errors import IndexFolderUnusable, IndexLocked

GENERATION_NAME = re.compile(r"^gen-[0-9]+-[0-9]+$")
META_FILE = "meta.json"
LOCK_TIMEOUT_SECONDS = 120.0


class IndexStorage:
    """The index folder: which generation is live, and the lock for changing it."""

    def __init__(self, folder: Path):
        self.folder = folder

    def current(self) -> Path | None:
        """The live generation's folder, or None when there is none (or it is unusable)."""
        for _attempt in range(3):
            try:
                name = (self.folder / "CURRENT").read_text("ascii").strip()
            except (OSError, UnicodeDecodeError):
                return None
            # CURRENT is ours, but a damaged one must never point outside the folder.
            if not GENERATION_NAME.match(name):
                return None
            if (self.folder / name).is_dir():
                return self.folder / name
            # A rebuild may have switched CURRENT and removed this generation
            # since we read it: read CURRENT again.
        return None

    def read_meta(self, generation: Path) -> dict:
        """The generation's meta.json as a dict; {} when it is missing or unreadable."""
        try:
            meta = json.loads((generation / META_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return meta if isinstance(meta, dict) else {}

    @contextmanager
    def locked(self, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
        """Hold the index lock: one writer at a time, across processes."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / "LOCK", "a+b")
        except OSError as error:  # a file in its place, no permission: a sentence, not a bug
            reason = ("er staat een bestand op die plek" if isinstance(error, FileExistsError)
                      else error.strerror or str(error))
            raise IndexFolderUnusable(str(self.folder), reason) from None
        with handle:
            deadline = time.monotonic() + timeout
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    raise IndexLocked(str(self.folder))
                time.sleep(0.05)
            try:
                yield
            finally:
                _unlock(handle)

    def new_generation(self) -> Path:
        """An empty, private folder to build a complete index in (call while locked)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        folder = self.folder / f"tmp-{time.time_ns()}-{os.getpid()}"
        folder.mkdir()
        return folder

    def publish(self, building: Path, meta: dict) -> Path:
        """Make a fully built generation the live one (call while locked)."""
        (building / META_FILE).write_text(json.dumps(meta, indent=2), "utf-8")
        generation = self.folder / building.name.replace("tmp-", "gen-", 1)
        os.replace(building, generation)
        pointer = self.folder / f"CURRENT.{os.getpid()}.tmp"
        with open(pointer, "w", encoding="ascii") as handle:
            handle.write(generation.name)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(pointer, self.folder / "CURRENT")
        self._remove_all_but(generation)
        return generation

    def discard(self, building: Path) -> None:
        shutil.rmtree(building, ignore_errors=True)

    def _remove_all_but(self, keep: Path) -> None:
        # Called under the lock, so no other writer is building a tmp- folder;
        # leftovers are from a crashed build and can go too.
        for child in self.folder.iterdir():
            if child != keep and child.is_dir() and child.name.startswith(("gen-", "tmp-")):
                shutil.rmtree(child, ignore_errors=True)


try:  # POSIX
    import fcntl

    def _try_lock(handle) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(handle) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _try_lock(handle) -> bool:
        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
