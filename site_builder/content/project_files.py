"""Content files stay inside the project: a symbolic link that leads out is never read.

Read by every stage that opens a content file: the loader (case files, WW003), the
vocabularies and the wijkscan in `schema/`. A link inside the project is fine (a
case may be a link to another case); a link out of it could make `check` read any
file of the machine and print what it holds into a CI log, so it is refused before
a byte is read, and no message quotes what it points at beyond its path.
Standard library only: the check cache reads the vocabularies' bytes through here.
"""

from __future__ import annotations

import os
from pathlib import Path


class OutsideProject(OSError):
    """A symbolic link on the way to a content file leads out of the project."""


def resolve_inside(path: Path, root: Path) -> Path:
    """Where `path` really is. A path spelled outside `root` without a link (a file named
    on the command line) may live anywhere; a link may not lead out of `root`.
    OSError when it does not exist, OutsideProject when a link leads out."""
    resolved = path.resolve(strict=True)
    followed_link = resolved != Path(os.path.abspath(path))
    if followed_link and not resolved.is_relative_to(root.resolve()):
        raise OutsideProject(f"{path.name} is een symbolische link naar buiten het project (naar {resolved})")
    return resolved


def read_inside(path: Path, root: Path) -> bytes:
    """The bytes of `path`, read only when no link on the way leads out of `root`."""
    return resolve_inside(path, root).read_bytes()
