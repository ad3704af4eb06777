"""Our BM25 scorer gives Whoosh's own BM25F scores, and so its ranking, on a generated corpus.

`scoring.QueryScorer` reads the postings itself for speed; this test holds it to
`searcher.search(query, limit=None)` with Whoosh's default weighting, over
several segments (one written by the rebuild's bulk writer) and with deleted documents, for every kind of query the
parser produces (words, phrases, OR, NOT, groups, and the ranking bonus).
"""

from __future__ import annotations

import random
from collections import Counter

import pytest
from whoosh import index as whoosh_index

from site_builder.search.analysis import analyse_for_index
from site_builder.search.bulk import BulkSegmentWriter
from site_builder.search.codec import IndexCodec
from site_builder.search.query import parse_query, query_parser, with_ranking_bonus
from site_builder.search.schema import case_schema
from site_builder.search.scoring import QueryScorer

WORDS = ("de het een van in op met voor en wijk buurt gemeente bewoners gezondheid kinderen "
         "school corporatie wijkteam vertrouwen aanpak samenwerking straat huis plein groen "
         "energie armoede werk zorg politie jongeren ouderen lange adem").split()
QUERIES = ["wijk", "gezondheid kinderen", '"de gemeente"', '"de gezondheid van kinderen"',
           "wijk OF buurt", "wijkteam NIET politie", "(school OF zorg) bewoners", "adem",
           "wijk EN buurt EN gemeente"]


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def _document(rng: random.Random, number: int) -> dict:
    title, labels = _text(rng, rng.randint(2, 5)), _text(rng, rng.randint(1, 4))
    body = _text(rng, rng.randint(20, 400))
    text_words, text_pairs = analyse_for_index("\n".join([title, labels, body]))
    title_words, title_pairs = analyse_for_index(title)
    label_words, label_pairs = analyse_for_index(labels)
    return {"slug": f"casus-{number}", "content_hash": str(number),
            "alles": text_words, "alles_paren": text_pairs, "titel": title_words,
            "titel_paren": title_pairs, "kenmerken": label_words, "kenmerken_paren": label_pairs}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """300 documents in three segments, with 20 deleted and 10 replaced; the first
    segment written as a rebuild writes it (`bulk`, terms counted), the others by Whoosh."""
    rng = random.Random(12)
    ix = whoosh_index.create_in(str(tmp_path_factory.mktemp("index")), case_schema())
    with BulkSegmentWriter(ix, codec=IndexCodec()) as writer:
        for number in range(0, 100):
            document = _document(rng, number)
            writer.add_document(**{name: Counter(value) if isinstance(value, list) else value
                                   for name, value in document.items()})
    for first in (100, 200):
        with ix.writer() as writer:
            for number in range(first, first + 100):
                writer.add_document(**_document(rng, number))
    with ix.writer() as writer:
        writer.merge = False
        for number in range(0, 300, 15):
            writer.delete_by_term("slug", f"casus-{number}")
        for number in range(7, 300, 30):
            writer.update_document(**_document(rng, number))
    yield ix
    ix.close()


@pytest.mark.parametrize("text", QUERIES)
@pytest.mark.parametrize("bonus", [False, True], ids=["plain", "with-bonus"])
def test_scores_and_ranking_equal_whooshs_bm25f(corpus, text, bonus):
    with corpus.searcher() as searcher:
        assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
        query, literally = parse_query(query_parser(corpus.schema), text)
        assert not literally
        if bonus:
            query = with_ranking_bonus(query)
        live = frozenset(searcher.reader().all_doc_ids())
        ours = QueryScorer(searcher, live).scores(query)
        theirs = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
        assert theirs, "the query should match something"
        assert ours.keys() == theirs.keys()
        for doc, score in theirs.items():
            assert ours[doc] == pytest.approx(score, rel=1e-9), doc
        ranked = sorted(ours, key=lambda doc: (-ours[doc], doc))
        assert ranked == sorted(theirs, key=lambda doc: (-theirs[doc], doc))
