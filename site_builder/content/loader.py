"""Load stage: read one case file safely and split it into front matter and body.

Runs first in every command (check, build, index). It never trusts the file:
the size is bounded before reading, symlinks out of the project are refused,
the YAML is composed with PyYAML's safe loader and inspected (tags, anchors,
aliases, nesting, duplicate keys) *before* any value is used, so a
hostile file yields a `Diagnostic`, never code execution, a hang or a crash.
The YAML nodes are kept: they carry the line numbers that Pydantic's error
locations are mapped back to.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from .case_file import MAX_FILE_BYTES, slug_for
from .control_characters import (
    first_control_character, first_forbidden_character, first_noncharacter, forbidden_character, printable,
)
from .diagnostics import Diagnostic, relative_display_path

MAX_NESTING = 20
MAX_LIST_ITEMS = 100  # WW120
MAX_MAPPING_KEYS = 50  # WW120
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A case is published at casussen/<slug>/; these names are pages of the site itself.
RESERVED_SLUGS = frozenset({"index"})

# python-frontmatter's own boundary: a line of three or more dashes.
FRONT_MATTER_BOUNDARY = YAMLHandler.FM_BOUNDARY

# Prefer libyaml's C loader for speed; its marks carry the same line numbers.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Plain data only: text, numbers, yes/no, nothing, lists and fields (and the dates
# YAML reads from 2024-01-31). Never !!binary, !!set, !!omap, !!pairs or custom tags.
SAFE_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                      ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


@dataclass(frozen=True)
class CaseSource:
    """A case file that parsed: its front matter (data and nodes) and its body."""

    path: Path
    display_path: str
    slug: str
    front_matter: dict
    front_matter_node: yaml.MappingNode
    front_matter_line: int  # file line (1-based) of the front matter's first text line
    front_matter_col_offset: int  # column shift for marks on that first line
    closing_line: int  # file line of the '---' that closes the front matter
    body: str
    body_line: int  # file line (1-based) where the body starts
    content_hash: str

    def locate_mark(self, mark: yaml.Mark) -> tuple[int, int]:
        return _mark_position(mark, self.front_matter_line, self.front_matter_col_offset)


def _mark_position(mark, first_line: int, col_offset: int) -> tuple[int, int]:
    col = mark.column + 1 + (col_offset if mark.line == 0 else 0)
    return first_line + mark.line, col


def _position_in_text(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def read_case_source(path: Path, root: Path) -> tuple[CaseSource | None, list[Diagnostic]]:
    """Read and parse one case file; return the source or the reasons it failed.

    File-level problems that still allow parsing (such as a bad file name) are
    reported alongside the parsed source, so a contributor sees them all at once.
    """
    display = relative_display_path(path, root) if path.is_absolute() else path.as_posix()
    problems: list[Diagnostic] = []

    def problem(code: str, message: str, line: int = 1, col: int = 1, hint: str | None = None):
        problems.append(Diagnostic(display, line, col, code, message, hint))

    # 1. Where the file really is: never follow a link out of the project.
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problem("WW014", "bestand bestaat niet of is een kapotte link")
        return None, problems
    # A file named on the command line may live anywhere; a *link* may not lead out.
    followed_link = resolved != Path(os.path.abspath(path))
    if followed_link and not resolved.is_relative_to(root.resolve()):
        problem("WW003", f"symbolische link wijst buiten het project (naar {resolved})")
        return None, problems
    if not resolved.is_file():
        problem("WW014", "geen gewoon bestand")
        return None, problems

    slug = slug_for(path)
    if not path.name.endswith(".md") or not SLUG_PATTERN.match(slug):
        problem("WW004", f"bestandsnaam '{printable(path.name)}' is geen geldige slug",
                hint="gebruik kleine letters, cijfers en koppeltekens, bijvoorbeeld 'mijn-wijk.md'")
    elif slug in RESERVED_SLUGS:
        problem("WW016", f"bestandsnaam '{path.name}' is gereserveerd voor een pagina van de site",
                hint="kies een andere naam, bijvoorbeeld met de wijk en de gemeente erin")

    # 2. Bounded read: check the size first, and never read more than the limit.
    try:
        size = resolved.stat().st_size
        if size > MAX_FILE_BYTES:
            problem("WW001", f"bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB")
            return None, problems
        with resolved.open("rb") as handle:
            # Ask for what the file holds (a buffer of the full limit costs more than
            # the read), and read on to the limit only if it grew meanwhile.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    except OSError as error:
        problem("WW014", f"bestand kon niet gelezen worden: {error.strerror or error}")
        return None, problems
    if len(raw) > MAX_FILE_BYTES:
        problem("WW001", f"bestand is groter dan {MAX_FILE_BYTES // 1_000_000} MB")
        return None, problems

    # 3. Text: UTF-8 (a BOM is fine), any line ending.
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        problem("WW002", f"ongeldige UTF-8-byte 0x{raw[error.start]:02x}", line, col,
                hint="sla het bestand op als UTF-8")
        return None, problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        problem("WW005", "bestand is leeg")
        return None, problems

    # 4. Split front matter from body at python-frontmatter's boundary lines.
    opening = FRONT_MATTER_BOUNDARY.match(text)
    if opening is None:
        problem("WW006", "bestand begint niet met front matter ('---')",
                hint="zet op de eerste regel '---', daarna de velden en weer '---'")
        return None, problems
    closing = FRONT_MATTER_BOUNDARY.search(text, opening.end())
    if closing is None:
        problem("WW007", "front matter wordt geopend maar nooit afgesloten met '---'")
        return None, problems
    fm_text = text[opening.end(): closing.start()]
    fm_line, fm_col_offset = _position_in_text(text, opening.end())
    fm_col_offset -= 1
    body_start = closing.end()
    body_line = text.count("\n", 0, body_start) + 1 + (1 if text[body_start: body_start + 1] == "\n" else 0)
    body = text[body_start + 1:] if text[body_start: body_start + 1] == "\n" else text[body_start:]

    def at(mark) -> tuple[int, int]:
        return _mark_position(mark, fm_line, fm_col_offset)

    # 5. Compose YAML nodes (no objects yet), guarding the C composer's recursion.
    if "*" in fm_text:
        aliases = _alias_marks(fm_text)
        if aliases:
            extra = f" ({len(aliases)} verwijzingen in totaal)" if len(aliases) > 1 else ""
            problem("WW011", f"YAML-verwijzing (*anker) is niet toegestaan{extra}", *at(aliases[0]),
                    hint="schrijf de waarde gewoon uit")
            return None, problems
    if fm_text.count("[") + fm_text.count("{") > MAX_NESTING:
        # Flow nesting is checked on the event stream before composing, because the
        # recursive composer of PyYAML <= 6.0.3 crashes at about 100k levels.
        depth_problem = _deep_nesting_mark(fm_text)
        if depth_problem is not None:
            problem("WW013", f"front matter is dieper genest dan {MAX_NESTING} niveaus", *at(depth_problem))
            return None, problems
    try:
        loader = SafeLoader(fm_text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        if _is_libyaml_depth_limit(error):
            depth_problem = _deep_nesting_mark(fm_text)
            problem("WW013", f"front matter is dieper genest dan {MAX_NESTING} niveaus",
                    *at(depth_problem or error.problem_mark))
            return None, problems
        mark = error.problem_mark or error.context_mark
        line, col = at(mark) if mark else (fm_line, 1)
        problem("WW008", f"YAML-fout: {error.problem or error}", line, col)
        return None, problems
    except RecursionError:
        # The pure-Python composer recurses per level; only nesting gets it this deep.
        depth_problem = _deep_nesting_mark(fm_text)
        if depth_problem is not None:
            problem("WW013", f"front matter is dieper genest dan {MAX_NESTING} niveaus", *at(depth_problem))
        else:
            problem("WW008", "YAML-fout: de front matter is te diep genest om te lezen", fm_line, 1)
        return None, problems
    except yaml.YAMLError as error:
        problem("WW008", f"YAML-fout: {error}", fm_line, 1)
        return None, problems

    if node is None:
        problem("WW009", "front matter is leeg", fm_line, 1,
                hint="vul de velden in, bijvoorbeeld 'titel: Mijn wijk'")
        return None, problems
    if not isinstance(node, yaml.MappingNode):
        problem("WW009", "front matter moet bestaan uit regels 'veld: waarde'", *at(node.start_mark))
        return None, problems

    # 6. Inspect the nodes and, when they are plain and small, build the Python values.
    structural, data = _inspect_and_build(node)
    for code, message, mark in structural:
        problem(code, message, *at(mark))
    if structural:
        return None, problems
    if data is NEEDS_PYYAML:
        try:
            constructor = yaml.SafeLoader("")
            data = constructor.construct_document(node)
        except (yaml.YAMLError, TypeError, ValueError) as error:
            mark = getattr(error, "problem_mark", None)
            problem("WW008", f"YAML-fout: {getattr(error, 'problem', None) or error}",
                    *(at(mark) if mark else (fm_line, 1)))
            return None, problems
        except KeyError as error:  # PyYAML's constructor on `!!bool misschien` and the like
            culprit = _unreadable_scalar(node)
            problem("WW008", f"YAML-fout: de waarde {error} past niet bij de type-tag ervoor",
                    *(at(culprit.start_mark) if culprit else (fm_line, 1)), "laat de tag (bijvoorbeeld !!bool) weg")
            return None, problems

    source = CaseSource(
        path=path, display_path=display, slug=slug, front_matter=data,
        front_matter_node=node, front_matter_line=fm_line,
        front_matter_col_offset=fm_col_offset, closing_line=text.count("\n", 0, closing.start()) + 1,
        body=body, body_line=body_line,
        content_hash=hashlib.sha256(raw).hexdigest(),
    )
    return source, problems


def _unreadable_scalar(root: yaml.Node) -> yaml.ScalarNode | None:
    """The first scalar that PyYAML's constructor cannot read as its tag says (a KeyError)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except KeyError:
                return node
            except (yaml.YAMLError, TypeError, ValueError):
                continue
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
    return None


