"""Validate stage: turn a parsed `CaseSource` into a `Case`, or into diagnostics.

Runs after the load stage, for every file. Pydantic checks the structure and the
vocabularies; `pydantic_errors` maps each of its errors back to the YAML node it
came from, with its registered code and a Dutch message; this module adds the
checks of the claims (evidence per tag, place per scale, source numbers) and of
the Markdown body: unsafe HTML that must never reach the site, recommended sections, and
placeholder text still waiting to be written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from .case_sections import CITED_SECTIONS, RECOMMENDED_SECTIONS
from .citations import citations_in
from .control_characters import forbidden_characters, printable
from .attribute_lists import attribute_list_problems, attribute_lists, text_attribute_lists
from .body_scan import (
    MAX_LINE_CHARS, body_headings, limit_findings, parse_heading, snippet_marker, unterminated_html,
)
from .diagnostics import Diagnostic
from .wording import SOURCE, count_text
from .rendered_body import rendered_findings
from .loader import CaseSource
from .pydantic_errors import diagnostic_for_error, locate_in_front_matter
from .models import FORBIDDEN_PLACE, REQUIRED_PLACE, Case
from .source_checks import source_findings, uncited_sections
from .vocabulary import TAG_KINDS, Vocabularies, fold

# `wijkwijzer new` and the example case start every section with a line holding
# this marker; WW311 warns while one is left, and the quality level ignores them.
PLACEHOLDER_MARKER = "NOG TE SCHRIJVEN"

# The highest `bron:` number the tag model accepts (models._Tag.source); above it the
# model reports the value itself, and WW113 stays out of the way.
MAX_SOURCE_NUMBER = 1000

def validate_case(source: CaseSource, vocabularies: Vocabularies) -> tuple[Case | None, list[Diagnostic]]:
    """Validate one parsed case file; return the case (if valid) and all diagnostics."""
    diagnostics: list[Diagnostic] = []
    case = None
    try:
        case = Case.model_validate(source.front_matter, context={"vocabularies": vocabularies})
    except ValidationError as error:
        diagnostics.extend(diagnostic_for_error(source, item) for item in error.errors())
    if case is not None:
        diagnostics.extend(check_claims(source, case))
    # Read from the file's own values, so an unknown source number is reported in the same
    # run as the errors that keep the case from validating: one round of fixes, not two.
    diagnostics.extend(check_source_numbers(source))
    diagnostics.extend(check_body(source))
    diagnostics.sort()
    return case, diagnostics


# --- Claims: evidence per tag, place per scale, references in the text ------------------

def check_claims(source: CaseSource, case: Case) -> list[Diagnostic]:
    """What one field alone cannot tell: a tag's ground and source number, which place
    fields the scale asks for, and whether the text's references name real sources."""
    found: list[Diagnostic] = []

    def add(code: str, loc: tuple, message: str, hint: str | None = None, key: bool = False) -> None:
        found.append(Diagnostic(source.display_path, *locate_in_front_matter(source, loc, key=key), code, message, hint))

    source_count = len(case.sources)
    for kind in TAG_KINDS:
        for index, tag in enumerate(case.tags(kind.kind)):
            where = (kind.kind, index)
            if tag.ground == "bron" and tag.source is None:
                add("WW112", where + ("grond",), f"{kind.singular} '{tag.id}' heeft grond 'bron' maar geen bronnummer",
                    "voeg 'bron: 1' toe: het nummer van de bron in 'bronnen'")
            # Shown as text on every page, but the site's own dialect would read these.
            for _position, attributes in text_attribute_lists(tag.explanation or ""):
                for code, message, hint in attribute_list_problems(attributes):
                    add(code, where + ("toelichting",), message, hint)
            if not tag.is_explained:
                missing = " en ".join(name for name, value in (("toelichting", tag.explanation),
                                                               ("grond", tag.ground)) if value is None)
                add("WW110", where, f"{kind.singular} '{tag.id}' heeft geen {missing}",
                    "schrijf in eigen woorden hoe de casus dit laat zien, met 'grond: bron' of 'grond: duiding'")
    for finding in source_findings(case):
        add(finding.code, finding.loc, finding.message, finding.hint)
    for key in REQUIRED_PLACE[case.scale]:
        if source.front_matter.get(key) is None:
            add("WW115", ("schaal",) if "schaal" in source.front_matter else (),
                f"veld '{key}' ontbreekt; bij schaal '{case.scale}' hoort het erbij",
                "vul het in, of kies een andere schaal (gemeente, regio, landelijk)")
    for key in FORBIDDEN_PLACE.get(case.scale, ()):
        if source.front_matter.get(key) is not None:
            add("WW115", (key,), f"een aanpak op schaal '{case.scale}' noemt geen {key}",
                "laat het veld weg; de site toont de casus apart als landelijk", key=True)
    citations = citations_in(source.body)
    if source_count > 1 and not citations and source.body.strip():
        found.append(Diagnostic(source.display_path, source.body_line, 1, "WW320",
                                f"de tekst verwijst nergens naar een van de {source_count} bronnen",
                                "zet na een alinea bijvoorbeeld [bron 1, p. 14]"))
    return found


