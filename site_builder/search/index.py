"""Index stage: the full-text search index over the valid cases.

Pipeline: load -> validate -> **index** -> render pages -> mkdocs build.
`wijkwijzer index` and `wijkwijzer search` run this stage on a `Catalog` that
has no errors; it reads `CaseRecord`s and never reaches back into the loader.
This is the only module that imports Whoosh: another engine means rewriting
this file, not the CLI or the site. Where the files live and how a rebuild is
swapped in is `index_storage.py`'s job.

Dutch analysis. Words are lower-cased, accent-folded (coöperatie = cooperatie,
Fryslân = fryslan) and stemmed with the Snowball Dutch stemmer (wijken = wijk,
gezonde = gezondheid). Stopwords ("de", "van") are left out of the word fields:
they occur in every case, so they never narrow a search and only cost time.
Quoted phrases are answered from companion *pair* fields that index every two
adjacent words with the stopwords kept ("de gemeente" -> "de-gemeent"), so a
phrase is one term lookup per word pair instead of Whoosh's positional phrase
match, which runs in Python and took 1.3 s for "de gemeente" at 5,000 cases.

Freshness. Each case is stored with its `content_hash`; an update re-indexes
only the cases whose hash changed, appeared or disappeared (Whoosh commits
atomically: readers see the old or the new segment list). A changed vocabulary
or index format, a missing or unreadable index means a full rebuild into a new
generation folder.
"""

from __future__ import annotations