def _is_libyaml_depth_limit(error: yaml.YAMLError) -> bool:
    """libyaml (bundled with PyYAML >= 6.0.4) refuses more than 1,000 levels itself,
    before emitting the events that would show where our own limit was crossed."""
    return "maximum nesting depth" in str(getattr(error, "problem", None) or error)


def _deep_nesting_mark(fm_text: str):
    """The mark where nesting first exceeds MAX_NESTING, or None.

    Scans the event stream iteratively. When libyaml stops on its own depth limit,
    the scan is repeated with PyYAML's pure-Python parser, which has no such limit
    and produces events lazily, so it stops at our limit after a few dozen events.
    Either way the position reported is the same, whatever the PyYAML version."""
    for parser in (SafeLoader, yaml.SafeLoader):
        depth = 0
        try:
            for event in yaml.parse(fm_text, Loader=parser):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_NESTING:
                        return event.start_mark
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
            return None
        except yaml.YAMLError as error:
            if not _is_libyaml_depth_limit(error):
                return None  # the composer reports the syntax error with its position
    return None


def _scalar_problems(node: yaml.ScalarNode) -> list[tuple[str, str, yaml.Mark]]:
    """A number YAML 1.1 reads differently than it looks, a control character or a noncharacter."""
    found = []
    value = node.value
    is_plain = not node.style  # None (Python composer) or "" (libyaml)
    if is_plain and ((node.tag.endswith(":int") and not _PLAIN_DECIMAL.match(value))
                     or (node.tag.endswith(":float") and not _PLAIN_FLOAT.match(value)
                         and value.lower().lstrip("+-") not in (".inf", ".nan"))):
        found.append(("WW122", f"'{printable(value[:40])}' leest YAML als een ander getal; "
                      "zet de waarde tussen aanhalingstekens",
                      node.start_mark))
    # The first control character (WW121) and the first noncharacter (WW123), if any.
    for position in sorted({first_control_character(value), first_noncharacter(value)} - {-1}):
        found.append((*forbidden_character(value[position]), node.start_mark))
    return found


