"""The kinds of controlled vocabulary: the one table every stage reads.

Kept apart from `vocabulary` (which loads and validates the YAML files with
Pydantic) so that code needing only the table, such as the Dutch wording of
counts or `wijkwijzer search` on a fresh index, starts without importing
Pydantic. `vocabulary` re-exports everything here.
"""

from __future__ import annotations

from dataclasses import dataclass


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
    VocabularyKind("controle", "controlestatus", "controlestatussen", "Controlestatus", "review", "WW206",
                   None, None, has_pages=False, is_tag=False),
)
KIND_BY_NAME: dict[str, VocabularyKind] = {kind.kind: kind for kind in KINDS}
TAG_KINDS: tuple[VocabularyKind, ...] = tuple(kind for kind in KINDS if kind.is_tag)
VOCABULARY_FILES = tuple(kind.kind for kind in KINDS)
