"""Related cases: which other cases share carriers, themes or building blocks.

A shared carrier or theme weighs 3, a shared building block 1 (rarer overlap
says more). Each case gets its top cases by score, ties broken by slug.

Scoring every pair is quadratic: with a few thousand cases nearly every pair
shares a building block, so that costs tens of seconds per build. Instead,
cases with the same building blocks and carriers (a *signature*) are grouped;
the score between two groups is computed once, every signature orders the
other groups by it once, and a case walks that order only until its top is
settled. Themes, which are rare, add their weight through an inverted index.
`brute_force_related` is the plain definition, kept for the tests.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from dataclasses import dataclass

from ..content.catalog import CaseRecord

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


def relatedness_key(records: list[CaseRecord]) -> tuple:
    """Everything `related_cases` reads: the slugs and the terms of every case."""
    return tuple((record.slug, tuple(_terms(record))) for record in records)


def _score(a: CaseRecord, b: CaseRecord) -> int:
    other = set(_terms(b))
    return sum(WEIGHTS[kind] for kind, value in _terms(a) if (kind, value) in other)


def _related_case(record: CaseRecord, other: CaseRecord, score: int) -> RelatedCase:
    own = set(_terms(record))
    shared: dict[str, list[str]] = defaultdict(list)
    for kind, value in _terms(other):
        if (kind, value) in own:
            shared[kind].append(value)
    return RelatedCase(other.slug, score, {k: tuple(v) for k, v in shared.items()})


def brute_force_related(records: list[CaseRecord], limit: int = 5) -> dict[str, list[RelatedCase]]:
    """The definition: score every other case, keep the best (quadratic; for tests)."""
    result = {}
    for record in records:
        scored = [(-_score(record, other), other.slug, other) for other in records
                  if other.slug != record.slug]
        best = [item for item in sorted(scored, key=lambda item: item[:2]) if item[0] < 0][:limit]
        result[record.slug] = [_related_case(record, other, -score) for score, _, other in best]
    return result


Signature = tuple[frozenset, frozenset]  # (building blocks, carriers)


def _signature(record: CaseRecord) -> Signature:
    return frozenset(record.case.building_blocks), frozenset(record.case.carriers)


def _signature_score(a: Signature, b: Signature) -> int:
    return len(a[0] & b[0]) * WEIGHTS["bouwsteen"] + len(a[1] & b[1]) * WEIGHTS["drager"]


def related_cases(records: list[CaseRecord], limit: int = 5,
                  only: set[str] | None = None) -> dict[str, list[RelatedCase]]:
    """For every case (or the cases named in `only`), its `limit` most related cases
    (same result as brute_force_related)."""
    by_slug = {record.slug: record for record in records}
    signature_ids: dict[Signature, int] = {}
    group_of: dict[str, int] = {}
    groups: list[list[str]] = []  # signature id -> its cases' slugs, sorted
    theme_postings: dict[str, list[str]] = defaultdict(list)
    for record in sorted(records, key=lambda r: r.slug):
        signature = _signature(record)
        if signature not in signature_ids:
            signature_ids[signature] = len(groups)
            groups.append([])
        group_of[record.slug] = signature_ids[signature]
        groups[signature_ids[signature]].append(record.slug)
        for theme in record.case.themes:
            theme_postings[theme].append(record.slug)
    signatures = list(signature_ids)
    pair = [[_signature_score(a, b) for b in signatures] for a in signatures]
    # Per signature: the groups, best score first (computed once per signature).
    ordered = [sorted(((score, group) for group, score in enumerate(row) if score > 0), reverse=True)
               for row in pair]

    result: dict[str, list[RelatedCase]] = {}
    for record in records:
        if only is not None and record.slug not in only:
            continue
        own = group_of[record.slug]
        scores = pair[own]
        bonus: dict[str, int] = defaultdict(int)
        for theme in record.case.themes:
            for slug in theme_postings[theme]:
                bonus[slug] += WEIGHTS["thema"]
        bonus.pop(record.slug, None)
        # Cases that share a theme: exact scores.
        candidates = [(-(scores[group_of[slug]] + extra), slug) for slug, extra in bonus.items()]
        # The rest score as their group does. Groups come best first, so `others`
        # grows in score order: stop once a group scores below the top's last place.
        others: list[tuple[int, str]] = []
        for score, group in ordered[own]:
            if len(others) >= limit and score < -others[limit - 1][0]:
                break
            taken = 0
            for slug in groups[group]:
                if slug != record.slug and slug not in bonus:
                    others.append((-score, slug))
                    taken += 1
                    if taken == limit:
                        break
        best = heapq.nsmallest(limit, candidates + others)
        result[record.slug] = [_related_case(record, by_slug[slug], -score) for score, slug in best]
    return result


def updated_related(previous: dict[str, list[RelatedCase]], previous_key: tuple, records: list[CaseRecord],
                    limit: int = 5) -> dict[str, list[RelatedCase]]:
    """`related_cases(records)`, from the result for an earlier set of cases (the preview,
    after a case was added, deleted or re-tagged), without ranking every case again.

    `previous_key` is `relatedness_key` of that earlier set. A case whose terms did not
    change keeps the scores it had with every other unchanged case, so its new top is
    the best of its old top and the changed cases, unless its old top held a changed
    case (which may now score less, or be gone): such cases, and the changed ones
    themselves, are ranked anew. Held to `related_cases` by tests/test_related.py."""
    before = dict(previous_key)
    now = {record.slug: tuple(_terms(record)) for record in records}
    changed = {slug for slug in before.keys() | now.keys() if before.get(slug) != now.get(slug)}
    if not changed:
        return previous
    by_slug = {record.slug: record for record in records}
    present = [by_slug[slug] for slug in sorted(changed) if slug in by_slug]
    again = {slug for slug in now
             if slug in changed or any(item.slug in changed for item in previous.get(slug, ()))}
    result = related_cases(records, limit, only=again)
    for record in records:
        if record.slug in result:
            continue
        candidates = [(-item.score, item.slug, item) for item in previous[record.slug]]
        for other in present:
            score = _score(record, other)
            if score > 0:
                candidates.append((-score, other.slug, None))
        best = sorted(candidates, key=lambda candidate: candidate[:2])[:limit]
        result[record.slug] = [item if item is not None else _related_case(record, by_slug[slug], -score)
                               for score, slug, item in best]
    return {record.slug: result[record.slug] for record in records}
