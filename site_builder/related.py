"""Related cases: which other cases share carriers, themes or building blocks.

Scores with an inverted index (term -> cases), so only cases that share at
least one term are ever compared. Rarer kinds of overlap weigh more: a shared
theme says more than a shared building block that half the cases have.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .catalog import CaseRecord

WEIGHTS = {"drager": 3, "thema": 3, "bouwsteen": 1}


@dataclass(frozen=True)
class RelatedCase:
    slug: str
    score: int
    shared: dict[str, tuple[str, ...]]  # kind -> shared ids/themes


def _terms(record: CaseRecord) -> list[tuple[str, str]]:
    case = record.case
    return ([("drager", c) for c in case.carriers] + [("thema", t) for t in case.themes]
            + [("bouwsteen", b) for b in case.building_blocks])


def related_cases(records: list[CaseRecord], limit: int = 5) -> dict[str, list[RelatedCase]]:
    postings: dict[tuple[str, str], list[str]] = defaultdict(list)
    for record in records:
        for term in _terms(record):
            postings[term].append(record.slug)
    by_slug = {record.slug: record for record in records}
    result: dict[str, list[RelatedCase]] = {}
    for record in records:
        scores: dict[str, int] = defaultdict(int)
        for term in _terms(record):
            weight = WEIGHTS[term[0]]
            for other in postings[term]:
                scores[other] += weight
        scores.pop(record.slug, None)
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        own = set(_terms(record))
        related = []
        for slug, score in best:
            shared: dict[str, list[str]] = defaultdict(list)
            for kind, value in _terms(by_slug[slug]):
                if (kind, value) in own:
                    shared[kind].append(value)
            related.append(RelatedCase(slug, score, {k: tuple(v) for k, v in shared.items()}))
        result[record.slug] = related
    return result
