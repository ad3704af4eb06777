"""Reading a case body in linear time: headings, limits, unterminated HTML, extension syntax.

Part of the validate stage (validate.py calls it for every body). A body comes
from a stranger and everything downstream (Python-Markdown, the search index,
MkDocs) has inputs on which it turns slow; so this module has no regular
expression that can backtrack: it walks lines and characters once, and the
limits below keep a body inside what the rest of the pipeline handles quickly.
Only a body within the limits is rendered (in the case dialect, rendered_body.py)
to read its links, resources and attributes as the browser will.

Python-Markdown reads a paragraph's inline constructs one after another, and each
costs up to the rest of the paragraph (the text is rebuilt around each match; an
unclosed `[a](b` is followed to the paragraph's end): a paragraph holding n of them
costs n times its length. MAX_PARAGRAPH_CONSTRUCTS bounds n, so everything `check`
accepts renders in time linear in its length (tests/test_body_limits.py measures it).

The limits (documented with their rule codes in docs/bijdragen/regels.md):
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

MAX_LINES = 5_000  # WW337
MAX_LINE_CHARS = 5_000  # WW337
MAX_HEADINGS = 200  # WW333
MAX_BLOCK_NESTING = 10  # WW334: quote levels plus indentation levels (lists, admonitions)
MAX_BRACKET_DEPTH = 20  # WW335: `[` open at once within a paragraph
MAX_MARKER_RUN = 20  # WW335: `*`, `_` or `~` in a row (outside a horizontal rule)
MAX_TAG_CHARS = 1_000  # WW336: from `<tag` to its `>`
MAX_COMMENT_CHARS = 10_000  # WW336: from `<!--` to `-->`
MAX_PARAGRAPH_CONSTRUCTS = 100  # WW338: inline and block constructs between two blank lines

URL_SCHEMES = ("http:", "https:", "mailto:")
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Characters a browser drops from a URL before reading its scheme.
_URL_IGNORED = {chr(code) for code in range(0x21)} | {"\x7f"}


@dataclass(frozen=True)
class Finding:
    code: str
    index: int  # position in the body
    message: str
    hint: str | None = None


# --- Headings ----------------------------------------------------------------------------

def parse_heading(line: str) -> tuple[int, str] | None:
    """An ATX heading as (level, title), read as Python-Markdown's HashHeaderProcessor
    reads it: '#' at the very start of the line (no indent), up to six of them for the
    level (more stay in the title), no space needed after them; closing '#'s and the
    space around the title are dropped, an escaped closing '#' is kept. String methods only."""
    if not line.startswith("#"):
        return None
    level = min(len(line) - len(line.lstrip("#")), 6)
    rest = line[level:]
    body = rest.rstrip("#")
    if len(body) < len(rest) and (len(body) - len(body.rstrip("\\"))) % 2 == 1:
        body += "#"  # `\#` at the end is an escaped '#', part of the title
    return level, body.strip()


def _setext_level(line: str) -> int:
    """1 for a `====` underline, 2 for `----`, else 0 (up to three spaces of indent)."""
    stripped = line.strip(" \t")
    if len(line) - len(line.lstrip(" ")) > 3 or not stripped:
        return 0
    if set(stripped) == {"="}:
        return 1
    return 2 if set(stripped) == {"-"} else 0


def body_headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """Every heading of the body as (line index, level, title), in one pass.

    Hand-written rather than asking Python-Markdown, because `check` reads thousands
    of bodies and a render costs milliseconds each; `tests/test_body_headings.py` holds
    this reading to Python-Markdown's. ATX headings (`## Titel`) and setext headings
    (a line underlined with `===` or `---`, first line of its paragraph) both count."""
    found = []
    block_start = True  # whether the line at `index` starts a new block
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = parse_heading(line)
        if heading:
            found.append((index, *heading))
            index, block_start = index + 1, True
            continue
        stripped = line.strip()
        if (block_start and stripped and index + 1 < len(lines)
                and len(line) - len(line.lstrip(" ")) <= 3 and not line.lstrip().startswith(_BLOCK_STARTS)
                and _setext_level(lines[index + 1])):
            found.append((index, _setext_level(lines[index + 1]), stripped))
            index, block_start = index + 2, True  # the underline belongs to the heading
            continue
        # A blank line or a horizontal rule ends a block; any other line continues one.
        block_start = not stripped or _is_rule_line(stripped)
        index += 1
    return found


# Lines Python-Markdown takes apart before it looks for setext headings (raw HTML,
# fenced code, tables); lists and quotes it does not: "- x" over "---" is a heading.
_BLOCK_STARTS = ("<", "```", "~~~", "|")


# --- The limits ---------------------------------------------------------------------------

def _is_rule_line(stripped: str) -> bool:
    """`***`, `- - -`, `___`: a horizontal rule, not emphasis."""
    if stripped[:1] not in ("*", "-", "_"):  # most lines: decided by the first character
        return False
    marks = stripped.replace(" ", "").replace("\t", "")
    return len(marks) >= 3 and len(set(marks)) == 1 and marks[0] in "*-_"


def _block_depth(line: str) -> int:
    """Quote markers plus indentation levels (four columns each: a list, an admonition or
    a definition nested in another) plus one for a list item, at the start of a line."""
    depth, position, indent = 0, 0, 0
    while position < len(line):
        char = line[position]
        if char == ">":
            depth += 1
        elif char == " ":
            indent += 1
        elif char == "\t":
            indent += 4
        else:
            break
        position += 1
    rest = line[position: position + 2]
    is_item = rest[:1] in ("-", "*", "+") and rest[1:2] in (" ", "\t") or rest[:1].isdigit()
    return depth + indent // 4 + (1 if is_item else 0)


_MARKS = re.compile(r"[\[\]*_~]")


# Quote markers, spaces and tabs: a line deeper than MAX_BLOCK_NESTING starts with
# at least this many of them (each adds at most one level, a list item one more).
_BLOCK_PREFIX = " >\t"


def limit_findings(body: str, lines: list[str] | None = None,
                   headings: list[tuple[int, int, str]] | None = None) -> list[Finding]:
    """Every limit the body crosses, each reported once (the paragraph bound once per
    paragraph), where it is first crossed.

    `lines` (the body split at newlines) and `headings` (their `body_headings`) may be
    passed by a caller that has them already, so the body is not read twice."""
    found: dict[object, Finding] = {}

    def once(key: object, finding: Finding) -> None:
        found.setdefault(key, finding)

    if lines is None:
        lines = body.split("\n")
    if headings is None:
        headings = body_headings(lines)
    if len(lines) > MAX_LINES:
        offset = sum(len(line) + 1 for line in lines[:MAX_LINES])
        once("lines", Finding("WW337", offset, f"de tekst heeft meer dan {MAX_LINES} regels",
                              "een casus is een verhaal, geen archief; zet lange bijlagen elders"))
    # Every heading line (ATX or the text line of a setext heading) counts once.
    too_many_headings = headings[MAX_HEADINGS][0] if len(headings) > MAX_HEADINGS else -1
    # Brackets and emphasis runs can only cross their limits with that many `[` in the
    # body, or that many equal markers in a row; most bodies have neither.
    scan_marks = (body.count("[") > MAX_BRACKET_DEPTH
                  or any(char * (MAX_MARKER_RUN + 1) in body for char in "*_~"))
    offset, bracket_depth = 0, 0
    for number, line in enumerate(lines):
        if len(line) > MAX_LINE_CHARS:
            once("line", Finding("WW337", offset + MAX_LINE_CHARS,
                                 f"regel is langer dan {MAX_LINE_CHARS} tekens",
                                 "breek de regel af of zet er een witregel tussen"))
        if number == too_many_headings:
            once("headings", Finding("WW333", offset, f"de tekst heeft meer dan {MAX_HEADINGS} koppen"))
        if (len(line) - len(line.lstrip(_BLOCK_PREFIX)) >= MAX_BLOCK_NESTING
                and _block_depth(line) > MAX_BLOCK_NESTING):
            once("nesting", Finding("WW334", offset,
                                    f"citaten, lijsten en inspringing zijn dieper genest dan {MAX_BLOCK_NESTING} niveaus"))
        stripped = line.strip() if scan_marks else ""
        if not stripped:
            bracket_depth = 0  # a blank line ends the paragraph
            offset += len(line) + 1
            continue
        rule = _is_rule_line(stripped)
        run_char, run, previous = "", 0, -2
        # Only brackets and emphasis markers matter here: visit just those characters
        # (a single-class pattern, linear), not every character of the line in Python.
        for mark in _MARKS.finditer(line):
            column, char = mark.start(), mark.group()
            if char == "[":
                bracket_depth += 1
                if bracket_depth > MAX_BRACKET_DEPTH:
                    once("brackets", Finding("WW335", offset + column,
                                             f"meer dan {MAX_BRACKET_DEPTH} '[' tegelijk open"))
            elif char == "]":
                bracket_depth = max(0, bracket_depth - 1)
            if char in "*_~" and not rule:
                run = run + 1 if char == run_char and column == previous + 1 else 1
                run_char, previous = char, column
                if run > MAX_MARKER_RUN:
                    once("run", Finding("WW335", offset + column,
                                        f"meer dan {MAX_MARKER_RUN} keer '{char}' achter elkaar"))
            else:
                run_char, run = "", 0
        offset += len(line) + 1
    return sorted([*found.values(), *paragraph_findings(body)], key=lambda finding: finding.index)


# What a paragraph holds, for MAX_PARAGRAPH_CONSTRUCTS. Inline: each place where one of
# the renderer's inline patterns can start (a citation or link `[`, a run of emphasis
# markers or backticks, a raw tag or autolink `<`, an entity `&`, an escape `\`), one
# alternative per construct and no nesting, so the pattern is linear.
_INLINE_CONSTRUCT = re.compile(r"\*+|_+|`+|[\[<&\\]")
_INLINE_MARKERS = "*_`[<&\\"
# Block: a line the block parser splits a paragraph at (a heading, a definition, an
# admonition or a collapsible block, a rule or setext underline).
_BLOCK_CONSTRUCT_STARTS = ("#", ":", "!!!", "???")
# A line holding only these (quote markers, spaces) ends a paragraph, also inside a quote.
_PARAGRAPH_BREAK = " \t>"
_LIST_MARKERS = ("- ", "* ", "+ ", "-\t", "*\t", "+\t")


def paragraph_findings(body: str) -> list[Finding]:
    """WW338 for every paragraph holding more than MAX_PARAGRAPH_CONSTRUCTS, at the first
    construct past the bound.

    Every body is counted, whatever it holds. Most text between two empty lines cannot
    reach the bound: it has fewer marker characters and lines together than the bound
    (a construct starts at a marker, or takes a line of its own, or is a line break at
    the end of one), counted with `str.count`; only the rest is read line by line."""
    found, chunk_start = [], 0
    for chunk in body.split("\n\n"):
        upper_bound = sum(map(chunk.count, _INLINE_MARKERS)) + 2 * (chunk.count("\n") + 1)
        if upper_bound > MAX_PARAGRAPH_CONSTRUCTS:
            found += _crowded_paragraphs(chunk, chunk_start)
        chunk_start += len(chunk) + 2
    return found


def _crowded_paragraphs(text: str, offset: int) -> list[Finding]:
    found, constructs, previous = [], 0, ""
    for line in text.split("\n"):
        if not line.strip(_PARAGRAPH_BREAK):
            constructs, previous = 0, ""  # a blank line ends the paragraph
            offset += len(line) + 1
            continue
        held = _constructs_on_line(line)
        if previous.endswith("  "):
            held.insert(0, 0)  # the line break that ends the line before
        if constructs <= MAX_PARAGRAPH_CONSTRUCTS < constructs + len(held):
            found.append(Finding(
                "WW338", offset + held[MAX_PARAGRAPH_CONSTRUCTS - constructs],
                f"de alinea heeft meer dan {MAX_PARAGRAPH_CONSTRUCTS} opmaakelementen (links, "
                "verwijzingen, nadruk, code, HTML-tags, entiteiten, kopjes)",
                "splits de alinea: zet een witregel tussen twee zinnen, of zet een lange lijst "
                "of tabel in delen onder eigen tussenkopjes"))
        constructs += len(held)
        previous = line
        offset += len(line) + 1
    return found


def _constructs_on_line(line: str) -> list[int]:
    """The column of every construct a (non-blank) line holds, in order; a list item's own
    marker is none. (A line break, two spaces at the end of a line, is counted on the next
    line of the paragraph: at the paragraph's end it is no break.)"""
    content = len(line) - len(line.lstrip(_PARAGRAPH_BREAK))
    if line.startswith(_LIST_MARKERS, content):
        content += 2
    first = line[content: content + 1]
    block = line.startswith(_BLOCK_CONSTRUCT_STARTS, content) or (
        first in ("=", "-", "*", "_") and (_setext_level(line) or _is_rule_line(line.strip())))
    held = [content] if block else []
    held += [match.start() for match in _INLINE_CONSTRUCT.finditer(line, content)]
    return held


# --- HTML tags, bounded --------------------------------------------------------------------

def unterminated_html(body: str) -> list[Finding]:
    """A tag or comment that does not end within its bound (WW336); what the HTML says is
    read from the rendered body, as a browser reads it (rendered_body.py).

    Follows the HTML tokenizer where it matters for finding a tag's end: attributes are
    separated by whitespace *or* `/`, a quoted value runs to its quote, and inside a tag
    a `<` is just a character, so the scan never goes back: linear in the body."""
    position, length = 0, len(body)
    while True:
        start = body.find("<", position)
        if start < 0 or start + 1 >= length:
            return []
        following = body[start + 1]
        if body.startswith("<!--", start):
            end = body.find("-->", start + 4, start + 4 + MAX_COMMENT_CHARS + 3)
            if end < 0:
                return [Finding("WW336", start, "HTML-commentaar is niet (op tijd) afgesloten met '-->'",
                                f"een commentaar mag hoogstens {MAX_COMMENT_CHARS} tekens lang zijn")]
            position = end + 3
            continue
        if not (following.isascii() and following.isalpha()):
            position = start + 1
            continue
        name, end = _tag_end(body, start)
        if end < 0:
            return [Finding("WW336", start, f"HTML-tag <{name}> wordt niet (op tijd) afgesloten met '>'",
                            f"een tag mag hoogstens {MAX_TAG_CHARS} tekens lang zijn")]
        position = end + 1


def _tag_end(body: str, start: int) -> tuple[str, int]:
    """The name of the tag at `start` and the position of its `>`; -1 past MAX_TAG_CHARS."""
    limit = min(len(body), start + MAX_TAG_CHARS)
    position = start + 1
    while position < limit and body[position] not in " \t\n\r\f/>":
        position += 1
    name = body[start + 1: position].lower()
    while position < limit:
        char = body[position]
        if char == ">":
            return name, position
        if char in " \t\n\r\f/":
            position += 1
            continue
        while position < limit and body[position] not in " \t\n\r\f/>=":
            position += 1
        while position < limit and body[position] in " \t\n\r\f":
            position += 1
        if position < limit and body[position] == "=":
            position += 1
            while position < limit and body[position] in " \t\n\r\f":
                position += 1
            if position < limit and body[position] in "\"'":
                close = body.find(body[position], position + 1, limit)
                if close < 0:
                    break
                position = close + 1
            else:
                while position < limit and body[position] not in " \t\n\r\f>":
                    position += 1
    return name, -1


# --- Extension syntax that case pages do not have --------------------------------------------

def snippet_marker(line: str) -> bool:
    """A pymdownx.snippets include line: `--8<--`, `-8<-` and the block form."""
    stripped = line.strip()
    without = stripped.lstrip("-")
    return stripped.startswith("-") and without.startswith("8<") and without[2:3] in ("-",)


# --- URL schemes, as a browser reads them ------------------------------------------------

def url_scheme(url: str) -> str:
    """The scheme a browser reads: entities decoded, whitespace and controls dropped."""
    cleaned = "".join(char for char in html.unescape(url) if char not in _URL_IGNORED).lower()
    scheme = cleaned.partition(":")[0]
    is_scheme = ":" in cleaned and scheme[:1].isalpha() and all(
        char.isascii() and (char.isalnum() or char in "+-.") for char in scheme)
    return scheme + ":" if is_scheme else ""
