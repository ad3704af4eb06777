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