def check_source_numbers(source: CaseSource) -> list[Diagnostic]:
    """WW113 for every source number that names no source in `bronnen`: a tag's `bron:` and a
    reference `[bron 3]` in the text. Read from the file's values, not from a validated case,
    so it runs whatever else is wrong; only a `bronnen` that is not a list leaves nothing to
    count against."""
    sources = source.front_matter.get("bronnen", [])
    if not isinstance(sources, list):
        return []
    count = len(sources)
    counted = f"de casus heeft {count_text(count, SOURCE)}"
    found = []
    for kind in TAG_KINDS:
        tags = source.front_matter.get(kind.kind)
        for index, tag in enumerate(tags if isinstance(tags, list) else ()):
            number = tag.get("bron") if isinstance(tag, dict) else None
            # Other values (text, 0, 2000) get their own error from the model.
            if type(number) is int and count < number <= MAX_SOURCE_NUMBER:
                name = tag.get("id") if isinstance(tag.get("id"), str) else f"nr. {index + 1}"
                line, col = locate_in_front_matter(source, (kind.kind, index, "bron"))
                found.append(Diagnostic(source.display_path, line, col, "WW113",
                                        f"bron {number} bij {kind.singular} '{printable(name)}' bestaat niet "
                                        f"({counted})", "gebruik het nummer van een bron in 'bronnen'; 1 is de eerste"))
    for citation in citations_in(source.body):
        if citation.number > count or citation.number < 1:
            line, col = _body_position(source, citation.offset)
            found.append(Diagnostic(source.display_path, line, col, "WW113",
                                    f"verwijzing {citation.text} noemt een bron die niet bestaat ({counted})",
                                    "gebruik het nummer van een bron in 'bronnen'; 1 is de eerste"))
    return found


def _body_position(source: CaseSource, index: int) -> tuple[int, int]:
    body = source.body
    line = source.body_line + body.count("\n", 0, index)
    return line, index - (body.rfind("\n", 0, index) + 1) + 1


# --- The Markdown body ----------------------------------------------------------------
# Only linear-time code sees the body: body_scan.py walks it once per concern.

_SCRIPT = re.compile(r"<\s*script\b", re.IGNORECASE)
_JAVASCRIPT_URL = re.compile(r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])")


@dataclass(frozen=True)
class Section:
    """A heading of the body and the lines under it, up to the next heading of its level."""

    title: str
    level: int
    line: int  # 1-based line of the heading within the body
    lines: tuple[str, ...]  # the text under it, subsections included

    @property
    def has_own_text(self) -> bool:
        """Whether anything besides headings, blank lines and placeholders is written here."""
        headings = {index for index, _level, _title in body_headings(list(self.lines))}
        underlines = {index + 1 for index in headings if not parse_heading(self.lines[index])}
        return any(line.strip() and PLACEHOLDER_MARKER not in line
                   and index not in headings and index not in underlines
                   for index, line in enumerate(self.lines))


def body_sections(body: str) -> list[Section]:
    """Every heading of the body with the text that belongs to it (one pass, a stack)."""
    lines = body.split("\n")
    headings = body_headings(lines)
    ends = [len(lines)] * len(headings)
    open_sections: list[int] = []  # positions in `headings`, levels strictly increasing
    for position, (index, level, _title) in enumerate(headings):
        while open_sections and headings[open_sections[-1]][1] >= level:
            ends[open_sections.pop()] = index
        open_sections.append(position)
    # A setext heading's underline belongs to the heading, not to the text under it.
    return [Section(title, level, index + 1,
                    tuple(lines[index + (1 if parse_heading(lines[index]) else 2): end]))
            for (index, level, title), end in zip(headings, ends)]


