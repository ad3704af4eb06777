"""New case files: the skeleton `wijkwijzer new` writes, and the commented example case.

`wijkwijzer new` takes the fields a case needs from options or asks for them,
checks every answer with the case models as it is given (the same rules and
Dutch messages as `wijkwijzer check`), and writes `cases/<slug>.md` with the
known sections (content/case_sections.py), each holding a placeholder line that the checker keeps
pointing out (WW311) until it is replaced. It never overwrites a file.

The same renderer, with comments on, writes the example case that
`wijkwijzer generate-docs` keeps in `schema/voorbeeld-casus.md`.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
import yaml
from pydantic import BaseModel, ValidationError

from ..content.case_fields import CaseField, case_fields
from ..content.loader import RESERVED_SLUGS, SLUG_PATTERN
from ..content.models import Case, Period, Source
from ..content.case_sections import KNOWN_SECTIONS
from ..content.validate import PLACEHOLDER_MARKER, explain_error
from ..content.vocabulary import Vocabularies, Vocabulary, fold, load_vocabularies
from ..errors import CaseExists, IncompleteCase, VocabularyError, WijkwijzerError
from ..project import Project

MAX_SLUG_LENGTH = 60
COMMENT_WIDTH = 88

# What to write in each section it offers (all known sections, the optional ones marked so).
SECTION_GUIDANCE = {section.title: section.guidance for section in KNOWN_SECTIONS}


# --- Slugs -------------------------------------------------------------------------------

def slugify(title: str) -> str:
    """The file name for a title: lowercase ASCII, accents folded, words joined by hyphens."""
    ascii_text = fold(title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH + 1].rsplit("-", 1)[0]
    return slug


# --- Rendering a case file --------------------------------------------------------------

def render_case_file(front_matter: dict, body: str, vocabularies: Vocabularies, *,
                     comments: bool = False, header: tuple[str, ...] = ()) -> str:
    """A case file: `---`, the front matter (keys in the models' order), `---`, the body.

    With `comments`, every key is preceded by its description from the models
    and, for vocabulary fields, the values to choose from.
    """
    lines = ["---"]
    lines += [f"# {line}".rstrip() for line in header]
    lines += _render_record(Case, front_matter, "", vocabularies, comments)
    lines.append("---")
    return "\n".join(lines) + "\n" + body


def _render_record(model: type[BaseModel], values: dict, indent: str,
                   vocabularies: Vocabularies, comments: bool) -> list[str]:
    lines: list[str] = []
    for field in case_fields(model):
        if field.key not in values:
            continue
        value = values[field.key]
        if comments:
            lines += _comment_lines(field, indent, vocabularies)
        if field.record is not None and field.is_list:
            lines.append(f"{indent}{field.key}:")
            item_indent = indent + "    "
            for item in value:
                item_lines = _render_record(field.record, item, item_indent, vocabularies, comments)
                # The first line of each item carries the list dash, inside the item's indent.
                lines.append(f"{indent}  - {item_lines[0][len(item_indent):]}")
                lines += item_lines[1:]
        elif field.record is not None:
            lines.append(f"{indent}{field.key}:")
            lines += _render_record(field.record, value, indent + "  ", vocabularies, comments)
        else:
            lines.append(f"{indent}{field.key}: {_inline_yaml(value)}")
    return lines


def _comment_lines(field: CaseField, indent: str, vocabularies: Vocabularies) -> list[str]:
    text = f"{field.description} {'Verplicht' if field.required else 'Optioneel'}."
    if field.vocabulary:
        vocabulary = vocabularies.by_kind(field.vocabulary)
        choices = ", ".join(vocabulary.written_form(entry) for entry in vocabulary.entries)
        text += f" Kies uit: {choices}."
    width = COMMENT_WIDTH - len(indent) - 2
    return [f"{indent}# {line}" for line in textwrap.wrap(text, width, break_on_hyphens=False)]


def _inline_yaml(value: object) -> str:
    """One value as YAML on one line: plain where safe, quoted where needed, lists in brackets."""
    if isinstance(value, str) and "\n" in value:
        # A JSON string is a YAML double-quoted scalar, line breaks escaped on one line.
        return json.dumps(value, ensure_ascii=False)
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True,
                          width=2**31 - 1, sort_keys=False)
    return text.removesuffix("\n").removesuffix("\n...")


def render_body(building_block_labels: list[str]) -> str:
    """Every known section, in order, each with a placeholder saying what belongs there
    (the optional ones say so, and ask to be removed when no source speaks of them)."""
    if len(building_block_labels) == 1:
        named = f"de bouwsteen {building_block_labels[0]}"
    else:
        named = ("de bouwstenen " + ", ".join(building_block_labels[:-1])
                 + f" en {building_block_labels[-1]}")
    parts = []
    for section in KNOWN_SECTIONS:
        guidance = section.guidance.format(bouwstenen=named)
        parts.append(f"## {section.title}\n\n{PLACEHOLDER_MARKER}: {guidance}\n")
    return "\n".join(parts)


def building_block_labels(front_matter: dict, vocabularies: Vocabularies) -> list[str]:
    blocks = vocabularies.building_blocks
    # Tags are written as a bare id or as a record with an `id`.
    return [blocks.get(term["id"] if isinstance(term, dict) else term).label for term in front_matter["bouwstenen"]]


# --- Checking answers with the models ---------------------------------------------------

def problems_with(values: dict, vocabularies: Vocabularies) -> list[str]:
    """What the case models say is wrong with these front-matter keys (others may be absent)."""
    try:
        Case.model_validate(values, context={"vocabularies": vocabularies})
    except ValidationError as error:
        explained = [explain_error(item) for item in error.errors()
                     if item["loc"] and item["loc"][0] in values]
        return [e.message + (f" ({e.hint})" if e.hint else "") for e in explained]
    return []


def normalised(front_matter: dict, vocabularies: Vocabularies) -> dict:
    """The front matter as the models store it: provinces by label, terms by id, no empty keys,
    and only the fields that were given (so defaults such as `schaal: wijk` are not spelled out)."""
    case = Case.model_validate(front_matter, context={"vocabularies": vocabularies})
    dumped = case.model_dump(by_alias=True, exclude_none=True, exclude_unset=True)
    return {key: value for key, value in dumped.items() if value != []}


# --- Collecting the answers -------------------------------------------------------------

@dataclass(frozen=True)
class CaseAnswers:
    """What was given as options; None or empty means: not given."""

    title: str | None = None
    municipality: str | None = None
    neighbourhood: str | None = None
    province: str | None = None
    start: str | None = None
    end: str | None = None
    summary: str | None = None
    building_blocks: tuple[str, ...] = ()
    carriers: tuple[str, ...] = ()
    source_title: str | None = None
    source_page: str | None = None
    slug: str | None = None


def _description(model: type[BaseModel], key: str) -> str:
    return next(field.description for field in case_fields(model) if field.key == key)


def _as_year(text: str) -> int | str:
    # A year that is not a number stays text, so the model explains what it expects.
    # Only a handful of ASCII digits is a year: '²⁰²⁰' or 5,000 digits stay text too.
    return int(text) if _is_small_number(text) else text


def _is_small_number(text: str) -> bool:
    text = text.strip()
    return text.isascii() and text.isdigit() and len(text) <= 9


def _as_term(answer: str, vocabulary: Vocabulary) -> str:
    """A number picks that entry from the list shown; anything else goes to the models as typed."""
    answer = answer.strip()
    if _is_small_number(answer) and 1 <= int(answer) <= len(vocabulary.entries):
        return vocabulary.written_form(vocabulary.entries[int(answer) - 1])
    return answer


def _as_terms(answer: str | tuple[str, ...], vocabulary: Vocabulary) -> list[str]:
    """Options give one term each; a typed answer lists them separated by commas."""
    items = answer if isinstance(answer, tuple) else answer.split(",")
    return [_as_term(item, vocabulary) for item in items if item.strip()]


class _Interview:
    """Settles one answer at a time: from its option, or by asking until the models accept it."""

    def __init__(self, vocabularies: Vocabularies, interactive: bool):
        self.vocabularies = vocabularies
        self.interactive = interactive
        self.front_matter: dict = {}
        self.problems: list[str] = []  # collected when nobody can be asked

    def settle(self, option: str, label: str, description: str, given,
               to_values: Callable[[object], dict], *, required: bool,
               vocabulary: Vocabulary | None = None, many: bool = False) -> bool:
        """Take the option's value or ask for one; store it once the models accept it."""
        answer, explained = given, False
        while True:
            if not answer:
                if not self.interactive:
                    if required:
                        self.problems.append(f"{option} ontbreekt: {description}")
                    return False
                if not explained:
                    self._explain(description, vocabulary, many)
                    explained = True
                suffix = "" if required else " (optioneel, Enter om over te slaan)"
                answer = click.prompt(f"{label}{suffix}", default="", show_default=False).strip()
                if not answer and not required:
                    return False
            values = to_values(answer)
            problems = problems_with(values, self.vocabularies)
            if not problems:
                self.front_matter.update(values)
                return True
            if not self.interactive:
                self.problems += [f"{option}: {problem}" for problem in problems]
                return False
            for problem in problems:
                click.echo(f"  Let op: {problem}", err=True)
            answer = None

    @staticmethod
    def _explain(description: str, vocabulary: Vocabulary | None, many: bool) -> None:
        click.echo(f"\n{description}")
        if vocabulary is not None:
            for number, entry in enumerate(vocabulary.entries, start=1):
                form = vocabulary.written_form(entry)
                click.echo(f"  {number:>2}  {form}" + (f" ({entry.label})" if form != entry.label else ""))
            click.echo("Typ nummers of namen, gescheiden door komma's." if many
                       else "Typ een nummer of een naam.")


def collect_front_matter(answers: CaseAnswers, vocabularies: Vocabularies, *, interactive: bool,
                         on_title: Callable[[str], None] = lambda title: None) -> dict:
    """Every field `wijkwijzer new` fills in, checked by the models; raises if incomplete.

    `on_title` runs as soon as the title is settled, so a clash with an
    existing file is reported before the contributor answers anything else.
    """
    interview = _Interview(vocabularies, interactive)

    def ask(option, key, given, to_values=None, *, model=Case, required=True, vocabulary=None,
            many=False, label=None):
        to_values = to_values or (lambda answer: {key: answer})
        return interview.settle(option, label or key.capitalize(), _description(model, key), given,
                                to_values, required=required, vocabulary=vocabulary, many=many)

    if ask("--titel", "titel", answers.title):
        on_title(interview.front_matter["titel"])
    ask("--gemeente", "gemeente", answers.municipality)
    ask("--wijk", "wijk", answers.neighbourhood)
    ask("--provincie", "provincie", answers.province,
        lambda answer: {"provincie": _as_term(answer, vocabularies.provinces)},
        vocabulary=vocabularies.provinces)
    if ask("--start", "start", answers.start,
           lambda answer: {"periode": {"start": _as_year(answer)}},
           model=Period, required=False, label="Beginjaar"):
        start = interview.front_matter["periode"]["start"]
        ask("--eind", "eind", answers.end,
            lambda answer: {"periode": {"start": start, "eind": _as_year(answer)}},
            model=Period, required=False, label="Eindjaar")
    elif answers.end and not answers.start:
        interview.problems.append("--eind: geef ook --start op (een periode heeft een beginjaar)")
    ask("--samenvatting", "samenvatting", answers.summary)
    ask("--bouwsteen", "bouwstenen", answers.building_blocks,
        lambda answer: {"bouwstenen": _as_terms(answer, vocabularies.building_blocks)},
        vocabulary=vocabularies.building_blocks, many=True)
    ask("--drager", "dragers", answers.carriers,
        lambda answer: {"dragers": _as_terms(answer, vocabularies.carriers)},
        required=False, vocabulary=vocabularies.carriers, many=True)
    if ask("--bron-titel", "titel", answers.source_title,
           lambda answer: {"bronnen": [{"titel": answer}]},
           model=Source, label="Titel van de bron"):
        source_title = interview.front_matter["bronnen"][0]["titel"]
        ask("--bron-pagina", "pagina", answers.source_page,
            lambda answer: {"bronnen": [{"titel": source_title, "pagina": answer}]},
            model=Source, required=False, label="Pagina in de bron")
    elif answers.source_page and not answers.source_title:
        interview.problems.append("--bron-pagina: geef ook --bron-titel op (een pagina hoort bij een bron)")

    if interview.problems:
        raise IncompleteCase(interview.problems)
    return normalised(interview.front_matter, vocabularies)


# --- Writing ----------------------------------------------------------------------------

def case_path(project: Project, slug: str) -> Path:
    return project.cases_dir / f"{slug}.md"


def _display(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def create_case(project: Project, answers: CaseAnswers, *, interactive: bool) -> Path:
    """Collect the answers, then write `cases/<slug>.md`; never overwrite an existing file."""
    try:
        vocabularies = load_vocabularies(project.schema_dir)
    except VocabularyError as error:
        raise WijkwijzerError(str(error)) from None
    if answers.slug is not None and not SLUG_PATTERN.match(answers.slug):
        raise WijkwijzerError(f"--slug '{answers.slug}' is geen geldige bestandsnaam; gebruik kleine "
                              "letters, cijfers en koppeltekens, bijvoorbeeld 'mijn-wijk'")
    chosen: list[str] = []

    def claim_slug(title: str) -> None:
        slug = answers.slug or slugify(title)
        if not slug:
            raise WijkwijzerError(f"uit de titel '{title}' valt geen bestandsnaam te maken; "
                                  "geef er een op met --slug")
        if slug in RESERVED_SLUGS:
            raise WijkwijzerError(f"de bestandsnaam '{slug}' is gereserveerd voor een pagina van de site; "
                                  "geef met --slug een andere op")
        if case_path(project, slug).exists():
            raise CaseExists(_display(project, case_path(project, slug)))
        chosen.append(slug)

    front_matter = collect_front_matter(answers, vocabularies, interactive=interactive,
                                        on_title=claim_slug)
    path = case_path(project, chosen[0])
    text = render_case_file(
        front_matter, render_body(building_block_labels(front_matter, vocabularies)), vocabularies,
        header=("Velden en toegestane waarden: schema/voorbeeld-casus.md en docs/bijdragen/schema.md.",))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # Exclusive creation: even a file that appeared while we asked is never overwritten.
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise CaseExists(_display(project, path)) from None
    return path
