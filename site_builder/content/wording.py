"""The Dutch wording of counts, periods and dates, in one place for every output.

A date is written one way wherever a person reads it, on the site and in the CLI:
'3 maart 2024' (`dutch_date`); files and data keep ISO 8601 (2024-03-03).

The website, the feed, the open-data codebook and the CLI's search results all say
"1 casus / 2 casussen", "sinds 2012, einde onbekend (stand 2018)" and "geraadpleegd op
3 maart 2024" through these functions, so the
site and the terminal never word the same fact differently.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from .kinds import KINDS

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")
UNKNOWN_PERIOD = "periode onbekend"
NATIONAL_PLACE = "Landelijk"  # where a national programme is, where a place is shown
REGIONAL_PLACE = "Regio"  # a regional case without municipality or province
UNKNOWN_END = "einde onbekend"
STATUS = "stand"


@dataclass(frozen=True)
class Noun:
    """A Dutch noun in its two numbers, e.g. casus / casussen."""

    one: str
    many: str

    def of(self, count: int) -> str:
        return self.one if count == 1 else self.many

    @property
    def heading(self) -> str:
        """The plural as a heading or menu item: 'Bouwstenen'."""
        return self.many[:1].upper() + self.many[1:]


CASE = Noun("casus", "casussen")
FILE = Noun("bestand", "bestanden")
GENERATED_FILE = Noun("gegenereerd bestand", "gegenereerde bestanden")
ERROR = Noun("fout", "fouten")
WARNING = Noun("waarschuwing", "waarschuwingen")
SOURCE = Noun("bron", "bronnen")
STATEMENT = Noun("stelling", "stellingen")  # of the wijkscan
DIFFERING_ROW = Noun("rij verschilt", "rijen verschillen")  # on the compare page

# The noun of each vocabulary kind that the site and the CLI name (kind = file name in schema/).
KIND_NOUNS: dict[str, Noun] = {kind.kind: Noun(kind.singular, kind.plural) for kind in KINDS}


def plural(count: int, one: str, many: str) -> str:
    """`one` for exactly one, `many` otherwise (also for zero, as Dutch has it)."""
    return Noun(one, many).of(count)


def script_wording() -> dict[str, list[str]]:
    """The nouns the browser scripts count with, each as [one, many]. Pages hand them to
    the scripts in their `data-wording` attribute (assets/wijkwijzer.js: WijkWijzer.count),
    so "1 casus / 2 casussen" is worded here for the site, the CLI and the scripts alike."""
    return {name: [noun.one, noun.many] for name, noun in
            (("casus", CASE), ("stelling", STATEMENT), ("verschil", DIFFERING_ROW))}


def count_text(count: int, noun: Noun = CASE) -> str:
    """'1 casus', '12 casussen'."""
    return f"{count} {noun.of(count)}"


def period_text(start: int | None, end: int | None = None, planned_end: int | None = None,
                as_of: int | None = None) -> str:
    """The period as the sources give it, never claiming that an approach runs now.

    '2012–2016' (ended), 'sinds 2012, gepland tot 2024 (stand 2018)', 'sinds 2012, einde
    onbekend (stand 2018)', 'gepland tot 2022' or 'periode onbekend'. `as_of` is the year
    the information describes (the status year, or the newest dated source).
    """
    status = f" ({STATUS} {as_of})" if as_of is not None else ""
    if start is None:
        if end is not None:
            return f"tot {end}"
        if planned_end is not None:
            return f"gepland tot {planned_end}{status}"
        return UNKNOWN_PERIOD
    if end is not None:
        return str(start) if end == start else f"{start}–{end}"
    if planned_end is not None:
        return f"sinds {start}, gepland tot {planned_end}{status}"
    return f"sinds {start}, {UNKNOWN_END}{status}"


def dutch_date(date: datetime.date) -> str:
    """'3 maart 2024'."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def read_on_text(date: datetime.date) -> str:
    """When the editors read a web source: 'geraadpleegd op 15 januari 2026'."""
    return f"geraadpleegd op {dutch_date(date)}"


# A case whose newest source is more than this many years older than the build year
# says so on its page.
OUTDATED_AFTER_YEARS = 5


def outdated_text(newest_source_year: int) -> str:
    """'Informatie uit 2018: mogelijk verouderd'."""
    return f"Informatie uit {newest_source_year}: mogelijk verouderd"


def citation_date(date: datetime.date | None) -> str:
    """The date in the citation of a page: '3 maart 2024' (the site's one date format),
    or 'z.d.' (zonder datum)."""
    return dutch_date(date) if date else "z.d."


def place_text(municipality: str | None, province: str | None, national: bool) -> str:
    """Where, in a few words: 'Roermond, Limburg', 'Limburg', 'Landelijk' or 'Regio'."""
    parts = [part for part in (municipality, province) if part]
    return ", ".join(parts) if parts else NATIONAL_PLACE if national else REGIONAL_PLACE
