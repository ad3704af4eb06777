"""Generated docs: the committed files equal a fresh generation, and go stale when their sources change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from site_builder.authoring.cli_reference import CLI_REFERENCE
from site_builder.authoring.generated_docs import (
    EXAMPLE_CASE,
    JSON_SCHEMA,
    RULES_REFERENCE,
    SCHEMA_REFERENCE,
    generate_docs,
    stale_files,
    write_docs,
)
from site_builder.content.case_fields import case_fields, records
from site_builder.content.diagnostics import RULES, Rule
from site_builder.content.loader import read_case_source
from site_builder.content.models import (
    BuildingBlockTag,
    CarrierTag,
    Case,
    Party,
    Period,
    Review,
    Source,
    StepTag,
)
from site_builder.content.vocabulary import load_vocabularies
from site_builder.project import Project

from .conftest import DATA, ROOT

GENERATED = (JSON_SCHEMA, SCHEMA_REFERENCE, RULES_REFERENCE, EXAMPLE_CASE, CLI_REFERENCE)


@pytest.fixture
def generated(project) -> dict[str, str]:
    return generate_docs(load_vocabularies(project.schema_dir))


# --- Freshness ---------------------------------------------------------------------------

@pytest.mark.parametrize("path", GENERATED)
def test_committed_file_equals_a_fresh_generation(generated, path):
    committed = (ROOT / path).read_text(encoding="utf-8")
    assert committed == generated[path], f"{path} is verouderd: voer 'wijkwijzer generate-docs' uit"


def test_freshness_check_passes_on_the_committed_files(run_cli):
    result = run_cli("generate-docs", "--check")
    assert result.exit_code == 0, result.output


def test_a_changed_field_description_makes_the_files_stale(project, run_cli, monkeypatch):
    monkeypatch.setattr(Case.model_fields["summary"], "description", "Een andere beschrijving.")
    assert set(stale_files(project)) == {JSON_SCHEMA, SCHEMA_REFERENCE, EXAMPLE_CASE}
    before = (ROOT / SCHEMA_REFERENCE).read_text(encoding="utf-8")
    result = run_cli("generate-docs", "--check")
    assert result.exit_code == 1
    assert f"{SCHEMA_REFERENCE}: verouderd" in result.output
    assert "voer 'wijkwijzer generate-docs' uit" in result.output
    # --check never writes.
    assert (ROOT / SCHEMA_REFERENCE).read_text(encoding="utf-8") == before


def test_a_changed_rule_makes_the_rules_reference_stale(project, monkeypatch):
    rule = RULES["WW201"]
    monkeypatch.setitem(RULES, "WW201", Rule(rule.code, rule.severity, rule.title, "Nieuwe uitleg."))
    assert stale_files(project) == [RULES_REFERENCE]


@pytest.fixture
def copied_project(tmp_path) -> Project:
    """The vocabularies and generated files copied to a scratch project, free to change."""
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    (tmp_path / "docs" / "bijdragen").mkdir(parents=True)
    for path in (SCHEMA_REFERENCE, RULES_REFERENCE, CLI_REFERENCE):
        shutil.copy(ROOT / path, tmp_path / path)
    return Project(tmp_path)


def test_a_changed_vocabulary_makes_the_files_stale_until_regenerated(copied_project):
    vocabulary = copied_project.schema_dir / "bouwstenen.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8")
                          + "- id: nieuwe-bouwsteen\n  label: Nieuwe bouwsteen\n", encoding="utf-8")
    assert set(stale_files(copied_project)) == {JSON_SCHEMA, SCHEMA_REFERENCE, EXAMPLE_CASE}
    assert set(write_docs(copied_project)) == {JSON_SCHEMA, SCHEMA_REFERENCE, EXAMPLE_CASE}
    assert stale_files(copied_project) == []
    assert "nieuwe-bouwsteen" in (copied_project.root / SCHEMA_REFERENCE).read_text(encoding="utf-8")


def test_generate_docs_writes_missing_files_and_then_has_nothing_to_do(copied_project, monkeypatch):
    from click.testing import CliRunner

    from site_builder.cli import main

    (copied_project.root / JSON_SCHEMA).unlink()
    monkeypatch.chdir(copied_project.root)
    result = CliRunner().invoke(main, ["generate-docs"])
    assert result.exit_code == 0, result.output
    assert f"Bijgewerkt: {JSON_SCHEMA}" in result.output
    assert (copied_project.root / JSON_SCHEMA).is_file()
    assert CliRunner().invoke(main, ["generate-docs"]).output.strip() == "Alles was al actueel."


# --- The JSON Schema for editors ----------------------------------------------------------

def front_matter_of(path: Path) -> dict:
    source, problems = read_case_source(path, ROOT)
    assert source is not None, problems
    return source.front_matter


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / JSON_SCHEMA).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALID_CASES = sorted([*(ROOT / "cases").glob("*.md"), *(DATA / "passing").glob("*.md"), ROOT / EXAMPLE_CASE])


@pytest.mark.parametrize("path", VALID_CASES, ids=lambda path: path.name)
def test_json_schema_accepts_every_valid_case(validator, path):
    # An editor's YAML support sees a date such as 2018-10-01 as a string with format "date".
    as_json = json.loads(json.dumps(front_matter_of(path), default=lambda value: value.isoformat()))
    assert [error.message for error in validator.iter_errors(as_json)] == []


@pytest.mark.parametrize("name", [
    "ww101-verplicht-veld.md", "ww102-onbekend-veld.md", "ww103-verkeerd-type.md",
    "ww104-lege-lijst.md", "ww108-javascript-url.md", "ww201-onbekende-bouwsteen.md",
    "ww202-onbekende-drager.md", "ww203-onbekende-stap.md", "ww204-onbekende-provincie.md",
    "ww205-onbekende-rol.md",
])
def test_json_schema_rejects_a_broken_case(validator, name):
    assert list(validator.iter_errors(front_matter_of(DATA / "failing" / name)))


def test_json_schema_enums_follow_the_vocabularies(project):
    vocabularies = load_vocabularies(project.schema_dir)
    schema = json.loads((ROOT / JSON_SCHEMA).read_text(encoding="utf-8"))
    tag_record, bare_id = schema["properties"]["bouwstenen"]["items"]["anyOf"]
    assert bare_id["enum"] == vocabularies.building_blocks.ids
    assert tag_record == {"$ref": "#/$defs/BuildingBlockTag"}
    assert schema["$defs"]["BuildingBlockTag"]["properties"]["id"]["enum"] == vocabularies.building_blocks.ids
    assert schema["$defs"]["Party"]["properties"]["rol"]["enum"] == vocabularies.roles.ids
    [provinces, _none] = schema["properties"]["provincie"]["anyOf"]
    provinces = provinces["enum"]
    assert {"Fryslân", "Friesland", "Noord-Brabant"} <= set(provinces)


# --- The reference pages and the example -------------------------------------------------

def test_schema_reference_lists_every_field_and_vocabulary_term(project):
    page = (ROOT / SCHEMA_REFERENCE).read_text(encoding="utf-8")
    for model in records():
        for field in case_fields(model):
            assert f"| `{field.key}` | {'ja' if field.required else 'nee'} |" in page
    vocabularies = load_vocabularies(project.schema_dir)
    for vocabulary in (vocabularies.building_blocks, vocabularies.roles, vocabularies.provinces):
        for entry in vocabulary.entries:
            assert f"`{vocabulary.written_form(entry)}`" in page


def test_rules_reference_has_an_anchor_for_every_code():
    page = (ROOT / RULES_REFERENCE).read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"### {rule.code} {rule.title} {{ #{rule.code.lower()} }}" in page
    assert "| [WW311](#ww311) | waarschuwing | Tekst nog niet geschreven |" in page


def test_example_case_passes_the_check_with_warnings_only(run_cli):
    result = run_cli("check", EXAMPLE_CASE)
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.output
    assert {line.split(" ")[1] for line in result.output.splitlines()[:-1]} == {"WW311"}


def test_example_case_shows_and_explains_every_field():
    front_matter = front_matter_of(ROOT / EXAMPLE_CASE)
    shown = {Case: front_matter, Period: front_matter["periode"],
             Party: front_matter["partijen"][0], Source: front_matter["bronnen"][0],
             BuildingBlockTag: front_matter["bouwstenen"][0], CarrierTag: front_matter["dragers"][0],
             StepTag: front_matter["stappen"][0], Review: front_matter["controle"]}
    assert set(shown) == set(records())
    text = (ROOT / EXAMPLE_CASE).read_text(encoding="utf-8")
    comments = " ".join(line.strip().removeprefix("- ").removeprefix("# ")
                        for line in text.splitlines() if line.strip().removeprefix("- ").startswith("#"))
    for model, values in shown.items():
        assert [field.key for field in case_fields(model)] == list(values)
        for field in case_fields(model):
            assert field.description in comments, f"{model.__name__}.{field.key}"


def test_contributing_guide_is_included_on_the_site_not_copied():
    page = (ROOT / "docs" / "bijdragen" / "index.md").read_text(encoding="utf-8")
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert '--8<-- "CONTRIBUTING.md"' in page
    assert guide.splitlines()[0] not in page


def test_cli_reference_documents_every_command_and_option():
    from site_builder.cli import main

    page = (ROOT / CLI_REFERENCE).read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert f"## wijkwijzer {name}\n" in page, name
        for param in command.params:
            for option in getattr(param, "opts", []):
                if option.startswith("-"):
                    assert f"`{option}`" in page, (name, option)
