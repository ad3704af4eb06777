"""Where things are: the project root and its content folders.

Every command runs from the project root (or below it); `Project.discover`
finds it by its `schema/` vocabularies, so paths in messages are relative to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectNotFound


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def cases_dir(self) -> Path:
        return self.root / "cases"

    @property
    def schema_dir(self) -> Path:
        return self.root / "schema"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def state_dir(self) -> Path:
        """Local, git-ignored state: the search index and build scratch space."""
        return self.root / ".wijkwijzer"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @classmethod
    def discover(cls, start: Path | None = None) -> "Project":
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "schema" / "bouwstenen.yml").is_file():
                return cls(candidate)
        raise ProjectNotFound(
            f"geen wijkwijzer-project gevonden in {here} of erboven "
            "(verwacht een map schema/ met bouwstenen.yml); voer het commando uit in de projectmap")
