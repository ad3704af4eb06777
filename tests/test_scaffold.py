"""`wijkwijzer new`: a new case from options or answers, checked as it is given, never overwriting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.authoring.scaffold import SECTION_GUIDANCE, slugify
from site_builder.cli import main
from site_builder.content.catalog import load_catalog
from site_builder.content.case_sections import KNOWN_SECTIONS
from site_builder.content.validate import PLACEHOLDER_MARKER
from site_builder.project import Project

from .conftest import ROOT

COMPLETE = ["--titel", "Coöperatie Fryslân", "--gemeente", "Leeuwarden", "--wijk", "Heechterp",
            "--provincie", "friesland", "--start", "2015", "--eind", "2020",
            "--samenvatting", "Bewoners richtten een energiecoöperatie op.",
            "--bouwsteen", "Lange adem", "--bouwsteen", "vertrouwen", "--drager", "gezonde-wijk",
            "--bron-titel", "Naar een wendbare wijkaanpak", "--bron-pagina", "19"]


@pytest.fixture
def content_root(tmp_path, monkeypatch) -> Path:
    """A project with the real vocabularies and no cases yet; commands run from it."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema", ignore=shutil.ignore_patterns("*.json", "*.md"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def new(*args: str, input: str | None = None):
    return CliRunner().invoke(main, ["new", *args], input=input, catch_exceptions=False)


@pytest.mark.parametrize("title, slug", [
    ("Coöperatie Fryslân", "cooperatie-fryslan"),
    ("'s-Hertogenbosch: De Kruiskamp!", "s-hertogenbosch-de-kruiskamp"),
    ("  Straße   über   Één  ", "strasse-uber-een"),
    ("Wijk " + "heel-lang-" * 20, "wijk-heel-lang-heel-lang-heel-lang-heel-lang-heel-lang-heel"),
])
def test_slug_is_lowercase_ascii_with_hyphens(title, slug):
    assert slugify(title) == slug


def test_new_with_options_writes_a_case_that_passes_with_warnings_only(content_root):
    result = new("--no-input", *COMPLETE)
    assert result.exit_code == 0, result.output
    path = content_root / "cases" / "cooperatie-fryslan.md"
    catalog = load_catalog(Project(content_root), [path])
    assert catalog.errors == []
    [record] = catalog.cases
    # Only what is still to be written is pointed out: the explanation of each building
    # block and carrier (asked for in the front matter) and each section, one warning each.
    tags = len(record.case.building_blocks) + len(record.case.carriers)
    assert [d.code for d in catalog.warnings] == ["WW110"] * tags + ["WW311"] * len(KNOWN_SECTIONS)
    # Answers are stored the way the models store them.
    assert record.case.province == "Fryslân"
    assert record.case.building_blocks == ("lange-adem", "vertrouwen")
    assert (record.case.period.start, record.case.period.end) == (2015, 2020)
    assert record.case.sources[0].page == "19"
    assert "Nieuwe casus: cases/cooperatie-fryslan.md" in result.output
    assert "Kwaliteitsniveau: Schets" in result.output


def test_new_case_offers_every_known_section_in_order_with_placeholders(content_root):
    new("--no-input", *COMPLETE)
    text = (content_root / "cases" / "cooperatie-fryslan.md").read_text(encoding="utf-8")
    positions = [text.index(f"## {section.title}\n\n{PLACEHOLDER_MARKER}: ") for section in KNOWN_SECTIONS]
    assert positions == sorted(positions)
    assert [section.title for section in KNOWN_SECTIONS][2:6] == [
        "Verloop en resultaten", "Wat werkte", "Context en voorwaarden", "Overdraagbaarheid"]
    # The sections written only from a source say they are optional and must cite one.
    for section in KNOWN_SECTIONS:
        placeholder = text.split(f"## {section.title}\n\n", 1)[1].split("\n", 1)[0]
        assert ("Optioneel" in placeholder) == (not section.recommended), section.title
        if section.needs_citation:
            assert "[bron 1, p. 12]" in placeholder, section.title
    # The building-block section names the chosen blocks by label.
    assert "Lange adem en Vertrouwen" in text


def test_every_recommended_section_has_guidance():
    assert list(SECTION_GUIDANCE) == [section.title for section in KNOWN_SECTIONS]


def test_new_never_overwrites_an_existing_file(content_root):
    existing = content_root / "cases" / "cooperatie-fryslan.md"
    existing.parent.mkdir()
    existing.write_text("mijn eigen werk\n", encoding="utf-8")
    result = new("--no-input", *COMPLETE)
    assert result.exit_code == 1
    assert "cases/cooperatie-fryslan.md bestaat al en wordt niet overschreven" in result.output
    assert existing.read_text(encoding="utf-8") == "mijn eigen werk\n"


def test_slug_option_chooses_another_file_name(content_root):
    (content_root / "cases").mkdir()
    (content_root / "cases" / "cooperatie-fryslan.md").write_text("bezet\n", encoding="utf-8")
    result = new("--no-input", *COMPLETE, "--slug", "heechterp-leeuwarden")
    assert result.exit_code == 0, result.output
    assert (content_root / "cases" / "heechterp-leeuwarden.md").is_file()


def test_invalid_slug_option_is_refused(content_root):
    result = new("--no-input", *COMPLETE, "--slug", "Mijn Wijk")
    assert result.exit_code == 1
    assert "--slug 'Mijn Wijk' is geen geldige bestandsnaam" in result.output
    assert not (content_root / "cases").exists()


def test_without_input_every_missing_required_option_is_named_at_once(content_root):
    result = new("--no-input", "--titel", "Mijn wijk")
    assert result.exit_code == 1
    for option in ("--gemeente", "--wijk", "--provincie", "--samenvatting", "--bouwsteen", "--bron-titel"):
        assert f"{option} ontbreekt" in result.output
    assert "--titel" not in result.output
    assert not (content_root / "cases").exists()


def test_without_input_wrong_values_get_the_checkers_messages(content_root):
    result = new("--no-input", *COMPLETE, "--bouwsteen", "lange-adm", "--provincie", "Frisland",
                 "--eind", "2010")
    assert result.exit_code == 1
    assert "--bouwsteen: onbekende bouwsteen 'lange-adm' (bedoelde je 'lange-adem'?)" in result.output
    assert "--provincie: onbekende provincie 'Frisland' (bedoelde je 'Fryslân'?)" in result.output
    assert "--eind: eindjaar 2010 ligt vóór beginjaar 2015" in result.output
    assert not (content_root / "cases").exists()


def test_a_page_without_a_source_is_refused(content_root):
    options = COMPLETE[: COMPLETE.index("--bron-titel")]
    result = new("--no-input", *options, "--bron-pagina", "12")
    assert result.exit_code == 1
    assert "--bron-titel ontbreekt" in result.output
    assert "--bron-pagina: geef ook --bron-titel op" in result.output


def test_interactive_questions_show_choices_and_ask_again_after_a_wrong_answer(content_root):
    answers = [
        "Mijn Wijk", "Almelo", "Centrum",
        "Overijsel",  # misspelt: asked again
        "4",  # the fourth province in the list
        "2010", "",  # start year, no end year
        "Kort verhaal.",
        "lange-adm",  # unknown: asked again
        "5, 6",  # numbers from the list
        "",  # no carriers
        "Een bron", "12",
    ]
    result = new(input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "onbekende provincie 'Overijsel' (bedoelde je 'Overijssel'?)" in result.output
    assert "onbekende bouwsteen 'lange-adm' (bedoelde je 'lange-adem'?)" in result.output
    assert " 5  lange-adem (Lange adem)" in result.output
    [record] = load_catalog(Project(content_root), [content_root / "cases" / "mijn-wijk.md"]).cases
    assert record.case.province == "Overijssel"
    assert record.case.building_blocks == ("lange-adem", "vertrouwen")
    assert record.case.carriers == ()
    assert (record.case.period.start, record.case.period.end) == (2010, None)


def test_interactive_clash_is_reported_right_after_the_title(content_root):
    (content_root / "cases").mkdir()
    (content_root / "cases" / "mijn-wijk.md").write_text("bezet\n", encoding="utf-8")
    result = new(input="Mijn Wijk\n")
    assert result.exit_code == 1
    assert "cases/mijn-wijk.md bestaat al" in result.output
    assert "Gemeente" not in result.output


def test_options_fill_in_answers_and_only_the_rest_is_asked(content_root):
    at = COMPLETE.index("--samenvatting")
    options = COMPLETE[:at] + COMPLETE[at + 2:]
    result = new(*options, input="Een samenvatting.\n")
    assert result.exit_code == 0, result.output
    assert "Samenvatting:" in result.output
    assert "Titel:" not in result.output and "Gemeente:" not in result.output
