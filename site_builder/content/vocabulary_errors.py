"""An invalid term in a vocabulary file, in Dutch and at its line: what `load_vocabularies`
reports when `schema/<kind>.yml` holds a term its model refuses.

Pydantic's own messages are English and its `loc` has no line numbers; the file's YAML
nodes have them. The nodes are composed again only when a term is invalid, so a valid
vocabulary costs nothing extra. Every invalid term of a file is reported in one message,
so an editor fixes the file in one round.
"""

from __future__ import annotations

import yaml
from pydantic import ValidationError

# The error types of `one_line` (vocabulary.py): a plain question or search word.
BLANK = "vocabulary_blank"
MORE_THAN_ONE_LINE = "vocabulary_more_than_one_line"

# What a field holds, in the words of an editor's error message.
_TYPE_NAMES = {bool: "ja/nee", str: "tekst", int: "getal", float: "getal", list: "lijst",
               dict: "velden (veld: waarde)", type(None): "lege waarde"}


def invalid_terms_message(path: object, text: str, problems: list[tuple[int, dict, ValidationError]],
                          loader: type, known_fields: list[str]) -> str:
    """One line per Pydantic error, `path:line:col: ...` in Dutch. `problems` holds each
    invalid term's index in the file's list, the term as read, and its ValidationError."""
    document = yaml.compose(text, Loader=loader)
    lines = []
    for index, item, error in problems:
        node = document.value[index] if isinstance(document, yaml.SequenceNode) else document
        term = f"term '{item['id']}'" if isinstance(item, dict) and isinstance(item.get("id"), str) \
            else f"term {index + 1}"
        for detail in error.errors():
            loc = tuple(detail["loc"])
            line, column = _position(node, loc, at_key=detail["type"] == "extra_forbidden")
            lines.append(f"{path}:{line}:{column}: {term}: {_explain(detail, loc, known_fields)}")
    return "\n".join(lines)


def _explain(detail: dict, loc: tuple, known_fields: list[str]) -> str:
    """Pydantic's error type in a Dutch sentence about the field at `loc`."""
    kind = detail["type"]
    field = _field_name(loc)
    value = detail.get("input")
    if kind == "missing":
        return f"{field} ontbreekt"
    if kind == "extra_forbidden":
        known = ", ".join(f"'{name}'" for name in known_fields)
        return f"onbekend veld '{loc[-1]}'; een term kent de velden {known}"
    if kind in ("string_too_short", BLANK):
        return f"{field} is leeg; schrijf er tekst in of laat het weg"
    if kind == "string_type":
        return f"{field} moet tekst zijn, geen {_type_name(value)}"
    if kind == "list_type":
        return f"{field} moet een lijst zijn, zoals [woord, nog een woord], geen {_type_name(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        where = f"{field} moet" if loc else "een term moet"
        return f"{where} bestaan uit velden (veld: waarde), geen {_type_name(value)}"
    if kind == "string_pattern_mismatch" and loc == ("id",):
        return f"{field} mag alleen kleine letters, cijfers en koppeltekens bevatten (zoals 'lange-adem')"
    if kind == "bool_type" or kind == "bool_parsing":
        return f"{field} moet ja of nee zijn (true of false)"
    if kind == MORE_THAN_ONE_LINE:
        return f"{field} moet op één regel staan"
    return f"{field} heeft een waarde die hier niet kan: {_type_name(value)}"


def _field_name(loc: tuple) -> str:
    """`vraag`, or `zoekwoorden` item 3: the field as the editor wrote it."""
    if not loc:
        return "de term"
    name = f"het veld '{loc[0]}'"
    for part in loc[1:]:
        name += f", item {part + 1}" if isinstance(part, int) else f", veld '{part}'"
    return name


def _type_name(value: object) -> str:
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), "een andere waarde")


def _position(node: yaml.Node, loc: tuple, at_key: bool) -> tuple[int, int]:
    """Line and column (from 1) of the value at `loc` inside a term's node: of its key for
    an unknown field, of the term itself for a missing one."""
    for depth, part in enumerate(loc):
        child = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    child = key if at_key and depth == len(loc) - 1 else value
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1
