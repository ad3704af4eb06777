"""The front matter of a case as JSON Schema (Dutch keys), derived from the models.

Published on the site (`/data/case.schema.json`) and committed as
`schema/case.schema.json` for editors (written by `wijkwijzer generate-docs`).
"""

from __future__ import annotations

from .case_fields import RECORD_NAMES, CaseField, case_fields, records
from .models import FIRST_YEAR, Case, Source
from .vocabulary import TAG_KINDS, Vocabularies, Vocabulary

GENERATED_NOTICE = ("Gegenereerd door `wijkwijzer generate-docs` uit {sources}; "
                    "niet met de hand bewerken.")

# Input forms the models accept that Pydantic's JSON Schema does not show by itself.
EXTRA_INPUT_FORMS: dict[tuple[type, str], dict] = {
    (Source, "pagina"): {"type": "integer"},  # `pagina: 19` means page "19"
}

# What the models check in their validators, said in JSON Schema where it can be.
VALUE_CONSTRAINTS: dict[tuple[type, str], dict] = {
    (Source, "url"): {"pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s]+"},
}

def case_json_schema(vocabularies: Vocabularies) -> dict:
    """The front matter as JSON Schema (Dutch keys), with the vocabularies as enums.

    It accepts every spelling the checker accepts literally (written forms and
    aliases); the checker also forgives other capitals and accents.
    """
    generated = Case.model_json_schema(by_alias=True)
    definitions = generated.pop("$defs", {})
    for model in records():
        node = generated if model is Case else definitions[model.__name__]
        node.pop("description", None)  # the models' docstrings are English, for programmers
        node["title"] = RECORD_NAMES[model]
        for field in case_fields(model):
            _refine_property(node["properties"][field.key], field, vocabularies)
    for kind in TAG_KINDS:
        # A bare id stays valid (older case files); the record form carries the evidence.
        tags = generated["properties"][kind.kind]
        tags["items"] = {"anyOf": [tags["items"], {
            "type": "string", "enum": accepted_spellings(vocabularies.by_kind(kind.kind)),
            "description": "Alleen de id: geldig, maar zonder toelichting en grond (WW110)."}]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": GENERATED_NOTICE.format(sources="site_builder/content/models.py en schema/*.yml"),
        "description": ("Het gegevensblok (de velden tussen de twee regels ---) van een casusbestand cases/<slug>.md. Uitleg per veld: "
                        "docs/bijdragen/schema.md; voorbeeld: schema/voorbeeld-casus.md."),
        **generated,
        "$defs": definitions,
    }


def _refine_property(prop: dict, field: CaseField, vocabularies: Vocabularies) -> None:
    # Descriptions are read now, from the field, so the schema follows the models exactly.
    prop["description"] = field.description
    branches = [branch for branch in prop.get("anyOf", [prop]) if branch.get("type") != "null"]
    values = [branch.get("items", branch) for branch in branches] if field.is_list else branches
    for value in values:
        if field.vocabulary:
            value["enum"] = accepted_spellings(vocabularies.by_kind(field.vocabulary))
        if field.is_year:
            # No maximum: the latest plausible year moves with the calendar.
            value["minimum"] = FIRST_YEAR
        value.update(VALUE_CONSTRAINTS.get((field.model, field.key), {}))
    extra = EXTRA_INPUT_FORMS.get((field.model, field.key))
    if extra:
        prop["anyOf"].insert(len(branches), extra)


def accepted_spellings(vocabulary: Vocabulary) -> list[str]:
    """Each entry as written in a case, followed by the aliases the checker also knows."""
    written = [vocabulary.written_form(entry) for entry in vocabulary.entries]
    aliases = [alias for entry in vocabulary.entries for alias in entry.aliases if alias not in written]
    return written + aliases
