"""Front matter as YAML nodes, inspected before any value is built.

Part of the load stage (loader.py): the YAML is composed with PyYAML's safe loader
and its nodes are inspected (tags, anchors, aliases, nesting, list sizes, duplicate
keys, numbers YAML 1.1 reads differently, control characters and noncharacters)
*before* any value is used, so a hostile file yields a problem, never code
execution, a hang or a crash.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import yaml

from .control_characters import (
    first_control_character, first_forbidden_character, first_noncharacter, forbidden_character, printable,
)

MAX_NESTING = 20  # WW013
MAX_LIST_ITEMS = 100  # WW120
MAX_MAPPING_KEYS = 50  # WW120

# Prefer libyaml's C loader for speed; its marks carry the same line numbers.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Plain data only: text, numbers, yes/no, nothing, lists and fields (and the dates
# YAML reads from 2024-01-31). Never !!binary, !!set, !!omap, !!pairs or custom tags.
SAFE_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in
                      ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")


def unreadable_scalar(root: yaml.Node, failures: tuple[type[Exception], ...] = (KeyError,)
                      ) -> yaml.ScalarNode | None:
    """The first scalar that PyYAML's constructor cannot read as its tag says: the one whose
    construction raises one of `failures` (a KeyError, unless asked for others)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except failures:
                return node
            except (KeyError, yaml.YAMLError, TypeError, ValueError):
                continue
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
    return None


def is_libyaml_depth_limit(error: yaml.YAMLError) -> bool:
    """libyaml (bundled with PyYAML >= 6.0.4) refuses more than 1,000 levels itself,
    before emitting the events that would show where our own limit was crossed."""
    return "maximum nesting depth" in str(getattr(error, "problem", None) or error)


def deep_nesting_mark(fm_text: str):
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
            if not is_libyaml_depth_limit(error):
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


def alias_marks(fm_text: str) -> list:
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
_TIMESTAMP_TAG = _TAG_PREFIX + "timestamp"
# A plain date (`geraadpleegd: 2026-12-06`), as PyYAML builds it: a datetime.date. Times
# and other spellings of a timestamp go to PyYAML.
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BOOL_VALUES = yaml.constructor.SafeConstructor.bool_values
# Longer digit strings go to PyYAML, so its errors (Python's digit limit) stay as they were.
_MAX_FAST_INT_CHARS = 18
# What `inspect_and_build` returns for a document it leaves to PyYAML's constructor.
NEEDS_PYYAML = object()


def inspect_and_build(root: yaml.Node) -> tuple[list[tuple[str, str, yaml.Mark]], object]:
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
    anything rarer (a date with a time, `0x1F`, `!!str` on a list, a list as a key) it is
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
            found.append(("WW013", f"het gegevensblok is dieper genest dan {MAX_NESTING} niveaus", node.start_mark))
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
            if tag == _TIMESTAMP_TAG and _PLAIN_DATE.fullmatch(value):
                try:
                    return datetime.date.fromisoformat(value)
                except ValueError:
                    pass  # 2026-02-30: PyYAML's constructor reports it as it always did
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


# --- Syntax errors, explained in Dutch (WW008) ------------------------------------------

@dataclass(frozen=True)
class SyntaxExplanation:
    """What a PyYAML syntax problem means for a contributor: a sentence and what to do."""

    message: str
    hint: str


@dataclass(frozen=True)
class _KnownProblem:
    # Fixed texts that PyYAML (its C parser, libyaml, or its Python one) puts in the
    # problem or its context; any one of them identifies the problem.
    texts: tuple[str, ...]
    message: str
    hint: str
    # Said after the message with PyYAML's context mark, where what is unfinished began.
    began: str | None = None


QUOTE_HINT = "zet de hele waarde tussen aanhalingstekens, bijvoorbeeld wijk: \"Oost: centrum\""

