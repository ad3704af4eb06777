"""Search benchmark: our Whoosh index (Whoosh's public API only) next to SQLite FTS5.

    python benchmarks/search_benchmark.py [--sizes 100,1000,5000] [--seed 0] [--repeat 5]
                                          [--corpus ../shared/seeds/002_0bdd012a5301d335.txt]
                                          [--writers 1:256,2:256,2:64] [--no-fts5]

For each size N it writes N synthetic cases (benchmarks/synthetic_cases.py; with
--corpus, about 1,400 words a case of real sentences from that file), loads and
validates them once, and then measures side by side:

- full index: every case from scratch, wall and CPU time (this process and
  Whoosh's writer processes); with --writers also with other settings of
  Whoosh's writer, each `PROCESSES:LIMITMB` (1 process: its serial
  SegmentWriter; more: its MpWriter with a segment per process; LIMITMB the
  posting pool of each), the last one being the one measured further;
- incremental: one case edited, only that one re-indexed;
- queries: p50 and p95 over a fixed set (single words, phrases with stopwords
  like "de gemeente", filters), each run --repeat times on an open index.
  A Whoosh query is what `wijkwijzer search` asks of the index: ranked top 10
  (Whoosh's `searcher.search`, BM25F) with snippets plus facet counts over all
  hits; the FTS5 query does the same (bm25 top 10 with snippet(), and a GROUP
  BY for the facet counts); a last row gives the process (CPU) time of the
  queries, which moves less with the load;
- the whole command: `wijkwijzer search gezondheid` as a subprocess (start-up,
  freshness check, query, output), median of 3, with a fresh index and after
  editing one case (the update included; the edit is less than a second old,
  so the file's time is not trusted and its hash decides); its CPU time
  (user + system) is shown too, as it moves less with the load than wall time.

FTS5 runs with `unicode61 remove_diacritics 2` (accent folding) but without
Dutch stemming or stopwords, which it does not have; it is the yardstick, not
a drop-in replacement.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_cases import write_synthetic_project  # noqa: E402

from site_builder.content.catalog import CaseRecord, load_catalog  # noqa: E402
from site_builder.content.markdown_text import plain_text  # noqa: E402
from site_builder.project import Project  # noqa: E402
from site_builder.search import index as search_index  # noqa: E402
from site_builder.search.freshness import index_is_current  # noqa: E402
from site_builder.search.index import update_index  # noqa: E402
from site_builder.search.searcher import SearchIndex, SearchRequest  # noqa: E402

WIJKWIJZER = Path(sys.executable).with_name("wijkwijzer")


@dataclass(frozen=True)
class BenchmarkQuery:
    label: str
    text: str = ""
    building_block: str | None = None
    province: str | None = None  # province id
    active_in: int | None = None


QUERIES = [
    BenchmarkQuery("woord", "gezondheid"),
    BenchmarkQuery("woord", "wijk"),
    BenchmarkQuery("woord", "coöperatie"),
    BenchmarkQuery("woord", "energietransitie"),
    BenchmarkQuery("woorden", "bewoners vertrouwen"),
    BenchmarkQuery("woorden", "veilige straat politie"),
    BenchmarkQuery("zin", '"de gemeente"'),
    BenchmarkQuery("zin", '"in de wijk"'),
    BenchmarkQuery("zin", '"de gezondheid van kinderen"'),
    BenchmarkQuery("zin", '"het wijkteam"'),
    BenchmarkQuery("filter", building_block="lange-adem"),
    BenchmarkQuery("filter", "wijk", building_block="vertrouwen", province="limburg"),
    BenchmarkQuery("filter", "gezondheid", active_in=2015),
    BenchmarkQuery("filter", '"de gemeente"', building_block="middelen"),
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def timed_with_cpu(action) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of this process and of the worker processes
    it started and waited for (a rebuild's document workers end with it)."""
    before = os.times()
    wall = timed(action)
    after = os.times()
    cpu = sum(getattr(after, name) - getattr(before, name)
              for name in ("user", "system", "children_user", "children_system"))
    return wall, cpu


def edit_one_case(project: Project) -> None:
    """Append a sentence to the first case, as a contributor's small fix would."""
    path = sorted(project.cases_dir.glob("*.md"))[0]
    path.write_text(path.read_text("utf-8") + "\nEen kleine aanvulling na de evaluatie.\n", "utf-8")


