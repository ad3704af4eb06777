"""The wijkscan's questions: content data in ``schema/wijkscan.yml``, checked here.

Each question belongs to one building block (or carrier) and cites the essay's
page it is drawn from. Editors add a question or a block by editing the YAML;
the site publishes the questions as ``data/wijkscan.json`` for the browser.
A content root without the file simply has no wijkscan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import WijkscanError
from .project_files import link_out_of_project, outside_message
from .vocabulary import SAFE_LOADER, Vocabularies

WIJKSCAN_FILE = "wijkscan.yml"
# The kinds a question may be about: the building blocks and, optionally, the carriers.
QUESTION_KINDS = ("bouwstenen", "dragers")


class WijkscanQuestion(BaseModel):
    """One statement a team rates: 'klopt niet', 'deels', 'klopt' or 'weet ik niet'."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    kind: str = Field(default="bouwstenen", alias="soort", description="bouwstenen of dragers")
    term: str = Field(alias="term", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
                      description="id van de bouwsteen of drager")
    question: str = Field(alias="vraag", min_length=10, max_length=300,
                          description="de stelling, in eigen woorden")
    page: str = Field(alias="pagina", pattern=r"^[0-9]+(-[0-9]+)?$",
                      description="pagina('s) in het essay waar de stelling op steunt")


@dataclass(frozen=True)
class Wijkscan:
    questions: tuple[WijkscanQuestion, ...]

    def as_data(self) -> list[dict]:
        """The questions as the browser reads them, with a stable id per question."""
        counts: dict[str, int] = {}
        data = []
        for question in self.questions:
            counts[question.term] = counts.get(question.term, 0) + 1
            data.append({"id": f"{question.term}-{counts[question.term]}", "soort": question.kind,
                         "term": question.term, "vraag": question.question, "pagina": question.page})
        return data


def load_wijkscan(schema_dir: Path, vocabularies: Vocabularies) -> Wijkscan | None:
    """Read and check ``schema/wijkscan.yml``; None when the content root has none."""
    path = schema_dir / WIJKSCAN_FILE
    if not path.exists():
        return None
    try:
        outside = link_out_of_project(path, schema_dir.parent)
        if outside is not None:  # never read through a link out of the project
            raise WijkscanError(f"{path}: {outside_message(path, outside)}")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise WijkscanError(f"{path}: kan de wijkscan niet lezen: {error}") from error
    if not isinstance(data, list) or not data:
        raise WijkscanError(f"{path}: moet een niet-lege lijst van vragen zijn")
    questions = []
    for number, item in enumerate(data, 1):
        try:
            question = WijkscanQuestion.model_validate(item)
        except ValidationError as error:
            raise WijkscanError(f"{path}: vraag {number} klopt niet: {error}") from error
        if question.kind not in QUESTION_KINDS:
            raise WijkscanError(f"{path}: vraag {number}: soort moet een van {', '.join(QUESTION_KINDS)} "
                                f"zijn, niet '{question.kind}'")
        known = vocabularies.by_kind(question.kind).ids
        if question.term not in known:
            raise WijkscanError(f"{path}: vraag {number}: onbekende term '{question.term}' in {question.kind}; "
                                f"kies uit {', '.join(known)}")
        questions.append(question)
    return Wijkscan(tuple(questions))
