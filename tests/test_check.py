"""`wijkwijzer check`: every rule code has a golden failing file, found at its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.content.catalog import load_catalog
from site_builder.content.diagnostics import RULES, Diagnostic
from site_builder.content.case_file import MAX_FILE_BYTES
from site_builder.content.front_matter_yaml import MAX_NESTING

from .conftest import DATA, copy_project

FAILING = DATA / "failing"
PASSING = DATA / "passing"

# code -> (golden file, line where the problem must be reported)
GOLDEN = {
    "WW002": ("ww002-geen-utf8.md", 7),
    "WW004": ("WW004_Ongeldige_Naam.md", 1),
    "WW005": ("ww005-leeg-bestand.md", 1),
    "WW006": ("ww006-geen-front-matter.md", 1),
    "WW007": ("ww007-niet-afgesloten.md", 1),
    "WW008": ("ww008-yaml-fout.md", 4),
    "WW009": ("ww009-geen-mapping.md", 2),
    "WW010": ("ww010-python-tag.md", 7),
    "WW011": ("ww011-alias-bom.md", 18),
    "WW012": ("ww012-dubbel-veld.md", 4),
    "WW013": ("ww013-te-diep.md", 10),
    "WW016": ("ww016/index.md", 1),
    "WW101": ("ww101-verplicht-veld.md", 2),
    "WW102": ("ww102-onbekend-veld.md", 9),
    "WW103": ("ww103-verkeerd-type.md", 8),
    "WW104": ("ww104-lege-lijst.md", 8),
    "WW105": ("ww105-dubbele-waarde.md", 8),
    "WW106": ("ww106-eind-voor-start.md", 6),
    "WW107": ("ww107-onwaarschijnlijk-jaar.md", 6),
    "WW108": ("ww108-javascript-url.md", 16),
    "WW109": ("ww109-te-lang.md", 7),
    "WW110": ("ww110-geen-toelichting.md", 11),
    "WW111": ("ww111-onbekende-grond.md", 10),
    "WW112": ("ww112-grond-bron-zonder-nummer.md", 10),
    "WW113": ("ww113-bron-bestaat-niet.md", 11),
    "WW114": ("ww114-onbekende-schaal.md", 3),
    "WW115": ("ww115-plaats-bij-landelijk.md", 4),
    "WW116": ("ww116-onmogelijke-datum.md", 14),
    "WW117": ("ww117-webbron-zonder-leesdatum.md", 15),
    "WW118": ("ww118-webbron-zonder-datum.md", 14),
    "WW120": ("ww120-te-veel-waarden.md", 112),
    "WW121": ("ww121-stuurteken.md", 7),
    "WW122": ("ww122-yaml11-getal.md", 15),
    "WW123": ("ww123-niet-teken.md", 7),
    "WW201": ("ww201-onbekende-bouwsteen.md", 8),
    "WW202": ("ww202-onbekende-drager.md", 9),
    "WW203": ("ww203-onbekende-stap.md", 10),
    "WW204": ("ww204-onbekende-provincie.md", 5),
    "WW205": ("ww205-onbekende-rol.md", 12),
    "WW124": ("ww124-controle-in-de-toekomst.md", 18),
    "WW125": ("ww125-controle-zonder-controleur.md", 16),
    "WW206": ("ww206-onbekende-controlestatus.md", 16),
    "WW301": ("ww301-lege-tekst.md", 17),
    "WW302": ("ww302-script.md", 24),
    "WW303": ("ww303-event-handler.md", 24),
    "WW304": ("ww304-javascript-link.md", 24),
    "WW305": ("ww305-html.md", 24),
    "WW310": ("ww310-sectie-ontbreekt.md", 18),
    "WW330": ("ww330-relatieve-link.md", 24),
    "WW331": ("ww331-bestand-invoegen.md", 24),
    "WW332": ("ww332-attributenlijst.md", 24),
    "WW333": ("ww333-te-veel-koppen.md", 420),
    "WW334": ("ww334-te-diep-genest.md", 24),
    "WW335": ("ww335-reeks-haken.md", 24),
    "WW336": ("ww336-html-niet-afgesloten.md", 24),
    "WW337": ("ww337-regel-te-lang.md", 24),
    "WW338": ("ww338-alinea-te-vol.md", 24),
    "WW339": ("ww339-afbeelding-andere-site.md", 24),
    "WW311": ("ww311-nog-te-schrijven.md", 18),
    "WW320": ("ww320-geen-verwijzingen.md", 15),
    "WW321": ("ww321-sectie-zonder-bron.md", 24),
}
# Codes whose input cannot be a committed file (size, links, non-files): made in the test.
# WW015 needs a project folder (a file in a subfolder of cases/), see its own test.
# WW017 needs a content root made by `wijkwijzer init`, see tests/test_init.py.
GENERATED = {"WW001", "WW003", "WW014", "WW015", "WW017"}


def diagnostics_for(project, path: Path) -> list[Diagnostic]:
    return load_catalog(project, [path]).diagnostics


def test_every_registered_code_has_a_golden_test():
    assert set(GOLDEN) | GENERATED == set(RULES)


def test_an_unregistered_code_fails_loudly():
    with pytest.raises(KeyError):
        Diagnostic("x.md", 1, 1, "WW999", "bestaat niet")


@pytest.mark.parametrize("code", sorted(GOLDEN))
def test_golden_failing_file_reports_its_code_at_its_line(project, code):
    name, line = GOLDEN[code]
    found = diagnostics_for(project, FAILING / name)
    assert (code, line) in [(d.code, d.line) for d in found], [d.as_text() for d in found]
    # The golden file shows one defect: no other error is reported for it.
    assert {d.code for d in found if d.is_error} <= {code}


def test_file_over_the_size_limit(project, tmp_path):
    big = tmp_path / "groot.md"
    big.write_bytes(b"---\ntitel: x\n---\n" + b"a" * MAX_FILE_BYTES)
    [found] = diagnostics_for(project, big)
    assert (found.code, found.line) == ("WW001", 1)


def test_symlink_out_of_the_project_is_refused(tmp_path):
    # A project of its own in tmp_path: the test never writes into the repository.
    inside = copy_project(tmp_path / "project")
    outside = tmp_path / "geheim.md"
    outside.write_text((PASSING / "minimal-fryslan.md").read_text(encoding="utf-8"), encoding="utf-8")
    link = inside.cases_dir / "link-naar-buiten.md"
    link.symlink_to(outside)
    [found] = diagnostics_for(inside, link)
    assert found.code == "WW003"


def test_a_folder_named_like_a_case_is_not_readable(project, tmp_path):
    (tmp_path / "map.md").mkdir()
    [found] = diagnostics_for(project, tmp_path)
    assert found.code == "WW014"


def test_python_tag_is_never_executed(project, tmp_path):
    marker = tmp_path / "gehackt"
    case = tmp_path / "tag.md"
    case.write_text(f'---\ntitel: !!python/object/apply:os.system ["touch {marker}"]\n---\nx\n')
    found = diagnostics_for(project, case)
    assert "WW010" in {d.code for d in found}
    assert not marker.exists()


def test_alias_bomb_is_refused_before_anything_is_expanded(project):
    # Refused from the event stream, so the aliases are never constructed; how fast
    # that is belongs in the benchmarks, not in an assertion here.
    found = diagnostics_for(project, FAILING / "ww011-alias-bom.md")
    assert [(d.code, d.line) for d in found] == [("WW011", 18)]


@pytest.fixture(params=["libyaml", "python-parser"])
def yaml_parser(request, monkeypatch):
    """Both behaviours of PyYAML: libyaml as installed (6.0.4 and later stop at 1,000
    levels themselves) and a parser without that limit (as libyaml in 6.0.3 and
    earlier, and PyYAML's pure-Python parser)."""
    import yaml

    from site_builder.content import loader

    if request.param == "python-parser":
        monkeypatch.setattr(loader, "SafeLoader", yaml.SafeLoader)
    return request.param


def deeply_nested_case(tmp_path: Path, levels: int) -> Path:
    deep = tmp_path / "diep.md"
    deep.write_text("---\ntitel: x\na: " + "[" * levels + "]" * levels + "\n---\nx\n")
    return deep


@pytest.mark.parametrize("levels", [MAX_NESTING + 1, 5_000])
def test_deep_flow_nesting_is_ww013_at_the_level_past_the_limit(project, tmp_path, yaml_parser, levels):
    found = diagnostics_for(project, deeply_nested_case(tmp_path, levels))
    # Line 3 of the file; the bracket that opens level MAX_NESTING + 1 ("a: " is 3 columns).
    assert [(d.code, d.line, d.col) for d in found] == [("WW013", 3, 3 + MAX_NESTING)]


def test_extreme_flow_nesting_neither_crashes_nor_hangs(project, tmp_path):
    # 400,000 levels crashed the recursive composer of PyYAML <= 6.0.3.
    found = diagnostics_for(project, deeply_nested_case(tmp_path, 400_000))
    assert [(d.code, d.line, d.col) for d in found] == [("WW013", 3, 3 + MAX_NESTING)]


def test_deep_block_nesting_is_ww013_not_a_syntax_error(project, tmp_path, yaml_parser):
    deep = tmp_path / "diep.md"
    lines = "\n".join(" " * level + f"k{level}:" for level in range(1_200)) + " 1"
    deep.write_text("---\n" + lines + "\n---\nx\n")
    found = diagnostics_for(project, deep)
    assert [(d.code, d.line) for d in found] == [("WW013", 2 + MAX_NESTING)]


def test_suggestions_name_the_intended_value(project):
    texts = [d.as_text() for d in diagnostics_for(project, FAILING / "ww201-onbekende-bouwsteen.md")]
    assert any("bedoelde je 'lange-adem'?" in t for t in texts)
    texts = [d.as_text() for d in diagnostics_for(project, FAILING / "ww102-onbekend-veld.md")]
    assert any("bedoelde je 'dragers'?" in t for t in texts)
    texts = [d.as_text() for d in diagnostics_for(project, FAILING / "ww204-onbekende-provincie.md")]
    assert any("bedoelde je 'Noord-Brabant'?" in t for t in texts)


def test_duplicate_is_located_at_the_repeated_item(project):
    [found] = [d for d in diagnostics_for(project, FAILING / "ww105-dubbele-waarde.md") if d.is_error]
    assert (found.line, found.col) == (8, 38)


# --- Passing edge cases -----------------------------------------------------------

def test_bom_crlf_fryslan_and_cooperatie_pass(project):
    catalog = load_catalog(project, [PASSING / "bom-crlf-fryslan.md"])
    assert catalog.diagnostics == []
    [record] = catalog.cases
    assert record.case.province == "Fryslân"  # 'Friesland' is recognised and normalised
    assert record.case.themes == ["coöperatie", "energie"]
    assert record.case.sources[0].page == "12"


def test_minimal_case_with_only_required_fields_passes(project):
    catalog = load_catalog(project, [PASSING / "minimal-fryslan.md"])
    assert catalog.diagnostics == [] and len(catalog.cases) == 1
    assert catalog.cases[0].case.period is None


def test_bundled_cases_pass_without_errors(project):
    catalog = load_catalog(project)
    assert catalog.errors == [], [d.as_text() for d in catalog.errors]
    assert len(catalog.cases) >= 12


def test_bundled_cases_cover_every_building_block_and_carrier(project):
    catalog = load_catalog(project)
    used_blocks = {b for r in catalog.cases for b in r.case.building_blocks}
    used_carriers = {c for r in catalog.cases for c in r.case.carriers}
    assert used_blocks == set(catalog.vocabularies.building_blocks.ids)
    assert used_carriers == set(catalog.vocabularies.carriers.ids)


# --- The command ----------------------------------------------------------------------

def test_check_exits_zero_on_bundled_cases(run_cli):
    result = run_cli("check")
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.output


def test_check_collects_every_problem_then_fails_once(run_cli):
    result = run_cli("check", str(FAILING))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1].startswith(f"{len(list(FAILING.glob('*.md')))} bestanden gecontroleerd")
    assert any(line.startswith("tests/data/failing/ww201-onbekende-bouwsteen.md:8:14: WW201 ")
               for line in lines), result.output


