"""The codebook of the open data: what each field that the site adds to a case's front
matter in `cases.json` means (`DERIVED_FIELDS`, shown on the Open data page and in the
CSV's Table Schema), the columns of `cases.csv` (also what the finder's "download deze
selectie" writes), and `data/cases.schema.json`, the JSON Schema of every record.

Read by open_data.py; kept apart so each module has one job (and stays short).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from ..content.case_fields import CaseField, case_fields
from ..content.case_sections import COMPARED_SECTIONS
from ..content.json_schema import case_json_schema
from ..content.models import Case
from ..content.value_types import FIRST_YEAR
from ..content.wording import period_text
from ..derive.quality import LEVELS
from . import urls

DATA_DESCRIPTION = ("Praktijkvoorbeelden van de wijkaanpak in Nederland: per casus plaats, periode, partijen, "
                    "bouwstenen, dragers, stappen, lessen en de bronnen waar de feiten uit komen.")

# Fields that site_data.case_as_data adds to the front matter, in CSV column order
# after the front matter (the slug goes first, as the key of a row).
DERIVED_FIELDS: dict[str, str] = {
    "slug": "Bestandsnaam van de casus zonder `.md`; uniek, en het laatste deel van het webadres.",
    "url": "Adres van de casuspagina ten opzichte van het adres van de site, bijvoorbeeld "
           f"`{urls.case_url('selwerd-groningen')}`.",
    "bestand": "Pad van het casusbestand in de repository, bijvoorbeeld `cases/selwerd-groningen.md`.",
    "provincie_id": "Id van de provincie uit `schema/provincies.yml`: kleine letters, zonder accenten; "
                    "leeg bij een landelijke casus.",
    "plaats": "Waar, in een paar woorden, zoals de site het toont: gemeente en provincie, of 'Landelijk' "
              "of 'Regio'.",
    "periode_tekst": f"De periode zoals de site hem toont, bijvoorbeeld '{period_text(2012, 2016)}', "
                     f"'{period_text(2012, None, 2024, 2018)}' of '{period_text(None)}'; zonder bekend "
                     "einde met het jaar dat de informatie beschrijft.",
    "stand": "Het jaar dat de informatie beschrijft: `periode.stand` als de casus dat noemt, anders het "
             "jaar van de nieuwste bron met een jaartal; leeg als geen bron een jaartal heeft.",
    "actief": "De jaren waarin de bronnen de aanpak actief laten zien, beide meegeteld, als `[van, tot]`: "
              "van `periode.start` tot `periode.eind`, of anders tot het jaar bij `stand` (nooit vóór het "
              "beginjaar); leeg zonder beginjaar. Hierop filtert de zoekhulp 'actief in jaar' en hieruit "
              "tekent de site de tijdlijn.",
    "secties": "De tekst (Markdown) van de secties die de pagina 'Casussen vergelijken' naast elkaar zet: "
               + ", ".join(f"`{section.key}` ('{section.title}')" for section in COMPARED_SECTIONS)
               + "; leeg waar de casus de sectie niet heeft. Elke sectie steunt op de bronnen die ze noemt "
                 "(`[bron 2]`).",
    "lessen": "De lessen uit de sectie 'Lessen' van de tekst, één per opsommingsteken (Markdown).",
    "kwaliteit": "Kwaliteitsniveau, berekend uit wat de casus bevat: "
                 + ", ".join(f"`{level.id}`" for level in LEVELS) + " (van laag naar hoog).",
    "controlestatus": "Controlestatus, een id uit `schema/controle.yml`: de status bij `controle`, of de eerste "
                      "status van die lijst (`concept`) voor een casus zonder controle. Hierop filtert de zoekhulp.",
    "gewijzigd_na_controle": "`true` als het casusbestand volgens de git-geschiedenis na de datum van de laatste "
                             "controle nog gewijzigd is (de pagina zegt dan 'gewijzigd na de laatste controle'), "
                             "anders `false`.",
    "laatst_gewijzigd": "Datum van de laatste wijziging van het casusbestand (JJJJ-MM-DD), uit de "
                        "git-geschiedenis; leeg als die onbekend is.",
}


# Derived fields that are lists: one cell, as the front matter's lists (never Python's repr).
LIST_DERIVED_FIELDS = frozenset({"lessen"})

# Derived fields that can be empty: no git history, no dated source, a national case.
OPTIONAL_DERIVED_FIELDS = frozenset({"laatst_gewijzigd", "stand", "provincie_id"})


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _derived_schemas(vocabularies) -> dict[str, dict]:
    """The JSON Schema of each derived field of a cases.json record."""
    year = {"type": "integer", "minimum": FIRST_YEAR}
    return {
        "slug": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "url": {"type": "string"},
        "bestand": {"type": "string"},
        "provincie_id": _nullable({"type": "string", "enum": [entry.id for entry in
                                                              vocabularies.by_kind(urls.PROVINCES).entries]}),
        "plaats": {"type": "string"},
        "periode_tekst": {"type": "string"},
        "stand": _nullable(year),
        "actief": _nullable({"type": "array", "prefixItems": [year, year], "minItems": 2, "maxItems": 2}),
        "secties": {"type": "object", "additionalProperties": False,
                    "properties": {section.key: _nullable({"type": "string"}) for section in COMPARED_SECTIONS}},
        "lessen": {"type": "array", "items": {"type": "string"}},
        "kwaliteit": {"type": "string", "enum": [level.id for level in LEVELS]},
        "laatst_gewijzigd": _nullable({"type": "string", "format": "date"}),
        "controlestatus": {"type": "string", "enum": [entry.id for entry in vocabularies.review_statuses.entries]},
        "gewijzigd_na_controle": {"type": "boolean"},
    }


def records_json_schema(vocabularies) -> dict:
    """data/cases.schema.json: cases.json as JSON Schema, a list of records, each the case's
    front matter as published (tags and sources with every key, null where the case is
    silent) plus the derived fields of the codebook."""
    front_matter = copy.deepcopy(case_json_schema(vocabularies))
    definitions = front_matter.pop("$defs")
    for key in ("$schema", "$comment", "description"):
        front_matter.pop(key, None)
    record = dict(front_matter)
    record["title"] = "Casus in cases.json"
    record["properties"] = dict(front_matter["properties"])
    schemas = _derived_schemas(vocabularies)
    if set(schemas) != set(DERIVED_FIELDS):
        raise ValueError("open_data.py: _derived_schemas en DERIVED_FIELDS noemen niet dezelfde velden: "
                         + ", ".join(sorted(set(schemas) ^ set(DERIVED_FIELDS))))
    for key, schema in schemas.items():
        record["properties"][key] = {**schema, "description": " ".join(DERIVED_FIELDS[key].split())}
    record["required"] = sorted(set(front_matter.get("required", [])) | set(DERIVED_FIELDS))
    record["additionalProperties"] = False
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": "Gegenereerd door wijkwijzer bij de bouw van de site; niet met de hand bewerken.",
        "title": "cases.json",
        "description": DATA_DESCRIPTION + " Eén object per casus; uitleg per veld in het codeboek op de "
                       "pagina Open data.",
        "type": "array",
        "items": {"$ref": "#/$defs/CasusRecord"},
        "$defs": {**definitions, "CasusRecord": record},
    }


LIST_SEPARATOR = "; "
@dataclass(frozen=True)
class Column:
    """One column of cases.csv: where its value sits in cases.json and what it means."""

    name: str
    json_path: str  # e.g. "bronnen[].titel"
    required: bool
    kind: str  # Dutch, e.g. "lijst van ids uit schema/bouwstenen.yml"
    description: str
    value: Callable[[dict], str]
    table_type: str = "string"  # the Frictionless Table Schema type of the CSV cell


def _table_type(field: CaseField, as_list: bool | None = None) -> str:
    """A list is one text cell; a single year is an integer."""
    as_list = field.is_list if as_list is None else as_list
    return "integer" if field.is_year and not as_list else "string"


def _escape(value: object) -> str:
    """A list item as CSV text: a backslash or semicolon inside it gets a backslash."""
    return str(value).replace("\\", "\\\\").replace(";", "\\;")


def _scalar(value: object) -> str:
    """A single value as its cell: empty for null, a truth value as JSON spells it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _joined(values: list) -> str:
    return LIST_SEPARATOR.join(_escape("" if v is None else v) for v in values)


