"""The words of the site search beyond Pagefind's own: extra index words and the word list.

Part of the site-search stage (site_search.py), run in `wijkwijzer build` once the
engine has written every page. Two jobs, both over the text of the pages marked
for the index (the marked part only, tags left out, entities read):

- `SiteWords.extra_words(page)`: the words a page should also be found by, from
  the analysis the CLI search uses too (site_builder.search.word_forms:
  `extra_index_words`): the other forms of a word that Pagefind's Dutch stemmer
  keeps apart ('betrokken' also as 'betrekken', 'corporaties' as 'corporatie')
  and the parts of its compounds, split against the words of the whole site
  ('bewonersbudget' also as 'bewoners' and 'budget'; 'langetermijn' as 'lange'
  and 'termijn'). `with_extra_words` puts them at the end of the page's marked
  part as a Pagefind metadata field, `woordvormen` (templates/search/extra_words.html),
  in the copy of the page that Pagefind reads: the published page stays as it
  is. Pagefind searches metadata fields but leaves them out of the excerpt (an
  attribute in the indexed text, data-pagefind-index-attrs, showed the list of
  words in the excerpt of a page found by them alone).
  What the page says it is about, its title (first heading) and its themes (the
  metadata field `themas`), has its extra words in fields of their own,
  `titelvormen` and `themavormen`, weighted as the title and the themes
  (assets/zoeken.js), as the CLI's bonus fields hold the synonyms and compound
  heads of the title and themes (search/documents.py): the case 'Volkshuisvestingsfonds'
  is about a 'fonds', found as 'subsidie' (search/synonyms.yml) as strongly as by its title.
- `SiteWords.listing()`: the words with the number of pages each is on, written
  to `pagefind/woorden.json` for the search box (assets/zoeken.js), which fetches
  it only when a query's word occurs nowhere: to suggest a close word ("Bedoelde
  u ...?") or, when there is none, to split the word as a compound the site writes
  apart ('langetermijn': 'lange termijn'), by the CLI's rule.

Words are lower case without accents (folded), as zoeken.js folds a query word.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

from ..search.analysis import STOPWORDS, WORD, folded_word
from ..search.word_forms import compound_heads, extra_index_words, load_word_forms
from .templating import environment

MIN_LISTED_LETTERS = 3  # the shortest part of a compound (gas, wijk) the search box splits
LISTED_WORD = re.compile(r"[^\W\d_]{%d,}" % MIN_LISTED_LETTERS)
TAGS = re.compile(r"<[^>]+>")
DIV_TAGS = re.compile(rb"<(/?)div\b", re.IGNORECASE)
EXTRA_WORDS_TEMPLATE = "search/extra_words.html"
THEMES_META = b'data-pagefind-meta="themas[content]" content="'  # theme/partials/wijkwijzer-head.html


def marked_span(data: bytes, start: int) -> tuple[int, int]:
    """Where the marked <div> (its marker at `start`, theme/main.html) ends: the offsets of
    its closing tag and of the end of the marked part, found by counting the divs opened
    and closed after the marker: linear in the page. A page cut short ends at its end."""
    depth = 1  # inside the marked div
    for tag in DIV_TAGS.finditer(data, start):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start(), tag.end()
    return len(data), len(data)


def marked_text(data: bytes, start: int, closing: int | None = None) -> str:
    """The text of a page's marked part, as a reader reads it (`closing`: where
    `marked_span` found its closing tag, when the caller has it already)."""
    if closing is None:
        closing, _end = marked_span(data, start)
    return html.unescape(TAGS.sub(" ", data[start:closing].decode("utf-8", errors="replace")))


def title_text(data: bytes, start: int, closing: int) -> str:
    """The text of the page's first heading in its marked part (Pagefind's title), found with
    plain string searches: linear in the page."""
    heading = data.find(b"<h1", start, closing)
    if heading < 0:
        return ""
    end = data.find(b"</h1>", heading, closing)
    return html.unescape(TAGS.sub(" ", data[heading:end if end >= 0 else closing].decode("utf-8", errors="replace")))


def themes_text(data: bytes, start: int) -> str:
    """The page's themes, as its `themas` metadata in the head holds them ('' for none)."""
    themes = data.find(THEMES_META, 0, start)
    if themes < 0:
        return ""
    begin = themes + len(THEMES_META)
    return html.unescape(data[begin:data.find(b'"', begin)].decode("utf-8", errors="replace"))


class SiteWords:
    """The folded words of the indexed pages, counted by pages, and what follows from them."""

    def __init__(self) -> None:
        self.pages_with: Counter[str] = Counter()
        self.forms = load_word_forms()
        # Each distinct word's extra words, worked out once for the whole site: a page
        # of 2,000 words has some 600 distinct ones, most of them on many pages.
        self.extra_of: dict[str, tuple[str, ...]] = {}

    def count(self, data: bytes, start: int) -> None:
        """Count the words of one page (its bytes, the marker at `start`)."""
        self.pages_with.update({folded_word(word) for word in WORD.findall(marked_text(data, start))})

    def listing(self) -> list[tuple[str, int]]:
        """The word list for suggestions and for splitting a query's compound: words of
        MIN_LISTED_LETTERS letters or more, without stopwords (as the CLI's analysis)."""
        return sorted((word, count) for word, count in self.pages_with.items()
                      if LISTED_WORD.fullmatch(word) and word not in STOPWORDS)

    def extra_words(self, text: str) -> list[str]:
        """What `extra_index_words` gives for the text, word by word (its extra words are
        each word's own), each word's once for the site: the new words, in order."""
        own = dict.fromkeys(folded_word(token) for token in WORD.findall(text))
        extra: dict[str, None] = {}
        for word in own:
            found = self.extra_of.get(word)
            if found is None:
                found = self.extra_of[word] = tuple(extra_index_words(word, self.pages_with, self.forms))
            extra.update(dict.fromkeys(found))
        return [word for word in extra if word not in own]

    def subject_words(self, text: str) -> list[str]:
        """The extra words of what a page is about (its title or themes), as the CLI's bonus
        fields hold them: the synonyms of each word, and the last part of each compound with
        its forms and synonyms (`compound_heads`; not every part: a 'wijkvernieuwing' is no
        'wijk'). Not a word's own other forms: Pagefind's stemmer matches most of them in the
        title and themes already, and a second match at the same weight would count the
        theme twice ('wijkvisies' lifted the cases with the theme 'wijkvisie' over its term)."""
        own = dict.fromkeys(folded_word(token) for token in WORD.findall(text))
        extra: dict[str, None] = {}
        for word in own:
            extra.update(dict.fromkeys(self.forms.synonyms_of(word)))
        extra.update(dict.fromkeys(compound_heads(text, self.pages_with, self.forms)))
        return [word for word in extra if word not in own]

    def with_extra_words(self, data: bytes, start: int) -> bytes:
        """The page with its extra index words at the end of its marked part (or as it is)."""
        closing, _end = marked_span(data, start)  # once: the text and the insertion point
        words = {
            "words": self.extra_words(marked_text(data, start, closing)),
            "title_words": self.subject_words(title_text(data, start, closing)),
            "theme_words": self.subject_words(themes_text(data, start)),
        }
        if not any(words.values()):
            return data
        element = environment().get_template(EXTRA_WORDS_TEMPLATE).render(**words).strip()
        return data[:closing] + element.encode("utf-8") + data[closing:]
