"""What a query word reaches in this index: itself, its compound parts, the compounds it is in, a close word.

Used by `searcher.py` for every search with words. Compounds are split
against the index's own lexicon (the terms of ALL_TEXT) with the same
`word_forms.split_compound` the site uses, both ways:

- a query compound finds text with its parts: 'bewonersbudget' also matches a
  case that has 'bewoners' and 'budget' (only when the compound itself is in
  fewer than SPLIT_BELOW cases: a word well attested as itself is searched as
  itself, or 'samenwerking' would also match every case with 'samen' and 'werk');
- a text compound is found by its parts: 'budget' also matches
  'bewonersbudget' (the compounds that end with the word, from the REVERSED
  field) and 'investering' also matches 'investeringsagenda' (those that start
  with it), when the rest is itself a word of the index.

Either way the alternatives weigh COMPOUND_WEIGHT of the word itself. A word
that reaches nothing gets a suggestion: the index term nearest to it by
Whoosh's own edit-distance look-up (`reader.terms_within`), shown as a word
of a case that holds it. Whoosh is used through its public reader and query
classes only.
"""

from __future__ import annotations

from whoosh.query import And, Or, Term
from whoosh.support.levenshtein import distance

from .analysis import WORD, folded_word, index_term, phrase_term
from .schema import ALL_TEXT, REVERSED
from .word_forms import LINKS, MIN_PART, split_compound

COMPOUND_WEIGHT = 0.5
SPLIT_BELOW = 3
MAX_COMPOUNDS = 12  # compounds a word reaches, at most
MAX_CANDIDATES = 300  # index terms looked at per word and direction
MAX_DISTANCE = 2  # edits between a word and its suggestion
WRITTEN_FORMS_FROM = 5  # cases read for the written forms of a suggested term


class QueryWords:
    """The words of one query text, and what each reaches in one open index."""

    def __init__(self, searcher, text: str):
        self._searcher = searcher
        self._reader = searcher.reader()
        self._known: dict[str, bool] = {}
        # The typed words by their term: a stem cuts too much to find compounds by ('gezond').
        self.surfaces: dict[str, list[str]] = {}
        for token in WORD.findall(text):
            term = index_term(token)
            if term is not None:
                self.surfaces.setdefault(term, [])
                folded = folded_word(token)
                if folded not in self.surfaces[term]:
                    self.surfaces[term].append(folded)

    def known(self, word: str) -> bool:
        """Whether the word, as it is or stemmed, is in the index's lexicon of ALL_TEXT (the part
        of a compound is a word as written: 'investering' in 'investeringsagenda')."""
        if word not in self._known:
            self._known[word] = any((ALL_TEXT, form) in self._reader for form in dict.fromkeys([word, phrase_term(word)]))
        return self._known[word]

    def as_term(self, word: str) -> str:
        """A known word as the lexicon holds it: as it is, or stemmed."""
        return word if (ALL_TEXT, word) in self._reader else phrase_term(word)

    def _splits(self, word: str) -> bool:
        return len(word) >= MIN_PART and (self.known(word) or split_compound(word, self.known) is not None)

    # Expanding a parsed query.

    def expand(self, query):
        """The query with every word of ALL_TEXT replaced by what it reaches (`reach`)."""
        return query.accept(self._expand_node)

    def _expand_node(self, node):
        if isinstance(node, Term) and node.fieldname == ALL_TEXT:
            return self.reach(node.text, node.boost)
        return node

    def reach(self, term: str, boost: float = 1.0):
        """One word's query: the term, or the term OR its compound parts OR the compounds it is in."""
        alternatives = [Term(ALL_TEXT, term, boost=boost)]
        if self._reader.doc_frequency(ALL_TEXT, term) < SPLIT_BELOW:
            parts = split_compound(term, self.known)
            if parts:
                alternatives.append(And([Term(ALL_TEXT, self.as_term(part), boost=boost * COMPOUND_WEIGHT)
                                         for part in parts]))
        alternatives += [Term(ALL_TEXT, compound, boost=boost * COMPOUND_WEIGHT)
                         for compound in self.compounds_with(term)]
        return Or(alternatives) if len(alternatives) > 1 else alternatives[0]

    def compounds_with(self, term: str) -> list[str]:
        """Index terms that are compounds starting or ending with the word (as term or as typed)."""
        found: dict[str, None] = {}
        for word in dict.fromkeys([term, *self.surfaces.get(term, [])]):
            if len(word) < MIN_PART:
                continue
            for candidate in self._limited(self._reader.expand_prefix(ALL_TEXT, word)):
                if candidate != term and self._compound_rest(candidate[len(word):], at_start=True):
                    found[candidate] = None
            for reversed_candidate in self._limited(self._reader.expand_prefix(REVERSED, word[::-1])):
                candidate = reversed_candidate[::-1]
                if candidate != term and self._compound_rest(candidate[: -len(word)], at_start=False):
                    found[candidate] = None
            if len(found) >= MAX_COMPOUNDS:
                break
        return list(found)[:MAX_COMPOUNDS]

    def _compound_rest(self, rest: str, at_start: bool) -> bool:
        """Whether what a compound has besides the word is a word (with a linking s, e, en)."""
        for link in LINKS:
            if at_start and rest.startswith(link) and self._splits(rest[len(link):]):
                return True
            if not at_start and rest.endswith(link) and self._splits(rest[: len(rest) - len(link)]):
                return True
        return False

    def _limited(self, terms):
        for number, term in enumerate(terms):
            if number >= MAX_CANDIDATES:
                return
            yield term.decode("utf-8") if isinstance(term, bytes) else term

    # Words that reach nothing.

    def unknown_terms(self) -> list[str]:
        """The query's terms that match no case, even as compound or compound part."""
        return [term for term in self.surfaces if not self._matches(term)]

    def _matches(self, term: str) -> bool:
        return next(iter(self._searcher.docs_for_query(self.reach(term))), None) is not None

    def suggestion(self, term: str) -> str | None:
        """A word of the index close to the term (nearest first, then the most common), or None,
        written as the cases write it (the written form nearest to what was typed)."""
        typed = self.surfaces.get(term, [term])[0]
        for most in range(1, MAX_DISTANCE + 1):
            candidates = [close for close in map(self._as_text, self._reader.terms_within(ALL_TEXT, term, most, prefix=1))
                          if close != term]
            if candidates:
                best = max(candidates, key=lambda close: (self._reader.doc_frequency(ALL_TEXT, close), close))
                return self.written_word(best, typed)
        return None

    @staticmethod
    def _as_text(term) -> str:
        return term.decode("utf-8") if isinstance(term, bytes) else term

    def written_word(self, term: str, typed: str) -> str:
        """The term as the cases write it: of the words with this term in the first few cases
        that hold it, the one nearest to what was typed."""
        forms: set[str] = set()
        for number, doc in enumerate(self._searcher.docs_for_query(Term(ALL_TEXT, term))):
            if number >= WRITTEN_FORMS_FROM:
                break
            stored = self._searcher.stored_fields(doc)
            card = stored["kaart"]
            for text in (card["titel"], card["samenvatting"], stored["body"]):
                forms.update(folded_word(token) for token in WORD.findall(text) if index_term(token) == term)
        return min(forms, key=lambda form: (distance(form, typed), form)) if forms else term
