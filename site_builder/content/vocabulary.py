"""The controlled vocabularies: building blocks, carriers, steps, provinces, roles.

They are data in ``schema/*.yml`` that editors change by pull request; this
module only loads and validates them and answers lookups ("is this a known
building block? what did you mean?"). No vocabulary term is hard-coded here.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

# libyaml's parser where PyYAML has it (the same data, several times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import VocabularyError


class VocabularySource(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(alias="titel")
    page: str | None = Field(default=None, alias="pagina")


class VocabularyEntry(BaseModel):
    """One term: a stable id (used in case files and URLs) and a Dutch label."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    label: str = Field(min_length=1)
    description: str | None = Field(default=None, alias="beschrijving")
    source: VocabularySource | None = Field(default=None, alias="bron")
    aliases: list[str] = Field(default_factory=list, alias="aliassen")


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
class VocabularyKind:
    """One kind of controlled vocabulary, and every name it goes by in every stage.

    This table is the one place that knows the kinds: the models, the validator,
    the site's pages, the finder, the search index and the CLI all read it. Adding
    a kind is a YAML file in schema/ and one row here.
    """

    kind: str  # file schema/<kind>.yml, the front-matter key and the URL folder, e.g. "bouwstenen"
    singular: str  # Dutch, lower case: "bouwsteen"
    plural: str  # Dutch, lower case: "bouwstenen"
    title: str  # Dutch, as a heading: "Bouwstenen"
    attribute: str  # the Case attribute holding the ids, e.g. "building_blocks"
    rule_code: str  # diagnostic code for an unknown term, e.g. "WW201"
    cli_option: str | None  # `wijkwijzer search` filter option, e.g. "--bouwsteen"
    index_field: str | None  # Whoosh facet field, e.g. "facet_bouwsteen"
    has_pages: bool  # whether the site has a page per term, at /<kind>/<id>/
    is_tag: bool  # a tag a case claims, with an explanation and its ground
    written_as_label: bool = False  # cases write the label ("Limburg"), not the id


KINDS: tuple[VocabularyKind, ...] = (
    VocabularyKind("bouwstenen", "bouwsteen", "bouwstenen", "Bouwstenen", "building_blocks", "WW201",
                   "--bouwsteen", "facet_bouwsteen", has_pages=True, is_tag=True),
    VocabularyKind("dragers", "drager", "dragers", "Dragers", "carriers", "WW202",
                   "--drager", "facet_drager", has_pages=True, is_tag=True),
    VocabularyKind("stappen", "stap", "stappen", "Stappen", "steps", "WW203",
                   "--stap", "facet_stap", has_pages=True, is_tag=True),
    VocabularyKind("provincies", "provincie", "provincies", "Provincies", "province", "WW204",
                   "--provincie", "facet_provincie", has_pages=True, is_tag=False, written_as_label=True),
    VocabularyKind("rollen", "rol", "rollen", "Rollen", "parties", "WW205",
                   None, None, has_pages=False, is_tag=False),
)
KIND_BY_NAME: dict[str, VocabularyKind] = {kind.kind: kind for kind in KINDS}
TAG_KINDS: tuple[VocabularyKind, ...] = tuple(kind for kind in KINDS if kind.is_tag)
VOCABULARY_FILES = tuple(kind.kind for kind in KINDS)


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


def load_vocabularies(schema_dir: Path) -> Vocabularies:
    """Read and validate ``schema/<kind>.yml`` for every vocabulary kind."""
    loaded: dict[str, Vocabulary] = {}
    digest = hashlib.sha256()
    for kind in VOCABULARY_FILES:
        path = schema_dir / f"{kind}.yml"
        try:
            raw = path.read_bytes()
            data = yaml.load(raw.decode("utf-8"), Loader=SAFE_LOADER)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise VocabularyError(f"{path}: kan de woordenlijst niet lezen: {error}") from error
        digest.update(kind.encode() + b"\0" + raw + b"\0")
        if not isinstance(data, list) or not data:
            raise VocabularyError(f"{path}: moet een niet-lege lijst van termen zijn")
        try:
            entries = tuple(VocabularyEntry.model_validate(item) for item in data)
        except ValidationError as error:
            raise VocabularyError(f"{path}: ongeldige term: {error}") from error
        ids = [entry.id for entry in entries]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise VocabularyError(f"{path}: dubbele id's: {', '.join(duplicates)}")
        loaded[kind] = Vocabulary(kind, entries)
    return Vocabularies(loaded, fingerprint=digest.hexdigest())
