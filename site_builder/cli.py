"""The `wijkwijzer` command line: parses options and calls the library.

Every expected failure is a `WijkwijzerError` (a click exception) with a Dutch
sentence; nothing here knows how cases are parsed, indexed or rendered.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .cli_language import (
    HELP_OPTION_HELP, METAVARS, OPTIONS_METAVAR, SUBCOMMAND_METAVAR, VERSION_HELP, VERSION_MESSAGE,
    speaking_dutch,
)
from .content.wording import ERROR, FILE, GENERATED_FILE, WARNING, count_text
from .errors import CheckFailed, WijkwijzerError
from .project import Project
from .website.engines import DEFAULT_ENGINE, ENGINE_NAMES

if TYPE_CHECKING:
    # Imported where a command loads cases: `search` on a fresh index never needs them.
    from .content.catalog import Catalog


# Allocations between collections of the youngest generation (Python's default: 700).
QUICK_COMMAND_COLLECTION_THRESHOLD = 100_000


def collect_garbage_less_often() -> None:
    """For the commands meant to answer within a second (`check`, `search`).

    Their imports leave some 300,000 long-lived objects (Whoosh, Pydantic's schemas),
    and with Python's default thresholds the cyclic collector kept walking them:
    some 50 ms of a search after an edit. Every generation is still collected, some
    140 times less often, so memory stays bounded in a long run (a full rebuild).
    """
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(QUICK_COMMAND_COLLECTION_THRESHOLD, middle, old)


def open_project() -> Project:
    return Project.discover()


def load_checked_catalog(project: Project, paths: list[Path] | None = None,
                         keep_cases: bool = True, use_cache: bool = False) -> Catalog:
    from .content.catalog import load_catalog

    return load_catalog(project, paths, keep_cases=keep_cases, use_cache=use_cache)


def summary_line(catalog: Catalog) -> str:
    errors, warnings = len(catalog.errors), len(catalog.warnings)
    files = catalog.files_checked
    return (f"{count_text(files, FILE)} gecontroleerd: "
            f"{count_text(errors, ERROR)}, {count_text(warnings, WARNING)}")


def report_diagnostics(catalog: Catalog, fmt: str = "text") -> None:
    """Print every diagnostic, then the count (on stderr for machine formats)."""
    from .content.diagnostics import format_diagnostics  # the rule registry: not for a search

    if catalog.diagnostics or fmt == "json":
        click.echo(format_diagnostics(catalog.diagnostics, fmt))
    click.echo(summary_line(catalog), err=fmt != "text")


BUG_REPORT_LINE = ("Dit is een fout in wijkwijzer zelf, niet in je casussen. Meld hem alsjeblieft "
                   "met de melding hierboven als issue in de repository van wijkwijzer.")


class DutchHelpOption:
    """The help option says what it does in Dutch, even when Click made it (and kept it)
    before a command ran, as the generated docs do."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_HELP
        return option


class DutchCommand(DutchHelpOption, click.Command):
    """A command whose placeholders are Dutch: `[OPTIES]`, and `TEKST` or `GETAL` for a value
    whose option names none of its own. Click's other texts come from the catalogue
    (cli_language.py)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        for param in self.params:
            if (param.metavar is None and isinstance(param, click.Option) and not param.is_flag
                    and not isinstance(param.type, click.Choice)):
                param.metavar = METAVARS.get(param.type.name, param.type.name.upper())


class WijkwijzerCommands(DutchHelpOption, click.Group):
    """Expected failures are sentences (click prints them); a bug keeps its traceback,
    with one Dutch line added asking to report it, as pip and MkDocs do. Everything
    Click says itself is Dutch while a command runs (`speaking_dutch`)."""

    command_class = DutchCommand

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def main(self, *args, **kwargs):
        with speaking_dutch():
            return super().main(*args, **kwargs)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            error.add_note(BUG_REPORT_LINE)
            raise


@click.group(cls=WijkwijzerCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wijkwijzer", help=VERSION_HELP, message=VERSION_MESSAGE)
def main() -> None:
    """wijkwijzer: kennisbank van de wijkaanpak.

    Voer de commando's uit in de projectmap (de map met cases/ en schema/).
    """


@main.command()
@click.argument("paths", metavar="[PADEN]...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Laat de controle ook bij waarschuwingen falen.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="Uitvoer: tekst, JSON voor tools, of GitHub-annotaties.")
@click.option("--no-cache", is_flag=True,
              help="Lees elk bestand opnieuw, ook als het sinds de vorige controle niet is veranderd.")
def check(paths: tuple[Path, ...], strict: bool, fmt: str, no_cache: bool) -> None:
    """Controleer casusbestanden (standaard: alles in cases/).

    Elke fout verschijnt als 'pad:regel:kolom: CODE melding'. Eindigt met
    code 1 bij fouten (en met --strict ook bij waarschuwingen).
    """
    collect_garbage_less_often()
    project = open_project()
    catalog = load_checked_catalog(project, list(paths) or None, keep_cases=False, use_cache=not no_cache)
    report_diagnostics(catalog, fmt)
    failing = len(catalog.errors) + (len(catalog.warnings) if strict else 0)
    if failing:
        raise SystemExit(1)


ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(ENGINE_NAMES), default=DEFAULT_ENGINE, show_default=True,
    help="Welke engine de site bouwt: MkDocs, ProperDocs of Zensical (elk met het uiterlijk van Material).")


@main.command()
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help="Map waarin de site komt.")
@click.option("--site-url", metavar="ADRES",
              help="Adres waarop de site komt te staan, in plaats van site_url in mkdocs.yml (voor CI).")
@click.option("--repo-url", metavar="ADRES",
              help="Adres van de repository, in plaats van repo_url in mkdocs.yml (voor CI).")
@ENGINE_OPTION
def build(out_dir: Path, site_url: str | None, repo_url: str | None, engine: str) -> None:
    """Controleer de casussen en bouw de site (standaard in site/).

    De vorige site blijft staan tot de nieuwe helemaal klaar is.
    """
    from .build import build_site
    from .website.engine_config import site_publisher

    project = open_project()
    catalog = load_checked_catalog(project)
    if catalog.diagnostics:
        report_diagnostics(catalog)
    if catalog.errors:
        raise CheckFailed(count_text(len(catalog.errors), ERROR))
    started = time.perf_counter()
    site = build_site(project, catalog, out_dir, addresses={"site_url": site_url, "repo_url": repo_url},
                      engine=engine)
    missing = site_publisher(project, {"site_url": site_url, "repo_url": repo_url}).missing()
    if missing:  # what the site leaves out, and where to fill it in
        click.echo("INFO: niet ingevuld in mkdocs.yml: " + "; ".join(missing), err=True)
    click.echo(f"Site gebouwd in {site} ({count_text(len(catalog.cases))}, "
               f"{time.perf_counter() - started:.1f} s)")


@main.command()
@click.option("--dev-addr", "address", default="127.0.0.1:8000", show_default=True, metavar="IP:POORT",
              help="Adres en poort waarop de preview te zien is.")
@click.option("--open", "open_browser", is_flag=True, help="Open de site in de browser.")
@ENGINE_OPTION
def serve(address: str, open_browser: bool, engine: str) -> None:
    """Bekijk de site live op http://127.0.0.1:8000; past zich aan bij elke wijziging."""
    from .website.engines import engine_named
    from .website.preview import preview_url, serve_site

    project = open_project()
    click.echo(f"Voorbeeld op {preview_url(project, address)} (stoppen met Ctrl+C); "
               "wijzigingen in cases/, schema/, docs/ en mkdocs.yml verschijnen vanzelf.")
    serve_site(project, engine_named(engine), address, open_browser)


@main.command()
@click.option("--titel", help="Naam van de casus; de bestandsnaam wordt daarvan afgeleid.")
@click.option("--gemeente", help="Gemeente van de casus.")
@click.option("--wijk", help="Wijk of buurt van de casus.")
@click.option("--provincie", help="Provincie van de gemeente.")
@click.option("--start", help="Beginjaar.")
@click.option("--eind", help="Eindjaar, alleen als een bron zegt dat de aanpak toen is afgelopen.")
@click.option("--samenvatting", help="Samenvatting van de casus in een paar zinnen.")
@click.option("--bouwsteen", multiple=True, help="Bouwsteen-id; herhaal de optie voor meer.")
@click.option("--drager", multiple=True, help="Drager-id; herhaal de optie voor meer.")
@click.option("--bron-titel", help="Titel van de (eerste) bron.")
@click.option("--bron-pagina", help="Pagina of paginabereik in die bron.")
@click.option("--slug", help="Bestandsnaam zonder .md, als die niet uit de titel moet volgen.")
@click.option("--no-input", is_flag=True,
              help="Stel geen vragen: alles komt uit de opties (voor scripts en CI).")
def new(no_input: bool, **options: str | tuple[str, ...] | None) -> None:
    """Maak een nieuwe casus aan in cases/.

    Vraagt om de gegevens (met de keuzes uit de woordenlijsten) en controleert
    elk antwoord meteen. Opties vullen antwoorden vooraf in. Een bestaand
    bestand wordt nooit overschreven.
    """
    from .authoring.scaffold import CaseAnswers, create_case
    from .derive.quality import assess_quality

    project = open_project()
    answers = CaseAnswers(
        title=options["titel"], municipality=options["gemeente"], neighbourhood=options["wijk"],
        province=options["provincie"], start=options["start"], end=options["eind"],
        summary=options["samenvatting"], building_blocks=options["bouwsteen"],
        carriers=options["drager"], source_title=options["bron_titel"],
        source_page=options["bron_pagina"], slug=options["slug"])
    path = create_case(project, answers, interactive=not no_input)
    catalog = load_checked_catalog(project, [path])
    shown = catalog.cases[0].source_path if catalog.cases else str(path)
    click.echo(f"\nNieuwe casus: {shown}")
    report_diagnostics(catalog)
    click.echo(f"Schrijf de tekst en controleer daarna met: wijkwijzer check {shown}")
    for record in catalog.cases:
        quality = assess_quality(record)
        click.echo(f"Kwaliteitsniveau: {quality.label}")
        if quality.next_level is not None:
            click.echo(f"Voor '{quality.next_level.label}' ontbreekt nog: {'; '.join(quality.missing)}")


@main.command()
@click.argument("folder", metavar="MAP", type=click.Path(path_type=Path))
@click.option("--naam", default="WijkWijzer", show_default=True, help="Naam van de site (site_name).")
@click.option("--organisatie", help="Wie de kennisbank uitgeeft (standaard: de naam van de site).")
@click.option("--pakket", metavar="BRON",
              help="Waar CI wijkwijzer installeert: het adres van de repository van wijkwijzer "
                   "(https://...) of een pip-vereiste. Zonder deze optie staat er een plek om in te vullen.")
@click.option("--repository", metavar="ADRES",
              help="Adres van de repository van de nieuwe kennisbank op GitHub (https://github.com/org/naam): "
                   "voor het formulier op /beheer/, de bewerklinks en het adres van de site op GitHub Pages.")
def init(folder: Path, naam: str, organisatie: str | None, pakket: str | None, repository: str | None) -> None:
    """Begin een nieuwe, lege kennisbank in MAP (een nieuwe of lege map).

    Met de woordenlijsten in schema/, een voorbeeldcasus in cases/, een voorpagina
    in docs/, mkdocs.yml met de instellingen van de uitgever en de CI-workflows.
    """
    from .authoring.starter import EXAMPLE_IN_CASES, init_knowledge_base

    written = init_knowledge_base(folder, naam, organisatie, pakket, repository)
    click.echo(f"Nieuwe kennisbank in {folder} ({len(written)} bestanden).")
    click.echo(f"- {EXAMPLE_IN_CASES} is een voorbeeld: vervang hem door je eerste casus of haal hem weg.")
    click.echo("- README.md zegt wat je nog invult (adressen, contact, licentie, inloggen) en hoe je publiceert.")
    if not pakket:
        click.echo("- Vul in .github/workflows/*.yml in waar wijkwijzer vandaan komt (pip install ...), "
                   "of gebruik 'wijkwijzer init --pakket'.")
    click.echo(f"Daarna: cd {folder} && wijkwijzer check && wijkwijzer build")


@main.command("generate-docs")
@click.option("--check", "check_only", is_flag=True,
              help="Schrijf niets; eindig met code 1 als een gegenereerd bestand verouderd is.")
def generate_docs(check_only: bool) -> None:
    """Genereer de schemadocumentatie, de regelreferentie, het JSON Schema en de voorbeeldcasus.

    Ze komen uit de veldbeschrijvingen in site_builder/content/models.py, de
    woordenlijsten in schema/ en de regels in site_builder/content/diagnostics.py.
    """
    from .authoring.generated_docs import stale_files, write_docs

    project = open_project()
    if check_only:
        stale = stale_files(project)
        for path in stale:
            click.echo(f"{path}: verouderd", err=True)
        if stale:
            raise WijkwijzerError(f"{count_text(len(stale), GENERATED_FILE)} verouderd; "
                                  "voer 'wijkwijzer generate-docs' uit en commit het resultaat")
        click.echo("Alle gegenereerde bestanden zijn actueel.")
        return
    written = write_docs(project)
    for path in written:
        click.echo(f"Bijgewerkt: {path}")
    click.echo(f"{count_text(len(written), FILE)} bijgewerkt." if written else "Alles was al actueel.")


@main.command("index")
@click.option("--volledig", is_flag=True, help="Bouw de index helemaal opnieuw op, ook als dat niet nodig is.")
def index_command(volledig: bool) -> None:
    """Bouw of werk de zoekindex bij (in .wijkwijzer/index/).

    Alleen toegevoegde, gewijzigde en verwijderde casussen worden opnieuw
    geïndexeerd; na een wijziging in schema/ wordt de hele index opnieuw
    opgebouwd. Weigert bij fouten in de casussen.
    """
    from .errors import IndexRefused
    from .search.commands import describe_update, refresh_index

    project = open_project()
    catalog = load_checked_catalog(project)
    if catalog.errors:
        report_diagnostics(catalog)
        raise IndexRefused(count_text(len(catalog.errors), ERROR))
    click.echo(describe_update(refresh_index(project, catalog, full=volledig)))


@main.command()
@click.argument("query", metavar="[ZOEKWOORDEN]...", nargs=-1)
@click.option("--bouwsteen", multiple=True, help="Alleen casussen met deze bouwsteen; herhaal voor meer (alle moeten erin staan).")
@click.option("--drager", multiple=True, help="Alleen casussen met deze drager; herhaal voor meer.")
@click.option("--stap", multiple=True, help="Alleen casussen met deze stap; herhaal voor meer.")
@click.option("--provincie", help="Alleen casussen in deze provincie.")
@click.option("--thema", help="Alleen casussen met dit thema.")
@click.option("--actief-in", "active_in", metavar="JAAR", type=click.IntRange(1900, 2200),
              help="Alleen casussen die volgens de bronnen in dit jaar liepen (zonder bekend einde: "
                   "tot en met het jaar dat de informatie beschrijft).")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="Hoeveel resultaten te tonen.")
