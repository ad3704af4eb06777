"""Attribute-list syntax in case text, wherever a line may hold it.

Part of the validate stage. Case text is read in the case dialect, which has no
attribute lists; the site's own dialect has (`attr_list`), and it reads one in many
places: at the end of a paragraph, heading, list item or table cell, and right
after an inline element anywhere in a line (`[a](https://x){: #ww-finder }`,
`*nadruk*{.klasse}`). A bare word counts too: `{autofocus}` sets that attribute.
So `check` reports every brace group that attr_list could take for a list, at any
place in a line, in the body and in the explanations of a case's tags alike:
WW303 when it names an event handler, else WW332. Only a group inside a code span
closed on the same line is text.

One pass over the line with `str.find`: no regular expression sees the text.
"""

from __future__ import annotations

from dataclasses import dataclass

WHITESPACE = " \t"


@dataclass(frozen=True)
class AttributeList:
    column: int  # of its `{` in the line
    keys: tuple[str, ...]  # "#" for an id, "." for a class, else the attribute's name in lower case

    @property
    def handlers(self) -> tuple[str, ...]:
        return tuple(key for key in self.keys if key.startswith("on"))


def attribute_lists(line: str) -> list[AttributeList]:
    """Every brace group of the line that attr_list could read as an attribute list: `{`,
    an optional `:` and spaces, then something before the next `}`."""
    found, position, length = [], 0, len(line)
    unclosed: set[int] = set()  # lengths of backtick runs with no closing run further on
    while True:
        brace = line.find("{", position)
        if brace < 0:
            return found
        tick = line.find("`", position, brace)
        if tick >= 0:  # a code span may hold the brace: skip it, or the run that opens none
            run_end = tick
            while run_end < length and line[run_end] == "`":
                run_end += 1
            run = run_end - tick
            closing = -1 if run in unclosed else line.find("`" * run, run_end)
            if closing < 0:
                unclosed.add(run)
                position = run_end
            else:
                position = closing + run
            continue
        closing = line.find("}", brace + 1)
        if closing < 0:
            return found
        keys = _keys(line[brace + 1: closing])
        if keys:
            found.append(AttributeList(brace, keys))
        position = closing + 1


def _keys(inner: str) -> tuple[str, ...]:
    """The keys attr_list's scanner reads from the inside of a brace group (after an
    optional `:` and spaces), or () when nothing is left."""
    inner = inner.removeprefix(":").lstrip(" ")
    keys, position, length = [], 0, len(inner)
    while position < length:
        if inner[position] in WHITESPACE:
            position += 1
            continue
        start = position
        while position < length and inner[position] not in " \t=":
            position += 1
        name = inner[start:position]
        if position < length and inner[position] == "=":
            position += 1
            quote = inner[position: position + 1]
            if quote in ("'", '"'):
                end = inner.find(quote, position + 1)
                position = length if end < 0 else end + 1
            else:
                while position < length and inner[position] not in WHITESPACE:
                    position += 1
        if name:
            keys.append(name[0] if name[0] in "#." else name.lower())
    return tuple(keys)


def attribute_list_problems(found: AttributeList) -> list[tuple[str, str, str | None]]:
    """(rule code, Dutch message, hint) for one attribute list: WW303 for each event
    handler it names, else one WW332."""
    if found.handlers:
        return [("WW303", f"attribuut '{key}=' is niet toegestaan", None) for key in found.handlers]
    return [("WW332", "attributenlijst '{...}' wordt in een casus niet ondersteund",
             "laat hem weg; koppen krijgen vanzelf een anker")]


def text_attribute_lists(text: str) -> list[tuple[int, AttributeList]]:
    """Every attribute list in a text of one or more lines, as (position in the text, list)."""
    found, offset = [], 0
    for line in text.split("\n") if "}" in text else ():
        found += [(offset + attributes.column, attributes) for attributes in attribute_lists(line)]
        offset += len(line) + 1
    return found
