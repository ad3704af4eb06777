"""Each front-matter field of the case format, read from the Pydantic models.

The schema reference, the JSON Schema for editors, the commented example case
and `wijkwijzer new` all describe the same fields. They read them here, at call
time, from the models in `models.py`: the description on the field, whether it
is required, whether it holds a list or a nested record, and which vocabulary
its values come from. Nothing about a field is written down twice.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models import (
    BuildingBlockId,
    BuildingBlockTag,
    CarrierId,
    CarrierTag,
    Case,
    Party,
    Period,
    ProvinceName,
    Review,
    ReviewStatusId,
    RoleId,
    Source,
    StepId,
    StepTag,
    Year,
)

# The models' vocabulary-checked types, and the vocabulary (schema/<kind>.yml) each one reads.
VOCABULARY_TYPES = {
    BuildingBlockId: "bouwstenen",
    CarrierId: "dragers",
    StepId: "stappen",
    ProvinceName: "provincies",
    RoleId: "rollen",
    ReviewStatusId: "controle",
}

# Dutch names of the models, as the reference and the JSON Schema show them.
RECORD_NAMES: dict[type[BaseModel], str] = {
    Case: "Casus", Period: "Periode", Party: "Partij", Source: "Bron",
    BuildingBlockTag: "Bouwsteen", CarrierTag: "Drager", StepTag: "Stap", Review: "Controle",
}


@dataclass(frozen=True)
class CaseField:
    """One key of the front matter (or of a nested record) as the docs describe it."""

    model: type[BaseModel]
    name: str  # the attribute, e.g. "building_blocks"
    key: str  # what contributors write, e.g. "bouwstenen"
    required: bool
    description: str
    is_list: bool
    vocabulary: str | None  # vocabulary kind, e.g. "bouwstenen", or None for free values
    is_year: bool
    record: type[BaseModel] | None  # the nested model for `periode`, `partijen`, `bronnen`
    is_date: bool = False  # a date written as JJJJ-MM-DD (`datum`, `geraadpleegd`)


def case_fields(model: type[BaseModel] = Case) -> list[CaseField]:
    """The fields of one model, in the order contributors write them (a tag's `id` first)."""
    fields = [_describe(model, name, info) for name, info in model.model_fields.items()]
    return sorted(fields, key=lambda field: field.key != "id")


def records() -> list[type[BaseModel]]:
    """The case model and every record nested in it, outermost first."""
    found = [Case]
    for model in found:
        found.extend(field.record for field in case_fields(model)
                     if field.record is not None and field.record not in found)
    return found


def _describe(model: type[BaseModel], name: str, info: FieldInfo) -> CaseField:
    annotation = _without_none(info.annotation)
    is_list = typing.get_origin(annotation) is list
    value_type = typing.get_args(annotation)[0] if is_list else annotation
    if typing.get_origin(value_type) is typing.Annotated:
        value_type = typing.get_args(value_type)[0]
    record = value_type if isinstance(value_type, type) and issubclass(value_type, BaseModel) else None
    if not info.description:
        raise ValueError(f"{model.__name__}.{name} has no description; the docs are generated from it")
    return CaseField(model, name, info.alias or name, info.is_required(), info.description,
                     is_list, _vocabulary_of(info), _uses(info, Year), record, value_type is datetime.date)


def _without_none(annotation):
    """`X | None` -> `X`: whether a field may be left out is told by `required`."""
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return annotation


def _vocabulary_of(info: FieldInfo) -> str | None:
    return next((kind for named_type, kind in VOCABULARY_TYPES.items() if _uses(info, named_type)), None)


def _uses(info: FieldInfo, named_type) -> bool:
    """Whether a field's values are of one of the models' named types, e.g. `Year`.

    Pydantic flattens `Annotated` into the field's metadata, so look for the
    named type's own validator, by identity, anywhere in the field.
    """
    validator = typing.get_args(named_type)[-1]
    return any(item is validator for item in (*info.metadata, *_metadata(info.annotation)))


def _metadata(annotation) -> Iterator[object]:
    """Every piece of `Annotated` metadata anywhere inside an annotation."""
    if typing.get_origin(annotation) is typing.Annotated:
        yield from annotation.__metadata__
    for arg in typing.get_args(annotation):
        yield from _metadata(arg)
