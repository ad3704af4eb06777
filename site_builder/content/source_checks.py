"""What the checker asks of a case's sourcing, beyond one field at a time.

- WW117: a web source names its address and the date the editors read it, both or
  neither (`url` and `geraadpleegd`).
- WW118: a web source names its publisher and its date of publication (`datum` or `jaar`).
- WW321: a section that may only be written from a source (case_sections.py:
  `Verloop en resultaten`, `Wat werkte`, ...) cites one (`[bron 2]`).

Runs in the validate stage (validate.py), which places each finding in the file.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from .case_sections import CITED_SECTIONS
from .citations import citations_in
from .models import Case
from .vocabulary import fold

# The sources the knowledge base started from (the 2018 essay and the short pieces of
# 2017-2018) were cited from print; a date read is asked of every web source except one
# published before this year, so that those seeds do not warn before their editors add it.
READ_DATE_ASKED_FROM = 2019


@dataclass(frozen=True)
class SourceFinding:
    code: str
    loc: tuple  # where in the front matter, as a Pydantic location: ("bronnen", 0, "url")
    message: str
    hint: str


def source_findings(case: Case) -> Iterator[SourceFinding]:
    """WW117 for each source whose address and date read do not come together, WW118 for
    each web source that does not say who published it or when."""
    for index, source in enumerate(case.sources):
        number = index + 1
        year = source.published_year
        if source.read_on is not None and source.url is None:
            yield SourceFinding("WW117", ("bronnen", index, "geraadpleegd"),
                                f"bron {number} heeft een datum 'geraadpleegd' maar geen url",
                                "voeg het webadres toe dat de redactie las, of laat 'geraadpleegd' weg")
        elif source.url is not None and source.read_on is None and (year is None or year >= READ_DATE_ASKED_FROM):
            yield SourceFinding("WW117", ("bronnen", index, "url"),
                                f"webbron {number} zegt niet wanneer de redactie hem las",
                                "voeg 'geraadpleegd: JJJJ-MM-DD' toe, de datum waarop je de pagina las")
        if source.url is not None and source.publisher is None:
            yield SourceFinding("WW118", ("bronnen", index, "url"),
                                f"webbron {number} noemt geen uitgever",
                                "voeg 'uitgever:' toe: de organisatie die de pagina publiceert")
        if source.url is not None and year is None:
            yield SourceFinding("WW118", ("bronnen", index, "url"),
                                f"webbron {number} zegt niet wanneer hij verscheen",
                                "voeg 'datum: JJJJ-MM-DD' of 'jaar: JJJJ' toe zoals de pagina die noemt; "
                                "noemt de pagina geen datum, zoek dan een gedateerde bron die hetzelfde zegt")


class SectionText(Protocol):
    title: str
    line: int  # 1-based line of the heading within the body
    lines: Sequence[str]
    has_own_text: bool


def uncited_sections(sections: Sequence[SectionText]) -> list[tuple[SectionText, str, str]]:
    """(section, message, hint) for every written section that needs a source and cites none."""
    cited = {fold(section.title): section.title for section in CITED_SECTIONS}
    found = []
    for section in sections:
        title = cited.get(fold(section.title))
        if title and section.has_own_text and not citations_in("\n".join(section.lines)):
            found.append((section, f"sectie '{title}' verwijst naar geen enkele bron",
                          "zet na elke alinea waar het staat, bijvoorbeeld [bron 2, p. 4]; "
                          "zegt geen bron er iets over, laat de sectie dan weg"))
    return found
