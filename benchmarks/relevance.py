"""Relevance benchmark, shared part: the judged queries and the figures computed from them.

    from relevance import load_judgments, evaluate, report
    judgments = load_judgments()                      # benchmarks/relevance/queries.yml
    result = evaluate(judgments, search, scope=("/casussen/",))
    print(report(result, "CLI"))

A runner gives `evaluate` a function from a query to a ranked list of site URL
paths ("/casussen/selwerd-groningen/", "/bouwstenen/lange-adem/"); the CLI
runner is `relevance_cli.py`, the site runner (Pagefind in Chromium) reuses
this module the same way. The figures, per query and over all queries:

- best in top 3: the judged best answer is among the first three results;
- precision at 3: of the first three results, the share that is judged
  relevant, out of at most the number of relevant pages there are (a query
  with one relevant page scores 1.0 when that page comes first, 0.0 when it
  is missing, so that a query with few relevant pages can reach the target);
- zero results: the query returned nothing.

`scope` names the URL prefixes a runner can return at all (the CLI returns
cases only). Judged pages outside it are left out of the judgment of that
runner, and its best answer is then the first relevant page in scope (the
judged pages are listed most relevant first). A query with no relevant page in
scope is not counted for that runner.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

QUERIES_FILE = Path(__file__).resolve().parent / "relevance" / "queries.yml"
TOP = 3
# The targets of issue 28.
TARGET_BEST_IN_TOP = 0.95
TARGET_PRECISION = 0.8


@dataclass(frozen=True)
class Judgment:
    query: str
    kind: str
    best: str
    relevant: tuple[str, ...]  # most relevant first, best included

    def in_scope(self, scope: tuple[str, ...] | None) -> "Judgment | None":
        """The judgment as a runner that returns only pages under `scope` is held to."""
        if scope is None:
            return self
        relevant = tuple(page for page in self.relevant if page.startswith(scope))
        if not relevant:
            return None
        best = self.best if self.best in relevant else relevant[0]
        return Judgment(self.query, self.kind, best, relevant)


def load_judgments(path: Path = QUERIES_FILE) -> list[Judgment]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    judgments = []
    for entry in entries:
        relevant = tuple(entry["relevant"])
        if entry["best"] not in relevant:
            raise ValueError(f"{path}: '{entry['query']}': the best answer is not among the relevant pages")
        judgments.append(Judgment(entry["query"], entry.get("kind", ""), entry["best"], relevant))
    return judgments


@dataclass(frozen=True)
class QueryOutcome:
    judgment: Judgment
    results: tuple[str, ...]

    @property
    def best_in_top(self) -> bool:
        return self.judgment.best in self.results[:TOP]

    @property
    def precision(self) -> float:
        relevant = set(self.judgment.relevant)
        found = sum(1 for page in self.results[:TOP] if page in relevant)
        return found / min(TOP, len(relevant))

    @property
    def zero_results(self) -> bool:
        return not self.results


@dataclass
class Evaluation:
    outcomes: list[QueryOutcome] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # queries with no relevant page in scope

    @property
    def best_in_top(self) -> float:
        return sum(o.best_in_top for o in self.outcomes) / len(self.outcomes)

    @property
    def precision(self) -> float:
        return sum(o.precision for o in self.outcomes) / len(self.outcomes)

    @property
    def zero_result_queries(self) -> list[str]:
        return [o.judgment.query for o in self.outcomes if o.zero_results]


def evaluate(judgments: Iterable[Judgment], search: Callable[[str], list[str]],
             scope: tuple[str, ...] | None = None) -> Evaluation:
    """Run every judged query through `search` (query -> ranked URL paths) and score it."""
    evaluation = Evaluation()
    for judgment in judgments:
        held_to = judgment.in_scope(scope)
        if held_to is None:
            evaluation.skipped.append(judgment.query)
            continue
        evaluation.outcomes.append(QueryOutcome(held_to, tuple(search(judgment.query))))
    return evaluation


def report(evaluation: Evaluation, name: str, verbose: bool = False) -> str:
    """The figures, then every query that misses its best answer or returns nothing."""
    count = len(evaluation.outcomes)
    best = sum(o.best_in_top for o in evaluation.outcomes)
    lines = [
        f"{name}: {count} queries ({len(evaluation.skipped)} without a relevant page in scope)",
        f"  best in top {TOP}:   {best}/{count} = {evaluation.best_in_top:.1%}"
        f" (target {TARGET_BEST_IN_TOP:.0%})",
        f"  precision at {TOP}:  {evaluation.precision:.2f} (target {TARGET_PRECISION})",
        f"  zero results:    {len(evaluation.zero_result_queries)}"
        + (f" ({', '.join(evaluation.zero_result_queries)})" if evaluation.zero_result_queries else ""),
    ]
    for outcome in evaluation.outcomes:
        if verbose or not outcome.best_in_top or outcome.precision < 1:
            mark = "ok  " if outcome.best_in_top else "MISS"
            top = ", ".join(page.strip("/").split("/")[-1] for page in outcome.results[:TOP]) or "-"
            lines.append(f"  {mark} P@3={outcome.precision:.2f} {outcome.judgment.query!r}: "
                         f"best {outcome.judgment.best.strip('/').split('/')[-1]}; top: {top}")
    return "\n".join(lines)
