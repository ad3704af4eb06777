"""Relevance benchmark, CLI runner: the judged queries through `wijkwijzer search`'s library.

    python benchmarks/relevance_cli.py [--project .] [--schema DIR] [--verbose]

Copies the project's `cases/` and `schema/` to a temporary folder, builds a
fresh Whoosh index of them (`search.index.update_index`, as `wijkwijzer index
--volledig` does) and answers each judged query with `SearchIndex.search`, the
call `wijkwijzer search` makes, top 10. The CLI finds cases only, so it is
scored on the judged case pages (see `relevance.py`). Prints the figures and
every query that misses. `--schema` takes the vocabularies from another folder
(for example another branch's `schema/`, to measure its search words).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from relevance import evaluate, load_judgments, report  # noqa: E402

from site_builder.content.catalog import load_catalog  # noqa: E402
from site_builder.project import Project  # noqa: E402
from site_builder.search.commands import case_url  # noqa: E402
from site_builder.search.index import update_index  # noqa: E402
from site_builder.search.searcher import SearchIndex, SearchRequest  # noqa: E402

CASES_ONLY = ("/casussen/",)


def fresh_project(source: Path, folder: Path, schema: Path | None = None) -> Project:
    shutil.copytree(source / "cases", folder / "cases")
    shutil.copytree(schema or source / "schema", folder / "schema")
    project = Project(folder)
    catalog = load_catalog(project)
    if catalog.errors:
        raise SystemExit(f"the cases in {source} do not pass the checker: {len(catalog.errors)} problems")
    update_index(project, catalog, full=True)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--project", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--schema", type=Path, help="the vocabularies' folder, if not the project's schema/")
    parser.add_argument("--verbose", action="store_true", help="list every query, not only the misses")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = fresh_project(args.project.resolve(), Path(folder), args.schema)
        with SearchIndex.open(project) as index:
            def search(query: str) -> list[str]:
                results = index.search(SearchRequest(text=query, limit=10))
                return [case_url(hit.slug) for hit in results.hits]

            evaluation = evaluate(load_judgments(), search, scope=CASES_ONLY)
    print(report(evaluation, "CLI (wijkwijzer search)", verbose=args.verbose))


if __name__ == "__main__":
    main()
