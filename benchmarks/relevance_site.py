"""Relevance of the site search (issue 28): the judged queries through the real search box.

    python benchmarks/relevance_site.py [--site PATH] [--queries PATH] [--json results.json]

Builds the bundled site into a temporary folder (or takes a built one with
--site), serves it on localhost and opens it in Debian's Chromium
(/usr/bin/chromium, as tests/browser.py does). Every judged query of
benchmarks/relevance/queries.yml is typed into the site's own search box, so
the ranking, the merging of partial matches and the query expansion are exactly
those of assets/zoeken.js; the runner waits until the box marks the query as
answered (`data-ww-gezocht`) and reads the result links in their order. The
figures (best answer in the top 3, precision at 3, queries without results)
come from the shared measuring module, benchmarks/relevance.py, which the CLI
runner (relevance_cli.py) uses too; every page kind counts (no scope).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from tests.browser import CHROMIUM, CHROMIUM_FLAGS, serve_folder  # noqa: E402

ANSWER_TIMEOUT_MS = 20_000


def site_results(site: Path, queries: list[str], contributors: bool = False) -> dict[str, dict]:
    """Per query: the result URLs in rank order (relative to the site root, as
    'casussen/selwerd/'), their excerpts, and the line the search box shows above them.
    With `contributors`, the search box's option for contributor pages is switched on."""
    from playwright.sync_api import sync_playwright

    answers: dict[str, dict] = {}
    with serve_folder(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(base)
            page.locator(".md-search__input").first.click()
            page.wait_for_function("() => performance.getEntriesByName('zoeken:klaar').length > 0",
                                   timeout=ANSWER_TIMEOUT_MS)
            if contributors:
                page.locator("[data-ww-zoek-bijdragen]").check()
            for query in queries:
                answers[query] = answer(page, base, query)
        finally:
            browser.close()
    return answers


def answer(page, base: str, query: str) -> dict:
    """Type one query into the search box and read what it shows once it is answered."""
    search_input = page.locator("input.md-search__input")
    search_input.fill("")
    search_input.fill(query)
    page.wait_for_function(
        "query => document.querySelector('[data-ww-search]').getAttribute('data-ww-gezocht') === query",
        arg=query, timeout=ANSWER_TIMEOUT_MS)
    base_path = urlsplit(base).path
    urls = []
    for link in page.locator(".md-search-result__link").all():
        path = urlsplit(link.get_attribute("href")).path
        urls.append(path.removeprefix(base_path))
    # Each result's first paragraph: what a reader reads first under its title.
    excerpts = [article.locator("p").first.inner_text().strip()
                for article in page.locator(".md-search-result__article").all()]
    return {"urls": urls, "excerpts": excerpts,
            "melding": page.locator(".md-search-result__meta").inner_text().strip()}


def build_bundled_site(folder: Path) -> Path:
    """The bundled cases built as `wijkwijzer build` builds them."""
    site = folder / "site"
    subprocess.run([sys.executable, "-m", "site_builder.cli", "build", "--out", str(site)],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return site


def main() -> None:
    from relevance import QUERIES_FILE, evaluate, load_judgments, report  # the shared module

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the bundled cases)")
    parser.add_argument("--queries", type=Path, default=QUERIES_FILE, help="judged queries")
    parser.add_argument("--verbose", action="store_true", help="every query, not only those that miss")
    parser.add_argument("--json", type=Path, help="write every query's results here")
    options = parser.parse_args()

    judgments = load_judgments(options.queries)
    with tempfile.TemporaryDirectory(prefix="relevantie-") as folder:
        site = options.site or build_bundled_site(Path(folder))
        answers = site_results(site, [judgment.query for judgment in judgments])
    # The shared module speaks in URL paths from the site root ("/casussen/selwerd-groningen/").
    evaluation = evaluate(judgments, lambda query: ["/" + url for url in answers[query]["urls"]])
    print(report(evaluation, "site (Pagefind in Chromium)", verbose=options.verbose))
    if options.json:
        options.json.write_text(json.dumps(answers, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
