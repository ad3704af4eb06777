"""Related cases: which other cases share carriers, themes or building blocks.

A shared carrier or theme weighs 3, a shared building block 1 (rarer overlap
says more). Each case gets its top cases by score, ties broken by slug.

Scoring every pair is quadratic: with a few thousand cases nearly every pair
shares a building block, so that costs tens of seconds per build. Instead,
cases with the same building blocks and carriers (a *signature*) score alike
on those; sets of cases are bit sets (Python integers), so that a case finds
the cases at each score, from the highest down, with a few operations on whole
sets, and stops once its top is full (`related_cases`).
`brute_force_related` is the plain definition, kept for the tests.
"""

from __future__ import annotations

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


def _related_case(record: CaseRecord, other: CaseRecord, score: int,
                  own: set | None = None, others: list | None = None) -> RelatedCase:
    """`other` as related to `record`, with what they share. `own` and `others`: the
    terms of the two, when the caller has them already."""
    own = set(_terms(record)) if own is None else own
    shared: dict[str, list[str]] = defaultdict(list)
    for kind, value in _terms(other) if others is None else others:
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


Signature = tuple[int, int]  # (building blocks, carriers), each a bit set of their ids


def _signature_score(a: Signature, b: Signature) -> int:
    return (a[0] & b[0]).bit_count() * WEIGHTS["bouwsteen"] + (a[1] & b[1]).bit_count() * WEIGHTS["drager"]


def related_cases(records: list[CaseRecord], limit: int = 5,
                  only: set[str] | None = None) -> dict[str, list[RelatedCase]]:
    """For every case (or the cases named in `only`), its `limit` most related cases
    (same result as brute_force_related).

    Sets of cases are Python integers used as bit sets, bit i standing for the i-th
    case in slug order, so that "the cases that score exactly s for this case" is a
    handful of AND/OR operations on whole sets instead of a loop over the cases: for
    one signature, `levels` holds the cases of every signature score; for one case,
    `sharing` holds the cases that share exactly k of its themes. A case then takes
    its top from the highest scores down, lowest bits (smallest slugs) first."""
    ordered = sorted(records, key=lambda record: record.slug)
    terms = [_terms(record) for record in ordered]
    everyone = (1 << len(ordered)) - 1
    bits: dict[tuple[str, str], int] = {}  # (kind, id) -> its bit in a signature
    members: dict[Signature, int] = defaultdict(int)  # signature -> its cases
    with_theme: dict[str, int] = defaultdict(int)  # theme -> its cases
    for number, record in enumerate(ordered):
        signature = (_bit_set(bits, "bouwsteen", record.case.building_blocks),
                     _bit_set(bits, "drager", record.case.carriers))
        members[signature] |= 1 << number
        for theme in set(record.case.themes):
            with_theme[theme] |= 1 << number

    result: dict[str, list[RelatedCase]] = {}
    for signature in members:
        own_cases = [number for number in _numbers(members[signature])
                     if only is None or ordered[number].slug in only]
        if not own_cases:
            continue
        levels: dict[int, int] = defaultdict(int)  # signature score -> cases with it
        for other, cases in members.items():
            levels[_signature_score(signature, other)] |= cases
        for number in own_cases:
            record = ordered[number]
            sharing = _sharing_counts([with_theme[theme] for theme in set(record.case.themes)], everyone)
            scores = sorted({level + WEIGHTS["thema"] * shared for level in levels
                             for shared in range(len(sharing))}, reverse=True)
            best: list[tuple[int, int]] = []  # (score, case number)
            for score in scores:
                if score <= 0 or len(best) == limit:
                    break
                at_score = 0
                for shared, cases in enumerate(sharing):
                    at_score |= levels.get(score - WEIGHTS["thema"] * shared, 0) & cases
                at_score &= ~(1 << number)
                for other in _numbers(at_score, limit - len(best)):
                    best.append((score, other))
            own = set(terms[number])
            result[record.slug] = [_related_case(record, ordered[other], score, own, terms[other])
                                   for score, other in best]
    return {record.slug: result[record.slug] for record in records if record.slug in result}


def _bit_set(bits: dict[tuple[str, str], int], kind: str, ids) -> int:
    """The ids as one bit set, each id of a kind getting a bit of its own."""
    value = 0
    for id_ in ids:
        value |= 1 << bits.setdefault((kind, id_), len(bits))
    return value


def _sharing_counts(theme_sets: list[int], everyone: int) -> list[int]:
    """[cases sharing exactly 0 of these sets, exactly 1, ...]."""
    exactly = [everyone]
    for cases in theme_sets:
        exactly = [(exactly[k] & ~cases if k < len(exactly) else 0)
                   | (exactly[k - 1] & cases if k > 0 else 0) for k in range(len(exactly) + 1)]
    return exactly


def _numbers(cases: int, most: int | None = None) -> list[int]:
    """The numbers of the cases in a bit set, smallest first (at most `most` of them)."""
    numbers = []
    while cases and (most is None or len(numbers) < most):
        lowest = cases & -cases
        numbers.append(lowest.bit_length() - 1)
        cases ^= lowest
    return numbers


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