def test_warnings_fail_only_with_strict(run_cli):
    path = str(FAILING / "ww310-sectie-ontbreekt.md")
    assert run_cli("check", path).exit_code == 0
    assert run_cli("check", "--strict", path).exit_code == 1


def test_json_and_github_formats(run_cli):
    path = "tests/data/failing/ww106-eind-voor-start.md"
    result = run_cli("check", "--format", "json", path)
    [item] = json.loads(result.stdout)
    assert (item["path"], item["line"], item["code"]) == (path, 6, "WW106")
    result = run_cli("check", "--format", "github", path)
    assert result.stdout.startswith(f"::error file={path},line=6,col=")
    assert "title=WW106::" in result.stdout


def test_every_problem_of_a_file_in_one_run_source_numbers_included(run_cli):
    # Vocabulary, field and period errors together with an unknown source number on a tag
    # and in the text: all reported at once, so a contributor fixes them in one round.
    path = "tests/data/failing/meerdere-fouten-tegelijk.md"
    result = run_cli("check", path)
    assert result.exit_code == 1
    assert result.output == (FAILING / "meerdere-fouten-tegelijk.txt").read_text(encoding="utf-8")
    codes = [line.split(": ")[1].split()[0] for line in result.output.splitlines()[:-1]]
    assert codes.count("WW113") == 2 and {"WW201", "WW204", "WW102", "WW106"} <= set(codes)


