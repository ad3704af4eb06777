"""`wijkwijzer serve`: a live preview on localhost.

MkDocs' own development server does the serving and reloading; the
`wijkwijzer` plugin adds cases/ and schema/ to what it watches and reloads the
catalog on every rebuild, so a saved case shows up in the browser. Invalid
cases are reported in the terminal and left out until they are fixed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import yaml
from mkdocs.commands.serve import serve as mkdocs_serve

from ..project import Project
from .plugin import PREVIEW


def preview_url(project: Project, host: str, port: int) -> str:
    """Where the preview appears: MkDocs serves under the path of site_url."""
    try:
        config = yaml.safe_load(project.mkdocs_config.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    path = urlsplit(str(config.get("site_url") or "/")).path or "/"
    return f"http://{host}:{port}{path}"


def serve_site(project: Project, host: str, port: int, open_browser: bool = False) -> None:
    # Dirty rebuilds with the plugin's memory of what each page was (plugin.PreviewMemory):
    # after the first build a save re-renders only the pages whose content changed.
    PREVIEW.active = True
    mkdocs_serve(str(project.mkdocs_config), dev_addr=f"{host}:{port}", build_type="dirty",
                 livereload=True, open_in_browser=open_browser)
