"""Characters a text may not hold, and how to show text that has them.

A stranger's text reaches a terminal (`check`, `search`), the Atom feed, the
sitemap and GitHub's workflow commands. A NUL, an ESC sequence or a bidirectional
override breaks or rewrites each of them (control characters, WW121); a
noncharacter such as U+FFFE, U+FFFF or U+FDD0 is no text at all, and XML forbids
U+FFFE and U+FFFF outright, so one in a title breaks the feed (WW123). The loader
refuses both in front-matter text and the validator in the body; `printable`
shows any text safely, the escapes spelled out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# C0 and C1 except tab and newline, DEL, and the invisible bidirectional overrides
# that make text read differently than it is stored.
CONTROL_CHARACTERS = frozenset(
    [chr(code) for code in range(0x20) if chr(code) not in "\t\n"] + ["\x7f"]
    + [chr(code) for code in range(0x80, 0xA0)]
    + [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])
# Unicode's 66 noncharacters: U+FDD0-U+FDEF and the last two code points of each plane
# (U+FFFE, U+FFFF, U+1FFFE, ... U+10FFFF).
NONCHARACTERS = frozenset(
    [chr(code) for code in range(0xFDD0, 0xFDF0)]
    + [chr(plane * 0x10000 + low) for plane in range(17) for low in (0xFFFE, 0xFFFF)])


# One character class each: linear, and in C (this runs on every scalar of every case).
# The 32 noncharacters beyond U+FFFF are looked for with `str.find` instead: in a class
# they make every character of the text a slow test, and a text without such high code
# points (nearly every text) answers `find` at once.
def _one_of(characters) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(char) for char in sorted(characters)) + "]")


_ASTRAL_NONCHARACTERS = tuple(sorted(char for char in NONCHARACTERS if char > "\uffff"))
_CONTROL = _one_of(CONTROL_CHARACTERS)
_BMP_NONCHARACTER = _one_of(NONCHARACTERS.difference(_ASTRAL_NONCHARACTERS))
_BMP_FORBIDDEN = _one_of(CONTROL_CHARACTERS | NONCHARACTERS.difference(_ASTRAL_NONCHARACTERS))


def first_control_character(text: str) -> int:
    """The position of the first control character, or -1."""
    found = _CONTROL.search(text)
    return found.start() if found else -1


def _first(pattern: re.Pattern, text: str) -> int:
    found = pattern.search(text)
    positions = [found.start()] if found else []
    positions += [position for char in _ASTRAL_NONCHARACTERS if (position := text.find(char)) >= 0]
    return min(positions, default=-1)


def first_noncharacter(text: str) -> int:
    """The position of the first noncharacter, or -1."""
    return _first(_BMP_NONCHARACTER, text)


def first_forbidden_character(text: str) -> int:
    """The position of the first control character or noncharacter, or -1."""
    return _first(_BMP_FORBIDDEN, text)


def forbidden_characters(text: str) -> Iterator[tuple[int, str, str]]:
    """(position, rule code, Dutch message) of every control character and noncharacter, in order."""
    positions = [found.start() for found in _BMP_FORBIDDEN.finditer(text)]
    for char in _ASTRAL_NONCHARACTERS:
        position = text.find(char)
        while position >= 0:
            positions.append(position)
            position = text.find(char, position + 1)
    for position in sorted(positions):
        yield position, *forbidden_character(text[position])


def forbidden_character(char: str) -> tuple[str, str]:
    """The rule code and Dutch message for one character a text may not hold."""
    if char in NONCHARACTERS:
        return "WW123", f"niet-teken U+{ord(char):04X} in de tekst"
    return "WW121", f"stuurteken U+{ord(char):04X} in de tekst"


_UNSAFE_KEEPING_NEWLINES = CONTROL_CHARACTERS | NONCHARACTERS
_UNSAFE = _UNSAFE_KEEPING_NEWLINES | {"\n", "\t"}


def printable(text: str, keep_newlines: bool = False) -> str:
    """Text safe for a terminal or a one-line message: control characters and noncharacters
    (and, unless kept, newlines and tabs) written as visible escapes such as `\\x1b`."""
    unsafe = _UNSAFE_KEEPING_NEWLINES if keep_newlines else _UNSAFE
    if not any(char in unsafe for char in text):
        return text
    return "".join(ascii(char)[1:-1] if char in unsafe else char for char in text)
