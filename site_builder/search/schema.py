"""What the index holds: its fields, and the format string that says when to rebuild.

Used by `documents.py` (which fills the fields), `index.py` (which creates the
index and compares formats) and `query.py`/`searcher.py` (which read the
fields). A case matches when its words are in ALL_TEXT (title, place, themes,
summary, body); a word that is also in the title or among the case's place and
themes adds a bonus to the ranking. Matching on one field rather than on seven
keeps a query to one posting list per word.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.system import pack_uint

from ..content.kinds import KINDS
from .analysis import WORD_PAIRS, WORDS

# Bump when the analysis changes: an index of another format is rebuilt. A
# change of the fields is noticed without a bump (see index_format).
INDEX_FORMAT = 4

ALL_TEXT, ALL_PAIRS = "alles", "alles_paren"
BONUS_FIELDS = {ALL_TEXT: {"titel": 2.0, "kenmerken": 1.0},
                ALL_PAIRS: {"titel_paren": 2.0, "kenmerken_paren": 1.0}}
# Facet kind (as in Vocabularies.by_kind) -> field holding the term ids.
FACET_FIELDS = {kind.kind: kind.index_field for kind in KINDS if kind.index_field}
THEME_FIELD = "facet_thema"

# Period columns: 0 stands for "no period" (start) and "still running" (end).
NO_YEAR = 0


class AnalysedText(TEXT):
    """A text field filled with terms already analysed (`analyse_for_index`): a list
    of terms, or {term: count} as `documents.case_document` gives them.

    Whoosh would pass such a list through its token machinery term by term;
    counting the terms directly gives the same postings and field length. A
    string is still analysed by the field's analyser, and queries always are.
    """

    def index(self, value, **kwargs):
        if isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        # As whoosh.formats.Frequency.word_values encodes a posting (phrase=False).
        boost = self.format.field_boost
        counts = value if isinstance(value, dict) else Counter(value)
        for term, count in counts.items():
            yield term.encode("utf-8"), count, count * boost, pack_uint(count)


def case_schema() -> Schema:
    fields = {
        "slug": ID(stored=True, unique=True, sortable=True),
        "content_hash": ID(stored=True, sortable=True),
        "titel_sorteer": ID(sortable=True),
        "kaart": STORED(),  # what a result shows, so a hit needs no file access
        "periode_start": NUMERIC(int, bits=32, sortable=True),
        "periode_eind": NUMERIC(int, bits=32, sortable=True),
        "body": STORED(),  # plain text, to cut snippets from
        THEME_FIELD: KEYWORD(scorable=False),
    }
    for words, pairs in ((ALL_TEXT, ALL_PAIRS), *zip(BONUS_FIELDS[ALL_TEXT], BONUS_FIELDS[ALL_PAIRS])):
        fields[words] = AnalysedText(WORDS, phrase=False)
        fields[pairs] = AnalysedText(WORD_PAIRS, phrase=False)
    for name in FACET_FIELDS.values():
        fields[name] = KEYWORD(scorable=False)
    return Schema(**fields)


def index_format(schema: Schema | None = None) -> str:
    """The index format: INDEX_FORMAT plus every field's name and type."""
    schema = schema or case_schema()
    fields = ",".join(f"{name}:{type(field).__name__}" for name, field in sorted(schema.items()))
    return f"whoosh-{INDEX_FORMAT}-{hashlib.sha256(fields.encode()).hexdigest()[:16]}"
