"""`wijkwijzer serve`: a live preview on localhost.

MkDocs' own development server does the serving and reloading; the
`wijkwijzer` plugin adds cases/ and schema/ to what it watches and reloads the
catalog on every rebuild, so a saved case shows up in the browser. Invalid
cases are reported in the terminal and left out until they are fixed.
"""

from __future__ import annotations

from mkdocs.commands.serve import serve as mkdocs_serve

from .project import Project


def serve_site(project: Project, host: str, port: int, open_browser: bool = False) -> None:
    mkdocs_serve(str(project.mkdocs_config), dev_addr=f"{host}:{port}",
                 livereload=True, open_in_browser=open_browser)
