"""Generated documentation: the case format and the check rules describe themselves.

Runs on `wijkwijzer generate-docs` (and, with `--check`, in CI and the tests).
From the field descriptions in `models.py`, the vocabularies in `schema/*.yml`
and the rule registry in `diagnostics.py` it writes four committed files:

- `schema/case.schema.json`: JSON Schema of the front matter, for editors;
- `docs/bijdragen/schema.md`: the Dutch reference of every field and vocabulary;
- `docs/bijdragen/regels.md`: every rule code, each with an anchor (`#ww201`);
- `schema/voorbeeld-casus.md`: a commented example case that passes the check.

Nothing here is written by hand twice: change a description or a vocabulary
and regenerate; the freshness check names every file that is out of date.
"""

from __future__ import annotations

import json

import click
from pathlib import Path

from ..content.catalog import EXAMPLE_CASE_NAME
from ..content.case_fields import RECORD_NAMES, CaseField, case_fields, records
from ..content.diagnostics import RULES, Severity
from ..content.json_schema import GENERATED_NOTICE, case_json_schema
from ..content.models import Case
from ..content.case_sections import KNOWN_SECTIONS
from ..content.validate import PLACEHOLDER_MARKER
from ..content.vocabulary import Vocabularies, Vocabulary, VocabularyEntry, load_vocabularies
from ..project import Project
from .cli_reference import CLI_REFERENCE, cli_reference
from .scaffold import building_block_labels, normalised, render_body, render_case_file

JSON_SCHEMA = "schema/case.schema.json"
SCHEMA_REFERENCE = "docs/bijdragen/schema.md"
RULES_REFERENCE = "docs/bijdragen/regels.md"
EXAMPLE_CASE = f"schema/{EXAMPLE_CASE_NAME}"

SEVERITY_NAMES = {Severity.ERROR: "fout", Severity.WARNING: "waarschuwing"}
# The registry numbers rules by series (see diagnostics.RULES); the reference groups them so.
RULE_SERIES = {"WW0": "Het bestand", "WW1": "De velden", "WW2": "De woordenlijsten", "WW3": "De tekst"}



def generate_docs(vocabularies: Vocabularies, cli: click.Command) -> dict[str, str]:
    """Every generated file, by its path relative to the project root. `cli`: the command
    line to document (the CLI hands itself in, so this module never imports it)."""
    return {
        JSON_SCHEMA: json_schema_text(vocabularies),
        SCHEMA_REFERENCE: schema_reference(vocabularies),
        RULES_REFERENCE: rules_reference(),
        EXAMPLE_CASE: example_case(vocabularies),
        CLI_REFERENCE: cli_reference(cli),
    }


def json_schema_text(vocabularies: Vocabularies) -> str:
    return json.dumps(case_json_schema(vocabularies), ensure_ascii=False, indent=2) + "\n"


def stale_files(project: Project, cli: click.Command) -> list[str]:
    """The generated files whose committed text differs from a fresh generation."""
    fresh = generate_docs(load_vocabularies(project.schema_dir), cli)
    return [path for path, text in fresh.items() if _read(project.root / path) != text]


def write_docs(project: Project, cli: click.Command) -> list[str]:
    """Regenerate every file; return the ones whose text changed."""
    written = []
    for path, text in generate_docs(load_vocabularies(project.schema_dir), cli).items():
        target = project.root / path
        if _read(target) != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    return written


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


# --- The schema reference (docs/bijdragen/schema.md) -----------------------------------

def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _type_text(field: CaseField, prop: dict) -> str:
    if field.record is not None:
        name = RECORD_NAMES[field.record]
        link = f"[{name}](#{name.lower()})"
        return f"lijst van {link}" if field.is_list else link
    if field.vocabulary:
        link = f"[{field.vocabulary}](#{field.vocabulary})"
        return f"lijst van termen uit {link}" if field.is_list else f"term uit {link}"
    branches = [branch for branch in prop.get("anyOf", [prop]) if branch.get("type") != "null"]
    kinds = []
    for branch in branches:
        value = branch.get("items", branch)
        if value.get("type") == "integer":
            kinds.append("jaartal" if field.is_year else "geheel getal")
        else:
            limit = value.get("maxLength", prop.get("maxLength"))
            kinds.append("tekst" + (f" (max. {limit} tekens)" if limit else ""))
    text = " of ".join(kinds)
    return f"lijst van {text}" if field.is_list else text