def test_json_fills_the_hint_of_every_diagnostic(run_cli):
    path = "tests/data/failing/meerdere-fouten-tegelijk.md"
    items = json.loads(run_cli("check", "--format", "json", path, str(FAILING / "ww106-eind-voor-start.md")).stdout)
    assert items and all(item["hint"] for item in items)
    hints = {(item["code"], item["line"]): item["hint"] for item in items}
    assert hints[("WW201", 8)] == "bedoelde je 'lange-adem'?"  # the suggestion, where there is one
    assert hints[("WW106", 17)] == RULES["WW106"].explanation  # else the rule's help


def test_github_format_annotates_every_problem_at_its_file_and_line(run_cli):
    broken = "tests/data/failing/ww201-onbekende-bouwsteen.md"
    unfinished = "tests/data/failing/ww311-nog-te-schrijven.md"
    result = run_cli("check", "--format", "github", broken, unfinished)
    assert result.exit_code == 1
    # Annotations only on stdout; the count goes to stderr, out of the annotations' way.
    assert result.stdout.splitlines() == [
        f"::error file={broken},line=8,col=14,title=WW201::"
        "WW201 onbekende bouwsteen 'lange-adm' (bedoelde je 'lange-adem'?)",
        f"::warning file={unfinished},line=18,col=1,title=WW311::"
        "WW311 sectie 'Aanpak' is nog niet geschreven "
        "(vervang de regel met 'NOG TE SCHRIJVEN' door je eigen tekst)",
    ]
    assert result.stderr.startswith("2 bestanden gecontroleerd: 1 fout, 1 waarschuwing")


