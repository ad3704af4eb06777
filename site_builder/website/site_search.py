"""The site's full-text search index, built by Pagefind after MkDocs has written the site.

Runs last in every site build (the plugin's `on_post_build`), on the finished
HTML. Pagefind writes a chunked static index to `pagefind/`: a browser fetches
only the chunks a query needs, instead of one index of the whole site (which
Material's own search downloads before it can show a first result). Pagefind
reads the language from `<html lang="nl">` and stems Dutch words. The binary
comes from the `pagefind[bin]` package on PyPI; nothing is downloaded at run time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..errors import SiteSearchFailed

# Not searchable text: heading permalinks ("¶") and the fact box's labels.
EXCLUDED_SELECTORS = ".headerlink, .ww-facts dt"


def build_site_search(site_dir: Path) -> None:
    """Index the built site in place: writes `site_dir/pagefind/`."""
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", "pagefind",
             "--exclude-selectors", EXCLUDED_SELECTORS],
            capture_output=True, text=True, timeout=900)
    except (OSError, subprocess.SubprocessError) as error:
        raise SiteSearchFailed(f"Pagefind kon niet starten: {error}") from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SiteSearchFailed("Pagefind kon de zoekindex niet bouwen: " + " / ".join(detail))
