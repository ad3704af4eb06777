"""The command line speaks Dutch: its own texts and Click's (usage, headings, errors)."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.cli_language import CATALOGUE, CLICK_IN_DUTCH, CLICK_PLURALS_IN_DUTCH, catalogue_bytes

# A machine set to English: the command line is Dutch all the same.
ENGLISH_MACHINE = {"LANGUAGE": "en", "LANG": "en_US.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}

# The placeholders Click writes when nobody gives it a word of their own.
ENGLISH_PLACEHOLDERS = re.compile(r"\b(TEXT|INTEGER|FLOAT|PATH|FILENAME|BOOLEAN|OPTIONS|COMMAND|ARGS)\b")


def english_fragments() -> list[str]:
    """The literal words of every Click text translated here (placeholders left out)."""
    texts = [*CLICK_IN_DUTCH, *(text for pair in CLICK_PLURALS_IN_DUTCH for text in pair)]
    fragments = {part.strip(" .:?()'\n\t") for text in texts for part in re.split(r"\{[^}]*\}|%\([a-z]+\)s", text)}
    # Words too short to tell English from Dutch ('file', 'path') are covered by the placeholders.
    return sorted(fragment for fragment in fragments if len(fragment) >= 8)


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env or ENGLISH_MACHINE, prog_name="wijkwijzer")


def command_names() -> list[str]:
    return sorted(main.list_commands(click.Context(main)))


@pytest.mark.parametrize("command", ["", *command_names()])
def test_help_of_every_command_is_dutch_without_a_word_of_clicks_english(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Gebruik: wijkwijzer {command}".rstrip() + " [OPTIES]")
    assert "\nOpties:\n" in result.output
    assert "Toon deze uitleg en stop." in result.output
    leftovers = [fragment for fragment in english_fragments() if fragment in result.output]
    assert leftovers == [], result.output
    assert ENGLISH_PLACEHOLDERS.search(result.output) is None, result.output


def test_main_help_lists_the_commands_under_a_dutch_heading():
    result = run("--help")
    assert "Gebruik: wijkwijzer [OPTIES] COMMANDO [ARGUMENTEN]..." in result.output
    assert "\nCommando's:\n" in result.output
    assert "Toon de versie en stop." in result.output


def test_defaults_and_version_are_dutch():
    assert "[standaard: text]" in run("check", "--help").output
    assert run("--version").output == "wijkwijzer, versie 0.1.0\n"


@pytest.mark.parametrize("args, error", [
    (["init"], "Fout: Ontbrekend argument 'MAP'."),
    (["check", "--formaat", "json"], "Fout: Onbekende optie '--formaat'. Bedoelde je '--format'?"),
    (["check", "--format", "xml"],
     "Fout: Ongeldige waarde voor '--format': 'xml' is geen van deze: 'text', 'json', 'github'."),
    (["search", "--limit", "veel"], "Fout: Ongeldige waarde voor '--limit': 'veel' is geen geldig getal."),
    (["check", "--format"], "Fout: Optie '--format' heeft een waarde nodig."),
    (["bouw"], "Fout: Onbekend commando 'bouw'."),
])
def test_usage_errors_are_dutch_with_usage_and_where_to_find_help(args, error):
    result = run(*args)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[-1] == error
    if args[0] in ("init", "check") and args != ["check", "--format"]:
        assert lines[0] == f"Gebruik: wijkwijzer {args[0]} [OPTIES] " + ("MAP" if args[0] == "init" else "[PADEN]...")
        assert lines[1] == f"Uitleg: 'wijkwijzer {args[0]} --help'."


def test_the_language_is_put_back_after_a_command(monkeypatch):
    import gettext

    monkeypatch.setenv("LANGUAGE", "fr")
    domain = gettext.textdomain()
    CliRunner().invoke(main, ["--help"])
    assert os.environ["LANGUAGE"] == "fr"
    assert gettext.textdomain() == domain


def test_the_installed_command_speaks_dutch_in_a_process_of_its_own():
    command = Path(sys.executable).parent / "wijkwijzer"
    env = {**os.environ, "LANGUAGE": "en", "LANG": "C.UTF-8"}
    result = subprocess.run([str(command), "check", "--format", "xml"], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "Gebruik: wijkwijzer check [OPTIES] [PADEN]..."
    assert result.stderr.splitlines()[-1].startswith("Fout: Ongeldige waarde voor '--format'")


def test_the_standard_library_reads_every_entry_of_the_catalogue_back():
    import gettext
    import io

    catalogue = gettext.GNUTranslations(io.BytesIO(catalogue_bytes()))
    for original, translated in CLICK_IN_DUTCH.items():
        assert catalogue.gettext(original) == translated
    for (singular, plural), (one, many) in CLICK_PLURALS_IN_DUTCH.items():
        assert catalogue.ngettext(singular, plural, 1) == one
        assert catalogue.ngettext(singular, plural, 3) == many


def test_the_shipped_catalogue_is_made_from_the_tables():
    assert CATALOGUE.read_bytes() == catalogue_bytes(), (
        "the catalogue is stale: run 'python -m site_builder.cli_language' and commit the result")


# Texts Click raises at the programmer who declares a command, not at its user.
FOR_PROGRAMMERS = {
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
    "Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "d",  # the key termui.getchar's pause compares with, not a text
}


def clicks_marked_texts() -> set:
    """Every literal text Click's source passes to gettext (singular) or ngettext (pair)."""
    found = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                texts = tuple(arg.value for arg in node.args if isinstance(arg, ast.Constant)
                              and isinstance(arg.value, str))
                if texts:
                    found.add(texts[0] if node.func.id == "_" else texts[:2])
    return found


def test_every_text_click_marks_for_its_users_has_its_dutch():
    missing = {text for text in clicks_marked_texts() - FOR_PROGRAMMERS
               if text not in CLICK_IN_DUTCH and text not in CLICK_PLURALS_IN_DUTCH}
    assert missing == set()


def test_a_help_option_click_made_before_any_command_ran_is_dutch_too():
    # Click makes a command's help option once and keeps it; the generated docs ask for it
    # outside a run of the command line.
    check = main.get_command(click.Context(main), "check")
    check.get_help_option(click.Context(check, info_name="check"))
    assert "Toon deze uitleg en stop." in run("check", "--help").output
