"""Every expected failure of wijkwijzer, in one module.

Each is a `WijkwijzerError`, a `click.ClickException`: the CLI prints its Dutch
sentence and exits with its code, never a traceback. Anything else that escapes
is a bug: `cli.main` lets its traceback through and adds one line asking to
report it (as pip and MkDocs do).
"""

from __future__ import annotations

import click


class WijkwijzerError(click.ClickException):
    """An expected failure with a message for the user (in Dutch)."""

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True, file=file)


# --- Project and content ----------------------------------------------------------------

class ProjectNotFound(WijkwijzerError):
    """No folder with schema/bouwstenen.yml at or above the working directory."""


class VocabularyError(WijkwijzerError):
    """A vocabulary file in schema/ is missing or malformed."""


class WijkscanError(WijkwijzerError):
    """schema/wijkscan.yml is malformed or names an unknown building block."""


class GeodataError(WijkwijzerError):
    """A file in site_builder/website/geodata/ is missing or does not read as expected."""


class CheckFailed(WijkwijzerError):
    """The case files have errors; the diagnostics were already printed."""

    def __init__(self, errors_counted: str):
        # `errors_counted` is worded by the caller ("3 fouten", content.wording), so this
        # module imports nothing of the package: every stage may raise its errors.
        super().__init__(f"{errors_counted} in de casussen; los ze op en probeer het opnieuw")


# --- Authoring (`wijkwijzer new`) --------------------------------------------------------

class CaseExists(WijkwijzerError):
    def __init__(self, display_path: str):
        super().__init__(f"{display_path} bestaat al en wordt niet overschreven; kies een andere "
                         "titel of geef met --slug een andere bestandsnaam op")


class IncompleteCase(WijkwijzerError):
    """Options were missing or wrong and there was no one to ask (--no-input)."""

    def __init__(self, problems: list[str]):
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"de casus is niet aangemaakt:\n{lines}")


class FolderNotEmpty(WijkwijzerError):
    def __init__(self, folder: str):
        super().__init__(f"{folder} is niet leeg; 'wijkwijzer init' begint alleen in een nieuwe of lege map")


class InsideContentRoot(WijkwijzerError):
    def __init__(self, folder: str, root: str):
        super().__init__(f"{folder} ligt in de kennisbank {root} (die heeft al schema/ en cases/); "
                         "'wijkwijzer init' begint een nieuwe kennisbank in een map daarbuiten, "
                         "bijvoorbeeld naast deze")


# --- Building the site -------------------------------------------------------------------

class BuildFailed(WijkwijzerError):
    """MkDocs refused the site (config, strict warnings) or the output folder is unusable."""


class OutputRefused(BuildFailed):
    """`--out` points at something that is not a site wijkwijzer built: it is left alone."""

    exit_code = 2


class BuildBusy(BuildFailed):
    """Another `wijkwijzer build` is writing the same output folder."""

    def __init__(self, target: str):
        super().__init__(f"er loopt al een andere 'wijkwijzer build' naar {target}; "
                         "wacht tot die klaar is en probeer het opnieuw")


class EngineFailed(BuildFailed):
    """The site engine refused the site source (a strict warning, a bad setting, a missing file)."""


class UnmarkedPage(BuildFailed):
    """A page made from case content whose theme did not mark the parts to sanitise."""


class SiteSearchFailed(WijkwijzerError):
    """Pagefind could not index the built site."""


class WatchUnavailable(WijkwijzerError):
    """The operating system will not report saves to `wijkwijzer serve` (watch limit)."""

    def __init__(self, reason: str):
        super().__init__(f"het besturingssysteem meldt geen wijzigingen in de bestanden ({reason}); "
                         "start het voorbeeld met 'wijkwijzer serve --polling', dat zelf "
                         "elke halve seconde kijkt")


# --- The web editor (/beheer/) ------------------------------------------------------------

class EditorError(WijkwijzerError):
    """The vendored editor script is missing or not the file whose hash is recorded."""


# --- Search ------------------------------------------------------------------------------

class IndexRefused(WijkwijzerError):
    """The search index is not updated while case files have errors."""

    def __init__(self, errors_counted: str):
        super().__init__(f"de zoekindex is niet bijgewerkt: {errors_counted} in de casussen; "
                         "los ze op (zie 'wijkwijzer check') en probeer het opnieuw")


class IndexBusy(WijkwijzerError):
    """Another process kept the search index locked for too long."""

    def __init__(self):
        super().__init__("de zoekindex wordt al bijgewerkt door een ander proces; probeer het zo opnieuw")


class IndexLocked(WijkwijzerError):
    """Another process kept the index lock for longer than the timeout (see IndexBusy)."""


class IndexUnavailable(WijkwijzerError):
    """There is no usable index (missing or damaged); update it first."""


class IndexFolderUnusable(WijkwijzerError):
    """The index folder cannot be created or written (a file in its place, no permission)."""

    def __init__(self, folder: str, reason: str):
        super().__init__(f"de zoekindex in {folder} kan niet worden geschreven ({reason}); "
                         "verwijder of herstel die map en probeer het opnieuw")


class UnknownSearchTerm(WijkwijzerError):
    """A search filter names a building block, carrier, step, province or theme that does not exist."""

    exit_code = 2  # a usage error, like click's own

    def __init__(self, what: str, value: str, suggestion: str | None, known: list[str]):
        if suggestion:
            hint = f" (bedoelde je '{suggestion}'?)"
        else:
            hint = f" (kies uit: {', '.join(known)})" if known else ""
        super().__init__(f"{what} '{value}'{hint}")



class IndexNeedsRebuild(WijkwijzerError):
    """An incremental update found no index it could update; rebuild from the whole catalog.
    A signal inside search.commands, which then rebuilds; its sentence is never shown."""

    def __init__(self):
        super().__init__("de zoekindex moet helemaal opnieuw worden opgebouwd")
