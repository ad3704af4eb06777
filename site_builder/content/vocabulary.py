"""The controlled vocabularies: building blocks, carriers, steps, provinces, roles.

They are data in ``schema/*.yml`` that editors change by pull request; this
module only loads and validates them and answers lookups ("is this a known
building block? what did you mean?"). No vocabulary term is hard-coded here.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import yaml

# libyaml's parser where PyYAML has it (the same data, several times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import PydanticCustomError

from ..errors import VocabularyError
# The table of kinds lives in `kinds` (no Pydantic), re-exported here for every stage.
from .kinds import KIND_BY_NAME, KINDS, TAG_KINDS, VOCABULARY_FILES, VocabularyKind  # noqa: F401
from .project_files import outside_message
from .vocabulary_errors import BLANK, MORE_THAN_ONE_LINE, invalid_terms_message
from .vocabulary_files import fingerprint_of, outside_vocabulary_file, vocabulary_path


def one_line(text: str) -> str:
    """A question or search word is shown in a list and a label: one line, not blank."""
    if not text.strip():
        raise PydanticCustomError(BLANK, "is leeg")
    if "\n" in text or "\r" in text:
        raise PydanticCustomError(MORE_THAN_ONE_LINE, "moet op één regel staan")
    return text.strip()


OneLineText = Annotated[str, AfterValidator(one_line)]


class VocabularySource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(alias="titel")
    page: str | None = Field(default=None, alias="pagina")


class VocabularyEntry(BaseModel):
    """One term: a stable id (used in case files and URLs) and a Dutch label."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    # The descriptions are the contributor docs' table of a term's fields (generated_docs).
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description=(
        "Vaste naam in kleine letters en koppeltekens, zoals een casus de term schrijft; ook het webadres."))
    label: str = Field(min_length=1, description="De naam die lezers zien.")
    description: str | None = Field(default=None, alias="beschrijving", description=(
        "Wat de term betekent, in eigen woorden naar de bron."))
    source: VocabularySource | None = Field(default=None, alias="bron", description=(
        "Waar de term vandaan komt: `titel` en `pagina`."))
    aliases: list[str] = Field(default_factory=list, alias="aliassen", description=(
        "Andere spellingen die een casus mag gebruiken; de controle herkent ze als deze term."))
    # Plain words for readers who do not know the essay's terms: a one-line question in
    # everyday Dutch, and the words people search with when they mean this term. Shown on
    # the site and indexed by both searches.
    question: OneLineText | None = Field(default=None, alias="vraag", description=(
        "Eén regel in gewone taal, gericht aan een beleidsmaker of bewoner: waar gaat deze term "
        "over? Staat op de voorpagina, in de zoekhulp, de wijkscan en op de pagina van de term."))
    search_words: list[OneLineText] = Field(default_factory=list, alias="zoekwoorden", description=(
        "Woorden waarmee mensen zoeken als ze deze term bedoelen: gewone woorden, spellingen, "
        "enkelvoud en samenstellingen, 5 tot 12, niets wat een andere term betekent. De pagina van "
        "de term toont ze, zodat de zoekfunctie hem ermee vindt."))
    # Review statuses only (schema/controle.yml): the status says someone read the case,
    # so a case with it names who (`door`) and when (`datum`).
    asks_reviewer: bool = Field(default=False, alias="vraagt_door_en_datum", description=(
        "Alleen bij controlestatussen: een casus met deze status noemt wie hem las en wanneer."))


