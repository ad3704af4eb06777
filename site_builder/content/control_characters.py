"""Control characters: which a text may not hold, and how to show text that has them.

A stranger's text reaches a terminal (`check`, `search`), the Atom feed and
GitHub's workflow commands; a NUL, an ESC sequence or a bidirectional override
breaks or rewrites each of them. The loader refuses them in front-matter text
(WW121); `printable` shows any text safely, the escapes spelled out.
"""

from __future__ import annotations

import re

# C0 and C1 except tab and newline, DEL, and the invisible bidirectional overrides
# that make text read differently than it is stored.
CONTROL_CHARACTERS = frozenset(
    [chr(code) for code in range(0x20) if chr(code) not in "\t\n"] + ["\x7f"]
    + [chr(code) for code in range(0x80, 0xA0)]
    + [chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))])


# One character class: linear, and in C (this runs on every scalar of every case).
_CONTROL = re.compile("[" + "".join(re.escape(char) for char in sorted(CONTROL_CHARACTERS)) + "]")


def first_control_character(text: str) -> int:
    """The position of the first control character, or -1."""
    found = _CONTROL.search(text)
    return found.start() if found else -1


def printable(text: str, keep_newlines: bool = False) -> str:
    """Text safe for a terminal or a one-line message: control characters (and, unless
    kept, newlines and tabs) written as visible escapes such as `\\x1b`."""
    unsafe = CONTROL_CHARACTERS if keep_newlines else CONTROL_CHARACTERS | {"\n", "\t"}
    if not any(char in unsafe for char in text):
        return text
    return "".join(ascii(char)[1:-1] if char in unsafe else char for char in text)
