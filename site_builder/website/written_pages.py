"""Pages the engine has finished writing, found while it still writes the others.

Part of the engine stage (build.build_site). The engine is a process of its own
(engines.EngineBuild) that says nothing of its progress, so the build looks, every
LOOK_AGAIN_SECONDS, for the pages it expects: the HTML file of every Markdown page
of the source. A page counts as written once its file ends in `</html>`: an engine
writes a page whole, and a page cut short in the middle of being written ends
elsewhere (the one `</html>` of a page is its last tag; text from a case that
spells it is escaped long before). Each look opens only the pages not found yet.
A look lists the folders first and opens only
the pages whose folder exists. What the engine wrote beyond those, or finished only as it ended, `the_rest` finds
once it has ended. The pages found are handed on in the order they were found.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from pathlib import Path

HTML_END = b"</html>"
TAIL_BYTES = 64  # the end of a page read to find HTML_END (whitespace may follow it)
LOOK_AGAIN_SECONDS = 0.2


class WrittenPages:
    """The pages of `site_dir` (paths relative to it, with slashes) as the engine finishes them."""

    def __init__(self, site_dir: Path, expected: Iterable[str]) -> None:
        self.site_dir = site_dir
        self.waiting = list(dict.fromkeys(expected))
        self.found: set[str] = set()

    def newly_written(self) -> list[Path]:
        """The expected pages written completely since the last look. A page is opened
        only once its folder exists: the folders are listed, one listing per folder
        above them (a look at 5,000 waiting case pages, each in a folder of its own,
        took 0.12 s opening each, a few milliseconds this way)."""
        listed: dict[str, set[str]] = {}

        def folder_exists(folder: str) -> bool:
            if not folder:
                return True
            above, name = posixpath.split(folder)
            if above not in listed:
                try:
                    with os.scandir(self.site_dir / above) as entries:
                        listed[above] = {entry.name for entry in entries if entry.is_dir()}
                except OSError:
                    listed[above] = set()
            return name in listed[above]

        written, waiting = [], []
        for page in self.waiting:
            done = folder_exists(posixpath.dirname(page)) and is_written(self.site_dir / page)
            (written if done else waiting).append(page)
        self.waiting = waiting
        self.found.update(written)
        return [Path(page) for page in written]

    def the_rest(self) -> list[Path]:
        """Once the engine has ended: every HTML file of the site not handed on yet, by path."""
        rest = sorted(path.relative_to(self.site_dir).as_posix() for path in self.site_dir.rglob("*.html")
                      if path.is_file())
        self.waiting = []
        pages = [page for page in rest if page not in self.found]
        self.found.update(pages)
        return [Path(page) for page in pages]


def is_written(path: Path) -> bool:
    """Whether the page at `path` exists and ends in `</html>` (see the module's text)."""
    try:
        with path.open("rb") as page:
            size = page.seek(0, os.SEEK_END)
            page.seek(max(0, size - TAIL_BYTES))
            return page.read().rstrip().lower().endswith(HTML_END)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False
