"""Dutch words as people write them: the extra words a text is indexed with.

One analysis for both searches. `extra_index_words(text, known_words)` gives
the words a text should also be found by, beyond its own:

- the other forms of a word that the Snowball stemmer keeps apart
  ('betrokken' -> 'betrekken', 'corporaties' -> 'corporatie' and back), from
  the data file `word_forms.yml` next to this module (documented there);
- the everyday words for a concept the cases write in the field's own terms
  ('participatie' -> 'betrekken', 'fonds' -> 'subsidie'), from the editorial
  list `synonyms.yml` (one way, each with its reason), for a word and for the
  last part of a compound ('bewonersparticipatie' is a 'participatie');
- the parts of a compound, split against the corpus's own vocabulary
  (`known_words`): 'bewonersbudget' -> 'bewoners', 'budget' when both occur
  on their own somewhere in the corpus.

The CLI index (`documents.py`) adds the word forms at index time (a case's
terms never depend on other cases, so the index stays incremental) and splits
compounds at query time against the index's own lexicon (`expansion.py`),
with the same `split_compound`. The site search (Pagefind) adds both to a
page's indexed text at build time, when the whole corpus is known.

Loaded when an index is built or the site is made, never by a search on a
current index (which reads no YAML).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, field, replace
from importlib import resources

from .analysis import STOPWORDS, WORD, folded_word

WORD_FORMS_FILE = "word_forms.yml"
SYNONYMS_FILE = "synonyms.yml"
# A compound has at least this many letters, each part at least MIN_PART (gas, wijk).
MIN_COMPOUND = 7
MIN_PART = 3
# What Dutch puts between the parts of a compound: bewoner-s-budget, lang-e-termijn, kind-er-en-opvang.
LINKS = ("", "s", "e", "en")


@dataclass(frozen=True)
class WordForms:
    endings: tuple[tuple[str, str, bool], ...]  # (plural ending, singular ending, also back), folded
    groups: dict[str, tuple[str, ...]]  # folded word -> every form of its group
    # A folded word of synonyms.yml, in each of its forms -> the folded words it is also found
    # by, with their forms: worked out once, so a text's word costs one look-up, no stemming.
    synonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    synonym_endings: tuple[str, ...] = ()  # the same words: what a compound may end with

    def other_forms(self, word: str) -> list[str]:
        """The folded word's other forms: its group, and its plural or singular by ending."""
        forms = [form for form in self.groups.get(word, ()) if form != word]
        for plural, singular, back in self.endings:
            if word.endswith(plural):
                forms.append(word[: -len(plural)] + singular)
            elif back and word.endswith(singular) and len(word) > len(singular) + 2:
                forms.append(word[: -len(singular)] + plural)
        return forms

    def synonyms_of(self, word: str) -> tuple[str, ...]:
        """The everyday words (synonyms.yml) the folded word is also found by, each in all its
        forms: 'fondsen' -> 'subsidie', 'subsidies', 'geld' (in any form of 'fonds'). The
        stored tuple itself: called for every word indexed, and most words have none."""
        return self.synonyms.get(word, ())


def data_text(name: str = WORD_FORMS_FILE) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


@functools.cache
def word_forms_hash() -> str:
    """The data files' hash: part of the index format, so an edit of either rebuilds the index."""
    return hashlib.sha256("\n".join(map(data_text, (WORD_FORMS_FILE, SYNONYMS_FILE))).encode("utf-8")).hexdigest()[:12]


@functools.cache
def load_word_forms() -> WordForms:
    import yaml  # only where an index is built or a site made

    data = yaml.safe_load(data_text(WORD_FORMS_FILE)) or {}
    endings = tuple((folded_word(entry["van"]), folded_word(entry["naar"]), bool(entry.get("terug")))
                    for entry in data.get("uitgangen", []))
    groups: dict[str, tuple[str, ...]] = {}
    for group in data.get("vormen", []):
        members = tuple(dict.fromkeys(folded_word(str(word)) for word in group))
        for member in members:
            groups[member] = members
    forms = WordForms(endings, groups)
    synonyms: dict[str, tuple[str, ...]] = {}
    for entry in yaml.safe_load(data_text(SYNONYMS_FILE)) or []:
        word = folded_word(str(entry["woord"]))
        others = [folded_word(str(other)) for other in entry["ook"]]
        found_by = [form for other in others for form in (other, *forms.other_forms(other))]
        # A word in any of its forms ('fondsen' as 'fonds'), a compound ending with any of them.
        for form in (word, *forms.other_forms(word)):
            synonyms[form] = tuple(other for other in dict.fromkeys([*synonyms.get(form, ()), *found_by])
                                   if other != form)
    return replace(forms, synonyms=synonyms, synonym_endings=tuple(synonyms))


