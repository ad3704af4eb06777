"""Remember what `wijkwijzer check` found per file, so a re-check reads only what changed.

Like ruff's cache: a file whose size and modification time are what they were last
time gets last time's diagnostics without being parsed. Everything else the result
depends on is in the cache key: the vocabularies (their fingerprint), the project
root, and the code of the content stage itself (a hash of its source files), so a
new rule or a changed vocabulary starts from a fresh cache. The cache lives in the
git-ignored `.wijkwijzer/` folder and is written atomically; a damaged or foreign
cache is ignored, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from .case_file import file_content_hash, is_racy, write_json_atomically
from .diagnostics import Diagnostic

CACHE_FILE = "check-cache.json"
_CODE_DIR = Path(__file__).resolve().parent


def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(_CODE_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@dataclass
class CheckCache:
    path: Path
    key: str
    # display path -> [stamp, diagnostics] or, for a file too recent for its stamp, [stamp, diagnostics, hash]
    entries: dict[str, list] = field(default_factory=dict)
    changed: bool = False
    opened_ns: int = field(default_factory=time.time_ns)

    @classmethod
    def open(cls, state_dir: Path, root: Path, vocabulary_fingerprint: str) -> "CheckCache":
        key = hashlib.sha256(f"{_code_fingerprint()}\0{vocabulary_fingerprint}\0{root}".encode()).hexdigest()
        cache = cls(state_dir / CACHE_FILE, key)
        try:
            stored = json.loads(cache.path.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("key") == key and isinstance(stored.get("files"), dict):
                cache.entries = stored["files"]
        except (OSError, ValueError):
            pass  # no cache yet, or an unreadable one: start afresh
        return cache

    def lookup(self, display_path: str, stamp: list[int] | None, path: Path) -> list[Diagnostic] | None:
        entry = self.entries.get(display_path)
        if stamp is None or not isinstance(entry, list) or len(entry) not in (2, 3) or entry[0] != stamp:
            return None
        if len(entry) == 3:  # stored while too recent to be known by its stamp
            if file_content_hash(path) != entry[2]:
                return None
            if not self.too_recent(stamp):  # the same bytes, and the stamp is old enough now
                self.entries[display_path] = entry[:2]
                self.changed = True
        try:
            return [Diagnostic(**item) for item in entry[1]]
        except (TypeError, KeyError):
            return None  # written by another version of the rules

    def too_recent(self, stamp: list[int] | None) -> bool:
        """Whether a file with this stamp needs its hash in the cache (case_file.is_racy):
        its entry carries the hash of its bytes as well."""
        return stamp is not None and is_racy(stamp[1], self.opened_ns)

    def store(self, display_path: str, stamp: list[int] | None, diagnostics: list[Diagnostic],
              digest: str | None = None) -> None:
        """`digest`: the hash of the bytes that were checked, taken before they were read;
        without it, a file that is `too_recent` is not remembered."""
        if stamp is None or (self.too_recent(stamp) and digest is None):
            return
        entry = [stamp, [
            {"path": d.path, "line": d.line, "col": d.col, "code": d.code, "message": d.message, "hint": d.hint}
            for d in diagnostics]]
        self.entries[display_path] = [*entry, digest] if self.too_recent(stamp) else entry
        self.changed = True

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if not self.changed:
            return
        try:
            write_json_atomically(self.path, {"key": self.key, "files": self.entries})
        except OSError:
            pass
