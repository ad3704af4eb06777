"""YAML syntax errors (WW008) are explained in Dutch, at PyYAML's own line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from site_builder.content import loader
from site_builder.content.catalog import load_catalog
from site_builder.content.front_matter_yaml import explain_syntax_error

from .conftest import DATA


@pytest.fixture(params=["libyaml", "python-parser"])
def yaml_parser(request, monkeypatch):
    """PyYAML words its problems differently in its C parser (libyaml) and its Python one."""
    if request.param == "python-parser":
        monkeypatch.setattr(loader, "SafeLoader", yaml.SafeLoader)
    return request.param


def check_front_matter(project, tmp_path: Path, front_matter: str):
    case = tmp_path / "kapot.md"
    case.write_text(f"---\n{front_matter}---\n## Aanleiding\n\nTekst.\n", encoding="utf-8")
    [found] = load_catalog(project, [case]).diagnostics
    return found


# front matter, (line, column) in the file, what the message says, what the hint says
SYNTAX_ERRORS = [
    ("titel: Test\nwijk: Oost: centrum\n", (3, 11), "een dubbele punt op een plek waar", "tussen aanhalingstekens"),
    ("titel: Test\n\twijk: Oost\n", (3, 1), "een tab in de inspringing", "vervang de tab door spaties"),
    ('titel: "Test\nwijk: Oost\n', (4, 1), "wordt niet afgesloten; het aanhalingsteken staat op regel 2, kolom 8",
     "hetzelfde teken"),
    ("titel: 'Test\nwijk: Oost\n", (4, 1), "wordt niet afgesloten; het aanhalingsteken staat op regel 2, kolom 8",
     "schrijf je als ''"),
    ("titel: Test\nwijk\nprovincie: Limburg\n", (4, 1), "een regel zonder dubbele punt", "veld: waarde"),
    ("bronnen:\n  - titel: Een bron\n   pagina: 3\n", (4, 4), "de inspringing klopt niet", "'- '"),
    ("bouwstenen: [lange-adem, vertrouwen\nwijk: Oost\n", (3, 5),
     "een lijst tussen [ en ] die niet goed wordt afgesloten; de lijst begint op regel 2, kolom 13", "]"),
    ("bouwstenen: {id: lange-adem\nwijk: Oost\n", (3, 5),
     "velden tussen { en } die niet goed worden afgesloten; de { staat op regel 2, kolom 13", "}"),
    ("titel: @wijk\n", (2, 8), "een waarde die begint met '@'", "tussen aanhalingstekens"),
    ('titel: "Oost" centrum\n', (2, 15), "hier verwacht YAML een nieuw veld", "tussen aanhalingstekens"),
    # No mark at all: PyYAML's reader gives the character's index.
    ("titel: Test\nwijk: Oo\x00st\n", (3, 9), "een onzichtbaar stuurteken", "platte tekst"),
]


@pytest.mark.parametrize("front_matter, position, message, hint", SYNTAX_ERRORS)
def test_syntax_errors_are_explained_in_dutch_at_pyyamls_mark(project, tmp_path, yaml_parser,
                                                               front_matter, position, message, hint):
    found = check_front_matter(project, tmp_path, front_matter)
    assert (found.code, found.line, found.col) == ("WW008", *position)
    assert found.message.startswith("YAML-fout: ") and message in found.message, found.message
    assert hint in found.hint


def test_the_golden_file_says_in_dutch_what_is_wrong(project):
    [found] = load_catalog(project, [DATA / "failing" / "ww008-yaml-fout.md"]).diagnostics
    assert found.as_text().startswith("tests/data/failing/ww008-yaml-fout.md:4:15: WW008 YAML-fout: een dubbele punt")
    assert "mapping values" not in found.as_text()


def test_an_unknown_problem_still_gets_a_dutch_lead_sentence():
    error = yaml.MarkedYAMLError(problem="found a problem nobody has seen yet")
    explained = explain_syntax_error(error, "", lambda mark: (1, 1))
    assert explained.message.startswith("YAML-fout: het gegevensblok is hier geen geldige YAML")
    assert "nobody has seen yet" in explained.message  # PyYAML's words, for whoever reports it
    assert explained.hint


@pytest.mark.parametrize("front_matter, position, message", [
    ("titel: Test\ngeraadpleegd: 2026-02-30\n", (3, 15), "'2026-02-30' is geen bestaande datum"),
    ("titel: Test\nstart: 1" + "0" * 5_000 + "\n", (3, 8), "heeft te veel cijfers"),
])
def test_values_python_cannot_build_are_said_in_dutch_where_they_stand(project, tmp_path, front_matter,
                                                                       position, message):
    found = check_front_matter(project, tmp_path, front_matter)
    assert (found.code, found.line, found.col) == ("WW008", *position)
    assert message in found.message
    assert "out of range" not in found.message and "Exceeds" not in found.message
