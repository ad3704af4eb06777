"""The query language: what a user types, parsed into a Whoosh query.

Used by `searcher.py`. Words are ANDed; "quoted phrases" become the adjacent
word pairs of the pair field (see `analysis.py`); ( groups ) and the operators
AND/OR/NOT work in English and Dutch (EN/OF/NIET). No field syntax, wildcards,
ranges or boosts: a colon or an asterisk in a search box is almost always meant
literally, and a bare `*` would expand to every term in the index. A query
whose syntax does not add up is searched as its plain words.
"""

from __future__ import annotations

import re

from whoosh.qparser import OperatorsPlugin, PhrasePlugin, QueryParser, plugins
from whoosh.qparser.taggers import RegexTagger
from whoosh.query import And, AndMaybe, ConstantScoreQuery, NullQuery, Or, Term

from .analysis import WORD, WORDS, index_term, phrase_term
from .schema import ALL_PAIRS, ALL_TEXT, BONUS_FIELDS

BINARY_OPERATORS = {"AND", "OR", "EN", "OF"}
UNARY_OPERATORS = {"NOT", "NIET"}
# A quoted string, a parenthesis, or a run of anything else: each alternative
# is a single character class or a literal, so the scan is linear.
_QUERY_TOKENS = re.compile(r'"[^"]*"|[()]|[^\s()"]+')
_LITERAL_SEPARATORS = re.compile(r'[\s()"]+')


class _PairPhrasePlugin(PhrasePlugin):
    """Quoted phrases, answered from the word-pair fields."""

    class PairPhraseNode(PhrasePlugin.PhraseNode):
        has_fieldname = False  # it becomes pair terms, not a phrase in the default field

        def query(self, parser):
            return phrase_query(self.text)

    class PairPhraseTagger(RegexTagger):
        def create(self, parser, match):
            return _PairPhrasePlugin.PairPhraseNode(match.group("text"), match.start("text"))

    def taggers(self, parser):
        return [(self.PairPhraseTagger(self.expr), 0)]


# What a pair of two stopwords in a phrase adds to the score of every case it matches.
# Whoosh's constant-score matcher treats 0 as "no constant given", and a constant
# added to every match of the phrase leaves their order as it is.
STOPWORD_PAIR_SCORE = 1.0


class MatchOnly(ConstantScoreQuery):
    """Whoosh's ConstantScoreQuery (STOPWORD_PAIR_SCORE for every match), with the `boost`
    every other Whoosh query has: Whoosh's And reads it when it merges an And within an
    And, and ConstantScoreQuery lacks it."""

    boost = 1.0

    def __init__(self, child, score: float = STOPWORD_PAIR_SCORE):
        super().__init__(child, score)


def query_parser(schema) -> QueryParser:
    """Words (AND by default), "phrases", ( groups ) and the operators in English or Dutch."""
    parser = QueryParser(ALL_TEXT, schema)
    for plugin in (plugins.SingleQuotePlugin, plugins.FieldsPlugin, plugins.WildcardPlugin,
                   plugins.PhrasePlugin, plugins.RangePlugin, plugins.BoostPlugin,
                   plugins.EveryPlugin):
        parser.remove_plugin_class(plugin)
    parser.add_plugin(_PairPhrasePlugin())
    parser.replace_plugin(OperatorsPlugin(
        And=r"(?<=[\s)])(AND|EN)(?=[\s(])", Or=r"(?<=[\s)])(OR|OF)(?=[\s(])",
        Not=r"(^|(?<=(\s|[()])))(NOT|NIET)(?=\s)", AndNot=None, AndMaybe=None))
    return parser


def parse_query(parser: QueryParser, text: str):
    """(query, searched_literally); query None for an empty text, NullQuery for stopwords only."""
    if not text or not text.strip():
        return None, False
    if not well_formed(text):
        return literal_query(text), True
    try:
        return parser.parse(text), False
    except Exception:
        # Whoosh's parser is lenient, but a query is user input: never a traceback.
        return literal_query(text), True


def well_formed(text: str) -> bool:
    """Quotes and parentheses pair up, and every operator has something to work on.

    Whoosh would quietly read `wijk AND` as the words 'wijk' and 'and'; we would
    rather search 'wijk' and say that the syntax was not understood.
    """
    if text.count('"') % 2:
        return False
    depth, expect_operand = 0, True
    for token in _QUERY_TOKENS.findall(text):
        if token == "(":
            depth, expect_operand = depth + 1, True
        elif token == ")":
            depth -= 1
            if depth < 0 or expect_operand:
                return False
        elif token in BINARY_OPERATORS:
            if expect_operand:
                return False
            expect_operand = True
        elif token in UNARY_OPERATORS:
            expect_operand = True
        else:
            expect_operand = False
    return depth == 0 and not expect_operand


def is_plain_words(text: str) -> bool:
    """Only words: no quotes, parentheses or operators (a query that partial matches may loosen)."""
    return not any(token in BINARY_OPERATORS | UNARY_OPERATORS or token[0] in '"()'
                   for token in _QUERY_TOKENS.findall(text))


def is_empty(query) -> bool:
    return query == NullQuery  # Whoosh's null query equals every copy of itself


def with_ranking_bonus(query):
    """The query, plus a bonus for its words in the bonus fields (schema.BONUS_FIELDS), each
    weighed as the word is in the query (a compound found for a word weighs less)."""
    weights: dict[tuple[str, str], float] = {}
    for leaf in query.leaves():
        if isinstance(leaf, Term):
            key = (leaf.fieldname, leaf.text)
            weights[key] = max(weights.get(key, 0.0), leaf.boost)
    bonus = [Term(field, text, boost=boost * weight)
             for (source, text), weight in weights.items()
             for field, boost in BONUS_FIELDS.get(source, {}).items()]
    return AndMaybe(query, Or(bonus)) if bonus else query


def _word_query(word: str):
    return Term(ALL_TEXT, word)


def literal_query(text: str):
    """Every word of the text, as if typed without any operator, quote or parenthesis."""
    plain = " ".join(word for word in _LITERAL_SEPARATORS.split(text)
                     if word not in BINARY_OPERATORS | UNARY_OPERATORS)
    words = list(dict.fromkeys(token.text for token in WORDS(plain, mode="query")))
    if not words:
        return NullQuery
    return And([_word_query(word) for word in words]) if len(words) > 1 else _word_query(words[0])


def phrase_query(text: str):
    """All adjacent word pairs of the phrase (a single word is just a word).

    A pair of two stopwords ("in de") is in nearly every case: it narrows the
    matches down but says nothing about which case is about the phrase, so it
    adds the same to every match (`MatchOnly`) instead of its BM25F score,
    which also spares BM25F a field length per matching case (the phrase
    "in de wijk" took 50 ms at 5,000 cases, now about 44). A phrase of
    stopwords only keeps its pairs scored.
    """
    words = WORD.findall(text)
    if len(words) < 2:
        return literal_query(text)
    pairs = {f"{phrase_term(first)}-{phrase_term(second)}": index_term(first) is None and index_term(second) is None
             for first, second in zip(words, words[1:])}
    scored = not all(pairs.values())
    terms = [MatchOnly(Term(ALL_PAIRS, pair)) if stopwords and scored else Term(ALL_PAIRS, pair)
             for pair, stopwords in pairs.items()]
    return And(terms) if len(terms) > 1 else terms[0]
