"""The CLI reference (docs/bijdragen/commandos.md), generated from the click commands.

Like the schema and rule references it is written by `wijkwijzer generate-docs` and
checked for freshness in the tests, so a new command or option is documented the
moment it exists (as datasette does for its CLI).
"""

from __future__ import annotations

import click

CLI_REFERENCE = "docs/bijdragen/commandos.md"


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _option_row(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        names = f"`{param.human_readable_name}`"
        kind = "argument" + (", herhaalbaar" if param.nargs == -1 else "")
        return f"| {names} | {kind} |  |"
    names = ", ".join(f"`{name}`" for name in (*param.opts, *param.secondary_opts))
    parts = []
    if isinstance(param.type, click.Choice):
        parts.append("kies uit " + ", ".join(f"`{choice}`" for choice in param.type.choices))
    if param.multiple:
        parts.append("herhaalbaar")
    if not param.is_flag and param.metavar:
        parts.append(f"waarde: {param.metavar}")
    if param.show_default and param.default not in (None, (), False):
        parts.append(f"standaard: `{param.default}`")
    help_text = _cell(getattr(param, "help", None) or "")
    return f"| {names} | {_cell('; '.join(parts))} | {help_text} |"


def cli_reference(group: click.Group) -> str:
    lines = [
        "---\nedit_path: site_builder/cli.py\n---",
        "<!-- Gegenereerd door `wijkwijzer generate-docs` uit site_builder/cli.py; "
        "niet met de hand bewerken. -->",
        "",
        "# De commando's",
        "",
        "Alle commando's draai je in de projectmap (de map met `cases/` en `schema/`). "
        "`wijkwijzer COMMANDO --help` toont dezelfde uitleg in de terminal.",
        "",
    ]
    context = click.Context(group, info_name="wijkwijzer")
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        if command is None or command.hidden:
            continue
        usage = " ".join(command.collect_usage_pieces(click.Context(command, info_name=name)))
        lines += [f"## wijkwijzer {name}", "", f"```sh\nwijkwijzer {name} {usage}\n```", ""]
        lines += [line.strip() for line in (command.help or "").strip().split("\n")] + [""]
        params = [param for param in command.params if param.name != "help"]
        if params:
            lines += ["| Optie | Soort | Uitleg |", "|---|---|---|"]
            lines += [_option_row(param) for param in params]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