def schema_reference(vocabularies: Vocabularies) -> str:
    json_schema = case_json_schema(vocabularies)
    lines = [
        "---\nedit_path: site_builder/content/models.py\n---",
        f"<!-- {GENERATED_NOTICE.format(sources='site_builder/content/models.py en schema/*.yml')} -->",
        "",
        "# Het casusformaat",
        "",
        "Een casus is één bestand `cases/<slug>.md`. De bestandsnaam (de *slug*) bestaat uit kleine "
        "letters, cijfers en koppeltekens en wordt het webadres van de casus. Het bestand begint met "
        "het *gegevensblok*: de velden tussen twee regels `---`, in YAML; daaronder staat de beschrijving "
        "in Markdown.",
        "",
        "Een volledig ingevuld voorbeeld met uitleg bij elk veld staat in `schema/voorbeeld-casus.md`. "
        "Editors die JSON Schema kennen, kunnen de gegevens controleren met `schema/case.schema.json`. "
        "Wat `wijkwijzer check` bij elke foutcode bedoelt, staat in de [controleregels](regels.md).",
    ]
    for model in records():
        name = RECORD_NAMES[model]
        node = json_schema if model is Case else json_schema["$defs"][model.__name__]
        lines += ["", f"## {name}", ""]
        if model is not Case:
            holders = [f"`{f.key}`" for m in records() for f in case_fields(m) if f.record is model]
            lines += [f"De velden binnen {', '.join(holders)}.", ""]
        lines += ["| Veld | Verplicht | Type | Beschrijving |", "| --- | --- | --- | --- |"]
        for field in case_fields(model):
            lines.append(f"| `{field.key}` | {'ja' if field.required else 'nee'} | "
                         f"{_type_text(field, node['properties'][field.key])} | {_cell(field.description)} |")
    lines += [
        "",
        "## De tekst",
        "",
        "Onder het gegevensblok beschrijft de casus in eigen woorden wat er gebeurde, in deze secties "
        "en deze volgorde, elk als kop `## Titel` (precies zo gespeld). `wijkwijzer check` raadt de "
        "aanbevolen secties aan; een sectie *alleen uit een bron* schrijf je alleen als een bron er "
        "iets over zegt, met een verwijzing als `[bron 2, p. 4]` (anders laat je hem weg).",
        "",
        "| Sectie | Wanneer | Wat erin staat |",
        "| --- | --- | --- |",
        *(f"| {section.title} | "
          f"{'aanbevolen' if section.recommended else 'alleen uit een bron' if section.needs_citation else 'optioneel'}"
          f" | {_cell(section.purpose[:1].upper() + section.purpose[1:])} |" for section in KNOWN_SECTIONS),
        "",
        "De secties die alleen uit een bron komen, toont de pagina *Casussen vergelijken* naast elkaar.",
        "",
        f"Een regel met `{PLACEHOLDER_MARKER}` is voorbeeldtekst van `wijkwijzer new`; zolang die er "
        "staat, geeft de controle een waarschuwing.",
        "",
        "## Woordenlijsten",
        "",
        "Bouwstenen, dragers, stappen, provincies en rollen komen uit vaste lijsten in `schema/`. "
        "Hoofdletters en accenten maken bij het controleren niet uit. Een term toevoegen is een "
        "wijziging in het YAML-bestand, geen codewijziging.",
        "",
        "### Velden van een term",
        "",
        "Elke term in zo'n lijst heeft deze velden. Een term met een fout (een leeg of ontbrekend "
        "veld dat nodig is, een lijst waar tekst hoort, een onbekend veld) stopt de controle met een "
        "melding in de vorm `schema/bouwstenen.yml:12:10: term 'lange-adem': ...`, voor elke fout "
        "in het bestand.",
        "",
        "| Veld | Verplicht | Beschrijving |",
        "| --- | --- | --- |",
        *(f"| `{field.alias or name}` | {'ja' if field.is_required() else 'nee'} | {_cell(field.description or '')} |"
          for name, field in VocabularyEntry.model_fields.items()),
    ]
    for vocabulary in (vocabularies.building_blocks, vocabularies.carriers, vocabularies.steps,
                       vocabularies.provinces, vocabularies.roles):
        lines += ["", f"### {vocabulary.kind.capitalize()}", "", f"Uit `schema/{vocabulary.kind}.yml`.", ""]
        lines += _vocabulary_table(vocabulary)
    return "\n".join(lines) + "\n"


def _vocabulary_table(vocabulary: Vocabulary) -> list[str]:
    entries = vocabulary.entries
    columns = [("In de casus", lambda e: f"`{vocabulary.written_form(e)}`")]
    if any(vocabulary.written_form(e) != e.label for e in entries):
        columns.append(("Naam", lambda e: _cell(e.label)))
    if any(e.aliases for e in entries):
        columns.append(("Ook herkend", lambda e: ", ".join(f"`{alias}`" for alias in e.aliases)))
    if any(e.question for e in entries):
        columns.append(("Vraag", lambda e: _cell(e.question or "")))
    # The search words stay in the YAML and on the term's page: here they would make this
    # contributor page a site-search result for the words readers use.
    if any(e.description for e in entries):
        columns.append(("Beschrijving", lambda e: _cell(e.description or "")))
    rows = ["| " + " | ".join(title for title, _ in columns) + " |",
            "| " + " | ".join("---" for _ in columns) + " |"]
    rows += ["| " + " | ".join(cell(entry) for _, cell in columns) + " |" for entry in entries]
    return rows


