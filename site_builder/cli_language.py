"""The command line's language: Dutch, Click's own texts included.

Click marks every text it prints itself (the usage line, the headings of `--help`,
the help of `--help`, its error messages) for translation with the standard
library's GNU gettext API (Click's changelog: "allow applications to translate
Click's built-in strings"). This module holds the Dutch for each of those texts
(`CLICK_IN_DUTCH`), writes them as a GNU message catalogue that ships in the
package (`CATALOGUE`, regenerated with `python -m site_builder.cli_language`; a
test fails when it is stale), and switches the process to that catalogue while a
command runs (`speaking_dutch`, called by `cli.main`).

The few words Click does not mark (the placeholders `[OPTIONS]`, `TEXT`,
`COMMAND [ARGS]...`) are its public constructor arguments and attributes:
`OPTIONS_METAVAR`, `SUBCOMMAND_METAVAR` and `METAVARS`, set by `cli.py`.
"""

from __future__ import annotations

import gettext
import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "wijkwijzer"
LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"
CATALOGUE = LOCALE_DIR / LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.mo"

# Placeholders in usage lines and option lists; Click takes them as arguments.
OPTIONS_METAVAR = "[OPTIES]"
SUBCOMMAND_METAVAR = "COMMANDO [ARGUMENTEN]..."
# The placeholder of an option's value, by the name of its Click type (`TEXT` otherwise).
METAVARS = {"text": "TEKST", "integer": "GETAL", "integer range": "GETAL", "float": "GETAL",
            "float range": "GETAL", "path": "PAD", "file": "BESTAND", "directory": "MAP",
            "boolean": "JA/NEE", "uuid": "UUID", "datetime": "DATUM"}
# Given to `version_option` when the command is defined, before any command runs, and
# to the help option, which Click makes once per command and keeps (perhaps before).
VERSION_HELP = "Toon de versie en stop."
HELP_OPTION_HELP = "Toon deze uitleg en stop."
VERSION_MESSAGE = "%(prog)s, versie %(version)s"

# Every text Click (8.1 to 8.5) marks for translation that a user of wijkwijzer can see,
# with its Dutch. The texts Click raises at a programmer (a malformed option declaration)
# stay English, as tracebacks do. `tests/test_cli_language.py` reads Click's source and
# fails when Click adds a text this table lacks.
CLICK_IN_DUTCH: dict[str, str] = {
    # Help
    "Usage:": "Gebruik:",
    "Options": "Opties",
    "Commands": "Commando's",
    "Positional arguments": "Argumenten",
    "Show this message and exit.": HELP_OPTION_HELP,
    "Show the version and exit.": VERSION_HELP,
    "%(prog)s, version %(version)s": VERSION_MESSAGE,
    "default: {default}": "standaard: {default}",
    "env var: {var}": "omgevingsvariabele: {var}",
    "required": "verplicht",
    "(dynamic)": "(wisselend)",
    "deprecated": "verouderd",
    "Choose from:\n\t{choices}": "Kies uit:\n\t{choices}",
    "Confirm the action without prompting.": "Bevestig zonder het te vragen.",
    "Do you want to continue?": "Wil je doorgaan?",
    # Errors in what was typed
    "Error: {message}": "Fout: {message}",
    "Try '{command} {option}' for help.": "Uitleg: '{command} {option}'.",
    "Missing command.": "Geef een commando.",
    "No such command {name!r}.": "Onbekend commando {name!r}.",
    "No such option {name!r}.": "Onbekende optie {name!r}.",
    "No such option: {name}": "Onbekende optie: {name}",
    "Missing argument": "Ontbrekend argument",
    "Missing option": "Ontbrekende optie",
    "Missing parameter": "Ontbrekende waarde",
    "Missing {param_type}": "Ontbrekende waarde ({param_type})",
    "Missing parameter: {param_name}": "Ontbrekende waarde: {param_name}",
    "Invalid value for {param_hint}: {message}": "Ongeldige waarde voor {param_hint}: {message}",
    "Invalid value: {message}": "Ongeldige waarde: {message}",
    "unknown error": "onbekende fout",
    "Invalid start character for option ({option})": "Ongeldig eerste teken voor een optie ({option})",
    "Option {name!r} does not take a value.": "Optie {name!r} krijgt geen waarde.",
    "Argument {name!r} takes {nargs} values.": "Argument {name!r} krijgt {nargs} waarden.",
    "Value must be an iterable.": "De waarde moet een lijst zijn.",
    "Could not open file {filename!r}: {message}": "Bestand {filename!r} kan niet worden geopend: {message}",
    "Aborted!": "Afgebroken.",
    # Values of a type
    "{value!r} is not a valid {number_type}.": "{value!r} is geen geldig getal.",
    "{value} is not in the range {range}.": "{value} valt buiten het bereik {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} is geen ja of nee. Mogelijke waarden: {states}",
    "{value!r} is not a valid UUID.": "{value!r} is geen geldige UUID.",
    "Choice({choices})": "Keuze({choices})",
    "file": "bestand",
    "directory": "map",
    "path": "pad",
    "{name} {filename!r} is a file.": "{name} {filename!r} is een bestand.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} is een map.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} is niet leesbaar.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} is niet schrijfbaar.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} is niet uitvoerbaar.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} bestaat niet.",
    # Prompts and the terminal
    "Repeat for confirmation": "Herhaal ter bevestiging",
    "Error: The two entered values do not match.": "Fout: de twee ingevoerde waarden zijn niet gelijk.",
    "Error: invalid input": "Fout: ongeldige invoer",
    "Press any key to continue...": "Druk op een toets om door te gaan...",
    "{editor}: Editing failed": "{editor}: bewerken mislukt",
    "{editor}: Editing failed: {e}": "{editor}: bewerken mislukt: {e}",
    "Windows error: {error}": "Windows-fout: {error}",
    "Couldn't detect Bash version, shell completion is not supported.":
        "De versie van Bash is niet te bepalen; aanvullen in de shell werkt niet.",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "Aanvullen in de shell werkt pas vanaf Bash 4.4.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Let op: het commando {name!r} verdwijnt.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Let op: {name!r} verdwijnt.{extra_message}",
}