@click.option("--json", "as_json", is_flag=True, help="Uitvoer als JSON-lijst (voor scripts).")
def search(query: tuple[str, ...], bouwsteen: tuple[str, ...], drager: tuple[str, ...],
           stap: tuple[str, ...], provincie: str | None, thema: str | None,
           active_in: int | None, limit: int, as_json: bool) -> None:
    """Zoek in de casussen; zonder zoekvraag tonen de filters alle passende casussen.

    Woorden moeten allemaal voorkomen (ook verbogen: 'wijken' vindt 'wijk').
    Een zin zoek je tussen aanhalingstekens, bijvoorbeeld: wijkwijzer search '"de gemeente"'.
    OF, NIET en haakjes werken ook (OR, NOT mag ook). De zoekindex wordt zo nodig eerst bijgewerkt.
    """
    collect_garbage_less_often()
    from .errors import IndexRefused
    from .search.commands import (
        describe_update,
        ensure_fresh_index,
        filters_from_options,
        format_results,
        results_as_json,
        search_cases,
    )

    project = open_project()
    filters = filters_from_options(project, bouwsteen, drager, stap, provincie)
    freshness = ensure_fresh_index(project)
    if freshness.blocked_by is not None:
        from .content.diagnostics import format_diagnostics

        click.echo(format_diagnostics(freshness.blocked_by.errors, "text"), err=True)
        if not freshness.index_usable:
            raise IndexRefused(count_text(len(freshness.blocked_by.errors), ERROR))
        click.echo("Waarschuwing: de zoekindex is niet bijgewerkt omdat er fouten in de casussen "
                   "staan; de resultaten kunnen verouderd zijn.", err=True)
    elif freshness.stats is not None:
        click.echo(describe_update(freshness.stats), err=True)
    text = " ".join(query)
    results = search_cases(project, text, filters, thema, active_in, limit)
    click.echo(results_as_json(results) if as_json else format_results(results, text, filters))


if __name__ == "__main__":  # pragma: no cover
    main()