# In order: the first whose text occurs in PyYAML's context or problem explains it.
_KNOWN_PROBLEMS = (
    _KnownProblem(("control characters are not allowed", "special characters are not allowed"),
                  "een onzichtbaar stuurteken dat YAML niet leest",
                  "typ de tekst opnieuw of plak hem als platte tekst"),
    _KnownProblem(("found a tab character", "found character '\\t'"),
                  "een tab in de inspringing; YAML springt alleen in met spaties",
                  "vervang de tab door spaties"),
    _KnownProblem(("mapping values are not allowed",),
                  "een dubbele punt op een plek waar geen nieuw veld kan beginnen",
                  "staat er een dubbele punt in de waarde, " + QUOTE_HINT
                  + "; is het een veld, laat het dan even ver inspringen als de velden erboven"),
    _KnownProblem(("could not find expected ':'",),
                  "een regel zonder dubbele punt waar een veld ('veld: waarde') hoort",
                  "schrijf 'veld: waarde', of laat een waarde die doorloopt op de volgende regel inspringen"),
    _KnownProblem(("while scanning a quoted scalar", "while scanning a double-quoted scalar",
                   "while scanning a single-quoted scalar"),
                  "een waarde tussen aanhalingstekens wordt niet afgesloten",
                  "sluit de waarde met hetzelfde teken (\" of ') waarmee ze begint; een ' binnen '...' "
                  "schrijf je als ''", began="het aanhalingsteken staat op regel {line}, kolom {col}"),
    _KnownProblem(("unknown escape character",),
                  "een backslash (\\) tussen dubbele aanhalingstekens met een teken dat YAML niet kent",
                  "schrijf een backslash als \\\\, of zet de waarde tussen enkele aanhalingstekens"),
    _KnownProblem(("while parsing a flow sequence",),
                  "een lijst tussen [ en ] die niet goed wordt afgesloten",
                  "scheid de waarden met komma's en sluit de lijst af met ]",
                  began="de lijst begint op regel {line}, kolom {col}"),
    _KnownProblem(("while parsing a flow mapping",),
                  "velden tussen { en } die niet goed worden afgesloten",
                  "scheid de velden met komma's en sluit af met }",
                  began="de {{ staat op regel {line}, kolom {col}"),
    _KnownProblem(("while parsing a block collection",),
                  "de inspringing klopt niet: deze regel springt anders in dan de lijst waar hij bij hoort",
                  "een nieuw item begint met '- '; de regels van één item springen even ver in"),
    _KnownProblem(("did not find expected key", "expected <block end>"),
                  "hier verwacht YAML een nieuw veld ('veld: waarde')",
                  "controleer de inspringing; staat er na een waarde tussen aanhalingstekens nog tekst, "
                  "zet dan de hele waarde tussen aanhalingstekens"),
    _KnownProblem(("while scanning an alias", "while scanning an anchor"),
                  "een waarde die met * of & begint; YAML leest dat als een verwijzing of anker",
                  QUOTE_HINT),
    _KnownProblem(("while scanning a block scalar",),
                  "na | of > mag op dezelfde regel niets anders staan",
                  "begin de tekst op de volgende regel, ingesprongen"),
    _KnownProblem(("expected the node content", "did not find expected node content"),
                  "hier ontbreekt een waarde (bijvoorbeeld twee komma's achter elkaar, of een losse ] of })",
                  QUOTE_HINT),
    _KnownProblem(("found unhashable key",),
                  "een lijst of een groep velden staat op de plaats van een veldnaam",
                  "een veldnaam is een gewoon woord, zoals 'titel'"),
    _KnownProblem(("found another document",),
                  "een tweede YAML-document in het gegevensblok",
                  "het gegevensblok is één reeks regels 'veld: waarde' tussen de twee regels ---"),
    _KnownProblem(("cannot start any token",),
                  "een waarde die begint met een teken dat YAML voor zichzelf houdt (zoals @, ` of %)",
                  QUOTE_HINT),
)


def explain_unbuildable_value(node: yaml.ScalarNode | None) -> SyntaxExplanation:
    """A value YAML reads but Python cannot build (a date that does not exist, a number of
    thousands of digits), in Dutch rather than in Python's words."""
    value = printable(node.value[:40]) if node is not None else ""
    if node is not None and node.tag.endswith(":timestamp"):
        return SyntaxExplanation(f"YAML-fout: '{value}' is geen bestaande datum of tijd",
                                 "schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2024-03-15")
    if node is not None and node.tag.endswith(":int"):
        return SyntaxExplanation(f"YAML-fout: het getal '{value}...' heeft te veel cijfers",
                                 "zet de waarde tussen aanhalingstekens als het tekst is")
    return SyntaxExplanation(f"YAML-fout: de waarde '{value}' kan niet gelezen worden",
                             "zet de waarde tussen aanhalingstekens")


def explain_syntax_error(error: yaml.MarkedYAMLError, fm_text: str, position) -> SyntaxExplanation:
    """PyYAML's syntax problem as a Dutch sentence with a hint.

    PyYAML's texts differ between its C and Python parsers and between versions, so
    each known problem is recognised by fixed fragments of either; an unknown text still
    gets a Dutch lead sentence, with PyYAML's own words after it. `position(mark)` gives a
    mark's (line, column) in the file."""
    said = f"{getattr(error, 'context', None) or ''} {getattr(error, 'problem', None) or ''}".strip()
    if isinstance(error, yaml.reader.ReaderError):
        said = error.reason
    for known in _KNOWN_PROBLEMS:
        if any(text in said for text in known.texts):
            message = known.message
            character = _character_at(fm_text, getattr(error, "problem_mark", None))
            if "cannot start any token" in known.texts and character:
                # libyaml does not name the character; the text at the mark does.
                message = f"een waarde die begint met '{printable(character)}', een teken dat YAML voor zichzelf houdt"
            if known.began and getattr(error, "context_mark", None) is not None:
                line, col = position(error.context_mark)
                message += "; " + known.began.format(line=line, col=col)
            return SyntaxExplanation(f"YAML-fout: {message}", known.hint)
    return SyntaxExplanation(f"YAML-fout: het gegevensblok is hier geen geldige YAML ({printable(said or str(error))})",
                             "let op inspringing (spaties), dubbele punten en aanhalingstekens")


def _character_at(fm_text: str, mark) -> str | None:
    if mark is None:
        return None
    index = getattr(mark, "index", None)
    return fm_text[index] if isinstance(index, int) and 0 <= index < len(fm_text) else None