# Texts with a singular and a plural: (singular, plural) -> (Dutch singular, Dutch plural).
CLICK_PLURALS_IN_DUTCH: dict[tuple[str, str], tuple[str, str]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Onverwacht extra argument ({args})", "Onverwachte extra argumenten ({args})"),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Optie {name!r} heeft een waarde nodig.", "Optie {name!r} heeft {nargs} waarden nodig."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Verwacht {nargs} waarden, maar kreeg er 1.", "Verwacht {nargs} waarden, maar kreeg er {len}."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} is niet {choice}.", "{value!r} is geen van deze: {choices}."),
    ("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}."):
        ("{value!r} past niet bij de vorm {format}.", "{value!r} past bij geen van de vormen {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Er zijn {len_type} waarden nodig, maar er is er {len_value} gegeven.",
         "Er zijn {len_type} waarden nodig, maar er zijn er {len_value} gegeven."),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Bedoelde je {possibility}?", "(Bedoelde je een van deze: {possibilities}?)"),
}

# The catalogue's header: its encoding and how Dutch picks singular or plural.
HEADER = ("Project-Id-Version: wijkwijzer\nLanguage: nl\nMIME-Version: 1.0\n"
          "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n"
          "Plural-Forms: nplurals=2; plural=(n != 1);\n")


def catalogue_bytes() -> bytes:
    """The GNU message catalogue (`.mo`, as `msgfmt` writes it) of the tables above.

    The layout is the one documented in the GNU gettext manual ("The Format of GNU MO
    Files"): a header, two tables of (length, offset) for the original and translated
    texts sorted by original, then the NUL-terminated texts; no hash table.
    Written here rather than by Babel or msgfmt: Python's standard library reads this
    format (gettext.GNUTranslations) but ships no writer, and the writer is thirty lines;
    `tests/test_cli_language.py` reads every entry back through the standard reader.
    """
    entries = {"": HEADER, **CLICK_IN_DUTCH}
    pairs = [(original.encode(), translated.encode()) for original, translated in entries.items()]
    pairs += [("\0".join(original).encode(), "\0".join(translated).encode())
              for original, translated in CLICK_PLURALS_IN_DUTCH.items()]
    pairs.sort()
    count = len(pairs)
    originals_at = 7 * 4
    translations_at = originals_at + count * 8
    text_at = translations_at + count * 8
    originals, translations, texts = [], [], b""
    for original, _translated in pairs:
        originals.append((len(original), text_at + len(texts)))
        texts += original + b"\0"
    for _original, translated in pairs:
        translations.append((len(translated), text_at + len(texts)))
        texts += translated + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, count, originals_at, translations_at, 0, text_at)
    tables = b"".join(struct.pack("<2I", *entry) for entry in originals + translations)
    return header + tables + texts


def write_catalogue(path: Path = CATALOGUE) -> bool:
    """Write the catalogue if it differs from the tables; True when it was written."""
    wanted = catalogue_bytes()
    if path.is_file() and path.read_bytes() == wanted:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(wanted)
    return True


@contextmanager
def speaking_dutch() -> Iterator[None]:
    """Click's texts in Dutch while the block runs, whatever the machine's language.

    Click translates through gettext's global domain, whose language comes from the
    environment (LANGUAGE first). Both are set for the run and put back after it, so a
    test or a program that calls the command in its own process is left as it was.
    LANGUAGE chooses only the language of messages (never number or date formats),
    and GNU programs ignore it under the C locale.
    """
    previous_domain = gettext.textdomain()
    previous_language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = LANGUAGE
    try:
        yield
    finally:
        gettext.textdomain(previous_domain)
        if previous_language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = previous_language


if __name__ == "__main__":  # pragma: no cover - the developer's command after editing the tables
    print(f"{CATALOGUE}: {'bijgewerkt' if write_catalogue() else 'was al actueel'}")