def check_body(source: CaseSource) -> list[Diagnostic]:
    """Body checks: not empty, within the limits, no script/handlers/javascript: links,
    no syntax of extensions case pages do not have, links the build accepts,
    recommended sections."""
    body, found = source.body, []

    def at(index: int) -> tuple[int, int]:
        return _body_position(source, index)

    def add(code: str, index: int, message: str, hint: str | None = None) -> None:
        found.append(Diagnostic(source.display_path, *at(index), code, message, hint))

    if not body.strip():
        found.append(Diagnostic(source.display_path, source.closing_line, 1, "WW301",
                                "onder het gegevensblok staat geen tekst",
                                "beschrijf de casus in de secties " + ", ".join(RECOMMENDED_SECTIONS)))
        return found
    _forbidden_characters(source, add)
    lines = body.split("\n")
    headings = body_headings(lines)
    limits = limit_findings(body, lines, headings)
    unterminated = unterminated_html(body)
    for finding in limits + unterminated:
        add(finding.code, finding.index, finding.message, finding.hint)
    for match in _SCRIPT.finditer(body):
        add("WW302", match.start(), "<script> is niet toegestaan")
    for match in _JAVASCRIPT_URL.finditer(body):
        add("WW304", match.start(), "javascript:-links zijn niet toegestaan")
    offset = 0
    # Both need a line with `8<` or `}`; most bodies have neither. A line past its
    # length bound (WW337) is not read for them.
    for line in lines if "8<" in body or "}" in body else ():
        if snippet_marker(line):
            add("WW331", offset + line.find("-"), "invoegen van bestanden ('--8<--') kan niet in een casus",
                "schrijf de tekst zelf uit of verwijs met een link naar de bron")
        for attributes in attribute_lists(line) if "}" in line and len(line) <= MAX_LINE_CHARS else ():
            for code, message, hint in attribute_list_problems(attributes):
                add(code, offset + attributes.column, message, hint)
        offset += len(line) + 1
    if not limits and not unterminated:
        # Within the limits, rendering is linear: read the handlers, links and resources
        # of the rendered body as the browser will (rendered_body.py).
        for finding in rendered_findings(body):
            if finding.code == "WW304" and any(d.code == "WW304" for d in found):
                continue  # already reported where it is written
            add(finding.code, finding.index, finding.message, finding.hint)
    other_html = [m for m in _HTML_TAG.finditer(body) if m.group(1).lower() != "script"]
    if other_html and not found:
        add("WW305", other_html[0].start(), f"HTML-tag <{other_html[0].group(1)}> in de tekst",
            "gebruik Markdown; de site verwijdert onveilige HTML")
    titles = {fold(title) for _index, _level, title in headings}
    for section in RECOMMENDED_SECTIONS:
        if fold(section) not in titles:
            found.append(Diagnostic(source.display_path, source.body_line, 1, "WW310",
                                    f"aanbevolen sectie '{section}' ontbreekt",
                                    f"voeg een kop '## {section}' toe"))
    if titles & {fold(section.title) for section in CITED_SECTIONS}:
        for section, message, hint in uncited_sections(body_sections(body)):
            found.append(Diagnostic(source.display_path, source.body_line + section.line - 1, 1, "WW321",
                                    message, hint))
    found.extend(_placeholders(source))
    return found


def _forbidden_characters(source: CaseSource, add) -> None:
    """WW121 and WW123 for the first control character or noncharacter of each line."""
    body, line, counted_to, reported_line = source.body, 0, 0, -1
    for position, code, message in forbidden_characters(body):
        line += body.count("\n", counted_to, position)
        counted_to = position
        if line != reported_line:
            add(code, position, message, "typ de tekst opnieuw of plak hem als platte tekst")
            reported_line = line


def _placeholders(source: CaseSource) -> list[Diagnostic]:
    """WW311 for every placeholder line still in the body, named by its section."""
    if PLACEHOLDER_MARKER not in source.body:
        return []  # the usual case: nothing left to write
    innermost: dict[int, str] = {}  # body line -> title of the deepest section holding it
    for section in body_sections(source.body):
        for offset in range(len(section.lines)):
            innermost[section.line + 1 + offset] = section.title
    found = []
    for number, line in enumerate(source.body.split("\n"), start=1):
        column = line.find(PLACEHOLDER_MARKER)
        if column < 0:
            continue
        where = f"sectie '{innermost[number]}'" if number in innermost else "de tekst"
        found.append(Diagnostic(source.display_path, source.body_line + number - 1, column + 1, "WW311",
                                f"{where} is nog niet geschreven",
                                f"vervang de regel met '{PLACEHOLDER_MARKER}' door je eigen tekst"))
    return found