def test_github_format_escapes_the_message(run_cli, tmp_path):
    case = tmp_path / "kapot.md"
    valid = (PASSING / "minimal-fryslan.md").read_text(encoding="utf-8")
    case.write_text(valid.replace("bouwstenen: [{id: middelen", "bouwstenen: [100%-aanpak, {id: middelen"),
                    encoding="utf-8")
    result = run_cli("check", "--format", "github", str(case))
    [annotation] = result.stdout.splitlines()
    assert annotation.startswith(f"::error file={case.as_posix()},line=7,col=14,title=WW201::")
    assert "'100%25-aanpak'" in annotation  # '%' would otherwise start an escape sequence


def test_outside_a_project_gives_a_sentence_not_a_traceback(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from site_builder.cli import main

    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert result.output.startswith("Fout: geen wijkwijzer-project gevonden")


def test_parallel_check_finds_exactly_what_the_serial_check_finds(project, monkeypatch):
    from site_builder.content import catalog as catalog_module

    folders = [FAILING, PASSING, project.cases_dir]
    serial = load_catalog(project, folders)
    monkeypatch.setattr(catalog_module, "PARALLEL_THRESHOLD", 1)
    parallel = load_catalog(project, folders)
    assert parallel.diagnostics == serial.diagnostics and serial.diagnostics
    assert [r.slug for r in parallel.cases] == [r.slug for r in serial.cases]
    assert [r.case for r in parallel.cases] == [r.case for r in serial.cases]


# --- Claims: evidence per tag, scale, references ---------------------------------------

def write_case(tmp_path: Path, front_matter: str, body: str = "## Aanleiding\n\nTekst.\n") -> Path:
    path = tmp_path / "casus.md"
    path.write_text(f"---\n{front_matter.strip()}\n---\n{body}", encoding="utf-8")
    return path


def test_a_bare_building_block_id_stays_valid_with_a_warning(project, tmp_path):
    path = write_case(tmp_path, """
titel: Kaal
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
samenvatting: Oude vorm.
bouwstenen: [middelen]
bronnen: [{titel: Een bron}]
""")
    catalog = load_catalog(project, [path])
    [record] = catalog.cases
    assert record.case.building_blocks == ("middelen",)
    assert record.case.building_block_tags[0].explanation is None
    assert "WW110" in {d.code for d in catalog.warnings}


def test_explained_tags_carry_their_ground_source_and_page(project, tmp_path):
    path = write_case(tmp_path, """
titel: Uitgelegd
schaal: gemeente
gemeente: Roermond
provincie: Limburg
samenvatting: Met toelichting.
bouwstenen:
  - id: lange-adem
    toelichting: Twaalf jaar gepland.
    grond: bron
    bron: 1
    pagina: 14
bronnen: [{titel: Een bron}]
""")
    catalog = load_catalog(project, [path])
    [record] = catalog.cases
    [tag] = record.case.building_block_tags
    assert (tag.id, tag.ground, tag.source, tag.page, tag.is_source_example) == ("lange-adem", "bron", 1, "14", True)
    assert not [d for d in catalog.diagnostics if d.code.startswith("WW1")]


def write_referring_case(tmp_path, sources: list[str], body: str) -> Path:
    """A valid case with these source titles whose text is `body` (line 12 is its third line)."""
    return write_case(tmp_path, f"""
titel: Verwijzing
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
samenvatting: Verwijst verkeerd.
bouwstenen: [{{id: middelen, toelichting: Geld., grond: duiding}}]
bronnen: [{", ".join("{titel: " + title + "}" for title in sources)}]
""", body=body)


def test_a_reference_in_the_text_to_a_missing_source_is_located(project, tmp_path):
    path = write_referring_case(tmp_path, ["Een bron"],
                                "## Aanleiding\n\nEerst goed [bron 1, p. 3], dan fout [bron 2].\n")
    found = [(d.code, d.line, d.col) for d in diagnostics_for(project, path) if d.is_error]
    assert found == [("WW113", 12, 37)]


def test_each_reference_of_a_bracket_is_checked_at_its_own_place(project, tmp_path):
    path = write_referring_case(tmp_path, ["Een bron", "Nog een bron"],
                                "## Aanleiding\n\nBeide [bron 1; bron 2, p. 4], en [bron 2; bron 3].\n")
    found = [(d.code, d.line, d.col, d.message) for d in diagnostics_for(project, path) if d.is_error]
    assert [(code, line, col) for code, line, col, _ in found] == [("WW113", 12, 43)]  # at "bron 3"
    assert "[bron 3]" in found[0][3]


@pytest.mark.parametrize("scale, missing", [("wijk", "wijk"), ("gemeente", "provincie")])
def test_each_scale_asks_for_its_own_place_fields(project, tmp_path, scale, missing):
    fields = {"gemeente": "gemeente: Sneek", "wijk": "wijk: Centrum", "provincie": "provincie: Fryslân"}
    del fields[missing]
    path = write_case(tmp_path, f"""
titel: Plaats
schaal: {scale}
{chr(10).join(fields.values())}
samenvatting: Mist een plaats.
bouwstenen: [{{id: middelen, toelichting: Geld., grond: duiding}}]
bronnen: [{{titel: Een bron}}]
""")
    found = [d for d in diagnostics_for(project, path) if d.is_error]
    assert [(d.code, f"'{missing}'" in d.message) for d in found] == [("WW115", True)]


def test_a_national_programme_needs_no_place(project, tmp_path):
    path = write_case(tmp_path, """
titel: Landelijk programma
schaal: landelijk
samenvatting: Overal en nergens.
bouwstenen: [{id: middelen, toelichting: Geld., grond: duiding}]
bronnen: [{titel: Een bron}]
""")
    catalog = load_catalog(project, [path])
    [record] = catalog.cases
    assert record.case.is_national and record.case.province is None
    assert not catalog.errors


def test_a_planned_end_before_the_start_is_refused(project, tmp_path):
    path = write_case(tmp_path, """
titel: Periode
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
periode: {start: 2012, gepland_eind: 2010, stand: 2018}
samenvatting: Verkeerde volgorde.
bouwstenen: [{id: middelen, toelichting: Geld., grond: duiding}]
bronnen: [{titel: Een bron}]
""")
    assert [d.code for d in diagnostics_for(project, path) if d.is_error] == ["WW106"]


def test_information_year_is_the_status_year_or_the_newest_dated_source(project, tmp_path):
    path = write_case(tmp_path, """
titel: Stand
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
periode: {start: 2012}
samenvatting: Zonder stand.
bouwstenen: [{id: middelen, toelichting: Geld., grond: duiding}]
bronnen: [{titel: Oud, jaar: 2015}, {titel: Nieuw, jaar: 2018}, {titel: Zonder jaar}]
""", body="## Aanleiding\n\nTekst [bron 1].\n")
    [record] = load_catalog(project, [path]).cases
    assert record.case.information_year == 2018


def test_a_source_dated_only_by_datum_counts_for_the_information_year(project, tmp_path):
    path = write_case(tmp_path, """
titel: Stand
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
periode: {start: 2012}
samenvatting: Zonder stand.
bouwstenen: [{id: middelen, toelichting: Geld., grond: duiding}]
bronnen: [{titel: Oud, jaar: 2015}, {titel: Nieuw, datum: 2024-03-05}]
""", body="## Aanleiding\n\nTekst [bron 1].\n")
    [record] = load_catalog(project, [path]).cases
    assert record.case.information_year == 2024
    assert record.case.active_years == (2012, 2024)


WEB_SOURCE_CASE = """
titel: Webbron
gemeente: Sneek
wijk: Centrum
provincie: Fryslân
samenvatting: Een casus met een webbron.
bouwstenen: [{id: middelen, toelichting: Geld., grond: duiding}]
bronnen:
  - {SOURCE}
"""


@pytest.mark.parametrize("source, warned_at", [
    ("{titel: Wijkplan, jaar: 2022, url: 'https://example.org/a', geraadpleegd: 2026-01-15}", None),
    ("{titel: Wijkplan, jaar: 2022, url: 'https://example.org/a'}", "url"),
    ("{titel: Wijkplan, datum: 2023-04-01, url: 'https://example.org/a'}", "url"),
    ("{titel: Wijkpagina, url: 'https://example.org/a'}", "url"),  # a web page without a date
    ("{titel: Wijkplan, jaar: 2022, geraadpleegd: 2026-01-15}", "geraadpleegd"),
    # A seed of 2017-2018, read on paper, may carry its address without a date read.
    ("{titel: Essay, jaar: 2018, url: 'https://example.org/a'}", None),
])
def test_a_web_source_names_its_address_and_the_date_it_was_read(project, tmp_path, source, warned_at):
    path = write_case(tmp_path, WEB_SOURCE_CASE.replace("{SOURCE}", source))
    found = [d for d in diagnostics_for(project, path) if d.code == "WW117"]
    if warned_at is None:
        assert found == []
    else:
        [warning] = found
        # Located at the value of the field it is about.
        line = path.read_text(encoding="utf-8").split("\n")[warning.line - 1]
        expected = "'https://example.org/a'" if warned_at == "url" else "2026-01-15"
        assert line[warning.col - 1:].startswith(expected), (line, warning.col)
        assert ("geen url" in warning.message) == (warned_at == "geraadpleegd")
        assert not warning.is_error


@pytest.mark.parametrize("source, messages", [
    ("{titel: Wijkplan, uitgever: Gemeente Sneek, jaar: 2022, url: 'https://example.org/a', geraadpleegd: 2026-01-15}", []),
    ("{titel: Wijkplan, uitgever: Gemeente Sneek, datum: 2022-03-01, url: 'https://example.org/a', geraadpleegd: 2026-01-15}", []),
    ("{titel: Over ons, uitgever: Gemeente Sneek, url: 'https://example.org/a', geraadpleegd: 2026-01-15}",
     ["webbron 1 zegt niet wanneer hij verscheen"]),
    ("{titel: Wijkplan, jaar: 2022, url: 'https://example.org/a', geraadpleegd: 2026-01-15}",
     ["webbron 1 noemt geen uitgever"]),
    ("{titel: Over ons, url: 'https://example.org/a', geraadpleegd: 2026-01-15}",
     ["webbron 1 noemt geen uitgever", "webbron 1 zegt niet wanneer hij verscheen"]),
    # A printed source (no address) is not asked for either: the seeds name no publisher.
    ("{titel: Standpunt}", []),
])
def test_a_web_source_names_its_publisher_and_when_it_appeared(project, tmp_path, source, messages):
    path = write_case(tmp_path, WEB_SOURCE_CASE.replace("{SOURCE}", source))
    found = [d for d in diagnostics_for(project, path) if d.code == "WW118"]
    assert [d.message for d in found] == messages
    assert not any(d.is_error for d in found)


@pytest.mark.parametrize("text, warned", [
    ("De vaste wijkregisseur werkte [bron 1, p. 3].", False),
    ("De vaste wijkregisseur werkte, vond de redactie.", True),
    ("NOG TE SCHRIJVEN: nog niets.", False),  # a placeholder is WW311's to point out
])
def test_a_section_written_only_from_a_source_cites_one(project, tmp_path, text, warned):
    path = write_case(tmp_path, WEB_SOURCE_CASE.replace("{SOURCE}", "{titel: Wijkplan, jaar: 2022}"),
                      body=f"## Aanleiding\n\nTekst.\n\n## Wat werkte\n\n{text}\n")
    found = [(d.line, d.message) for d in diagnostics_for(project, path) if d.code == "WW321"]
    heading_line = path.read_text(encoding="utf-8").split("\n").index("## Wat werkte") + 1
    assert found == ([(heading_line, "sectie 'Wat werkte' verwijst naar geen enkele bron")] if warned else [])


@pytest.mark.parametrize("command", [["check"], ["search", "--provincie", "Atlantis"]])
def test_the_quick_commands_collect_garbage_less_often(command, monkeypatch, tmp_path):
    """`check` and `search` raise the youngest generation's threshold before their imports
    (the collector walking those objects over and over was a tenth of a search)."""
    import gc

    from click.testing import CliRunner

    from site_builder import cli

    thresholds = []
    monkeypatch.setattr(gc, "set_threshold", lambda *values: thresholds.append(values))
    monkeypatch.chdir(copy_project(tmp_path / "project").root)
    CliRunner().invoke(cli.main, command)
    assert [values[0] for values in thresholds] == [cli.QUICK_COMMAND_COLLECTION_THRESHOLD]