def split_compound(word: str, is_known: Callable[[str], bool]) -> list[str] | None:
    """The parts of a compound, each known on its own, or None.

    `word` is folded (or a stem); `is_known` says whether a part occurs on its
    own in the corpus. The head is tried longest first, with or without a
    linking 's', 'e' or 'en'; the tail may itself be a compound. Linear in the
    word's length times the links: a handful of look-ups per word.
    """
    if len(word) < MIN_COMPOUND:
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, rest = word[:cut], word[cut:]
        if head in STOPWORDS or not is_known(head):
            continue
        for link in LINKS:
            if not rest.startswith(link):
                continue
            tail = rest[len(link):]
            if len(tail) < MIN_PART or tail in STOPWORDS:
                continue
            if is_known(tail):
                return [head, tail]
            deeper = split_compound(tail, is_known)
            if deeper:
                return [head, *deeper]
    return None


def extra_index_words(text: str, known_words: Container[str] | None = None,
                      forms: WordForms | None = None) -> list[str]:
    """The words `text` should also be found by: other word forms, synonyms, and compound parts.

    Words are folded (lower case, no accents); each appears once, in the order
    found. Compounds are split only with `known_words` (the folded words of the
    whole corpus); without it, only the word forms and the synonyms of whole words
    are given. A compound has the synonyms of its last part only: a
    'bewonersparticipatie' is a 'participatie', a 'participatietraject' is not.
    """
    forms = forms or load_word_forms()
    extra: dict[str, None] = {}
    seen: set[str] = set()
    for token in WORD.findall(text):
        word = folded_word(token)
        if word in seen:
            continue
        seen.add(word)
        for form in forms.other_forms(word):
            extra[form] = None
        extra.update(dict.fromkeys(forms.synonyms_of(word)))
        if known_words is not None:
            parts = split_compound(word, known_words.__contains__) or ()
            for part in parts:
                extra[part] = None
                extra.update(dict.fromkeys(forms.other_forms(part)))
            if parts:
                extra.update(dict.fromkeys(forms.synonyms_of(parts[-1])))
    return [word for word in extra if word not in seen]


def compound_heads(text: str, known_words: Container[str], forms: WordForms | None = None) -> list[str]:
    """The last part of each compound in `text` (split against `known_words`), with its other
    forms and its synonyms.

    A Dutch compound is a kind of its last part: a 'woningcorporatie' is a 'corporatie',
    a 'volkshuisvestingsfonds' a 'fonds', but a 'wijkvernieuwing' is no 'wijk'. So a
    title or theme that is a compound says what the case is about through its last part
    only: the CLI index ranks by it (documents.py), while every part still finds the text
    (`extra_index_words`). Folded words, each once, in the order found.
    """
    forms = forms or load_word_forms()
    heads: dict[str, None] = {}
    for token in WORD.findall(text):
        parts = split_compound(folded_word(token), known_words.__contains__)
        if parts:
            heads[parts[-1]] = None
            heads.update(dict.fromkeys(forms.other_forms(parts[-1])))
            heads.update(dict.fromkeys(forms.synonyms_of(parts[-1])))
    return list(heads)


def compound_synonyms(text: str, known_words: Container[str], forms: WordForms | None = None) -> list[str]:
    """The synonyms of the last part of each compound in `text` (split against `known_words`):
    a text that says 'Volkshuisvestingsfonds' is found by 'subsidie', as one that says 'fonds'.
    Only the words that end with a word of synonyms.yml are looked at (`words_ending_in`).
    Folded words, each once, in the order found."""
    forms = forms or load_word_forms()
    found: dict[str, None] = {}
    for word in words_ending_in(text, forms.synonym_endings):
        if len(word) >= MIN_COMPOUND:
            parts = split_compound(word, known_words.__contains__)
            if parts:
                found.update(dict.fromkeys(forms.synonyms_of(parts[-1])))
    return list(found)


def words_ending_in(text: str, endings: tuple[str, ...]) -> list[str]:
    """The folded words of `text` that end with one of the (lower-case) `endings`, each once.

    Found from each place an ending occurs (`str.find`), back to the start of its word,
    instead of cutting the whole text into words: a text is read once per ending, and each
    letter of a found word once more (linear). Called for every case the index holds.
    """
    lowered = text.lower()
    found: dict[str, None] = {}
    for ending in endings:
        at = lowered.find(ending)
        while at >= 0:
            end = at + len(ending)
            if end == len(lowered) or not is_word_character(lowered[end]):
                start = at
                while start > 0 and is_word_character(lowered[start - 1]):
                    start -= 1
                found[folded_word(lowered[start:end])] = None
            at = lowered.find(ending, end)
    return list(found)


def is_word_character(character: str) -> bool:
    """Whether a character belongs to a word, as WORD's \\w reads it (letters, digits, '_')."""
    return character.isalnum() or character == "_"


def known_words_of(texts: Iterable[str]) -> set[str]:
    """The folded words of a corpus, to split compounds against (`extra_index_words`)."""
    return {folded_word(token) for text in texts for token in WORD.findall(text)}