def _kind(field: CaseField, as_list: bool | None = None) -> str:
    """What a value is, in Dutch: 'tekst', 'jaartal', 'lijst van ids uit schema/x.yml'."""
    as_list = field.is_list if as_list is None else as_list
    if field.vocabulary:
        one, many = ("naam", "namen") if field.vocabulary == "provincies" else ("id", "ids")
        source = f" uit `schema/{field.vocabulary}.yml`"
    elif field.is_date:
        (one, many), source = ("datum (JJJJ-MM-DD)", "datums (JJJJ-MM-DD)"), ""
    else:
        (one, many), source = (("jaartal", "jaartallen") if field.is_year else ("tekst", "teksten")), ""
    return f"lijst van {many}{source}" if as_list else f"{one}{source}"


def csv_columns() -> list[Column]:
    """Every CSV column, from the models' fields and DERIVED_FIELDS, in file order."""
    columns = [Column("slug", "slug", True, "tekst", DERIVED_FIELDS["slug"], lambda d: d["slug"])]
    for field in case_fields(Case):
        key = field.key
        if field.record is None:
            if field.is_list:
                value = (lambda key: lambda d: _joined(d.get(key, [])))(key)
            else:
                value = (lambda key: lambda d: "" if d.get(key) is None else str(d[key]))(key)
            columns.append(Column(key, key, field.required, _kind(field), field.description, value,
                                  _table_type(field)))
            continue
        for sub in case_fields(field.record):
            name = f"{key}_{sub.key}"
            if field.is_list:
                value = (lambda key, sub_key: lambda d: _joined(
                    [item.get(sub_key) for item in d.get(key, [])]))(key, sub.key)
                first = f"{key}_{case_fields(field.record)[0].key}"
                description = f"{sub.description} Eén waarde per item van `{key}`"
                description += "." if name == first else f", in dezelfde volgorde als `{first}`."
                if not sub.required:
                    description += " Leeg als het item er geen heeft."
                columns.append(Column(name, f"{key}[].{sub.key}", field.required and sub.required,
                                      _kind(sub, as_list=True), description, value))
            else:
                value = (lambda key, sub_key: lambda d: "" if (d.get(key) or {}).get(sub_key) is None
                         else str(d[key][sub_key]))(key, sub.key)
                columns.append(Column(name, f"{key}.{sub.key}", field.required and sub.required,
                                      _kind(sub), f"{sub.description} Deel van `{key}`: {field.description}",
                                      value, _table_type(sub)))
    for key, description in DERIVED_FIELDS.items():
        if key in DERIVED_COLUMNS:
            columns += DERIVED_COLUMNS[key]()
        elif key in LIST_DERIVED_FIELDS:
            columns.append(Column(key, key, False, "lijst van teksten (Markdown)", description,
                                  (lambda key: lambda d: _joined(d.get(key) or []))(key)))
        elif key != "slug":
            dated, year = key == "laatst_gewijzigd", key == "stand"
            columns.append(Column(key, key, key not in OPTIONAL_DERIVED_FIELDS,
                                  "datum" if dated else "jaartal" if year else "tekst", description,
                                  (lambda key: lambda d: _scalar(d.get(key)))(key),
                                  "date" if dated else "integer" if year else "string"))
    return columns


