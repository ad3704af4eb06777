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

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from .case_file import MAX_FILE_BYTES, content_hash, slug_for
from .control_characters import printable
from .diagnostics import Diagnostic, relative_display_path
from .front_matter_yaml import (
    MAX_NESTING, NEEDS_PYYAML, SafeLoader, alias_marks, deep_nesting_mark, explain_syntax_error, explain_unbuildable_value,
    inspect_and_build,
    is_libyaml_depth_limit, unreadable_scalar,
)
from .project_files import link_out_of_project

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A case is published at casussen/<slug>/; these names are pages of the site itself.
RESERVED_SLUGS = frozenset({"index"})

# python-frontmatter's own boundary: a line of three or more dashes.
FRONT_MATTER_BOUNDARY = YAMLHandler.FM_BOUNDARY


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
        outside = link_out_of_project(path, root)
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError):
        problem("WW014", "bestand bestaat niet of is een kapotte link")
        return None, problems
    if outside is not None:
        problem("WW003", f"symbolische link wijst buiten het project (naar {outside})")
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
        problem("WW006", "bestand begint niet met het gegevensblok ('---')",
                hint="zet op de eerste regel '---', daarna de velden en weer '---'")
        return None, problems
    closing = FRONT_MATTER_BOUNDARY.search(text, opening.end())
    if closing is None:
        problem("WW007", "het gegevensblok wordt geopend maar nooit afgesloten met '---'")
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
        aliases = alias_marks(fm_text)
        if aliases:
            extra = f" ({len(aliases)} verwijzingen in totaal)" if len(aliases) > 1 else ""
            problem("WW011", f"YAML-verwijzing (*anker) is niet toegestaan{extra}", *at(aliases[0]),
                    hint="schrijf de waarde gewoon uit")
            return None, problems
    if fm_text.count("[") + fm_text.count("{") > MAX_NESTING:
        # Flow nesting is checked on the event stream before composing, because the
        # recursive composer of PyYAML <= 6.0.3 crashes at about 100k levels.
        depth_problem = deep_nesting_mark(fm_text)
        if depth_problem is not None:
            problem("WW013", f"het gegevensblok is dieper genest dan {MAX_NESTING} niveaus", *at(depth_problem))
            return None, problems
    try:
        loader = SafeLoader(fm_text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        if is_libyaml_depth_limit(error):
            depth_problem = deep_nesting_mark(fm_text)
            problem("WW013", f"het gegevensblok is dieper genest dan {MAX_NESTING} niveaus",
                    *at(depth_problem or error.problem_mark))
            return None, problems
        mark = error.problem_mark or error.context_mark
        line, col = at(mark) if mark else (fm_line, 1)
        explained = explain_syntax_error(error, fm_text, at)
        problem("WW008", explained.message, line, col, explained.hint)
        return None, problems
    except RecursionError:
        # The pure-Python composer recurses per level; only nesting gets it this deep.
        depth_problem = deep_nesting_mark(fm_text)
        if depth_problem is not None:
            problem("WW013", f"het gegevensblok is dieper genest dan {MAX_NESTING} niveaus", *at(depth_problem))
        else:
            problem("WW008", "YAML-fout: het gegevensblok is te diep genest om te lezen", fm_line, 1)
        return None, problems
    except yaml.YAMLError as error:
        explained = explain_syntax_error(error, fm_text, at)
        where = (fm_line, 1)
        if isinstance(error, yaml.reader.ReaderError):  # no mark, but the character's index
            line, col = _position_in_text(fm_text, error.position)
            where = (fm_line + line - 1, col + (fm_col_offset if line == 1 else 0))
        problem("WW008", explained.message, *where, explained.hint)
        return None, problems

    if node is None:
        problem("WW009", "het gegevensblok is leeg", fm_line, 1,
                hint="vul de velden in, bijvoorbeeld 'titel: Mijn wijk'")
        return None, problems
    if not isinstance(node, yaml.MappingNode):
        problem("WW009", "het gegevensblok moet bestaan uit regels 'veld: waarde'", *at(node.start_mark))
        return None, problems

    # 6. Inspect the nodes and, when they are plain and small, build the Python values.
    structural, data = inspect_and_build(node)
    for code, message, mark in structural:
        problem(code, message, *at(mark))
    if structural:
        return None, problems
    if data is NEEDS_PYYAML:
        try:
            constructor = yaml.SafeLoader("")
            data = constructor.construct_document(node)
        except yaml.MarkedYAMLError as error:
            explained = explain_syntax_error(error, fm_text, at)
            problem("WW008", explained.message, *(at(error.problem_mark) if error.problem_mark else (fm_line, 1)),
                    explained.hint)
            return None, problems
        except (yaml.YAMLError, TypeError, ValueError):
            # Python's own words (a date that does not exist, too many digits): said in Dutch
            # for the value that raised them.
            culprit = unreadable_scalar(node, (yaml.YAMLError, TypeError, ValueError))
            explained = explain_unbuildable_value(culprit)
            problem("WW008", explained.message, *(at(culprit.start_mark) if culprit else (fm_line, 1)),
                    explained.hint)
            return None, problems
        except KeyError as error:  # PyYAML's constructor on `!!bool misschien` and the like
            culprit = unreadable_scalar(node)
            problem("WW008", f"YAML-fout: de waarde {error} past niet bij de type-tag ervoor",
                    *(at(culprit.start_mark) if culprit else (fm_line, 1)), "laat de tag (bijvoorbeeld !!bool) weg")
            return None, problems

    source = CaseSource(
        path=path, display_path=display, slug=slug, front_matter=data,
        front_matter_node=node, front_matter_line=fm_line,
        front_matter_col_offset=fm_col_offset, closing_line=text.count("\n", 0, closing.start()) + 1,
        body=body, body_line=body_line,
        content_hash=content_hash(raw),
    )
    return source, problems
