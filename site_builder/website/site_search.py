"""The site-search stage: Pagefind's full-text index over the HTML the engine wrote.

Runs in `wijkwijzer build` (build.build_site), whatever the engine: each page is
read (`SiteSearchPages`: its marked size and its words) as soon as the engine has
written it and the sanitise stage has cleaned it, on the other core while the
engine writes the next pages; once the engine is done, `build_site_search` plans
the parts from what was read and hands them to Pagefind (`SiteSearchIndexer`,
which can also start a part while later pages are still being written).
Pagefind writes a chunked static index to `pagefind/`: a browser fetches only
the chunks a query needs, instead of one index of the whole site (which
Material's own search downloads before it can show a first result). Pagefind
reads the language from `<html lang="nl">` and stems Dutch words. The binary
comes from the `pagefind[bin]` package on PyPI; nothing is downloaded at run time.

Only pages marked `data-pagefind-body` (theme/main.html) are indexed, and only
those are handed to Pagefind: it would otherwise parse the large charts and
listings too, and keep every word of them in memory before dropping them.

Pagefind keeps every page it reads in memory, and three to four times that while
it builds the index: about 0.6 MB per case page of 2,000 words, so 3 GB for
5,000 such cases in one run. A large site is therefore indexed in parts of at
most PART_BODY_BYTES of marked HTML, each by its own Pagefind process, two at a
time once every page is written (`SiteSearchIndexer`). The first part is the index in `pagefind/`, the others go to
`pagefind/deel-2/`, `pagefind/deel-3/` and so on, listed in `pagefind/delen.json`.
The search box (assets/zoeken.js) merges them in the browser with Pagefind's
`mergeIndex`, which shares the first part's WebAssembly and web worker: each
further part costs a reader its metadata file, and every query one or two index
chunks and a search of its own, one part after the other. A site that fits one
part (the bundled cases, or some 1,000 cases) gets exactly one index.
`delen.json` also names a word for the search box to search once, in the first
part, before the reader's first query (`warm_up_word`).

Ranking (issue 28), measured with benchmarks/relevance_site.py on the judged
queries of benchmarks/relevance/queries.yml (figures in benchmarks/README.md).
Each indexed page carries Pagefind's filter `soort` (theme/main.html): `casus`,
`begrip` (a building block, carrier or step), `plaats` (a province), `kennis`
(the essay's knowledge pages), `overzicht` (listings, overviews, the home page
and every other page) and `bijdragen` (the contributor documentation under
docs/bijdragen/). The search box (assets/zoeken.js) searches the readers' kinds
(casus, begrip, plaats) and the rest (overzicht, kennis) in two Pagefind
searches and merges them with the latter's scores times 0.35 (LISTING_FACTOR):
the cases and terms that a listing or an essay page repeats come before it, and
that page still comes first when nothing else holds the words (any factor from
0.2 to 0.5 gave the same figures; 1, no difference, cost 3 best answers in the
top 3 and 0.08 of precision). Contributor pages are searched only when the
reader ticks "Ook de pagina's voor bijdragers doorzoeken" in the search box
(ticked from the start on those pages themselves). Within a page Pagefind's own
weights hold (the title 7, headings 6 to 2, text 1), except on a term's or
province's first page (`data-pagefind-weight`; `intro_weight` and
`listing_weight` in templates/pages/term.md): its introduction, the term's own
text with its plain question and search words, weighs 3, and the cases it lists
0.3, so the term is found by what it is and the listed cases make it findable
by them. Listed cases at 1 cost 0.05 of precision, at 0.1 one best answer; with
the vocabulary's search words shown on the term pages (branch `plainwords`) an
introduction at 3 gave 51 of 57 best answers in the top 3, at 1 47, at 2 49, at
5 51 with less precision. A term's search words (schema/*.yml `zoekwoorden`) are its
metadata field `zoekwoorden`, a case's themes its field `themas`, and the extra word
forms of a page (below) its field `woordvormen`, those of its title and themes
(their synonyms and compound heads, search/synonyms.yml) `titelvormen` and
`themavormen`; Pagefind searches them all. `themas` and `zoekwoorden` weigh 3 in
Pagefind's boost for metadata matches, `titelvormen` 5 (as the title), `themavormen`
2 (metaWeights in assets/zoeken.js, where the measurements are; the title keeps
Pagefind's 5, the other fields 1), as the CLI's bonus fields do. Pagefind's other
ranking options stay at their defaults, on purpose: pageLength 0.3 and
termSaturation 0.6 (alone and together) each traded precision for at most one
best answer. A case's result shows its summary
first: its metadata field `samenvatting` (theme/main.html, from the page's
description).

Dutch words: Pagefind stems Dutch itself; the forms its stemmer keeps apart
and the parts of compounds come from the analysis the CLI uses too
(site_builder.search.word_forms), added to the copy of each page that Pagefind
reads, never to the published page (site_search_words.py).

When no page holds every word of a query, the search box searches each word
and shows the pages holding most of them ("geen resultaten met alle woorden;
resultaten met een deel ervan"). For a word that occurs nowhere it suggests the
commonest close word (one or two edits) from `pagefind/woorden.json`, the
indexed pages' words with the number of pages each is on, or else splits it
into words of the site ("langetermijn": "lange termijn"); when nothing at all
is found, it searches those words instead and says so.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from ..errors import SiteSearchFailed
from .site_search_words import SiteWords, marked_span, title_text

# Not searchable text: heading permalinks ("¶"), the fact box's labels, and the
# lines every case page repeats (the compare link, the citation block).
EXCLUDED_SELECTORS = ".headerlink, .ww-facts dt, .ww-vergelijk-link, details.quote"
# What marks a page for the index (theme/main.html); pages without it are left out.
BODY_MARKER = b"data-pagefind-body"
OUTPUT = "pagefind"
# The list of further parts, relative to OUTPUT; read by assets/zoeken.js.
PARTS_FILE = "delen.json"
# The word list for the search box's suggestions, relative to OUTPUT (site_search_words.py).
WORDS_FILE = "woorden.json"
# Marked HTML per Pagefind process. Measured on synthetic cases of ~1,400 words
# (15 kB of marked HTML each): Pagefind peaks at 38 to 39 times the marked HTML it
# indexes (585 MB for 15.3 MB, 736 MB for 18.9 MB), so a part of at most 22 MB
# keeps each process under 0.86 GB, below the 1 GB a build may take. Not less:
# every part costs a reader's query a request and a search of its own (5,000
# such cases are 4 parts, a first result in 0.73 MB; 5 parts of 15 MB took 0.88 MB).
PART_BODY_BYTES = 22_000_000
TIMEOUT_SECONDS = 900
# Pagefind processes at once once MkDocs has written every page (two cores; each
# process uses about one and a half while it runs alone).
AFTER_WRITING = 2
POLL_SECONDS = 0.05


def build_site_search(site_dir: Path, part_bytes: int = PART_BODY_BYTES,
                      read: SiteSearchPages | None = None) -> None:
    """Index a site that is written already, in place: `site_dir/pagefind/` (and its parts).
    `read`: its pages as read while the engine wrote them (build.build_site); None reads
    every page now."""
    if read is None:
        read = SiteSearchPages(site_dir)
        for path in sorted(site_dir.rglob("*.html")):
            read.read(path.relative_to(site_dir))
    indexer = SiteSearchIndexer(site_dir, read.planned(), part_bytes, read.words)
    try:
        indexer.finish()
    finally:
        indexer.stop()


class SiteSearchPages:
    """The pages the theme marked for the index, each with the size of its marked part
    (what Pagefind keeps in memory: a listing's is only its introduction), and their
    words (SiteWords), read one by one: in the build as soon as the engine has written
    a page and the sanitise stage has cleaned it, while the engine writes the next."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.sizes: dict[Path, int] = {}
        self.words = SiteWords()

    def read(self, page: Path) -> None:
        """Read `page` (relative to the site); a page without the marker is left out."""
        if page.suffix != ".html" or page.parts[0] == OUTPUT or page in self.sizes:
            return
        data = (self.site_dir / page).read_bytes()
        start = data.find(BODY_MARKER)
        if start >= 0:
            self.sizes[page] = marked_size(data, start)
            self.words.count(data, start)

    def planned(self) -> list[tuple[Path, int]]:
        """The pages to index with their sizes, in a stable order (by path), whatever
        the order the engine wrote them in."""
        return sorted(self.sizes.items())


class SiteSearchIndexer:
    """Pagefind over the pages of a site while MkDocs writes them.

    `planned` are the pages to index with (an estimate of) the size of their marked
    part, in the order they will be written. They are split into parts up front
    (`split_into_parts`); as soon as the last page of a part is written, a Pagefind
    process indexes that part, on the other core, while MkDocs writes the next
    ones: one at a time, as MkDocs keeps a core busy. Once MkDocs has written every
    page, `finish` indexes what is left with up to AFTER_WRITING processes at once
    (each needs up to 0.86 GB) and lists the parts; `stop` ends any Pagefind still
    running and removes the scratch folder (always call it)."""

    def __init__(self, site_dir: Path, planned: list[tuple[Path, int]],
                 part_bytes: int = PART_BODY_BYTES, words: SiteWords | None = None) -> None:
        self.site_dir = site_dir
        self.parts = split_into_parts(planned, part_bytes)
        self.part_of = {page: number for number, pages in enumerate(self.parts, start=1) for page in pages}
        self.unwritten = [len(pages) for pages in self.parts]  # per part: its pages not yet written
        self.ready: list[int] = []  # parts whose pages are all written, waiting for Pagefind
        self.running: dict[int, tuple[subprocess.Popen, float]] = {}  # part -> Pagefind, started at
        self.started: set[int] = set()  # parts handed to Pagefind
        # Inside the site (on the same file system, and removed with it if a build
        # stops here): the parts are trees of hard links to the pages.
        site_dir.mkdir(parents=True, exist_ok=True)  # MkDocs makes it as it writes the first file
        self.scratch = Path(tempfile.mkdtemp(prefix=".zoekindex-", dir=site_dir))
        # The site's words, counted by whoever planned the pages (build_site_search);
        # without them, pages get only the other forms of their words, no compound parts.
        self.words = words or SiteWords()

    def page_written(self, page: Path) -> None:
        """MkDocs wrote `page` (relative to the site); a page not planned is not indexed."""
        number = self.part_of.get(page)
        if number is not None:
            self.unwritten[number - 1] -= 1
            if self.unwritten[number - 1] == 0:
                self.ready.append(number)
        self._reap()
        self._start(at_once=1)

    def finish(self) -> None:
        """Index what is left, AFTER_WRITING parts at a time, and list the parts."""
        self.ready.extend(number for number in range(1, len(self.parts) + 1)
                          if number not in self.started and number not in self.ready)
        while self.running or self.ready:
            self._start(at_once=AFTER_WRITING)
            if not self._reap():
                time.sleep(POLL_SECONDS)
        output = self.site_dir / OUTPUT
        output.mkdir(exist_ok=True)
        listing = {"delen": [f"deel-{number}/" for number in range(2, len(self.parts) + 1)]}
        word = warm_up_word(self.site_dir, [page for page in self.parts[0]
                                            if (self.site_dir / page).is_file()])
        if word:
            listing["opwarmen"] = word
        (output / PARTS_FILE).write_text(json.dumps(listing), encoding="utf-8")
        (output / WORDS_FILE).write_text(json.dumps({"woorden": self.words.listing()}, ensure_ascii=False,
                                                    separators=(",", ":")), encoding="utf-8")

    def stop(self) -> None:
        for process, _started in self.running.values():
            process.kill()
            process.wait()
        self.running.clear()
        shutil.rmtree(self.scratch, ignore_errors=True)

    def _start(self, at_once: int) -> None:
        """Start Pagefind on the parts that are ready, while fewer than `at_once` run."""
        while self.ready and len(self.running) < at_once:
            number = self.ready.pop(0)
            self.started.add(number)
            part_site = self.scratch / f"deel-{number}"
            # Only pages that were written: MkDocs leaves out a page whose output is empty.
            place_pages(self.site_dir, part_site, [page for page in self.parts[number - 1]
                                                   if (self.site_dir / page).is_file()], self.words)
            output = self.site_dir / OUTPUT if number == 1 else self.site_dir / OUTPUT / f"deel-{number}"
            self.running[number] = (start_pagefind(part_site, output, self._log(number)), time.monotonic())

    def _reap(self) -> bool:
        """Take in every Pagefind that ended (raising if one failed or ran out of time);
        whether one did."""
        ended = False
        for number, (process, started) in list(self.running.items()):
            if process.poll() is None:
                if time.monotonic() - started > TIMEOUT_SECONDS:
                    raise SiteSearchFailed(f"Pagefind was na {TIMEOUT_SECONDS} s niet klaar")
                continue
            del self.running[number]
            ended = True
            if process.returncode != 0:
                output = self._log(number).read_text(encoding="utf-8", errors="replace")
                detail = output.strip().splitlines()[-5:]
                raise SiteSearchFailed("Pagefind kon de zoekindex niet bouwen: " + " / ".join(detail))
            shutil.rmtree(self.scratch / f"deel-{number}", ignore_errors=True)
        return ended

    def _log(self, number: int) -> Path:
        return self.scratch / f"deel-{number}.log"


def warm_up_word(site_dir: Path, pages: list[Path]) -> str | None:
    """A word for the search box to search once before the reader does (assets/zoeken.js):
    the commonest word of four letters or more in the first part's page titles (<h1>), so
    that the search finds a good number of pages and Pagefind's code is run in earnest."""
    counts: Counter[str] = Counter()
    for page in pages:
        data = (site_dir / page).read_bytes()
        counts.update(set(WORD.findall(title_text(data, 0, len(data)).lower())))
    return min(counts, key=lambda word: (-counts[word], word)) if counts else None


WORD = re.compile(r"[^\W\d_]{4,}")


def marked_size(data: bytes, start: int) -> int:
    """Bytes from the marker to the end of the <div> it marks (theme/main.html puts it on a div)."""
    return marked_span(data, start)[1] - start


def split_into_parts(pages: list[tuple[Path, int]], part_bytes: int) -> list[list[Path]]:
    """Consecutive runs of pages, as few as keep each near `part_bytes` and about
    equally large (each Pagefind process then needs about the same memory): a page
    goes to the part its middle falls in. Every part costs a reader a request and a
    search per query, so there is never one part more than the size requires (filling
    each part up to its share instead left a part of a few pages at the end).

    Not a small first part and fuller ones after it, although Pagefind could then
    start earlier in the build: at 5,000 cases (parts of 825 / 1,395 / 1,397 / 1,433
    pages instead of about 1,250 each) the benchmark's first search fetched 0.84-0.88
    instead of 0.72-0.75 MB: 8 index chunks instead of 5, the fuller parts needing two."""
    total = sum(size for _path, size in pages)
    count = max(1, -(-total // part_bytes))  # ceil(total / part_bytes)
    share = total / count
    parts: list[list[Path]] = [[] for _ in range(count)]
    before = 0
    for path, size in pages:
        parts[min(count - 1, int((before + size / 2) // share))].append(path)
        before += size
    return [part for part in parts if part] or [[]]


def place_pages(site_dir: Path, part_site: Path, pages: list[Path], words: SiteWords) -> None:
    """A tree with only these pages, at their own paths (so their URLs stay the same): a
    page with extra index words as a copy that has them, any other as a hard link."""
    for page in pages:
        target = part_site / page
        target.parent.mkdir(parents=True, exist_ok=True)
        data = (site_dir / page).read_bytes()
        indexed = words.with_extra_words(data, data.find(BODY_MARKER))
        if indexed is not data:
            target.write_bytes(indexed)
            continue
        try:
            os.link(site_dir / page, target)
        except OSError:  # a file system without hard links
            shutil.copyfile(site_dir / page, target)


def start_pagefind(part_site: Path, output: Path, log: Path) -> subprocess.Popen:
    """Pagefind on one part, in the background; what it prints goes to `log` (a pipe
    nobody reads while MkDocs writes pages could fill up and stop it)."""
    try:
        with log.open("wb") as printed:
            return subprocess.Popen(
                [sys.executable, "-m", "pagefind", "--site", str(part_site), "--output-path", str(output),
                 "--exclude-selectors", EXCLUDED_SELECTORS],
                stdout=printed, stderr=subprocess.STDOUT)
    except OSError as error:
        raise SiteSearchFailed(f"Pagefind kon niet starten: {error}") from error