def _active_columns() -> list[Column]:
    """`actief` as two year columns: the first and the last year."""
    return [Column(f"actief_{end}", f"actief[{index}]", False, "jaartal",
                   f"{'Eerste' if index == 0 else 'Laatste'} jaar van `actief`: {DERIVED_FIELDS['actief']}",
                   (lambda index: lambda d: "" if d.get("actief") is None else str(d["actief"][index]))(index),
                   "integer")
            for index, end in enumerate(("van", "tot"))]


def _section_columns() -> list[Column]:
    """`secties` as one text column per section."""
    return [Column(f"secties_{section.key}", f"secties.{section.key}", False, "tekst (Markdown)",
                   f"De tekst van de sectie '{section.title}'; leeg als de casus die niet heeft. "
                   "Deel van `secties`.",
                   (lambda key: lambda d: (d.get("secties") or {}).get(key) or "")(section.key))
            for section in COMPARED_SECTIONS]


# Derived fields that are more than one CSV column.
DERIVED_COLUMNS: dict[str, Callable[[], list[Column]]] = {"actief": _active_columns, "secties": _section_columns}


# A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def inert_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading apostrophe where it could start a formula.

    The apostrophe itself is on the list, so reading back is always "drop one leading '".
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_format() -> dict:
    """How cases.csv writes a list in a cell and keeps a cell inert, for the finder's
    "download deze selectie" (assets/vind.js), which writes the same CSV in the browser."""
    return {"separator": LIST_SEPARATOR, "formula_starts": list(FORMULA_STARTS)}
