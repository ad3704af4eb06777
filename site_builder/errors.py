"""Expected failures, as click exceptions: the CLI prints a Dutch sentence, never a traceback."""

from __future__ import annotations

import click


class WijkwijzerError(click.ClickException):
    """An expected failure with a message for the user (in Dutch)."""

    def show(self, file=None) -> None:
        click.echo(f"Fout: {self.format_message()}", err=True, file=file)


class CheckFailed(WijkwijzerError):
    """The case files have errors; the diagnostics were already printed."""

    def __init__(self, error_count: int):
        super().__init__(f"{error_count} fout(en) in de casussen; los ze op en probeer het opnieuw")


class IndexRefused(WijkwijzerError):
    """The search index is not updated while case files have errors."""

    def __init__(self, error_count: int):
        super().__init__(f"de zoekindex is niet bijgewerkt: {error_count} fout(en) in de casussen; "
                         "los ze op (zie 'wijkwijzer check') en probeer het opnieuw")


class IndexBusy(WijkwijzerError):
    """Another process kept the search index locked for too long."""

    def __init__(self):
        super().__init__("de zoekindex wordt al bijgewerkt door een ander proces; probeer het zo opnieuw")


class UnknownSearchTerm(WijkwijzerError):
    """A search filter names a building block, carrier, step, province or theme that does not exist."""

    exit_code = 2  # a usage error, like click's own

    def __init__(self, what: str, value: str, suggestion: str | None, known: list[str]):
        if suggestion:
            hint = f" (bedoelde je '{suggestion}'?)"
        else:
            hint = f" (kies uit: {', '.join(known)})" if known else ""
        super().__init__(f"{what} '{value}'{hint}")
