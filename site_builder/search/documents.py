"""What is indexed of a case: one Whoosh document per valid case record.

Used by `index.py` for full rebuilds and incremental updates. The searched
text is the body as the site renders it (`content.markdown_text.plain_text`),
so headings, entities, tables and admonitions read as words, never as markup;
the same plain text is stored to cut snippets from. The text fields are given
as lists of terms, analysed here once per distinct word (`analysis.analyse_for_index`):
Whoosh indexes a list as given, where a string would go through its analyser
token by token, once for the words and again for the word pairs.

Besides its own text, a case is indexed with the knowledge model it is tagged
with: the label, aliases, question and search words of each building block,
carrier, step and its province (`term_words`), and the explanation of each tag;
with its parties, by name and role ('Woonbron', 'Woningcorporatie'), as its page
shows them;
and with the other forms of its words (`word_forms.extra_index_words`, from
`word_forms.yml`), so that 'corporatie' finds 'corporaties', and with the synonyms
of its words and of the last parts of its compounds (`synonyms.yml`): a case that
says 'Volkshuisvestingsfonds' is found by 'subsidie', one with the theme
'bewonersparticipatie' by 'betrekken'. Only the case's
own text and the vocabularies go in: a case's terms never depend on another
case, so an update re-indexes only the cases that changed (a vocabulary change
rebuilds the index).
"""

from __future__ import annotations

import functools
from collections.abc import Container, Iterable

from ..content.catalog import CaseRecord
from ..content.kinds import TAG_KINDS
from ..content.markdown_text import plain_text
from ..content.vocabulary import Vocabularies, VocabularyEntry, fold
from ..content.wording import place_text
from .analysis import analyse_for_index, index_term, stem
from .schema import (
    ACTIVE_FROM,
    ACTIVE_UNTIL,
    ALL_PAIRS,
    ALL_TEXT,
    FACET_COLUMN,
    FACET_FIELDS,
    KNOWLEDGE,
    REVERSED,
    SUMMARY,
    THEME_FIELD,
)
from .word_forms import MIN_COMPOUND, compound_heads, compound_synonyms, extra_index_words, load_word_forms


def theme_term(theme: str) -> str:
    """A theme as the index holds it: folded, its whitespace one space (never a line break)."""
    return " ".join(fold(theme).split())


def facet_column_value(facets: dict[str, list[str]]) -> bytes:
    """Every facet value of a case as "field value" lines, for the facet column."""
    lines = (f"{field} {value}" for field, values in facets.items() for value in values)
    return "\n".join(lines).encode("utf-8")


def term_words(entry: VocabularyEntry) -> str:
    """What a vocabulary term is searched by: its label, aliases, question and search words."""
    return " . ".join([entry.label, *entry.aliases, *([entry.question] if entry.question else []),
                       *entry.search_words])


def knowledge_texts(record: CaseRecord, vocabularies: Vocabularies, province) -> tuple[list[str], str]:
    """(the names and search words of each of the case's tags and its province, the
    explanations of its tags)."""
    case = record.case
    names, explanations = [], []
    for kind in TAG_KINDS:
        vocabulary = vocabularies.by_kind(kind.kind)
        for tag in case.tags(kind.kind):
            # A tag the source itself gives the case as an example of (grond: bron) counts
            # twice: the essay's own examples of "Lange adem" rank above the editors' readings.
            names += [term_words(vocabulary.get(tag.id))] * (2 if tag.is_source_example else 1)
            if tag.explanation:
                explanations.append(tag.explanation)
    if province is not None:
        names.append(term_words(province))
    return names, "\n".join(explanations)


def other_forms(text: str) -> list[str]:
    """The terms of the other forms of the text's words (word_forms.yml): a case with
    'betrokken' is found by 'betrekken' too, one with 'corporaties' by 'corporatie'."""
    return [term for term in map(index_term, extra_index_words(text)) if term is not None]


