"""What the vocabulary files are without parsing them: where each lives, and the
fingerprint of their bytes.

Read by `vocabulary` (which parses and validates them with Pydantic) and by the
check cache (`catalog.load_catalog`), whose key is that fingerprint: a `check`
that finds every case file in its cache then reads the vocabularies' bytes but
imports neither YAML nor Pydantic.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from .kinds import VOCABULARY_FILES
from .project_files import link_out_of_project


def vocabulary_path(schema_dir: Path, kind: str) -> Path:
    return schema_dir / f"{kind}.yml"


def outside_vocabulary_file(schema_dir: Path) -> tuple[Path, Path] | None:
    """(file, where it leads) of the first vocabulary file that is a symbolic link out of the
    project (the folder holding `schema/`), or None. OSError when one does not exist."""
    for kind in VOCABULARY_FILES:
        path = vocabulary_path(schema_dir, kind)
        target = link_out_of_project(path, schema_dir.parent)
        if target is not None:
            return path, target
    return None


def fingerprint_of(contents: Iterable[tuple[str, bytes]]) -> str:
    """The fingerprint of (kind, file bytes) pairs in the order of VOCABULARY_FILES."""
    digest = hashlib.sha256()
    for kind, raw in contents:
        digest.update(kind.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def vocabulary_fingerprint(schema_dir: Path) -> str | None:
    """The fingerprint `load_vocabularies` gives these files, from their bytes alone;
    None when one cannot be read (loading them says why)."""
    try:
        if outside_vocabulary_file(schema_dir) is not None:
            return None
        return fingerprint_of((kind, vocabulary_path(schema_dir, kind).read_bytes()) for kind in VOCABULARY_FILES)
    except (OSError, RuntimeError):
        return None
