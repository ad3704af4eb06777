"""Content files stay inside the project: a symbolic link that leads out is never read.

Read by every stage that opens a content file: the loader (case files, WW003), the
vocabularies and the wijkscan in `schema/`. A link inside the project is fine (a
case may be a link to another case); a link out of it could make `check` read any
file of the machine and print what it holds into a CI log, so it is refused before
a byte is read, and no message quotes more of it than its path.
Standard library only: the check cache reads the vocabularies' bytes through here.
"""

from __future__ import annotations

import os
from pathlib import Path


def link_out_of_project(path: Path, root: Path) -> Path | None:
    """Where `path` leads when a symbolic link on the way leads out of `root`, else None.

    A path spelled outside `root` without a link (a file named on the command line) may
    live anywhere. OSError (or RuntimeError, for a loop) when `path` does not exist."""
    resolved = path.resolve(strict=True)
    followed_link = resolved != Path(os.path.abspath(path))
    return resolved if followed_link and not resolved.is_relative_to(root.resolve()) else None


def outside_message(path: Path, target: Path) -> str:
    """The Dutch sentence for a content file that is a link out of the project."""
    return f"{path.name} is een symbolische link naar buiten het project (naar {target}); zet het bestand zelf in het project"
