"""Quality levels: computed from what a case contains, with what the next level still needs."""

from __future__ import annotations

import pytest

from site_builder.content.catalog import CaseRecord, load_catalog
from site_builder.derive.quality import (
    BESCHREVEN,
    LEVELS,
    SCHETS,
    UITGEBREID,
    assess_quality,
)

from .conftest import ROOT

REQUIRED = """\
titel: Testwijk
gemeente: Almelo
wijk: Testwijk
provincie: Overijssel
samenvatting: Een testcasus.
bouwstenen: [{id: lange-adem, toelichting: Tien jaar volgehouden., grond: duiding}]
"""
SOURCE_WITHOUT_PAGE = "bronnen:\n  - titel: Een bron\n"
SOURCE_WITH_PAGE = "bronnen:\n  - titel: Een bron\n    pagina: 19\n"
EXTRAS = """\
periode: {start: 2012}
stappen: [{id: visie-ontwikkelen, toelichting: Samen een visie., grond: duiding}]
partijen:
  - {naam: Gemeente Almelo, rol: gemeente}
"""
WRITTEN_BODY = """\
## Aanleiding

Signalen van bewoners (bron, p. 19).

## Aanpak

Een wijkteam.

## Lessen

Geduld loont.
"""
PLACEHOLDER_BODY = """\
## Aanleiding

NOG TE SCHRIJVEN: waarom begon de aanpak?

## Aanpak

NOG TE SCHRIJVEN: wie deden mee?

## Lessen

NOG TE SCHRIJVEN: wat werkte?
"""


def record_for(project, tmp_path, front_matter: str, body: str) -> CaseRecord:
    path = tmp_path / "testwijk.md"
    path.write_text(f"---\n{front_matter}---\n{body}", encoding="utf-8")
    catalog = load_catalog(project, [path])
    assert catalog.errors == [], [d.as_text() for d in catalog.errors]
    [record] = catalog.cases
    return record


def test_required_fields_only_is_a_sketch(project, tmp_path):
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + SOURCE_WITHOUT_PAGE, PLACEHOLDER_BODY))
    assert (quality.level, quality.label, quality.next_level) == (SCHETS, "Schets", BESCHREVEN)
    assert quality.missing == (
        "sectie 'Aanleiding' met eigen tekst",
        "sectie 'Aanpak' met eigen tekst",
        "sectie 'Lessen' met eigen tekst",
        "minstens één bron met een paginanummer (pagina)",
    )


def test_written_sections_and_a_page_make_it_described(project, tmp_path):
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + SOURCE_WITH_PAGE, WRITTEN_BODY))
    assert (quality.level, quality.next_level) == (BESCHREVEN, UITGEBREID)
    assert quality.missing == ("de betrokken partijen (partijen)",
                               "de stappen uit het essay die de casus laat zien (stappen)",
                               "de looptijd (periode)")


def test_parties_steps_and_period_make_it_extensive(project, tmp_path):
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + EXTRAS + SOURCE_WITH_PAGE, WRITTEN_BODY))
    assert (quality.level, quality.label, quality.next_level, quality.missing) == (
        UITGEBREID, "Uitgebreid", None, ())


def test_an_unexplained_tag_keeps_a_case_from_extensive(project, tmp_path):
    extras = EXTRAS.replace("{id: visie-ontwikkelen, toelichting: Samen een visie., grond: duiding}",
                            "visie-ontwikkelen")
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + extras + SOURCE_WITH_PAGE, WRITTEN_BODY))
    assert (quality.level, quality.missing) == (
        BESCHREVEN, ("bij elke bouwsteen, drager en stap een toelichting en grond",))


def test_levels_build_on_each_other(project, tmp_path):
    # Everything of 'uitgebreid' but no page: still a sketch, and the page is what is missing.
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + EXTRAS + SOURCE_WITHOUT_PAGE, WRITTEN_BODY))
    assert quality.level is SCHETS
    assert quality.missing == ("minstens één bron met een paginanummer (pagina)",)


@pytest.mark.parametrize("replacement", [
    "NOG TE SCHRIJVEN: wat werkte?",  # the placeholder left in place
    "",  # the heading without text
    "### Eerste les\n\n### Tweede les",  # only subheadings
])
def test_a_section_without_own_text_does_not_count(project, tmp_path, replacement):
    body = WRITTEN_BODY.replace("Geduld loont.", replacement)
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + EXTRAS + SOURCE_WITH_PAGE, body))
    assert quality.level is SCHETS
    assert quality.missing == ("sectie 'Lessen' met eigen tekst",)


def test_a_missing_section_does_not_count(project, tmp_path):
    body = WRITTEN_BODY.split("## Lessen")[0]
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + SOURCE_WITH_PAGE, body))
    assert quality.level is SCHETS
    assert quality.missing == ("sectie 'Lessen' met eigen tekst",)


def test_text_in_a_subsection_counts_for_its_section(project, tmp_path):
    body = WRITTEN_BODY.replace("Een wijkteam.", "### Het team\n\nEen wijkteam.")
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + SOURCE_WITH_PAGE, body))
    assert quality.level is BESCHREVEN


def test_headings_are_matched_without_regard_to_case(project, tmp_path):
    body = WRITTEN_BODY.replace("## Lessen", "## lessen")
    quality = assess_quality(record_for(project, tmp_path, REQUIRED + SOURCE_WITH_PAGE, body))
    assert quality.level is BESCHREVEN


def test_contributing_guide_documents_every_level():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for level in LEVELS:
        assert f"**{level.label}**" in guide, level.label