# --- The rules reference (docs/bijdragen/regels.md) ------------------------------------

def rules_reference() -> str:
    lines = [
        "---\nedit_path: site_builder/content/diagnostics.py\n---",
        f"<!-- {GENERATED_NOTICE.format(sources='site_builder/content/diagnostics.py')} -->",
        "",
        "# Controleregels",
        "",
        "`wijkwijzer check` meldt elk probleem als `pad:regel:kolom: CODE melding`, met waar het kan "
        "een tip tussen haakjes. Een **fout** laat de controle falen, en daarmee ook de controle van "
        "een pull request. Een **waarschuwing** wijst op iets dat beter kan; die laat de controle "
        "alleen falen met `wijkwijzer check --strict`. De codes veranderen nooit.",
        "",
        "| Code | Soort | Titel |",
        "| --- | --- | --- |",
        *(f"| [{rule.code}](#{rule.code.lower()}) | {SEVERITY_NAMES[rule.severity]} | {_cell(rule.title)} |"
          for rule in RULES.values()),
    ]
    series = None
    for rule in RULES.values():
        if rule.code[:3] != series:
            series = rule.code[:3]
            lines += ["", f"## {RULE_SERIES.get(series, 'Overige regels')}"]
        lines += ["", f"### {rule.code} {rule.title} {{ #{rule.code.lower()} }}", "",
                  f"**Soort:** {SEVERITY_NAMES[rule.severity]}", "", rule.explanation]
    return "\n".join(lines) + "\n"


# --- The example case (schema/voorbeeld-casus.md) --------------------------------------

EXAMPLE_HEADER = (
    "Voorbeeldcasus van wijkwijzer. Kopieer dit bestand naar cases/<naam-van-de-casus>.md,",
    "vervang de voorbeeldwaarden en schrijf onder de tweede regel '---' de tekst in eigen woorden.",
    "Velden met 'Optioneel' mag je weglaten. Regels die met # beginnen zijn uitleg; ze mogen",
    "blijven staan of weg.",
    "",
    "Dit bestand wordt gegenereerd door 'wijkwijzer generate-docs' uit site_builder/content/models.py",
    "en schema/*.yml.",
    "",
)


def example_front_matter(vocabularies: Vocabularies) -> dict:
    """Placeholder values for every field; vocabulary fields take the first terms of their lists."""

    def first(vocabulary: Vocabulary, count: int = 1) -> list[str]:
        return [vocabulary.written_form(entry) for entry in vocabulary.entries[:count]]

    return normalised({
        "titel": "Naam van de casus",
        "soort": "praktijkvoorbeeld",
        "schaal": "wijk",
        "gemeente": "Naam van de gemeente",
        "wijk": "Naam van de wijk",
        "provincie": first(vocabularies.provinces)[0],
        "periode": {"start": 2015, "eind": 2020, "gepland_eind": 2025, "stand": 2021},
        "samenvatting": "Een tot drie zinnen over wat er in deze wijk gebeurde en wat anderen ervan "
                        "kunnen leren.",
        "bouwstenen": [
            {"id": first(vocabularies.building_blocks)[0], "grond": "bron", "bron": 1, "pagina": "12",
             "toelichting": "In eigen woorden: wat deed deze casus dat deze bouwsteen laat zien? "
                            "De bron noemt de casus hier zelf als voorbeeld van."},
            {"id": first(vocabularies.building_blocks, 2)[1], "grond": "duiding",
             "toelichting": "Hoe de casus deze bouwsteen laat zien, volgens de redactie."},
        ],
        "dragers": [{"id": first(vocabularies.carriers)[0], "grond": "bron", "bron": 1, "pagina": "13",
                     "toelichting": "Hoe de casus deze drager laat zien."}],
        # A reading of the editors may still name the source of the facts it rests on.
        "stappen": [{"id": first(vocabularies.steps)[0], "grond": "duiding", "bron": 1, "pagina": "14",
                     "toelichting": "Hoe de casus deze stap laat zien, volgens de redactie."}],
        "themas": ["trefwoord"],
        "partijen": [{"naam": "Naam van de partij", "rol": first(vocabularies.roles)[0]}],
        "bronnen": [{"titel": "Titel van de publicatie", "auteurs": "V. Achternaam, V. Achternaam",
                     "uitgever": "Naam van de uitgever", "jaar": 2018, "pagina": "12-14",
                     "url": "https://example.org/publicatie", "datum": "2018-10-01",
                     "geraadpleegd": "2026-01-15"}],
        # The redaction fills this in when it reviews the case; a contributor leaves the first status.
        "controle": {"status": first(vocabularies.review_statuses)[0], "door": "Redactie",
                     "datum": "2026-01-15"},
    }, vocabularies)


def example_case(vocabularies: Vocabularies) -> str:
    front_matter = example_front_matter(vocabularies)
    body = render_body(building_block_labels(front_matter, vocabularies))
    return render_case_file(front_matter, body, vocabularies, comments=True, header=EXAMPLE_HEADER)
