"""Where things are: the project root and its content folders.

Every command runs from the project root (or below it); `Project.discover`
finds it by its `schema/` vocabularies, so paths in messages are relative to it.
Local state (search index, check cache, site source) goes to `.wijkwijzer/` in the
root, or to the folder that `WIJKWIJZER_STATE` names: so two runs over one checkout
(the test workers, a CI cache) each keep their own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectNotFound


# The environment variable that moves the local state out of the root.
STATE_VARIABLE = "WIJKWIJZER_STATE"


@dataclass(frozen=True)
class Project:
    root: Path
    # Where local state is kept; None: `.wijkwijzer/` in the root.
    state_folder: Path | None = None

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
        """Local, git-ignored state: the search index, the check cache, the site source."""
        return self.state_folder if self.state_folder is not None else self.root / ".wijkwijzer"

    @property
    def mkdocs_config(self) -> Path:
        return self.root / "mkdocs.yml"

    @classmethod
    def discover(cls, start: Path | None = None) -> "Project":
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "schema" / "bouwstenen.yml").is_file():
                state = os.environ.get(STATE_VARIABLE)
                return cls(candidate, Path(state).resolve() if state else None)
        raise ProjectNotFound(
            f"geen wijkwijzer-project gevonden in {here} of erboven "
            "(verwacht een map schema/ met bouwstenen.yml); voer het commando uit in de projectmap")
