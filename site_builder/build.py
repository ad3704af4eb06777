"""`wijkwijzer build`: the whole pipeline in one function, `build_site`, stage by stage.

  load + validate   every case and vocabulary (content.catalog); refuse on any error;
  derive            related cases, quality levels, dates from git (derive.facts);
  render pages      every generated page and data file, from templates (website.render);
  mkdocs            MkDocs with Material builds the site (strict: any warning fails)
                    into a fresh folder next to the target; the `wijkwijzer` plugin
                    only hands it the rendered pages and the package's assets;
  site search       Pagefind indexes the finished HTML (website.site_search);
  publish           only a complete build replaces the previous site (`swap_in`), so
                    a failed build leaves the old site untouched.

A plain `mkdocs build` runs the same stage functions from inside the plugin.
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

from .content.catalog import Catalog, load_catalog
from .content.wording import ERROR, count_text
from .derive.facts import derive_facts
from .errors import WijkwijzerError
from .project import Project
from .website.render import render_site
from .website.site_context import SiteContext
from .website.site_search import SiteSearchFailed, build_site_search


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


def build_site(project: Project, catalog: Catalog | None, out_dir: Path) -> Path:
    """Run every stage in order; the new site replaces `out_dir` only when complete.

    `catalog`: the cases already loaded and checked (the CLI reports their
    diagnostics first); None loads them here.
    """
    catalog = catalog if catalog is not None else load_catalog(project)  # load + validate
    refuse_invalid(catalog)
    facts = derive_facts(catalog, history_root=project.root)  # derive
    out_dir = out_dir if out_dir.is_absolute() else project.root / out_dir
    staging = new_staging_folder(out_dir)
    try:
        config = configure_mkdocs(project, catalog, staging)
        site = SiteContext.from_mkdocs(catalog, facts, config)
        pages = render_site(site)  # render pages
        run_mkdocs(config, site, pages)  # mkdocs
        build_site_search(staging)  # site search
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise as_build_failure(error) from None
    swap_in(staging, out_dir)  # publish
    return out_dir


def refuse_invalid(catalog: Catalog) -> None:
    if catalog.errors:
        raise BuildFailed(f"{count_text(len(catalog.errors), ERROR)} in de casussen; de site is niet gebouwd")


def new_staging_folder(out_dir: Path) -> Path:
    """An empty folder beside the target, on the same file system, for the swap."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-nieuw-", dir=out_dir.parent))


def run_mkdocs(config, site: SiteContext, pages) -> None:
    """MkDocs builds the site into `config.site_dir`, with the pages rendered already."""
    config.plugins["wijkwijzer"].use_rendered(site, pages)
    with mkdocs_messages_to_stderr():
        mkdocs_build(config)


def as_build_failure(error: BaseException) -> BaseException:
    """What the user sees of a failed stage: a sentence, unless it was an interruption."""
    # (MkDocs' Abort is also a SystemExit: check for MkDocs' own errors first.)
    if not isinstance(error, MkDocsException) and isinstance(
            error, (KeyboardInterrupt, SystemExit, BuildFailed)):
        return error
    if isinstance(error, SiteSearchFailed):
        return BuildFailed(str(error))
    # Markdown extensions raise their own exceptions (a missing snippet file,
    # say); whatever it is, the user gets a sentence and the old site stays.
    return BuildFailed(f"MkDocs kon de site niet bouwen: {error}")


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
