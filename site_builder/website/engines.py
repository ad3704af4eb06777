"""The site engines: each builds (and serves) the site source through its own command line.

Runs in the engine stage (build.build_site) and in `wijkwijzer serve`
(preview.py). An engine is a separate process, started as its documented
command (`python -m mkdocs build -f <source>/mkdocs.yml -d <site> --strict`),
so nothing of its insides is used or patched, and an engine can be swapped
for another by one option (`--engine`):

  mkdocs      MkDocs 1.6 with Material for MkDocs (the default);
  properdocs  ProperDocs, MkDocs' community continuation, with Material;
  zensical    Zensical, from Material's authors, in its `classic` variant (Material's
              look). It builds into `site/` inside the source folder (it has no
              option for the output folder, which must lie inside its project), and
              keeps a cache there that makes a second build faster.

What each engine needs of the source beyond MkDocs' own settings is here
(`adapt_configuration`) and in `theme_variant/<engine>/` (a template the engine
writes differently). An engine's failure becomes a Dutch sentence with the
engine's own last words (`EngineFailed`), never a traceback.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BuildFailed, EngineFailed

VARIANTS_DIR = Path(__file__).parent / "theme_variant"
# How much of what an engine printed a failure shows.
SHOWN_LINES = 12


@dataclass(frozen=True)
class Engine:
    name: str  # as `--engine` names it
    label: str  # as messages name it
    module: str  # `python -m <module>` runs its command line
    output_inside_source: bool = False  # builds into <source>/site, not a folder of our choice
    # How its development server is stopped: MkDocs removes its temporary site on Ctrl+C
    # (SIGINT); Zensical's server ends on SIGTERM only.
    stop_signal: int = signal.SIGINT
    # Reads a relative link in raw HTML (href, src) from the page's source file, as it
    # reads a Markdown link, where MkDocs leaves it to the browser (from the page's URL).
    html_links_from_source: bool = False
    # The folder of theme_variant/ with its templates: ProperDocs is MkDocs 1.x carried on,
    # and reads MkDocs' templates.
    variant: str = ""
    # Its server rebuilds only pages whose source is newer than their output when run
    # with `--dirty` (MkDocs, ProperDocs); without it, every save rebuilds the whole
    # site. What that leaves stale the preview handles (preview.py). Zensical's server
    # is incremental by itself.
    serves_dirty: bool = False

    def build_command(self, config_file: Path, site_dir: Path, strict: bool = True) -> list[str]:
        command = [sys.executable, "-m", self.module, "build", "-f", str(config_file), *(["--strict"] if strict else [])]
        if self.output_inside_source:
            return command
        return [*command, "-d", str(site_dir)]

    def serve_command(self, config_file: Path, address: str) -> list[str]:
        command = [sys.executable, "-m", self.module, "serve", "-f", str(config_file), "-a", address]
        if self.name in ("mkdocs", "properdocs"):
            # An open tab reloads by itself only when asked (newer click needs the flag).
            command.append("--livereload")
        if self.serves_dirty:
            command.append("--dirty")
        return command

    def is_expected_notice(self, line: str) -> bool:
        """A line of its server's output that the preview does not pass on: the warning
        that `--dirty` was asked for (we ask for it, and handle what it leaves stale)."""
        return self.serves_dirty and DIRTY_BUILD_WARNING in line

    def built_site(self, source_folder: Path, site_dir: Path) -> Path:
        """Where the engine put the site it built."""
        return source_folder / OUTPUT_INSIDE_SOURCE if self.output_inside_source else site_dir

    def adapt_configuration(self, config: dict[str, Any]) -> dict[str, Any]:
        """The configuration as this engine reads it."""
        if self.name == "zensical":
            theme = dict(config["theme"])
            theme.setdefault("variant", "classic")  # Material's look, not Zensical's new one
            # Zensical runs its own search unless told not to: Pagefind searches the site,
            # over the sanitised pages (its search.json would hold every page's text unsanitised).
            plugins = [*config.get("plugins", []), {"search": {"enabled": False}}]
            # Its classic variant styles a search component of its own, not Material's
            # search box that theme/partials/search.html and assets/zoeken.js use.
            extra_css = [*config.get("extra_css", []), SEARCH_BOX_CSS]
            config = {**config, "theme": theme, "site_dir": OUTPUT_INSIDE_SOURCE, "plugins": plugins,
                      "extra_css": extra_css}
        return config

    def adapt_page(self, path: str, markdown: str) -> str:
        """A generated page as this engine reads it. The render stage writes links in raw
        HTML relative to the page's URL (urls.Links.href). For `casussen/x.md`, published
        at `casussen/x/`, an engine that reads them from the source file's folder
        (`casussen/`) would go one folder too far up: each such link loses one `../`."""
        if not self.html_links_from_source or path == "index.md" or path.endswith("/index.md"):
            return markdown
        # Inside <noscript> (raw text to an HTML parser) the engine leaves links alone.
        # Found with str.find, one pass: the page may hold a stranger's text.
        pieces, position = [], 0
        while (start := markdown.find("<noscript", position)) >= 0:
            end = markdown.find("</noscript>", start)
            end = len(markdown) if end < 0 else end + len("</noscript>")
            pieces += [HTML_LINK_UP.sub(r"\1", markdown[position:start]), markdown[start:end]]
            position = end
        pieces.append(HTML_LINK_UP.sub(r"\1", markdown[position:]))
        return "".join(pieces)

    def theme_variant(self) -> Path:
        """Templates this engine needs in its own variant (over the package's theme/)."""
        return VARIANTS_DIR / (self.variant or self.name)


OUTPUT_INSIDE_SOURCE = "site"
# MkDocs' (and ProperDocs') warning on every build with `--dirty`, as it prints it.
DIRTY_BUILD_WARNING = "A 'dirty' build is being performed"
SEARCH_BOX_CSS = "assets/zoekvak.css"
# A relative link in raw HTML that starts by going up a folder (urls.Links.href).
HTML_LINK_UP = re.compile(r'(\s(?:href|src)=")\.\./')
ENGINES = {engine.name: engine for engine in (
    Engine("mkdocs", "MkDocs", "mkdocs", serves_dirty=True),
    Engine("properdocs", "ProperDocs", "properdocs", variant="mkdocs", serves_dirty=True),
    Engine("zensical", "Zensical", "zensical", output_inside_source=True, stop_signal=signal.SIGTERM,
           html_links_from_source=True),
)}
ENGINE_NAMES = tuple(ENGINES)
DEFAULT_ENGINE = "mkdocs"


def engine_named(name: str) -> Engine:
    try:
        return ENGINES[name]
    except KeyError:
        raise BuildFailed(f"onbekende engine '{name}'; kies uit {', '.join(ENGINES)}") from None


class EngineBuild:
    """The engine building the source into `site_dir` (or its own folder), as a process
    of its own: `running()` while it writes pages (the build sanitises and reads the
    pages already written meanwhile: build.build_site), then `wait()` for where the site
    is. What it prints goes to a file (a pipe nobody reads while it runs could fill up
    and stop it); always `wait()` or `stop()`."""

    def __init__(self, engine: Engine, config_file: Path, site_dir: Path, strict: bool = True) -> None:
        self.engine, self.config_file, self.site_dir = engine, config_file, site_dir
        self.printed = tempfile.TemporaryFile()
        try:
            self.process = subprocess.Popen(engine.build_command(config_file, site_dir, strict),
                                            cwd=config_file.parent, stdout=self.printed,
                                            stderr=subprocess.STDOUT)
        except OSError as error:
            self.printed.close()
            raise EngineFailed(f"{engine.label} kon niet starten: {error.strerror or error}") from None

    def running(self) -> bool:
        return self.process.poll() is None

    def wait(self) -> Path:
        """Where the site is, once the engine is done; EngineFailed with its own last
        words when it failed."""
        returncode = self.process.wait()
        self.printed.seek(0)
        output = self.printed.read().decode("utf-8", errors="replace")
        self.printed.close()
        lines = [line.strip() for line in output.splitlines() if line.strip()]
        problems = ([line for line in lines if is_problem(line)]
                    or [line for line in lines if names_an_exception(line)])
        if returncode != 0:
            shown = (problems or lines)[-SHOWN_LINES:] or ["(geen uitvoer)"]
            detail = shown[0] if len(shown) == 1 else "\n  " + "\n  ".join(shown)
            raise EngineFailed(f"{self.engine.label} kon de site niet bouwen: {detail}")
        for line in problems:  # warnings that did not fail the build (none in strict mode)
            print(line, file=sys.stderr)
        return self.engine.built_site(self.config_file.parent, self.site_dir)

    def stop(self) -> None:
        """End the engine if it still runs (a stage beside it failed, or Ctrl+C)."""
        if self.running():
            self.process.kill()
            self.process.wait()
        self.printed.close()


def is_problem(line: str) -> bool:
    """A line of an engine's output that reports a warning or an error (MkDocs and
    ProperDocs: `WARNING -`, `ERROR -`)."""
    return line.split(maxsplit=1)[0].rstrip(":").lower() in ("warning", "error", "aborted")


def names_an_exception(line: str) -> bool:
    """A line that starts with an exception's name (`RuntimeError: ...`: Zensical)."""
    return line.split(maxsplit=1)[0].rstrip(":").lower().endswith("error")
