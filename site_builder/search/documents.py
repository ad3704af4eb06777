"""What is indexed of a case: one Whoosh document per valid case record.

Used by `index.py` for full rebuilds and incremental updates. The searched
text is the body as the site renders it (`content.markdown_text.plain_text`),
so headings, entities, tables and admonitions read as words, never as markup;
the same plain text is stored to cut snippets from. The text fields are given
as lists of terms, analysed here once per distinct word (`analysis.analyse_for_index`):
Whoosh indexes a list as given, where a string would go through its analyser
token by token, once for the words and again for the word pairs.
"""

from __future__ import annotations

from ..content.catalog import CaseRecord
from ..content.markdown_text import plain_text
from ..content.vocabulary import Vocabularies, fold
from .analysis import analyse_for_index
from .schema import ACTIVE_FROM, ACTIVE_UNTIL, ALL_PAIRS, ALL_TEXT, FACET_COLUMN, FACET_FIELDS, THEME_FIELD


def theme_term(theme: str) -> str:
    """A theme as the index holds it: folded, its whitespace one space (never a line break)."""
    return " ".join(fold(theme).split())


def facet_column_value(facets: dict[str, list[str]]) -> bytes:
    """Every facet value of a case as "field value" lines, for the facet column."""
    lines = (f"{field} {value}" for field, values in facets.items() for value in values)
    return "\n".join(lines).encode("utf-8")


def case_document(record: CaseRecord, vocabularies: Vocabularies) -> dict:
    """The fields of one case, ready for `writer.add_document(**document)`."""
    case = record.case
    province = vocabularies.provinces.resolve(case.province) if case.province else None
    body = plain_text(record.body)
    places = [place for place in (case.municipality, case.neighbourhood, case.province) if place]
    labels = " . ".join([*places, *case.themes])
    everything = "\n".join([case.title, labels, case.summary, body])
    text_words, text_pairs = analyse_for_index(everything)
    title_words, title_pairs = analyse_for_index(case.title)
    label_words, label_pairs = analyse_for_index(labels)
    card = {
        "titel": case.title, "gemeente": case.municipality, "wijk": case.neighbourhood,
        "provincie": case.province, "samenvatting": case.summary,
        "bouwstenen": list(case.building_blocks), "dragers": list(case.carriers),
        "stappen": list(case.steps), "themas": list(case.themes),
        "periode": [case.period.start, case.period.end] if case.period and case.period.start else None,
    }
    facets = {
        FACET_FIELDS["bouwstenen"]: list(case.building_blocks),
        FACET_FIELDS["dragers"]: list(case.carriers),
        FACET_FIELDS["stappen"]: list(case.steps),
        FACET_FIELDS["provincies"]: [province.id] if province else [],
        THEME_FIELD: [theme_term(theme) for theme in case.themes],
    }
    document = {
        "slug": record.slug, "content_hash": record.content_hash,
        "titel_sorteer": fold(case.title), "kaart": card, "body": body,
        ALL_TEXT: text_words, "titel": title_words, "kenmerken": label_words,
        ALL_PAIRS: text_pairs, "titel_paren": title_pairs, "kenmerken_paren": label_pairs,
        # Facets are lists of whole terms, indexed as given.
        **facets,
        FACET_COLUMN: facet_column_value(facets),
    }
    active = case.active_years
    if active is not None:
        document[ACTIVE_FROM], document[ACTIVE_UNTIL] = active
    return document
