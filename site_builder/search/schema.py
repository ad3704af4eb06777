"""What the index holds: its fields, and the format string that says when to rebuild.

Used by `documents.py` (which fills the fields), `index.py` (which creates the
index and compares formats) and `query.py`/`searcher.py` (which read the
fields). A case matches when its words are in ALL_TEXT (title, place, themes,
summary, the knowledge model, the parties, body); a word that is also in the title, the
summary, the tag names or the place and themes adds a bonus to the ranking.
Matching on one field rather than on seven keeps a query to one posting list
per word.

The knowledge model is searched: ALL_TEXT holds, besides the case's own text,
the label, aliases, question and search words of every building block,
carrier, step and province the case is tagged with, and the explanation
(`toelichting`) of each of its tags; the names and search words are also the
bonus field KNOWLEDGE, so "lange termijn" reaches the cases tagged "Lange
adem" when the vocabulary gives it as a search word.

Ranking is Whoosh's BM25F over ALL_TEXT plus the bonus fields, each with the
weight in BONUS_FIELDS (a match there adds the field's BM25F score times the
weight): the title weighs most (3), then the summary and the place and themes
(1.5), then the tag names and search words (1); body text, parties and tag
explanations count only through ALL_TEXT (1). The tag names weigh no more than
the text because ALL_TEXT holds them already (once per tag): every case tagged
"Lange adem" has its search words, so a heavier bonus lifted the tagged cases
as a group over the case whose own text says the word ("continuïteit": the LSA
case, which says it twice, came fourth at 2, first at 1; benchmarks/README.md,
Relevantie). The
title, the themes and the summary also hold the last part of each of their
compounds (`word_forms.compound_heads`; not the place names), with its synonyms
(`synonyms.yml`): the theme 'woningcorporaties' earns the bonus for 'corporatie', the
title 'Volkshuisvestingsfonds' the bonus for 'subsidie'. A tag the source itself gives
the case as an example of (`grond: bron`) has its names twice in KNOWLEDGE (and once in ALL_TEXT),
and KNOWLEDGE is not normalised by length (FIELD_LENGTH_NORMALISATION). REVERSED holds the long words
spelled backwards, so that a query word finds the compounds that end with it
through Whoosh's prefix look-up (see `expansion.py`). Every field is one of Whoosh's own
field types: the text fields are filled with lists of analysed terms, which
Whoosh indexes as given (see `documents.case_document`), and analyse queries
with the same Dutch analysers.
"""

from __future__ import annotations

import hashlib

from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..content.kinds import KINDS
from .analysis import WORD_PAIRS, WORDS
from .word_forms import word_forms_hash

# Bump when the analysis or the meaning of a field changes: an index of another
# format is rebuilt. A change of the fields is noticed without a bump (see index_format).
INDEX_FORMAT = 9  # 9: synonyms (synonyms.yml) of words and of compound heads

ALL_TEXT, ALL_PAIRS = "alles", "alles_paren"
TITLE, SUMMARY, LABELS, KNOWLEDGE = "titel", "samenvatting", "kenmerken", "kennis"
BONUS_FIELDS = {ALL_TEXT: {TITLE: 3.0, KNOWLEDGE: 1.0, SUMMARY: 1.5, LABELS: 1.5},
                ALL_PAIRS: {"titel_paren": 2.0, "kenmerken_paren": 1.0}}
REVERSED = "omgekeerd"
# BM25F's length normalisation per field (Whoosh's `fieldname_B`; 0.75 for the others): none
# for the tag names, where a case with more tags says no less about each of them.
FIELD_LENGTH_NORMALISATION = {KNOWLEDGE: 0.0}


def ranking():
    """Whoosh's BM25F with this index's length normalisation per field."""
    from whoosh.scoring import BM25F

    return BM25F(**{f"{name}_B": value for name, value in FIELD_LENGTH_NORMALISATION.items()})
# Facet kind (as in Vocabularies.by_kind) -> field holding the term ids.
FACET_FIELDS = {kind.kind: kind.index_field for kind in KINDS if kind.index_field}
THEME_FIELD = "facet_thema"
# Every facet value of a case in one column ("field value" lines), so that the
# counts over all hits of a search come from one column read, not from postings.
FACET_COLUMN = "facetten"
# The years the sources show a case active (`Case.active_years`), both ends counted.
ACTIVE_FROM, ACTIVE_UNTIL = "actief_van", "actief_tot"


def case_schema() -> Schema:
    fields = {
        "slug": ID(stored=True, unique=True, sortable=True),
        "content_hash": ID(stored=True, sortable=True),
        "titel_sorteer": ID(sortable=True),
        "kaart": STORED(),  # what a result shows, so a hit needs no file access
        "body": STORED(),  # plain text, to cut snippets from
        ACTIVE_FROM: NUMERIC(int, bits=32),
        ACTIVE_UNTIL: NUMERIC(int, bits=32),
        THEME_FIELD: KEYWORD(scorable=False),
        FACET_COLUMN: COLUMN(VarBytesColumn()),
    }
    for words, pairs in ((ALL_TEXT, ALL_PAIRS), (TITLE, "titel_paren"), (LABELS, "kenmerken_paren")):
        fields[words] = TEXT(analyzer=WORDS, phrase=False)
        fields[pairs] = TEXT(analyzer=WORD_PAIRS, phrase=False)
    for name in (SUMMARY, KNOWLEDGE):
        fields[name] = TEXT(analyzer=WORDS, phrase=False)
    fields[REVERSED] = KEYWORD(scorable=False)
    for name in FACET_FIELDS.values():
        fields[name] = KEYWORD(scorable=False)
    return Schema(**fields)


def facet_fields() -> list[str]:
    """The fields whose values the facet column holds: every vocabulary facet, then themes."""
    return [*FACET_FIELDS.values(), THEME_FIELD]


def index_format(schema: Schema | None = None) -> str:
    """The index format: INDEX_FORMAT, every field's name and type, and the word forms and synonyms files."""
    schema = schema or case_schema()
    fields = ",".join(f"{name}:{type(field).__name__}" for name, field in sorted(schema.items()))
    fields += f";{word_forms_hash()}"
    return f"whoosh-{INDEX_FORMAT}-{hashlib.sha256(fields.encode()).hexdigest()[:16]}"
