"""`wijkwijzer build`: the whole pipeline, with an atomic swap at the end.

Stages, in order:
  1. load + validate  every case (catalog.py); refuse to build on any error;
  2. configure        MkDocs from mkdocs.yml, handing the checked catalog to the
                      `wijkwijzer` plugin so nothing is parsed twice;
  3. render + build   MkDocs runs (strict: any warning fails) into a fresh
                      temporary folder next to the target;
  4. swap             only a complete build replaces the previous site, so a
                      failed build leaves the old site untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .content.catalog import Catalog
from .errors import WijkwijzerError
from .project import Project


class BuildFailed(WijkwijzerError):
    pass


def configure_mkdocs(project: Project, catalog: Catalog | None, site_dir: Path, strict: bool = True):
    """Load mkdocs.yml with our plugin primed with an already checked catalog."""
    try:
        config = load_config(str(project.mkdocs_config), site_dir=str(site_dir), strict=strict)
    except (MkDocsException, OSError) as error:
        raise BuildFailed(f"mkdocs.yml kon niet geladen worden: {error}") from None
    plugin = config.plugins.get("wijkwijzer")
    if plugin is None:
        raise BuildFailed("de plugin 'wijkwijzer' ontbreekt in mkdocs.yml (plugins: - wijkwijzer)")
    plugin.preloaded_catalog = catalog
    return config


@contextmanager
def mkdocs_messages_to_stderr():
    """Show MkDocs warnings (not its chatter) while it runs under our CLI."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler()
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def build_site(project: Project, catalog: Catalog, out_dir: Path) -> Path:
    """Build into a temporary folder beside `out_dir`, then swap it in."""
    if catalog.errors:
        raise BuildFailed(f"{len(catalog.errors)} fout(en) in de casussen; de site is niet gebouwd")
    out_dir = out_dir if out_dir.is_absolute() else project.root / out_dir
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-nieuw-", dir=out_dir.parent))
    try:
        config = configure_mkdocs(project, catalog, staging)
        with mkdocs_messages_to_stderr():
            mkdocs_build(config)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        # (MkDocs' Abort is also a SystemExit: check for MkDocs' own errors first.)
        if not isinstance(error, MkDocsException) and isinstance(
                error, (KeyboardInterrupt, SystemExit, BuildFailed)):
            raise
        # Markdown extensions raise their own exceptions (a missing snippet file,
        # say); whatever it is, the user gets a sentence and the old site stays.
        raise BuildFailed(f"MkDocs kon de site niet bouwen: {error}") from None
    swap_in(staging, out_dir)
    return out_dir


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old site is removed last."""
    new.chmod(0o755)
    if target.exists():
        retired = target.with_name(f".{target.name}-oud-{os.getpid()}")
        os.replace(target, retired)
        os.replace(new, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(new, target)