# --- Whoosh, through our own module -------------------------------------------------

def whoosh_request(query: BenchmarkQuery) -> SearchRequest:
    return SearchRequest(text=query.text,
                         building_blocks=(query.building_block,) if query.building_block else (),
                         province=query.province, active_in=query.active_in, limit=10)


def query_latencies(index: SearchIndex, repeat: int) -> dict[str, list[float]]:
    """Wall time per query label, and under "cpu" the process time of every query
    (on a shared machine it moves less with the load than the wall time)."""
    latencies: dict[str, list[float]] = {}
    for query in QUERIES:  # warm caches once, as a long-running searcher would be
        index.search(whoosh_request(query))
    for _ in range(repeat):
        for query in QUERIES:
            cpu = time.process_time()
            latency = timed(lambda: index.search(whoosh_request(query)))
            latencies.setdefault("cpu", []).append(time.process_time() - cpu)
            latencies.setdefault(query.label, []).append(latency)
    return latencies


def command_seconds(project: Project, runs: int = 3, edit: bool = False) -> tuple[float, float]:
    """Median wall and CPU time of `wijkwijzer search gezondheid`, optionally after editing one case each run."""
    samples, cpu = [], []
    for _ in range(runs):
        if edit:
            edit_one_case(project)
        start, before = time.perf_counter(), os.times()
        subprocess.run([str(WIJKWIJZER), "search", "gezondheid"], cwd=project.root, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
        after = os.times()
        cpu.append(after.children_user + after.children_system - before.children_user - before.children_system)
    return statistics.median(samples), statistics.median(cpu)


@dataclass(frozen=True)
class WriterSetting:
    """How Whoosh's writer writes a full index: processes (1: serial) and posting pool (MB)."""

    processes: int
    limitmb: int

    @classmethod
    def parse(cls, text: str) -> "WriterSetting":
        processes, limitmb = text.split(":")
        return cls(int(processes), int(limitmb))

    def __str__(self) -> str:
        return f"{self.processes} proc., {self.limitmb} MB"


def full_index_with(project: Project, catalog, setting: WriterSetting) -> tuple[float, float]:
    """A full rebuild with the writer set so (the module's settings restored after)."""
    saved = (search_index.WRITER_PROCESSES, search_index.PARALLEL_FROM, search_index.POSTING_POOL_MB)
    search_index.WRITER_PROCESSES = setting.processes
    search_index.PARALLEL_FROM = 1 if setting.processes > 1 else sys.maxsize
    search_index.POSTING_POOL_MB = setting.limitmb
    try:
        return timed_with_cpu(lambda: update_index(project, catalog, full=True))
    finally:
        search_index.WRITER_PROCESSES, search_index.PARALLEL_FROM, search_index.POSTING_POOL_MB = saved


def bench_whoosh(project: Project, repeat: int, writers: list[WriterSetting]) -> dict:
    catalog = load_catalog(project)
    fulls = {}
    for setting in writers:
        fulls[str(setting)] = full_index_with(project, catalog, setting)
        print(f"  volledige index, {setting}: {ms(fulls[str(setting)][0])} wand / "
              f"{ms(fulls[str(setting)][1])} cpu (load {os.getloadavg()[0]:.1f})", flush=True)
    command_fresh = command_seconds(project)
    edit_one_case(project)
    stale_check = timed(lambda: index_is_current(project, catalog.vocabularies))
    edited = load_catalog(project)
    stats = []
    incremental = timed(lambda: stats.append(update_index(project, edited)))
    assert stats[0].reindexed == 1 and not stats[0].full_rebuild, stats
    command_edited = command_seconds(project, edit=True)
    with SearchIndex.open(project) as index:
        latencies = query_latencies(index, repeat)
    return {"fulls": fulls, "incremental": incremental, "stale_check": stale_check,
            "latencies": latencies, "command_fresh": command_fresh, "command_edited": command_edited}


# --- SQLite FTS5, the yardstick -----------------------------------------------------

FTS_SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(
    slug UNINDEXED, titel, samenvatting, body, gemeente, wijk, provincie, themas,
    tokenize = 'unicode61 remove_diacritics 2');
CREATE TABLE facets (doc INTEGER, kind TEXT, value TEXT);
CREATE INDEX facets_by_value ON facets (kind, value, doc);
CREATE TABLE periods (doc INTEGER PRIMARY KEY, start INTEGER, eind INTEGER);
"""


def fts_insert(db: sqlite3.Connection, record: CaseRecord) -> None:
    case = record.case
    row = db.execute(
        "INSERT INTO docs (slug, titel, samenvatting, body, gemeente, wijk, provincie, themas) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (record.slug, case.title, case.summary, plain_text(record.body), case.municipality,
         case.neighbourhood, case.province, " ".join(case.themes))).lastrowid
    facets = [("bouwsteen", value) for value in case.building_blocks]
    facets += [("drager", value) for value in case.carriers]
    facets += [("stap", value) for value in case.steps]
    facets.append(("provincie", case.province.lower().replace("â", "a")))
    db.executemany("INSERT INTO facets VALUES (?, ?, ?)", [(row, k, v) for k, v in facets])
    if case.period:
        db.execute("INSERT INTO periods VALUES (?, ?, ?)", (row, case.period.start, case.period.end))


def fts_delete(db: sqlite3.Connection, slug: str) -> None:
    for (row,) in db.execute("SELECT rowid FROM docs WHERE slug = ?", (slug,)).fetchall():
        db.execute("DELETE FROM docs WHERE rowid = ?", (row,))
        db.execute("DELETE FROM facets WHERE doc = ?", (row,))
        db.execute("DELETE FROM periods WHERE doc = ?", (row,))


def fts_search(db: sqlite3.Connection, query: BenchmarkQuery, this_year: int) -> tuple[list, list]:
    """Top 10 with snippets and facet counts over all hits, as SearchIndex.search gives."""
    filters, params = [], []
    if query.building_block:
        filters.append("SELECT doc FROM facets WHERE kind = 'bouwsteen' AND value = ?")
        params.append(query.building_block)
    if query.province:
        filters.append("SELECT doc FROM facets WHERE kind = 'provincie' AND value = ?")
        params.append(query.province)
    if query.active_in:
        filters.append("SELECT doc FROM periods WHERE start <= ? AND (eind >= ? OR (eind IS NULL AND ? <= ?))")
        params += [query.active_in, query.active_in, query.active_in, this_year]
    # Filters and matches go through small temporary tables: FTS5 evaluates
    # "rowid IN (subquery)" per row, which took seconds at 5,000 cases.
    db.execute("DELETE FROM temp.allowed")
    db.execute("DELETE FROM temp.matched")
    if filters:
        db.execute(f"INSERT INTO temp.allowed {' INTERSECT '.join(filters)}", params)
    # CROSS JOIN keeps docs as the outer loop, so MATCH runs once, not once per allowed row.
    allowed = " CROSS JOIN temp.allowed ON allowed.doc = docs.rowid" if filters else ""
    if query.text:
        hits = db.execute(
            f"SELECT slug, titel, snippet(docs, 3, '[', ']', '…', 30) FROM docs{allowed} "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.5, 1.0, 2.0, 2.0, 1.0, 1.5) LIMIT 10",
            (query.text,)).fetchall()
        db.execute(f"INSERT INTO temp.matched SELECT docs.rowid FROM docs{allowed} WHERE docs MATCH ?",
                   (query.text,))
    else:
        hits = db.execute(f"SELECT slug, titel, samenvatting FROM docs{allowed} "
                          "ORDER BY titel LIMIT 10").fetchall()
        db.execute(f"INSERT INTO temp.matched SELECT docs.rowid FROM docs{allowed}")
    facets = db.execute("SELECT kind, value, count(*) FROM facets JOIN temp.matched USING (doc) "
                        "GROUP BY kind, value").fetchall()
    return hits, facets


def bench_fts5(project: Project, folder: Path, repeat: int) -> dict:
    catalog = load_catalog(project)
    path = folder / "fts5.sqlite"

    def build() -> None:
        db = sqlite3.connect(path)
        db.executescript(FTS_SCHEMA)
        with db:
            for record in catalog.cases:
                fts_insert(db, record)
        db.close()

    full = timed(build)
    edit_one_case(project)
    edited = load_catalog(project).by_slug()
    changed = sorted(project.cases_dir.glob("*.md"))[0].name[:-3]

    def update() -> None:
        db = sqlite3.connect(path)
        with db:
            fts_delete(db, changed)
            fts_insert(db, edited[changed])
        db.close()

    incremental = timed(update)
    db = sqlite3.connect(path)
    db.executescript("CREATE TEMP TABLE allowed (doc INTEGER PRIMARY KEY);"
                     "CREATE TEMP TABLE matched (doc INTEGER PRIMARY KEY);")
    this_year = time.localtime().tm_year
    latencies: dict[str, list[float]] = {}
    for query in QUERIES:
        fts_search(db, query, this_year)
    for _ in range(repeat):
        for query in QUERIES:
            latency = timed(lambda: fts_search(db, query, this_year))
            latencies.setdefault(query.label, []).append(latency)
    db.close()
    return {"full": full, "incremental": incremental, "latencies": latencies}


# --- Report -------------------------------------------------------------------------

def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def report(n: int, load_seconds: float, whoosh: dict, fts: dict | None) -> None:
    # Other work on the machine slows every figure; the load average says how much there was.
    print(f"\n== {n} casussen (catalogus laden en valideren: {ms(load_seconds)}; "
          f"versheidscontrole Whoosh: {ms(whoosh['stale_check'])}; "
          f"load average: {os.getloadavg()[0]:.1f} op {os.cpu_count()} cores)")
    fts = fts or {"full": None, "incremental": None, "latencies": {}}
    rows = [(f"volledige index, {setting} (wand / cpu)", "{} / {}".format(*map(ms, figures)),
             ms(fts["full"]) if fts["full"] else "")
            for setting, figures in whoosh["fulls"].items()]
    rows += [("incrementeel (1 casus)", ms(whoosh["incremental"]),
              ms(fts["incremental"]) if fts["incremental"] else ""),
             ("wijkwijzer search, verse index (wand / cpu)", "{} / {}".format(*map(ms, whoosh["command_fresh"])), ""),
             ("wijkwijzer search na 1 bewerking (wand / cpu)",
              "{} / {}".format(*map(ms, whoosh["command_edited"])), "")]
    labels = list(dict.fromkeys(query.label for query in QUERIES)) + ["alle"]

    def p50_p95(latencies: dict, label: str) -> str:
        samples = [t for k, v in latencies.items() if label in (k, "alle") and k != "cpu" for t in v]
        return f"{ms(percentile(samples, .5))} / {ms(percentile(samples, .95))}" if samples else ""

    for label in labels:
        rows.append((f"zoeken {label} p50 / p95", p50_p95(whoosh["latencies"], label),
                     p50_p95(fts["latencies"], label)))
    cpu = whoosh["latencies"]["cpu"]
    rows.append(("zoeken alle, cpu-tijd p50 / p95", f"{ms(percentile(cpu, .5))} / {ms(percentile(cpu, .95))}", ""))
    width = max(len(row[0]) for row in rows)
    print(f"{'':{width}}  {'wijkwijzer':>22}  {'SQLite FTS5':>22}")
    for name, ours, fts5 in rows:
        print(f"{name:{width}}  {ours:>22}  {fts5:>22}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="komma-gescheiden aantallen casussen")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="herhalingen per zoekvraag")
    parser.add_argument("--corpus", type=Path,
                        help="tekstbestand met echte Nederlandse zinnen voor de casussen")
    parser.add_argument("--writers", default=f"{search_index.WRITER_PROCESSES}:{search_index.POSTING_POOL_MB}",
                        help="instellingen van Whoosh' schrijver voor de volledige index, elk PROCESSEN:MB, "
                             "komma-gescheiden (de laatste wordt verder gemeten)")
    parser.add_argument("--no-fts5", action="store_true", help="sla SQLite FTS5 over")
    args = parser.parse_args()
    for n in (int(size) for size in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix=f"wijkwijzer-bench-{n}-"))
        try:
            project = Project(write_synthetic_project(folder / "whoosh", n, args.seed, args.corpus))
            load_seconds = timed(lambda: load_catalog(project))
            writers = [WriterSetting.parse(text) for text in args.writers.split(",")]
            whoosh = bench_whoosh(project, args.repeat, writers)
            fts = None
            if not args.no_fts5:
                fts_project = Project(write_synthetic_project(folder / "fts5", n, args.seed, args.corpus))
                fts = bench_fts5(fts_project, folder, args.repeat)
            report(n, load_seconds, whoosh, fts)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