def head_terms(text: str, own: Container[str]) -> list[str]:
    """The terms of the last part of each compound in the text (`compound_heads`, with its
    other forms and synonyms), split
    against the case's own words: what a bonus field (title, themes, summary) also holds, so
    that 'corporatie' earns the bonus of the theme 'woningcorporaties'. Not for the place:
    Nieuwland is no kind of 'land'."""
    return [term for term in map(index_term, compound_heads(text, own)) if term is not None]


class CaseWords:
    """The words a case itself uses, as written or as index terms: what its title, place,
    themes and summary are split against, so that 'corporatie' earns the bonus of the theme
    'woningcorporaties' where the case also speaks of a 'woning' and of 'corporaties'.
    Only the case's own words, and the words the synonyms file names (a theme
    'bewonersparticipatie' is a 'participatie' in a case that never writes the word alone):
    its terms never depend on another case (the index stays incremental)."""

    def __init__(self, terms: list[str], also_known: Iterable[str] = ()):
        self.terms = set(terms).union(also_known)

    def __contains__(self, word: str) -> bool:
        # `word` is folded already (word_forms.split_compound); a stopword is never a term.
        return stem(word) in self.terms


@functools.cache
def synonym_stems() -> frozenset[str]:
    """The words of synonyms.yml as index terms: what every case's compounds are split against."""
    return frozenset(map(stem, load_word_forms().synonym_endings))


def reversed_terms(terms: list[str]) -> list[str]:
    """The long terms spelled backwards, each once: Whoosh's prefix look-up on them finds the
    compounds that end with a word ('tegdub' finds 'bewonersbudget')."""
    return [term[::-1] for term in dict.fromkeys(terms) if len(term) >= MIN_COMPOUND]


def case_document(record: CaseRecord, vocabularies: Vocabularies) -> dict:
    """The fields of one case, ready for `writer.add_document(**document)`."""
    case = record.case
    province = vocabularies.provinces.resolve(case.province) if case.province else None
    body = plain_text(record.body)
    places = [place for place in (case.municipality, case.neighbourhood, case.province) if place]
    labels = " . ".join([*places, *case.themes])
    tag_names, explanations = knowledge_texts(record, vocabularies, province)
    # Each tag's names once in the searched text, where they make the case match; a source's
    # own example counts twice only in the bonus field KNOWLEDGE. Twice in ALL_TEXT, a
    # search word counted as much there as a case that says the word itself.
    names_once, names = " . ".join(dict.fromkeys(tag_names)), " . ".join(tag_names)
    parties = " . ".join(f"{party.name} . {vocabularies.roles.get(party.role).label}" for party in case.parties)
    everything = "\n".join([case.title, labels, case.summary, names_once, explanations, parties, body])
    text_words, text_pairs = analyse_for_index(everything)
    text_words += other_forms(everything)
    own = CaseWords(text_words, synonym_stems())
    text_words += [term for term in map(index_term, compound_synonyms(everything, own)) if term is not None]
    title_words, title_pairs = analyse_for_index(case.title)
    label_words, label_pairs = analyse_for_index(labels)
    card = {
        "titel": case.title, "gemeente": case.municipality, "wijk": case.neighbourhood,
        "provincie": case.province, "samenvatting": case.summary,
        "plaats": place_text(case.municipality, case.province, case.is_national),
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
        ALL_TEXT: text_words,
        ALL_PAIRS: text_pairs, "titel_paren": title_pairs, "kenmerken_paren": label_pairs,
        "titel": title_words + other_forms(case.title) + head_terms(case.title, own),
        "kenmerken": label_words + other_forms(labels) + head_terms(" . ".join(case.themes), own),
        SUMMARY: analyse_for_index(case.summary)[0] + other_forms(case.summary) + head_terms(case.summary, own),
        KNOWLEDGE: analyse_for_index(names)[0] + other_forms(names),
        REVERSED: reversed_terms(text_words),
        # Facets are lists of whole terms, indexed as given.
        **facets,
        FACET_COLUMN: facet_column_value(facets),
    }
    active = case.active_years
    if active is not None:
        document[ACTIVE_FROM], document[ACTIVE_UNTIL] = active
    return document
