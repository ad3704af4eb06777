"""The `wijkwijzer` command line: parses options and calls the library.

Every expected failure is a `WijkwijzerError` (a click exception) with a Dutch
sentence; nothing here knows how cases are parsed, indexed or rendered.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from . import __version__
from .catalog import Catalog, load_catalog
from .diagnostics import format_diagnostics
from .errors import CheckFailed, WijkwijzerError
from .project import Project, ProjectNotFound
from .vocabulary import VocabularyError


def open_project() -> Project:
    try:
        return Project.discover()
    except ProjectNotFound as error:
        raise WijkwijzerError(str(error)) from None


def load_checked_catalog(project: Project, paths: list[Path] | None = None) -> Catalog:
    try:
        return load_catalog(project, paths)
    except VocabularyError as error:
        raise WijkwijzerError(str(error)) from None


def summary_line(catalog: Catalog) -> str:
    errors, warnings = len(catalog.errors), len(catalog.warnings)
    files = catalog.files_checked
    return (f"{files} {'bestand' if files == 1 else 'bestanden'} gecontroleerd: "
            f"{errors} {'fout' if errors == 1 else 'fouten'}, "
            f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}")


def report_diagnostics(catalog: Catalog, fmt: str = "text") -> None:
    """Print every diagnostic, then the count (on stderr for machine formats)."""
    if catalog.diagnostics or fmt == "json":
        click.echo(format_diagnostics(catalog.diagnostics, fmt))
    click.echo(summary_line(catalog), err=fmt != "text")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wijkwijzer")
def main() -> None:
    """wijkwijzer: kennisbank van de wijkaanpak.

    Voer de commando's uit in de projectmap (de map met cases/ en schema/).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Laat ook waarschuwingen de controle laten falen.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="Uitvoer: tekst, JSON voor tools, of GitHub-annotaties.")
def check(paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Controleer casusbestanden (standaard: alles in cases/).

    Elke fout verschijnt als 'pad:regel:kolom: CODE melding'. Eindigt met
    code 1 bij fouten (en met --strict ook bij waarschuwingen).
    """
    project = open_project()
    catalog = load_checked_catalog(project, list(paths) or None)
    report_diagnostics(catalog, fmt)
    failing = len(catalog.errors) + (len(catalog.warnings) if strict else 0)
    if failing:
        raise SystemExit(1)


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help="Map waarin de site komt.")
def build(out_dir: Path) -> None:
    """Controleer de casussen en bouw de site (standaard in site/).

    De vorige site blijft staan tot de nieuwe helemaal klaar is.
    """
    from .build import build_site

    project = open_project()
    catalog = load_checked_catalog(project)
    if catalog.diagnostics:
        report_diagnostics(catalog)
    if catalog.errors:
        raise CheckFailed(len(catalog.errors))
    started = time.perf_counter()
    site = build_site(project, catalog, out_dir)
    click.echo(f"Site gebouwd in {site} ({len(catalog.cases)} casussen, "
               f"{time.perf_counter() - started:.1f} s)")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--open", "open_browser", is_flag=True, help="Open de site in de browser.")
def serve(host: str, port: int, open_browser: bool) -> None:
    """Bekijk de site live op http://127.0.0.1:8000; past zich aan bij elke wijziging."""
    from .serve import serve_site

    serve_site(open_project(), host, port, open_browser)


if __name__ == "__main__":  # pragma: no cover
    main()
