"""What the index holds: its fields, and the format string that says when to rebuild.

Used by `documents.py` (which fills the fields), `index.py` (which creates the
index and compares formats) and `query.py`/`searcher.py` (which read the
fields). A case matches when its words are in ALL_TEXT (title, place, themes,
summary, body); a word that is also in the title or among the case's place and
themes adds a bonus to the ranking. Matching on one field rather than on seven
keeps a query to one posting list per word. Every field is one of Whoosh's own
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

# Bump when the analysis or the meaning of a field changes: an index of another
# format is rebuilt. A change of the fields is noticed without a bump (see index_format).
INDEX_FORMAT = 5

ALL_TEXT, ALL_PAIRS = "alles", "alles_paren"
BONUS_FIELDS = {ALL_TEXT: {"titel": 2.0, "kenmerken": 1.0},
                ALL_PAIRS: {"titel_paren": 2.0, "kenmerken_paren": 1.0}}
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
    for words, pairs in ((ALL_TEXT, ALL_PAIRS), *zip(BONUS_FIELDS[ALL_TEXT], BONUS_FIELDS[ALL_PAIRS])):
        fields[words] = TEXT(analyzer=WORDS, phrase=False)
        fields[pairs] = TEXT(analyzer=WORD_PAIRS, phrase=False)
    for name in FACET_FIELDS.values():
        fields[name] = KEYWORD(scorable=False)
    return Schema(**fields)


def facet_fields() -> list[str]:
    """The fields whose values the facet column holds: every vocabulary facet, then themes."""
    return [*FACET_FIELDS.values(), THEME_FIELD]


def index_format(schema: Schema | None = None) -> str:
    """The index format: INDEX_FORMAT plus every field's name and type."""
    schema = schema or case_schema()
    fields = ",".join(f"{name}:{type(field).__name__}" for name, field in sorted(schema.items()))
    return f"whoosh-{INDEX_FORMAT}-{hashlib.sha256(fields.encode()).hexdigest()[:16]}"
