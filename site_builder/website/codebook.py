"""The codebook of the open data: what each field that the site adds to a case's front
matter in `cases.json` means (`DERIVED_FIELDS`, shown on the Open data page and in the
CSV's Table Schema), and `data/cases.schema.json`, the JSON Schema of every record.

Read by open_data.py; kept apart so each module has one job (and stays short).
"""

from __future__ import annotations

import copy

from ..content.case_sections import COMPARED_SECTIONS
from ..content.json_schema import case_json_schema
from ..content.models import FIRST_YEAR
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