def _alias_marks(fm_text: str) -> list:
    """Positions of every YAML alias (`*name`), read from the event stream."""
    try:
        return [event.start_mark for event in yaml.parse(fm_text, Loader=SafeLoader)
                if isinstance(event, yaml.AliasEvent)]
    except yaml.YAMLError:
        return []  # the composer reports the syntax error with its position


# Tags the builder turns into Python values itself; anything rarer goes to PyYAML.
_TAG_PREFIX = "tag:yaml.org,2002:"
_STR_TAG, _SEQ_TAG, _MAP_TAG = _TAG_PREFIX + "str", _TAG_PREFIX + "seq", _TAG_PREFIX + "map"
_INT_TAG, _FLOAT_TAG = _TAG_PREFIX + "int", _TAG_PREFIX + "float"
_BOOL_TAG, _NULL_TAG = _TAG_PREFIX + "bool", _TAG_PREFIX + "null"
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values
# Longer digit strings go to PyYAML, so its errors (Python's digit limit) stay as they were.
_MAX_FAST_INT_CHARS = 18
# What `_inspect_and_build` returns for a document it leaves to PyYAML's constructor.
NEEDS_PYYAML = object()


def _inspect_and_build(root: yaml.Node) -> tuple[list[tuple[str, str, yaml.Mark]], object]:
    """Inspect the composed nodes and, in the same pass, build their Python values.

    Finds what a case must never contain: custom tags, anchors/aliases, deep nesting,
    too many items, duplicate keys, numbers that read differently than they look,
    control characters. Visits each node once, so an alias bomb (a node reachable
    exponentially many times) costs no more than its text, and never below
    MAX_NESTING + 1 levels, so the recursion is bounded whatever the file holds.
    Fields are visited last to first, keys before values, lists first to last: the
    order of the explicit stack this walk once had, which decides which use of a
    shared node is the one reported.

    The value is what PyYAML's `construct_document` builds, for the plain data a case
    holds (text, whole and decimal numbers, yes/no, nothing, lists, fields); for
    anything rarer (a date, `0x1F`, `!!str` on a list, a list as a key) it is
    NEEDS_PYYAML, and PyYAML's constructor does the work (and reports its errors).
    `tests/test_loader_builder.py` holds the two to the same result. Returns the
    problems, sorted by position, and the value, which means nothing when there are
    problems.
    """
    found: list[tuple[str, str, yaml.Mark]] = []
    seen: set[int] = set()
    needs_pyyaml = False
    scalar_node, mapping_node = yaml.ScalarNode, yaml.MappingNode

    def visit(node: yaml.Node, depth: int):
        nonlocal needs_pyyaml
        if id(node) in seen:
            # The composer hands out the same node object for every alias of an anchor.
            found.append(("WW011", "YAML-verwijzing (*anker) is niet toegestaan", node.start_mark))
            return None
        seen.add(id(node))
        if depth > MAX_NESTING:
            found.append(("WW013", f"front matter is dieper genest dan {MAX_NESTING} niveaus", node.start_mark))
            return None
        tag = node.tag
        if tag not in SAFE_TAGS:
            written = tag.replace("tag:yaml.org,2002:", "!!")
            found.append(("WW010", f"YAML-tag '{printable(written)}' is niet toegestaan", node.start_mark))
            return None
        kind = type(node)
        if kind is scalar_node:
            value = node.value
            if tag == _STR_TAG:  # most scalars: text, where only control characters matter
                # Control characters and noncharacters are unprintable; isprintable() is quicker.
                if not value.isprintable() and first_forbidden_character(value) >= 0:
                    found.extend(_scalar_problems(node))
                return value
            found.extend(_scalar_problems(node))
            if tag == _INT_TAG and len(value) <= _MAX_FAST_INT_CHARS and _PLAIN_DECIMAL.match(value):
                return int(value)
            if tag == _FLOAT_TAG and _PLAIN_FLOAT.match(value):
                return float(value)
            if tag == _NULL_TAG:
                return None
            if tag == _BOOL_TAG and value.lower() in _BOOL_VALUES:
                return _BOOL_VALUES[value.lower()]
            needs_pyyaml = True
            return None
        size, limit = len(node.value), MAX_MAPPING_KEYS if kind is mapping_node else MAX_LIST_ITEMS
        if size > limit:
            first_extra = node.value[limit]
            mark = (first_extra[0] if isinstance(first_extra, tuple) else first_extra).start_mark
            what = "velden" if kind is mapping_node else "waarden"
            found.append(("WW120", f"{size} {what}, meer dan de {limit} die zijn toegestaan", mark))
            return None
        depth += 1
        if kind is mapping_node:
            if tag != _MAP_TAG:
                needs_pyyaml = True
            keys: set = set()
            for key_node, _value_node in node.value:
                if type(key_node) is scalar_node:
                    if key_node.value in keys:
                        found.append(("WW012", f"veld '{key_node.value}' staat er twee keer", key_node.start_mark))
                    keys.add(key_node.value)
            pairs = [(visit(key_node, depth), visit(value_node, depth))
                     for key_node, value_node in reversed(node.value)]
            mapping = {}
            for key, value in reversed(pairs):
                if type(key) is list or type(key) is dict:
                    needs_pyyaml = True  # PyYAML refuses it, with its own message
                else:
                    mapping[key] = value
            return mapping
        if tag != _SEQ_TAG:
            needs_pyyaml = True
        return [visit(item, depth) for item in node.value]

    data = visit(root, 1)
    found.sort(key=lambda item: (item[2].line, item[2].column))
    return found, (NEEDS_PYYAML if needs_pyyaml else data)
