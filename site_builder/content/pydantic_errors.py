"""Pydantic's validation errors as located diagnostics, for the validate stage.

Pydantic's `loc` has no line numbers; the YAML nodes the loader kept do. Each error
gets its registered rule code, a Dutch message and hint (`explain_error`, also used by
`wijkwijzer new` for a value typed at its prompt) and the line and column of the YAML
node it is about (`locate_in_front_matter`, also used by the claim checks).
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass

import yaml
from pydantic import BaseModel

from .diagnostics import RULES, Diagnostic
from .loader import CaseSource
from .models import BuildingBlockTag, CarrierTag, Case, Party, Period, Review, Source, StepTag, known_keys
from .vocabulary import KIND_BY_NAME, fold

# Which model describes the mapping at a location, for "unknown key" suggestions.
_NESTED_MODELS: dict[str, type[BaseModel]] = {
    "periode": Period, "partijen": Party, "bronnen": Source,
    "bouwstenen": BuildingBlockTag, "dragers": CarrierTag, "stappen": StepTag,
    "controle": Review,
}

_TYPE_NAMES = {
    str: "tekst", int: "een getal", float: "een getal", bool: "ja/nee", list: "een lijst",
    dict: "velden (veld: waarde)", type(None): "niets", datetime.date: "een datum",
    datetime.datetime: "een datum",
}
_EXPECTED = {
    "string_type": "tekst", "list_type": "een lijst", "dict_type": "velden (veld: waarde)",
    "model_type": "velden (veld: waarde)", "model_attributes_type": "velden (veld: waarde)",
    "int_type": "een jaartal (geheel getal)", "int_parsing": "een jaartal (geheel getal)",
    "int_from_float": "een jaartal (geheel getal)",
}


def diagnostic_for_error(source: CaseSource, error: dict) -> Diagnostic:
    explained = explain_error(error)
    line, col = locate_in_front_matter(source, explained.loc, key=explained.at_key)
    return Diagnostic(source.display_path, line, col, explained.code, explained.message, explained.hint)


@dataclass(frozen=True)
class ExplainedError:
    """A Pydantic error in the checker's terms: code, Dutch message, hint, and where."""

    code: str
    message: str
    hint: str | None
    loc: tuple  # the location to point at; the key itself when `at_key`
    at_key: bool


def explain_error(error: dict) -> ExplainedError:
    """Give one Pydantic error its rule code and Dutch message, without a file position.

    `wijkwijzer new` uses this to validate answers as they are typed, so the
    prompt and the checker always say the same thing.
    """
    kind = error["type"]
    loc = tuple(error["loc"])
    ctx = error.get("ctx") or {}
    field = _describe_location(loc)
    value = error.get("input")
    hint = None

    if kind in RULES:  # our own custom errors carry their code as type
        code, message = kind, error["msg"]
        if "index" in ctx:
            loc = loc + (ctx["index"],)
        if ctx.get("suggestion"):
            hint = f"bedoelde je '{ctx['suggestion']}'?"
        if code.startswith("WW2") and "suggestion" in ctx and not ctx.get("suggestion"):
            kind = next(kind for kind in KIND_BY_NAME.values() if kind.rule_code == code)
            hint = f"zie schema/{kind.kind}.yml"
    elif kind == "missing":
        code, message = "WW101", f"verplicht veld '{loc[-1]}' ontbreekt{_within(loc[:-1])}"
        loc = loc[:-1]
        hint = _missing_hint(loc, str(error["loc"][-1]))
    elif kind == "extra_forbidden":
        code, message = "WW102", f"onbekend veld '{loc[-1]}'{_within(loc[:-1])}"
        suggestion = _closest_key(loc)
        hint = f"bedoelde je '{suggestion}'?" if suggestion else None
    elif value is None or kind in ("string_too_short", "too_short"):
        code = "WW104"
        if kind == "too_short" and isinstance(value, list):
            message = f"{field} moet minstens één waarde hebben"
        else:
            message = f"{field} is leeg"
        hint = "vul het in of laat een optioneel veld weg"
    elif kind in ("string_too_long", "too_long"):
        code = "WW109"
        limit = ctx.get("max_length")
        unit = "waarden" if isinstance(value, list) else "tekens"
        message = f"{field} is te lang" + (f" (maximaal {limit} {unit})" if limit else "")
    else:
        code = "WW103"
        expected = _EXPECTED.get(kind, "een andere vorm")
        found = _TYPE_NAMES.get(type(value), type(value).__name__)
        message = f"{field} moet {expected} zijn, maar is {found}"
    return ExplainedError(code, message, hint, loc, at_key=(kind == "extra_forbidden"))


def _describe_location(loc: tuple) -> str:
    names = [part for part in loc if isinstance(part, str)]
    if not names:
        return "waarde"
    described = f"veld '{names[-1]}'"
    if len(loc) >= 2 and isinstance(loc[-1], int):
        described = f"waarde {loc[-1] + 1} van '{names[-1]}'"
    return described + _within(loc[: loc.index(names[-1])])


def _within(loc: tuple) -> str:
    if len(loc) >= 2 and isinstance(loc[1], int):
        return f" in {loc[0]} nr. {loc[1] + 1}"
    if len(loc) == 1:
        return f" in {loc[0]}"
    return ""


def _model_at(loc: tuple) -> type[BaseModel]:
    return _NESTED_MODELS.get(loc[0], Case) if loc else Case


def _closest_key(loc: tuple) -> str | None:
    model = _model_at(loc[:-1])
    candidates = known_keys(model)
    match = difflib.get_close_matches(fold(str(loc[-1])), candidates, n=1, cutoff=0.6)
    return match[0] if match else None


def _missing_hint(parent: tuple, key: str) -> str | None:
    field = _model_at(parent).model_fields
    for name, info in field.items():
        if (info.alias or name) == key and info.description:
            return info.description[0].lower() + info.description[1:].rstrip(".")
    return None


def locate_in_front_matter(source: CaseSource, loc: tuple, key: bool = False) -> tuple[int, int]:
    """Follow a Pydantic location through the YAML nodes to a file position."""
    node: yaml.Node = source.front_matter_node
    key_node = None
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    key_node, child = k, v
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key_node, child = None, node.value[part]
        if child is None:
            break
        node = child
    target = key_node if key and key_node is not None else node
    return source.locate_mark(target.start_mark)