import functools
import hashlib
import heapq
import os
import re
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import (
    BiWordFilter,
    CharsetFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.lang import stopwords_for_language
from whoosh.qparser import OperatorsPlugin, PhrasePlugin, QueryParser, plugins
from whoosh.qparser.taggers import RegexTagger
from whoosh.query import And, AndMaybe, Not, NullQuery, Or, Term
from whoosh.support.charset import accent_map

from ..content.catalog import CaseRecord, Catalog, case_files
from ..content.loader import MAX_FILE_BYTES, slug_for
from ..content.vocabulary import Vocabularies, fold
from ..errors import IndexRefused, IndexUnavailable
from ..project import Project
from .snippets import Snippet, cut_snippet, plain_text
from .storage import IndexStorage

# Bump when the analysis changes: an index of another format is rebuilt. A change
# of the fields is noticed without a bump (see _format).
INDEX_FORMAT = 1

# Why a full rebuild happened, as shown to the user.
REBUILD_ASKED = "volledige herbouw gevraagd"
REBUILD_NO_INDEX = "nog geen index"
REBUILD_FORMAT = "indexformaat gewijzigd"
REBUILD_VOCABULARIES = "woordenlijsten in schema/ gewijzigd"
REBUILD_DAMAGED = "index was beschadigd"

# Period columns: 0 stands for "no period" (start) and "still running" (end).
NO_YEAR = 0

# From this many cases a full rebuild runs in parallel processes.
PARALLEL_FROM = 1000


# --- Analysis and schema -----------------------------------------------------------

# Whoosh's default token pattern also takes '*' (for wildcards); ours is words only.
WORD_PATTERN = r"\w+(?:\.?\w+)*"


def _dutch_words(keep_stopwords: bool):
    chain = RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | CharsetFilter(accent_map)
    if not keep_stopwords:
        chain = chain | StopFilter(stoplist=stopwords_for_language("nl"))
    return chain | StemFilter(lang="nl", cachesize=100_000)


WORDS = _dutch_words(keep_stopwords=False)
ALL_WORDS = _dutch_words(keep_stopwords=True)
WORD_PAIRS = ALL_WORDS | BiWordFilter(sep="-")
_WORD = re.compile(WORD_PATTERN)


@functools.lru_cache(maxsize=100_000)
def _index_term(word: str) -> str | None:
    """The term one word is indexed as in the word fields (None for stopwords)."""
    terms = [token.text for token in WORDS(word)]
    return terms[0] if len(terms) == 1 else None


@functools.lru_cache(maxsize=100_000)
def _phrase_term(word: str) -> str | None:
    """The term one word has in the pair fields (stopwords included)."""
    terms = [token.text for token in ALL_WORDS(word)]
    return terms[0] if len(terms) == 1 else None


def analyse_for_index(text: str) -> tuple[list[str], list[str]]:
    """The text's terms for a word field and for a pair field, as WORDS and WORD_PAIRS give them.

    Whoosh indexes a list of terms as given, so a case's text is cut into words
    once and each distinct word analysed once (cached), instead of running both
    filter chains over every word: a full rebuild takes about 30% less time.
    Queries still go through the chains; a test holds the two paths equal.
    """
    tokens = _WORD.findall(text)
    words = [term for term in map(_index_term, tokens) if term is not None]
    terms = [term for term in map(_phrase_term, tokens) if term is not None]
    pairs = [f"{first}-{second}" for first, second in zip(terms, terms[1:])] if len(terms) > 1 else terms
    return words, pairs


# A case matches when its words are in ALL_TEXT (title, place, themes, summary,
# body); a word that is also in the title or among the case's place and themes
# (gemeente, wijk, provincie, themas) adds a bonus to the ranking. Matching on one
# field rather than on seven keeps a query to one posting list per word; at 5,000
# cases that decides between about 25 and 75 ms for a word that every case has.
ALL_TEXT, ALL_PAIRS = "alles", "alles_paren"
BONUS_FIELDS = {ALL_TEXT: {"titel": 2.0, "kenmerken": 1.0},
                ALL_PAIRS: {"titel_paren": 2.0, "kenmerken_paren": 1.0}}
# Facet kind (as in Vocabularies.by_kind) -> field holding the term ids.
FACET_FIELDS = {"bouwstenen": "facet_bouwsteen", "dragers": "facet_drager",
                "stappen": "facet_stap", "provincies": "facet_provincie"}
THEME_FIELD = "facet_thema"


def _schema() -> Schema:
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
        fields[words] = TEXT(WORDS, phrase=False)
        fields[pairs] = TEXT(WORD_PAIRS, phrase=False)
    for name in FACET_FIELDS.values():
        fields[name] = KEYWORD(scorable=False)
    return Schema(**fields)


def _first_year(case) -> int:
    return case.period.start if case.period is not None and case.period.start is not None else NO_YEAR


def _last_known_year(case) -> int:
    """The last year the sources show the approach active: its end if they give one,
    else the year the information describes. Never "now": the sources do not say that."""
    if case.period is None or case.period.start is None:
        return NO_YEAR
    return case.period.end or case.information_year or case.period.start


def _document(record: CaseRecord, vocabularies: Vocabularies) -> dict:
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
    return {
        "slug": record.slug, "content_hash": record.content_hash,
        "titel_sorteer": fold(case.title), "kaart": card,
        "periode_start": _first_year(case),
        "periode_eind": _last_known_year(case),
        "body": body,
        ALL_TEXT: text_words, "titel": title_words, "kenmerken": label_words,
        ALL_PAIRS: text_pairs, "titel_paren": title_pairs, "kenmerken_paren": label_pairs,
        # Facets are lists of whole terms: Whoosh indexes a list as given.
        "facet_bouwsteen": list(case.building_blocks),
        "facet_drager": list(case.carriers),
        "facet_stap": list(case.steps),
        "facet_provincie": [province.id] if province else [],
        THEME_FIELD: [fold(theme) for theme in case.themes],
    }


# --- Building and updating ---------------------------------------------------------

@dataclass(frozen=True)
class IndexStats:
    """What an update did: how many cases were (re)written, and whether from scratch."""

    cases: int  # cases in the index afterwards
    reindexed: int  # documents written in this update
    added: int = 0
    changed: int = 0
    removed: int = 0
    rebuilt_because: str | None = None  # set when the whole index was rebuilt

    @property
    def full_rebuild(self) -> bool:
        return self.rebuilt_because is not None


def index_storage(project: Project) -> IndexStorage:
    return IndexStorage(project.state_dir / "index")


def _format() -> str:
    """The index format: INDEX_FORMAT plus every field's name and type."""
    fields = ",".join(f"{name}:{type(field).__name__}" for name, field in sorted(_schema().items()))
    return f"whoosh-{INDEX_FORMAT}-{hashlib.sha256(fields.encode()).hexdigest()[:16]}"


def _meta(vocabularies: Vocabularies) -> dict:
    return {"format": _format(), "vocabularies": vocabularies.fingerprint}


def _rebuild_reason(storage: IndexStorage, generation: Path | None,
                    vocabularies: Vocabularies) -> str | None:
    """Why the live index cannot be updated in place, or None when it can."""
    if generation is None:
        return REBUILD_NO_INDEX
    meta = storage.read_meta(generation)
    if meta.get("format") != _format():
        return REBUILD_FORMAT
    if meta.get("vocabularies") != vocabularies.fingerprint:
        return REBUILD_VOCABULARIES
    return None


def update_index(project: Project, catalog: Catalog, full: bool = False) -> IndexStats:
    """Bring the index in line with the catalog: changed cases only, or all when needed."""
    if catalog.errors:
        raise IndexRefused(len(catalog.errors))
    storage = index_storage(project)
    with storage.locked():
        generation = storage.current()
        reason = REBUILD_ASKED if full else _rebuild_reason(storage, generation, catalog.vocabularies)
        if reason is None:
            try:
                return _apply_changes(generation, catalog)
            except Exception:
                # Whatever Whoosh raises on a damaged index (pickle, struct, EOF,
                # missing segment files...), the cure is the same: rebuild it.
                reason = REBUILD_DAMAGED
        return _rebuild(storage, catalog, reason)


def _rebuild(storage: IndexStorage, catalog: Catalog, reason: str) -> IndexStats:
    building = storage.new_generation()
    try:
        ix = whoosh_index.create_in(str(building), _schema())
        writer = ix.writer(**_writer_options(len(catalog.cases)))
        for record in catalog.cases:
            writer.add_document(**_document(record, catalog.vocabularies))
        writer.commit()
        ix.close()
    except BaseException:
        storage.discard(building)
        raise
    storage.publish(building, _meta(catalog.vocabularies))
    count = len(catalog.cases)
    return IndexStats(cases=count, reindexed=count, added=count, rebuilt_because=reason)


def _writer_options(case_count: int) -> dict:
    """Analysis is pure Python, so a large rebuild uses every core (up to four).

    Each process writes its own segment and they are left unmerged
    (multisegment): merging would cost as much time as the parallelism saves.
    """
    processes = min(os.cpu_count() or 1, 4)
    if case_count < PARALLEL_FROM or processes < 2:
        return {"limitmb": 256}
    # Documents go to the processes in batches; small enough that every process gets some.
    batch = max(1, min(100, -(-case_count // processes)))
    return {"limitmb": 128, "procs": processes, "multisegment": True, "batchsize": batch}


def _apply_changes(generation: Path, catalog: Catalog) -> IndexStats:
    ix = whoosh_index.open_dir(str(generation))
    try:
        with ix.reader() as reader:
            indexed = _indexed_hashes(reader)
        wanted = catalog.by_slug()
        removed = sorted(set(indexed) - set(wanted))
        added = sorted(set(wanted) - set(indexed))
        changed = sorted(slug for slug in set(wanted) & set(indexed)
                         if wanted[slug].content_hash != indexed[slug])
        if removed or added or changed:
            writer = ix.writer(timeout=10.0)
            try:
                for slug in removed:
                    writer.delete_by_term("slug", slug)
                for slug in changed:
                    writer.update_document(**_document(wanted[slug], catalog.vocabularies))
                for slug in added:
                    writer.add_document(**_document(wanted[slug], catalog.vocabularies))
            except BaseException:
                writer.cancel()
                raise
            writer.commit()
    finally:
        ix.close()
    return IndexStats(cases=len(wanted), reindexed=len(added) + len(changed),
                      added=len(added), changed=len(changed), removed=len(removed))


def _indexed_hashes(reader) -> dict[str, str]:
    slugs = reader.column_reader("slug")
    hashes = reader.column_reader("content_hash")
    return {slugs[doc]: hashes[doc] for doc in reader.all_doc_ids()}


def file_content_hash(path: Path) -> str | None:
    """The hash the loader gives a case file (sha256 of its bytes), without parsing it.

    None for anything the loader would refuse to read (not a regular file, too big):
    such a file never matches the index, so the catalog is loaded and reports it.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def index_is_current(project: Project, vocabularies: Vocabularies) -> bool:
    """Cheap staleness check: hash the case files and compare with the index, no YAML parsing."""
    storage = index_storage(project)
    generation = storage.current()
    if _rebuild_reason(storage, generation, vocabularies) is not None:
        return False
    on_disk = {slug_for(path): file_content_hash(path) for path in case_files(project)}
    try:
        ix = whoosh_index.open_dir(str(generation))
        try:
            with ix.reader() as reader:
                return _indexed_hashes(reader) == on_disk
        finally:
            ix.close()
    except Exception:
        return False  # unreadable: stale; the update rebuilds it


# --- Searching ---------------------------------------------------------------------

@dataclass(frozen=True)
class SearchRequest:
    """A search with vocabulary filters already resolved to ids (see search.py)."""

    text: str = ""
    building_blocks: tuple[str, ...] = ()  # every one must be present
    carriers: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    province: str | None = None  # province id
    theme: str | None = None  # folded theme
    active_in: int | None = None  # a year
    limit: int = 10


@dataclass(frozen=True)
class SearchHit:
    slug: str
    title: str
    score: float
    municipality: str
    neighbourhood: str
    province: str
    summary: str
    building_blocks: list[str]
    carriers: list[str]
    steps: list[str]
    themes: list[str]
    period: tuple[int, int | None] | None
    snippet: Snippet


@dataclass
class SearchResults:
    hits: list[SearchHit]
    total: int  # all matching cases, not just the hits shown
    facets: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> id -> count
    searched_literally: bool = False  # the query's syntax was not understood
    only_stopwords: bool = False  # the query had nothing searchable


class SearchIndex:
    """A read-only view of the live index, kept open for any number of searches."""

    def __init__(self, ix):
        self._ix = ix
        self._searcher = ix.searcher()
        self._live = frozenset(self._searcher.reader().all_doc_ids())  # not deleted
        self._scorer = _QueryScorer(self._searcher, self._live)
        self._parser = _query_parser(ix.schema)
        self._term_docs: dict[str, dict[str, frozenset[int]]] = {}
        self._periods: dict[int, tuple[int, int]] | None = None

    @classmethod
    def open(cls, project: Project) -> "SearchIndex":
        storage = index_storage(project)
        # A rebuild may remove the generation between reading CURRENT and opening it.
        for attempt in range(4):
            generation = storage.current()
            if generation is None:
                break
            ix = None
            try:
                ix = whoosh_index.open_dir(str(generation))
                opened = cls(ix)
                _indexed_hashes(opened._searcher.reader())  # touch the data: fail now, not mid-search
                return opened
            except Exception:
                if ix is not None:
                    ix.close()
                time.sleep(0.01 * attempt)
        raise IndexUnavailable(str(storage.folder))

    def close(self) -> None:
        self._searcher.close()
        self._ix.close()

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __len__(self) -> int:
        return self._searcher.doc_count()

    def themes(self) -> dict[str, int]:
        """Every (folded) theme in the index with its number of cases."""
        return {theme: len(docs) for theme, docs in self._facet(THEME_FIELD).items()}

    def search(self, request: SearchRequest) -> SearchResults:
        allowed = self._filtered_docs(request)
        query, literally = self._parse(request.text)
        if query is None:
            # No words: list the filtered cases (all of them without filters) by title.
            matched = allowed if allowed is not None else self._live
            titles = self._searcher.reader().column_reader("titel_sorteer")
            ranked = [(doc, 0.0) for doc in sorted(matched, key=lambda d: titles[d])[:request.limit]]
            marks = QueryMarks()
        elif _is_empty(query):
            return SearchResults([], 0, searched_literally=literally, only_stopwords=True)
        else:
            scores = self._scorer.scores(with_ranking_bonus(query))
            if allowed is not None:
                scores = {doc: score for doc, score in scores.items() if doc in allowed}
            matched = frozenset(scores)
            # Best first; nlargest is stable, so equal scores keep one fixed order.
            best = heapq.nlargest(request.limit, scores, key=scores.__getitem__)
            ranked = [(doc, scores[doc]) for doc in best]
            marks = QueryMarks.of(request.text)
        return SearchResults(
            hits=[self._hit(doc, score, marks) for doc, score in ranked],
            total=len(matched),
            facets={kind: self._facet_counts(name, matched) for kind, name in FACET_FIELDS.items()},
            searched_literally=literally,
        )

    # Query text -> Whoosh query.

    def _parse(self, text: str):
        """(query, searched_literally); query None for an empty text, NullQuery for stopwords only."""
        if not text or not text.strip():
            return None, False
        if not well_formed(text):
            return _literal_query(text), True
        try:
            return self._parser.parse(text), False
        except Exception:
            # Whoosh's parser is lenient, but a query is user input: never a traceback.
            return _literal_query(text), True

    # Filters and facets, answered from cached posting sets.

    def _facet(self, fieldname: str) -> dict[str, frozenset[int]]:
        if fieldname not in self._term_docs:
            reader = self._searcher.reader()
            self._term_docs[fieldname] = {
                value: frozenset(reader.postings(fieldname, value).all_ids()) & self._live
                for value in reader.field_terms(fieldname)
            }
        return self._term_docs[fieldname]

    def _facet_counts(self, fieldname: str, matched) -> dict[str, int]:
        counts = {value: len(docs & matched) for value, docs in self._facet(fieldname).items()}
        return dict(sorted(((v, c) for v, c in counts.items() if c), key=lambda item: (-item[1], item[0])))

    def _filtered_docs(self, request: SearchRequest) -> frozenset[int] | None:
        wanted = [(FACET_FIELDS["bouwstenen"], value) for value in request.building_blocks]
        wanted += [(FACET_FIELDS["dragers"], value) for value in request.carriers]
        wanted += [(FACET_FIELDS["stappen"], value) for value in request.steps]
        if request.province:
            wanted.append((FACET_FIELDS["provincies"], request.province))
        if request.theme:
            wanted.append((THEME_FIELD, request.theme))
        if not wanted and request.active_in is None:
            return None
        docs = self._live
        for fieldname, value in wanted:
            docs = docs & self._facet(fieldname).get(value, frozenset())
        if request.active_in is not None:
            docs = docs & self._active_in(request.active_in)
        return docs

    def _active_in(self, year: int) -> frozenset[int]:
        """Cases whose sources show them active in the year: from the start up to the end,
        or, with no end known, up to the year the information describes."""
        if self._periods is None:
            reader = self._searcher.reader()
            starts, ends = reader.column_reader("periode_start"), reader.column_reader("periode_eind")
            self._periods = {doc: (starts[doc], ends[doc]) for doc in self._live}
        return frozenset(doc for doc, (start, end) in self._periods.items()
                         if start != NO_YEAR and start <= year <= end)

    # Hits and snippets.

    def _hit(self, docnum: int, score: float, marks: "QueryMarks") -> SearchHit:
        stored = self._searcher.stored_fields(docnum)
        card = stored["kaart"]
        snippet = snippet_for(stored["body"], marks) or cut_snippet(card["samenvatting"], [])
        return SearchHit(
            slug=stored["slug"], title=card["titel"], score=round(score, 3),
            municipality=card["gemeente"], neighbourhood=card["wijk"], province=card["provincie"],
            summary=card["samenvatting"], building_blocks=card["bouwstenen"],
            carriers=card["dragers"], steps=card["stappen"], themes=card["themas"],
            period=tuple(card["periode"]) if card["periode"] else None, snippet=snippet,
        )


def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
    return scores if boost == 1.0 else {doc: score * boost for doc, score in scores.items()}


class _QueryScorer:
    """Runs a parsed query over the postings: {document number: BM25 score} for every match.

    Whoosh would do this with a tree of matcher objects and a collector, calling
    several Python methods per document and per field; for a word that nearly
    every case contains that took 40-75 ms at 5,000 cases. Reading each term's
    postings once into a dict and combining the dicts with set operations gives
    the same matches and the same BM25 scores (Whoosh's formula, B=0.75, K1=1.2)
    in a fraction of that. Every match is scored, as the facet counts need them all.
    Query types the parser does not produce fall back to Whoosh, unscored.
    """

    B, K1 = 0.75, 1.2

    def __init__(self, searcher, live: frozenset[int]):
        self._searcher = searcher
        self._live = live  # every document that is not deleted
        self._lengths: dict[tuple[int, str], list[int]] = {}

    def scores(self, query) -> dict[int, float]:
        if isinstance(query, Term):
            return self._term(query.fieldname, query.text, query.boost)
        if isinstance(query, And):
            return self._all_of(query.subqueries, query.boost)
        if isinstance(query, Or):
            parts = sorted((self.scores(sub) for sub in query.subqueries), key=len, reverse=True)
            combined = dict(parts[0]) if parts else {}
            for part in parts[1:]:
                for doc, score in part.items():
                    combined[doc] = combined.get(doc, 0.0) + score
            return _boosted(combined, query.boost)
        if isinstance(query, Not):
            return dict.fromkeys(self._live - self.scores(query.query).keys(), 0.0)
        if isinstance(query, AndMaybe):
            combined, bonus = dict(self.scores(query.a)), self.scores(query.b)
            for doc in bonus.keys() & combined.keys():
                combined[doc] += bonus[doc]
            return _boosted(combined, query.boost)
        if _is_empty(query):
            return {}
        return dict.fromkeys(self._searcher.docs_for_query(query), 0.0)

    def _all_of(self, subqueries, boost: float) -> dict[int, float]:
        wanted = [self.scores(sub) for sub in subqueries if not isinstance(sub, Not)]
        unwanted = set()
        for sub in subqueries:
            if isinstance(sub, Not):
                unwanted |= self.scores(sub.query).keys()
        if not wanted:
            return dict.fromkeys(self._live - unwanted, 0.0)
        wanted.sort(key=len)
        docs = set(wanted[0]).difference(unwanted)
        for part in wanted[1:]:
            docs.intersection_update(part)
        return _boosted({doc: sum(part[doc] for part in wanted) for doc in docs}, boost)

    def _term(self, fieldname: str, text: str, boost: float) -> dict[int, float]:
        searcher = self._searcher
        if (fieldname, text) not in searcher.reader():
            return {}
        # Collection statistics are global; lengths and document numbers per segment.
        idf = searcher.idf(fieldname, text)
        average = searcher.avg_field_length(fieldname) or 1
        b, k1 = self.B, self.K1
        scores: dict[int, float] = {}
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            if (fieldname, text) not in reader:
                continue
            lengths = self._field_lengths(reader, fieldname)
            postings = reader.postings(fieldname, text)  # skips deleted documents
            while postings.is_active():
                doc, tf = postings.id(), postings.weight()
                scores[offset + doc] = boost * idf * tf * (k1 + 1) / (
                    tf + k1 * (1 - b + b * lengths[doc] / average))
                postings.next()
        return scores

    def _field_lengths(self, reader, fieldname: str) -> list[int]:
        key = (id(reader), fieldname)
        if key not in self._lengths:
            self._lengths[key] = [reader.doc_field_length(doc, fieldname, 1)
                                  for doc in range(reader.doc_count_all())]
        return self._lengths[key]


@dataclass(frozen=True)
class QueryMarks:
    """What to mark in a snippet: the query's words, and its quoted phrases, as index terms."""

    words: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def of(cls, text: str) -> "QueryMarks":
        phrases = (tuple(token.text for token in ALL_WORDS(quoted, mode="query"))
                   for quoted in re.findall(r'"([^"]*)"', text))
        return cls(frozenset(token.text for token in WORDS(text, mode="query")),
                   tuple(phrase for phrase in phrases if len(phrase) > 1))


def snippet_for(text: str, marks: QueryMarks) -> Snippet:
    """A snippet of the text with the query's words and phrases marked; () when none occur.

    It is centred on an exact phrase when there is one, else on the most words.
    """
    phrases = phrase_spans(text, marks.phrases)
    spans = sorted(set(match_spans(text, marks.words)) | set(phrases), key=lambda s: (s[0], -s[1]))
    return cut_snippet(text, spans, around=phrases or spans) if spans else ()


def phrase_spans(text: str, phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """Where one of the phrases stands in the text, word for word.

    Each distinct word of the text is analysed once (cached); each phrase then
    becomes one regular expression of the spellings that analyse to its words,
    so a long body costs two scans in C rather than a loop over its words.
    """
    if not phrases:
        return []
    wanted = {term for phrase in phrases for term in phrase}
    spellings: dict[str, set[str]] = {}
    for word in set(_WORD.findall(text)):
        term = _phrase_term(word)
        if term in wanted:
            spellings.setdefault(term, set()).add(word)
    spans = []
    for phrase in phrases:
        if all(term in spellings for term in phrase):
            # Words in a phrase are separated by anything that is not a word character.
            pattern = r"\W+".join(_alternatives(spellings[term]) for term in phrase)
            spans += [match.span() for match in re.finditer(rf"\b{pattern}\b", text)]
    return sorted(spans)


def _alternatives(words) -> str:
    """A regular-expression group matching any of the words (longest first)."""
    return "(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")"


def match_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Where the words that analyse to one of the terms stand in the text.

    Analysing each distinct word of the stored body (cached per word) and then
    finding those words with one regular expression takes about 0.1 ms; reading
    character offsets from the postings instead meant decompressing a block of
    postings per word and per hit.
    """
    forms = {word for word in set(_WORD.findall(text)) if _index_term(word) in terms} if terms else ()
    if not forms:
        return []
    return [match.span() for match in re.finditer(rf"\b{_alternatives(forms)}\b", text)]


# --- The query language ------------------------------------------------------------

class _PairPhrasePlugin(PhrasePlugin):
    """Quoted phrases, answered from the word-pair fields (see the module docstring)."""

    class PairPhraseNode(PhrasePlugin.PhraseNode):
        has_fieldname = False  # it becomes pair terms, not a phrase in the default field

        def query(self, parser):
            return phrase_query(self.text)

    class PairPhraseTagger(RegexTagger):
        def create(self, parser, match):
            return _PairPhrasePlugin.PairPhraseNode(match.group("text"), match.start("text"))

    def taggers(self, parser):
        return [(self.PairPhraseTagger(self.expr), 0)]


def _query_parser(schema: Schema) -> QueryParser:
    """Words (AND by default), "phrases", ( groups ) and the operators in English or Dutch.

    No field syntax, wildcards, ranges or boosts: a colon or an asterisk in a
    search box is almost always meant literally, and a bare `*` would expand to
    every term in the index.
    """
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


BINARY_OPERATORS = {"AND", "OR", "EN", "OF"}
UNARY_OPERATORS = {"NOT", "NIET"}
_QUERY_TOKENS = re.compile(r'"[^"]*"|[()]|[^\s()"]+')


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


def _is_empty(query) -> bool:
    return isinstance(query, type(NullQuery))


def with_ranking_bonus(query):
    """The query, plus a bonus for its words in the title and in the place and themes."""
    bonus = [Term(field, text, boost=boost)
             for source, text in dict.fromkeys(query.iter_all_terms())
             for field, boost in BONUS_FIELDS.get(source, {}).items()]
    return AndMaybe(query, Or(bonus)) if bonus else query


def _word_query(word: str):
    return Term(ALL_TEXT, word)


def _literal_query(text: str):
    """Every word of the text, as if typed without any operator, quote or parenthesis."""
    plain = " ".join(word for word in re.split(r'[\s()"]+', text)
                     if word not in BINARY_OPERATORS | UNARY_OPERATORS)
    words = list(dict.fromkeys(token.text for token in WORDS(plain, mode="query")))
    if not words:
        return NullQuery
    return And([_word_query(word) for word in words]) if len(words) > 1 else _word_query(words[0])


def phrase_query(text: str):
    """All adjacent word pairs of the phrase (a single word is just a word)."""
    words = [token.text for token in ALL_WORDS(text, mode="query")]
    if len(words) < 2:
        return _literal_query(text)
    pairs = dict.fromkeys(f"{first}-{second}" for first, second in zip(words, words[1:]))
    terms = [Term(ALL_PAIRS, pair) for pair in pairs]
    return And(terms) if len(terms) > 1 else terms[0]