@functools.lru_cache(maxsize=8192)  # the same ids and headings recur in every case
def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Fryslân' and 'fryslan' fold alike."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Vocabulary:
    """An ordered list of entries of one kind, e.g. the seven building blocks."""

    kind: str
    entries: tuple[VocabularyEntry, ...]

    @property
    def ids(self) -> list[str]:
        return [entry.id for entry in self.entries]

    def get(self, term_id: str) -> VocabularyEntry:
        for entry in self.entries:
            if entry.id == term_id:
                return entry
        raise KeyError(term_id)

    @functools.cached_property
    def _by_folded_spelling(self) -> dict[str, VocabularyEntry]:
        # Built once: resolve() runs for every tag of every case.
        lookup: dict[str, VocabularyEntry] = {}
        for entry in self.entries:
            for spelling in (entry.id, entry.label, *entry.aliases):
                lookup.setdefault(fold(spelling), entry)
        return lookup

    def resolve(self, value: str) -> VocabularyEntry | None:
        """Find an entry by id, label or alias, ignoring case and accents."""
        return self._by_folded_spelling.get(fold(value))

    def suggest(self, value: str) -> str | None:
        """The closest known spelling, for a 'bedoelde je ...?' hint."""
        spellings = {}
        for entry in self.entries:
            for spelling in (entry.id, entry.label, *entry.aliases):
                spellings.setdefault(fold(spelling), entry)
        match = difflib.get_close_matches(fold(str(value)), list(spellings), n=1, cutoff=0.6)
        if not match:
            return None
        return self.written_form(spellings[match[0]])

    def written_form(self, entry: VocabularyEntry) -> str:
        """The form contributors write in a case: ids for tags, labels for provinces."""
        return entry.label if KIND_BY_NAME[self.kind].written_as_label else entry.id


@dataclass(frozen=True)
class Vocabularies:
    vocabularies: dict[str, Vocabulary]  # by kind, in the order of KINDS
    fingerprint: str  # changes whenever any vocabulary file changes

    def by_kind(self, kind: str) -> Vocabulary:
        return self.vocabularies[kind]

    @property
    def building_blocks(self) -> Vocabulary:
        return self.vocabularies["bouwstenen"]

    @property
    def carriers(self) -> Vocabulary:
        return self.vocabularies["dragers"]

    @property
    def steps(self) -> Vocabulary:
        return self.vocabularies["stappen"]

    @property
    def provinces(self) -> Vocabulary:
        return self.vocabularies["provincies"]

    @property
    def roles(self) -> Vocabulary:
        return self.vocabularies["rollen"]

    @property
    def review_statuses(self) -> Vocabulary:
        return self.vocabularies["controle"]


def load_vocabularies(schema_dir: Path) -> Vocabularies:
    """Read and validate ``schema/<kind>.yml`` for every vocabulary kind."""
    loaded: dict[str, Vocabulary] = {}
    contents: list[tuple[str, bytes]] = []
    try:  # never read through a link out of the project
        outside = outside_vocabulary_file(schema_dir)
    except (OSError, RuntimeError):
        outside = None  # a missing file: reading it says so below
    if outside is not None:
        raise VocabularyError(f"{outside[0]}: {outside_message(*outside)}")
    for kind in VOCABULARY_FILES:
        path = vocabulary_path(schema_dir, kind)
        try:
            raw = path.read_bytes()
            data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise VocabularyError(f"{path}: kan de woordenlijst niet lezen: {error}") from error
        contents.append((kind, raw))
        if not isinstance(data, list) or not data:
            raise VocabularyError(f"{path}: moet een niet-lege lijst van termen zijn")
        entries, problems = [], []
        for index, item in enumerate(data):
            try:
                entries.append(VocabularyEntry.model_validate(item))
            except ValidationError as error:
                problems.append((index, item, error))
        if problems:  # every invalid term of the file at once, in Dutch, at its line
            raise VocabularyError(invalid_terms_message(
                path, raw.decode("utf-8"), problems, SAFE_LOADER,
                [field.alias or name for name, field in VocabularyEntry.model_fields.items()]))
        ids = [entry.id for entry in entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise VocabularyError(f"{path}: dubbele id's: {', '.join(duplicates)}")
        loaded[kind] = Vocabulary(kind, tuple(entries))
    return Vocabularies(loaded, fingerprint=fingerprint_of(contents))
