"""Site benchmark (issue 7): check, build, serve and site search on synthetic cases.

    python benchmarks/site_benchmark.py [--sizes 100,1000,5000] [--seed 0] [--repeat 3]
                                        [--json results.json] [--keep]
                                        [--corpus PATH | --woordenlijsten] [--meet build,zoeken]
                                    [--engines mkdocs,properdocs,zensical]

For each size N it writes N synthetic cases (benchmarks/synthetic_cases.py) into
a temporary content root and measures, each against a yardstick:

1. check   `wijkwijzer check` next to a bare python-frontmatter + Pydantic loop
           over the same files; both are subprocesses, so interpreter start-up
           and imports count in both (median of --repeat runs).
2. build   per engine (MkDocs, ProperDocs, Zensical): `wijkwijzer build --engine <e>`
           next to the engine's own build of the very same site source
           (`.wijkwijzer/bron/<e>/`, copied) with its own search instead of ours
           (Material's search plugin and search box; Zensical's built-in search):
           what a site owner gets from the engine over the same pages. With the
           source on disk this difference is exactly our overhead (load, render,
           write the source, sanitise, Pagefind). Wall time of each, one run each;
           peak memory: for ours the largest process of each kind (Python, the
           engine, Pagefind), sampled from /proc; for the engine's own GNU time's.
3. serve   per engine, `wijkwijzer serve --engine <e>` in the content root; one
           case's body gets a unique word appended, and the case page is polled
           until it shows it: seconds from save to updated page.
4. search  the built site served on localhost without compression, opened in
           headless Chromium in a fresh context (nothing cached), as a reader
           uses it: a case page has loaded, one second later a click in the
           search box, a quarter second later the query typed. Reported: the
           time from the first key press to the first result, cold and warm (a
           second query), and the bytes transferred before the first result
           (encoded body plus headers of every request, web workers' included;
           all requests, and those of the search). Also: typing the moment the
           page has loaded (the worst case), and the same reader on the home
           page (whose own script fetches the whole data/cases.json). Works with
           Material's lunr search and with Pagefind's chunked index in pagefind/.

The cases' text is drawn from natural Dutch prose, by default the essay in
../shared/seeds/ beside the project (--corpus for another file; --woordenlijsten
for the old generated text, which is far kinder to a search index).
`--meet build,zoeken` runs only some of the measurements; every row reports
`uptime`'s load averages before and after, since the machine is shared.

Search-index timings are in benchmarks/search_benchmark.py, not here.
Targets (issues 7, 14 and 23), at 5,000 cases: check <= 2 s; build <= 1.15 x the
engine's own build of the same source with its own search (default engine), and
peak memory of any process < 1 GB; serve < 3 s from save to page (default engine); search < 1 MB before the first result and < 500 ms
from typing to result.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(REPO_ROOT))

from synthetic_cases import write_synthetic_project  # noqa: E402

BIN = Path(sys.executable).parent
GNU_TIME = Path("/usr/bin/time")
SERVE_STARTUP_TIMEOUT = 900  # seconds; the first build at 5,000 cases takes over a minute
SERVE_UPDATE_TIMEOUT = 600
SEARCH_TIMEOUT = 300
# The natural Dutch text the synthetic bodies are drawn from: the essay the project
# itself is based on, beside the project as ../shared/seeds/ (see synthetic_cases.py).
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "seeds" / "002_0bdd012a5301d335.txt"
# A common word (most pages match: the slow case) and a rarer one; both occur in
# the essay and, with the generated text instead, in the word lists.
SEARCH_QUERIES = ("bewoners", "energietransitie")

# The yardstick for `wijkwijzer check`: parse and validate, nothing else.
BARE_CHECK = """
from pathlib import Path
import frontmatter
from pydantic import ValidationError
from site_builder.content.models import Case
from site_builder.content.vocabulary import load_vocabularies

vocabularies = load_vocabularies(Path("schema"))
valid = invalid = 0
for path in sorted(Path("cases").glob("*.md")):
    post = frontmatter.load(path)
    try:
        Case.model_validate(post.metadata, context={"vocabularies": vocabularies})
        valid += 1
    except ValidationError:
        invalid += 1
print(f"{valid} geldig, {invalid} ongeldig")
"""


class BenchmarkError(Exception):
    pass


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float | None
    # CPU seconds (user + system) of the process and every child it waited for, from
    # GNU time: on a shared, loaded machine a steadier measure of the work than wall time.
    cpu_s: float | None = None


# --- Content root ---------------------------------------------------------------------

def default_corpus() -> Path | None:
    """The essay beside the project (`../shared/seeds/`), or None with a message saying so."""
    if DEFAULT_CORPUS.is_file():
        return DEFAULT_CORPUS
    progress(f"let op: {DEFAULT_CORPUS} ontbreekt; de casussen krijgen gegenereerde tekst uit "
             "woordenlijsten (veel herhaling: zoekindex en zoektijden vallen te gunstig uit). "
             "Geef een Nederlandse tekst mee met --corpus PAD.")
    return None


def prepare_content_root(root: Path, n: int, seed: int, corpus: Path | None) -> Path:
    """Synthetic cases plus everything else a build reads from the project root."""
    write_synthetic_project(root, n, seed, corpus)
    # docs/bijdragen/index.md includes CONTRIBUTING.md as a snippet (check_paths: true);
    # the generator does not copy it, and without it the build stops.
    if (REPO_ROOT / "CONTRIBUTING.md").is_file():
        shutil.copy2(REPO_ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    return root


# --- Running things -------------------------------------------------------------------

class ProcessTreePeaks:
    """The largest resident set of each kind of process under one process, sampled
    every 0.2 s from /proc (Linux): which process, ours, the engine's or Pagefind's,
    sets the peak (`process_role`)."""

    def __init__(self) -> None:
        self.peaks: dict[str, int] = {}  # process name -> kB
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pid: int) -> None:
        self._thread = threading.Thread(target=self._run, args=(pid,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def peaks_mb(self) -> dict[str, float]:
        return {name: kb / 1024 for name, kb in self.peaks.items()}

    def _run(self, root: int) -> None:
        while not self._stop.wait(0.2):
            parents = {}
            for entry in Path("/proc").iterdir():
                if entry.name.isdigit():
                    try:
                        stat = (entry / "stat").read_text()
                        parents[int(entry.name)] = int(stat[stat.rindex(")") + 2:].split()[1])
                    except (OSError, ValueError, IndexError):
                        continue
            tree, grew = {root}, True
            while grew:
                found = {pid for pid, parent in parents.items() if parent in tree} - tree
                tree |= found
                grew = bool(found)
            for pid in tree:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
                if "VmRSS" not in fields:
                    continue
                name = process_role(fields["Name"].strip(), pid)
                if name in ("time", "sh"):
                    continue
                self.peaks[name] = max(self.peaks.get(name, 0), int(fields["VmRSS"].split()[0]))


def process_role(name: str, pid: int) -> str:
    """What a process of the build is: `pagefind`, the engine (`mkdocs`, `properdocs`,
    `zensical`: a Python process running the engine's module, or Zensical's own
    executable), `wijkwijzer` (our own process, and any other Python), or its name."""
    if "pagefind" in name:
        return "pagefind"
    try:
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        arguments = []
    modules = {module.decode() for option, module in zip(arguments, arguments[1:]) if option == b"-m"}
    for engine in ENGINES:  # not `wijkwijzer build --engine mkdocs`: `python -m mkdocs`
        if engine in modules or name.startswith(engine):
            return engine
    return "wijkwijzer" if name.startswith(("python", "wijkwijzer")) else name


def run_measured(command: list[str], cwd: Path, memory: bool = False, on_start=None) -> Run:
    """Run a command to completion; wall time, and peak RSS when asked for.

    `on_start(pid)` is called once the process has started (for ProcessTreePeaks)."""
    report = None
    if memory and GNU_TIME.exists():
        handle, name = tempfile.mkstemp(prefix="wijkwijzer-time-")
        os.close(handle)
        report = Path(name)
        command = [str(GNU_TIME), "-v", "-o", str(report), *command]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if on_start is not None:
        on_start(process.pid)
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise BenchmarkError(f"{' '.join(command)} eindigde met code {process.returncode}:\n"
                             + (stderr or stdout)[-3000:])
    peak_mb = cpu_s = None
    if report is not None:
        text = report.read_text()
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        report.unlink()
        peak_mb = int(found.group(1)) / 1024 if found else None
        cpu = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text)
        cpu_s = sum(map(float, cpu)) if len(cpu) == 2 else None
    elif memory:
        import resource  # the largest child so far, so only exact when this run is the biggest
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return Run(seconds, peak_mb, cpu_s)


# --- 1. check -------------------------------------------------------------------------

def measure_check(root: Path, repeat: int) -> dict:
    ours, bare, cached, edited = [], [], [], []
    case = sorted((root / "cases").glob("*.md"))[0]
    for _ in range(repeat):  # interleaved, so a busy moment hurts both alike
        ours.append(run_measured([str(BIN / "wijkwijzer"), "check", "--no-cache"], root).seconds)
        bare.append(run_measured([sys.executable, "-c", BARE_CHECK], root).seconds)
        run_measured([str(BIN / "wijkwijzer"), "check"], root)  # fills the cache
        cached.append(run_measured([str(BIN / "wijkwijzer"), "check"], root).seconds)
        case.write_text(case.read_text(encoding="utf-8") + "\nEen bewerking.\n", encoding="utf-8")
        edited.append(run_measured([str(BIN / "wijkwijzer"), "check"], root).seconds)
    return {"check_s": statistics.median(ours), "check_bare_s": statistics.median(bare),
            "check_cached_s": statistics.median(cached), "check_edited_s": statistics.median(edited)}


# --- 2. build -------------------------------------------------------------------------

ENGINES = ("mkdocs", "properdocs", "zensical")
# What each engine's own search is called in its configuration.
OWN_SEARCH = {"mkdocs": "search", "properdocs": "search", "zensical": {"search": {"enabled": True}}}


def engine_own_source(root: Path, engine: str, folder: Path) -> Path:
    """A copy of the site source `wijkwijzer build --engine <engine>` wrote, configured as a
    site owner would have it without us: the engine's own search (Material's search plugin,
    Zensical's built-in one) and its own search box instead of our Pagefind one. The same
    pages, data files, assets and theme overrides. Returns its configuration file."""
    source = root / ".wijkwijzer" / "bron" / engine
    for name in ("docs", "overrides"):
        shutil.copytree(source / name, folder / name)
    (folder / "overrides" / "partials" / "search.html").unlink(missing_ok=True)
    config = yaml.load((source / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # noqa: S506
    plugins = [entry for entry in config.get("plugins", [])
               if (entry if isinstance(entry, str) else next(iter(entry))) != "search"]
    config["plugins"] = [OWN_SEARCH[engine], *plugins]
    config.pop("site_dir", None) if engine != "zensical" else None
    target = folder / "mkdocs.yml"
    target.write_text(yaml.dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def engine_own_command(engine: str, config: Path, site: Path) -> list[str]:
    if engine == "zensical":  # it builds into site_dir inside its project
        return [sys.executable, "-m", "zensical", "build", "--strict", "-f", str(config)]
    return [sys.executable, "-m", engine, "build", "--strict", "--quiet", "-f", str(config), "-d", str(site)]


def megabytes_or_unknown(value: float | None) -> str:
    return megabytes(value) if value is not None else "onbekend"


def describe_run(run: Run) -> str:
    cpu = f"{run.cpu_s:.1f} s" if run.cpu_s is not None else "onbekend"
    return f"{run.seconds:.1f} s, CPU {cpu}"


def measure_build(root: Path, workdir: Path, engines: tuple[str, ...] = ENGINES) -> dict:
    """Per engine: `wijkwijzer build --engine <engine>` (the site of the first, the default,
    is kept for the search measurement), then the engine's own build of the very same
    source folder with its own search (`engine_own_source`). One run each, in a row. Peak
    memory: for ours the largest process of each kind (ours, the engine, Pagefind),
    sampled from /proc; for the engine's own build GNU time's maximum resident set."""
    figures: dict = {}
    for engine in engines:
        site = workdir / ("site" if engine == engines[0] else f"site-{engine}")
        sampler = ProcessTreePeaks()
        ours = run_measured([str(BIN / "wijkwijzer"), "build", "--engine", engine, "--out", str(site)], root,
                            memory=True, on_start=sampler.start)
        sampler.stop()
        figures[f"build_{engine}_s"] = ours.seconds
        figures[f"build_{engine}_cpu_s"] = ours.cpu_s
        figures[f"build_{engine}_peak_mb"] = max(sampler.peaks_mb().values(), default=None)
        figures.update({f"build_{engine}_peak_{name}_mb": mb for name, mb in sampler.peaks_mb().items()})
        progress(f"build: wijkwijzer build --engine {engine}: {describe_run(ours)}, "
                 f"grootste proces {megabytes_or_unknown(figures[f'build_{engine}_peak_mb'])}")
        own_folder = workdir / f"eigen-{engine}"
        config = engine_own_source(root, engine, own_folder)
        own_site = workdir / f"site-eigen-{engine}"
        try:
            own = run_measured(engine_own_command(engine, config, own_site), own_folder, memory=True)
        except BenchmarkError as error:
            # The reference build failing (at 5,000 cases Zensical's own search refuses a
            # listing page whose one section exceeds its index limit) leaves its cells empty
            # and keeps the other engines' figures.
            progress(f"build: {engine} met eigen zoeken mislukt: {str(error).strip().splitlines()[-1]}")
        else:
            figures.update({f"build_own_{engine}_s": own.seconds, f"build_own_{engine}_peak_mb": own.peak_mb,
                            f"build_own_{engine}_cpu_s": own.cpu_s})
            progress(f"build: {engine} met eigen zoeken: {describe_run(own)}, piek {megabytes_or_unknown(own.peak_mb)}")
        shutil.rmtree(own_folder, ignore_errors=True)
        shutil.rmtree(own_site, ignore_errors=True)
        if site.name != "site":
            shutil.rmtree(site, ignore_errors=True)
    return figures


# --- 3. serve -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float) -> tuple[str, str]:
    """GET a page; return its final URL (after redirects) and its text."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.geturl(), response.read().decode("utf-8", "replace")


def stop(process: subprocess.Popen) -> None:
    """Ctrl-C first (MkDocs removes its temporary site), then harder."""
    for signal_to_send, grace in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        if process.poll() is not None:
            return
        process.send_signal(signal_to_send)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            continue


def append_text(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def timed_until(change, url: str, shows) -> float:
    """Seconds from making `change` until `url` answers with a page for which `shows` holds
    (a missing page, 404, reads as ""). While a rebuild runs, MkDocs holds requests until
    the new site is complete; while the preview restarts the engine's server (after a
    page was removed) nothing answers, which is not yet an answer."""
    change()
    saved = time.perf_counter()
    while True:
        try:
            _, html = fetch(url, timeout=SERVE_UPDATE_TIMEOUT)
        except urllib.error.HTTPError:
            html = ""  # a 404: not written yet, or deleted
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            html = None  # no server answering (it restarts)
        if html is not None and shows(html):
            return time.perf_counter() - saved
        if time.perf_counter() - saved > SERVE_UPDATE_TIMEOUT:
            raise BenchmarkError(f"{url}: de wijziging verscheen niet binnen {SERVE_UPDATE_TIMEOUT} s")
        time.sleep(0.05)


def term_pages(site: str, kind: str, term_id: str):
    """The HTML of a term's page and its numbered follow-up pages, in order."""
    url, number = f"{site}/{kind}/{term_id}/", 1
    while True:
        try:
            yield fetch(url, timeout=SERVE_UPDATE_TIMEOUT)[1]
        except urllib.error.URLError:
            return
        number += 1
        url = f"{site}/{kind}/{term_id}/pagina-{number}/"


def measure_serve(root: Path, workdir: Path, engine: str = "mkdocs") -> dict:
    """`wijkwijzer serve --engine <engine>`: from a save to the updated page, polled."""
    port = free_port()
    log = (workdir / f"serve-{engine}.log").open("w")
    server = subprocess.Popen([str(BIN / "wijkwijzer"), "serve", "--engine", engine,
                               "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        started = time.perf_counter()
        base = None
        while base is None:
            if server.poll() is not None:
                raise BenchmarkError("wijkwijzer serve stopte:\n"
                                     + (workdir / f"serve-{engine}.log").read_text()[-3000:])
            if time.perf_counter() - started > SERVE_STARTUP_TIMEOUT:
                raise BenchmarkError(f"wijkwijzer serve antwoordde niet binnen {SERVE_STARTUP_TIMEOUT} s")
            try:
                base, _ = fetch(f"http://127.0.0.1:{port}/", timeout=5)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        startup = time.perf_counter() - started

        site = base.rstrip("/")
        case = sorted((root / "cases").glob("*.md"))[0]
        url = f"{site}/casussen/{case.name[:-3]}/"
        fetch(url, timeout=SERVE_UPDATE_TIMEOUT)  # the page exists before the edit
        result = {f"serve_{engine}_startup_s": startup}

        # A body edit, three times (median): only the case page shows it.
        updates = []
        for _ in range(3):
            word = f"meetwoord{uuid.uuid4().hex[:10]}"
            updates.append(timed_until(lambda: append_text(case, f"\nEen aanvulling met het {word}.\n"),
                                       url, lambda html, word=word: word in html))
        result[f"serve_{engine}_update_s"] = statistics.median(updates)

        # An explanation edit: the case page and its building block's page (one of its
        # numbered pages) must both show it. MkDocs holds requests while it rebuilds, so
        # once the case page shows the word, the whole rebuild is done.
        word = f"meetwoord{uuid.uuid4().hex[:10]}"
        block = re.search(r"^bouwstenen:\n  - id: ([a-z0-9-]+)\n", case.read_text(encoding="utf-8"), re.M)
        result[f"serve_{engine}_explanation_s"] = timed_until(
            lambda: case.write_text(re.sub(r"toelichting: ", f"toelichting: Met {word}. ",
                                           case.read_text(encoding="utf-8"), count=1), encoding="utf-8"),
            url, lambda html: word in html)
        if block:
            result[f"serve_{engine}_explanation_on_term_page"] = any(
                word in page for page in term_pages(site, "bouwstenen", block.group(1)))

        # A new case file, then deleting it.
        added = case.with_name("meetcasus-nieuw.md")
        added_url = f"{site}/casussen/meetcasus-nieuw/"
        result[f"serve_{engine}_add_s"] = timed_until(lambda: shutil.copyfile(case, added), added_url,
                                            lambda html: "<h1" in html)
        result[f"serve_{engine}_delete_s"] = timed_until(lambda: added.unlink(), added_url, lambda html: html == "")
        return result
    finally:
        stop(server)
        log.close()


# --- 4. site search -------------------------------------------------------------------

# Times the first key press in the search box and the first result in the list,
# inside the page, so Playwright's round trips do not count.
SEARCH_PROBE = """() => {
  window.__wwSearch = {pressed: null, shown: null};
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  input.addEventListener("keydown", () => {
    if (window.__wwSearch.pressed === null) window.__wwSearch.pressed = performance.now();
  }, true);
  new MutationObserver(() => {
    const probe = window.__wwSearch;
    if (probe.pressed !== null && probe.shown === null && list.children.length) probe.shown = performance.now();
  }).observe(list, {childList: true});
}"""


def search_query_ms(page, query: str) -> float | None:
    """Type `query` into the search box; milliseconds until the first result shows."""
    page.evaluate("() => { window.__wwSearch = {pressed: null, shown: null}; }")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.keyboard.type(query)
    try:
        page.wait_for_function("() => window.__wwSearch.shown !== null", timeout=SEARCH_TIMEOUT * 1000)
    except PlaywrightTimeout:  # report no figure rather than stop the whole run
        return None
    return page.evaluate("() => window.__wwSearch.shown - window.__wwSearch.pressed")


# Where the time of the last query went, from the marks assets/zoeken.js sets on the
# performance timeline: typing (first key press to the last input), the pause after
# it, Pagefind's search in all parts, and the best result's fragment until it shows.
SEARCH_PHASES = """() => {
  const probe = window.__wwSearch;
  const marks = performance.getEntriesByType("mark").filter(m => m.startTime >= probe.pressed);
  const last = (name, before = Infinity) => marks.filter(m => m.name === "zoeken:" + name
    && m.startTime <= before).map(m => m.startTime).pop();
  const found = last("gevonden"), shown = last("getoond"), start = last("start", found);
  const typed = last("invoer", start);
  if ([found, shown, start, typed].includes(undefined)) return null;
  return {typing: typed - probe.pressed, pause: start - typed, search: found - start, show: shown - found};
}"""


def search_phases(page) -> dict[str, float] | None:
    """Milliseconds of each phase of the last query (SEARCH_PHASES), or None without marks."""
    return page.evaluate(SEARCH_PHASES)


def search_index_on_disk(site: Path) -> dict:
    """What the site search publishes: Material's one index file, or Pagefind's chunks."""
    lunr = site / "search" / "search_index.json"
    if lunr.is_file():
        index = lunr.read_bytes()
        return {"search_engine": "lunr", "search_index_bytes": len(index),
                "search_index_gzip_bytes": len(gzip.compress(index, compresslevel=6))}
    pagefind = site / "pagefind"
    if pagefind.is_dir():
        # Pagefind's index and fragment files are gzipped already; no gzip figure.
        return {"search_engine": "pagefind",
                "search_index_bytes": sum(f.stat().st_size for f in pagefind.rglob("*") if f.is_file())}
    raise BenchmarkError("de gebouwde site heeft geen zoekindex (search/ of pagefind/)")


# What a reader does: the page has loaded, they take a moment to find the search
# box, click it, move a hand to the keyboard, and type (Playwright types the word
# in one burst: no result for a first letter alone). Pagefind's own files may
# load in that moment, as they would for the reader; the bytes count all the same.
READER_PAUSE_BEFORE_CLICK_MS = 1000
READER_PAUSE_BEFORE_TYPING_MS = 250


def served_size(site: Path, site_base: str, url: str) -> int:
    """The size of the file a same-site URL names (0 for anything else)."""
    if not url.startswith(site_base):
        return 0
    path = url.removeprefix(site_base).split("?")[0]
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    return file.stat().st_size if file.is_file() else 0


def cold_search(browser, base: str, before_click_ms: int, before_typing_ms: int,
                site: Path) -> tuple[dict, object]:
    """In a fresh browser context (nothing cached): load the home page, pause, click
    the search box, pause, type the first query; timing and bytes up to its first result."""
    context = browser.new_context()
    # Context-wide, so requests of web workers (Pagefind searches in one) count too.
    finished = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(base, wait_until="load")
    page.evaluate(SEARCH_PROBE)
    page.wait_for_timeout(before_click_ms)
    page.click("input.md-search__input")
    page.wait_for_timeout(before_typing_ms)
    figures = {"search_cold_ms": search_query_ms(page, SEARCH_QUERIES[0])}
    figures["search_cold_phases"] = search_phases(page) if figures["search_cold_ms"] is not None else None
    if figures["search_cold_ms"] is not None:
        sizes = {request.url: request.sizes() for request in list(finished)}
        # Chromium reports a web worker's own script with a body of 0 bytes (the
        # browser fetched all 41 kB of pagefind-worker.js): the file's size counts
        # where it is larger (the server sends files uncompressed).
        site_base = base.split("/casussen/")[0].rstrip("/") + "/"
        transferred = {url: max(size["responseBodySize"], served_size(site, site_base, url))
                       + size["responseHeadersSize"] for url, size in sizes.items()}
        figures["search_transferred_bytes"] = sum(transferred.values())
        figures["search_index_transferred_bytes"] = sum(
            size for url, size in transferred.items() if re.search(r"/(search|pagefind)/", url))
        figures["search_requests"] = sorted(
            (size, url.removeprefix(site_base)) for url, size in transferred.items())
    return figures, context


def measure_search(site: Path) -> dict:
    """From a case page (where most readers arrive, from a link or a search engine)
    and from the home page, whose own script fetches the whole data/cases.json."""
    from tests.browser import chromium, serve_folder

    result = search_index_on_disk(site)
    finder_data = site / "data" / "cases.json"
    if finder_data.is_file():
        result["cases_json_bytes"] = finder_data.stat().st_size
    case_page = next((folder.name for folder in sorted((site / "casussen").iterdir()) if folder.is_dir()), "")
    with serve_folder(site) as base, chromium() as browser:
        case_url = f"{base}casussen/{case_page}/"
        home, context = cold_search(browser, base, READER_PAUSE_BEFORE_CLICK_MS, READER_PAUSE_BEFORE_TYPING_MS,
                                    site)
        context.close()
        result["search_cold_home_ms"] = home["search_cold_ms"]
        result["search_transferred_home_bytes"] = home.get("search_transferred_bytes")
        result["search_requests_home"] = home.get("search_requests")
        # The worst case: typing the moment the page has loaded.
        hasty, context = cold_search(browser, case_url, 0, 0, site)
        context.close()
        result["search_cold_hasty_ms"] = hasty["search_cold_ms"]
        result["search_transferred_hasty_bytes"] = hasty.get("search_transferred_bytes")
        figures, context = cold_search(browser, case_url, READER_PAUSE_BEFORE_CLICK_MS,
                                       READER_PAUSE_BEFORE_TYPING_MS, site)
        result.update(figures)
        page = context.pages[0]
        page.fill("input.md-search__input", "")
        page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
        result["search_warm_ms"] = search_query_ms(page, SEARCH_QUERIES[1])
        result["search_warm_phases"] = search_phases(page) if result["search_warm_ms"] is not None else None
        context.close()
    return result


# --- Report ---------------------------------------------------------------------------

def seconds(value: float) -> str:
    return f"{value:.2f} s"


def megabytes(value: float) -> str:
    return f"{value:,.0f} MB"


def size(value: float) -> str:
    return f"{value / 1_000_000:,.2f} MB" if value >= 100_000 else f"{value / 1000:,.0f} kB"


def millis(value: float) -> str:
    return f"{value:,.0f} ms"


def phases(value: dict) -> str:
    return " / ".join(f"{value[name]:,.0f}" for name in ("typing", "pause", "search", "show")) + " ms"


def ratio(value: float) -> str:
    return f"{value:.2f}x"


def load(value) -> str:
    """`uptime`'s three load averages (1, 5 and 15 minutes)."""
    return " ".join(f"{figure:.2f}" for figure in value)


# (label, key, formatter, target); a key "a/b" is the ratio of figures a and b.
ROWS = [
    ("check: wijkwijzer check", "check_s", seconds, "<= 2 s"),
    ("check: frontmatter + Pydantic", "check_bare_s", seconds, ""),
    ("check: verhouding", "check_s/check_bare_s", ratio, ""),
    ("check: opnieuw, niets veranderd", "check_cached_s", seconds, ""),
    ("check: opnieuw na 1 bewerking", "check_edited_s", seconds, "< 0.5 s"),
    ("build: wijkwijzer build (MkDocs)", "build_mkdocs_s", seconds, ""),
    ("build: MkDocs + Material-zoeken, zelfde bron", "build_own_mkdocs_s", seconds, ""),
    ("build: verhouding (MkDocs)", "build_mkdocs_s/build_own_mkdocs_s", ratio, "<= 1.15x"),
    ("build: CPU-tijd, wijkwijzer / engine zelf (MkDocs)", "build_mkdocs_cpu_s/build_own_mkdocs_cpu_s", ratio, ""),
    ("build: piekgeheugen, grootste proces (MkDocs)", "build_mkdocs_peak_mb", megabytes, "< 1 GB"),
    ("  Python-processen (wijkwijzer, MkDocs)", "build_mkdocs_peak_python_mb", megabytes, ""),
    ("  Pagefind", "build_mkdocs_peak_pagefind_mb", megabytes, ""),
    ("  MkDocs + Material-zoeken", "build_own_mkdocs_peak_mb", megabytes, ""),
    ("build: wijkwijzer build --engine properdocs", "build_properdocs_s", seconds, ""),
    ("build: ProperDocs + Material-zoeken, zelfde bron", "build_own_properdocs_s", seconds, ""),
    ("build: verhouding (ProperDocs)", "build_properdocs_s/build_own_properdocs_s", ratio, ""),
    ("build: CPU-tijd, wijkwijzer / engine zelf (ProperDocs)", "build_properdocs_cpu_s/build_own_properdocs_cpu_s", ratio, ""),
    ("build: ProperDocs tegen MkDocs (wijkwijzer build)", "build_properdocs_s/build_mkdocs_s", ratio, ""),
    ("build: piekgeheugen, grootste proces (ProperDocs)", "build_properdocs_peak_mb", megabytes, "< 1 GB"),
    ("  ProperDocs + Material-zoeken", "build_own_properdocs_peak_mb", megabytes, ""),
    ("build: wijkwijzer build --engine zensical", "build_zensical_s", seconds, ""),
    ("build: Zensical met eigen zoeken, zelfde bron", "build_own_zensical_s", seconds, ""),
    ("build: verhouding (Zensical)", "build_zensical_s/build_own_zensical_s", ratio, ""),
    ("build: CPU-tijd, wijkwijzer / engine zelf (Zensical)", "build_zensical_cpu_s/build_own_zensical_cpu_s", ratio, ""),
    ("build: Zensical tegen MkDocs (wijkwijzer build)", "build_zensical_s/build_mkdocs_s", ratio, ""),
    ("build: piekgeheugen, grootste proces (Zensical)", "build_zensical_peak_mb", megabytes, "< 1 GB"),
    ("  Python-processen (wijkwijzer, Zensical)", "build_zensical_peak_python_mb", megabytes, ""),
    ("  Zensical met eigen zoeken", "build_own_zensical_peak_mb", megabytes, ""),
    ("serve (MkDocs): eerste build tot antwoord", "serve_mkdocs_startup_s", seconds, ""),
    ("serve (MkDocs): opslaan -> pagina bijgewerkt (mediaan van 3)", "serve_mkdocs_update_s", seconds, "< 3 s"),
    ("serve (MkDocs): toelichting bewerkt -> casuspagina", "serve_mkdocs_explanation_s", seconds, ""),
    ("serve (MkDocs): nieuwe casus -> pagina", "serve_mkdocs_add_s", seconds, ""),
    ("serve (MkDocs): casus verwijderd -> pagina weg", "serve_mkdocs_delete_s", seconds, ""),
    ("serve (ProperDocs): eerste build tot antwoord", "serve_properdocs_startup_s", seconds, ""),
    ("serve (ProperDocs): opslaan -> pagina bijgewerkt (mediaan van 3)", "serve_properdocs_update_s", seconds, ""),
    ("serve (ProperDocs): toelichting bewerkt -> casuspagina", "serve_properdocs_explanation_s", seconds, ""),
    ("serve (ProperDocs): nieuwe casus -> pagina", "serve_properdocs_add_s", seconds, ""),
    ("serve (ProperDocs): casus verwijderd -> pagina weg", "serve_properdocs_delete_s", seconds, ""),
    ("serve (Zensical): eerste build tot antwoord", "serve_zensical_startup_s", seconds, ""),
    ("serve (Zensical): opslaan -> pagina bijgewerkt (mediaan van 3)", "serve_zensical_update_s", seconds, ""),
    ("serve (Zensical): toelichting bewerkt -> casuspagina", "serve_zensical_explanation_s", seconds, ""),
    ("serve (Zensical): nieuwe casus -> pagina", "serve_zensical_add_s", seconds, ""),
    ("serve (Zensical): casus verwijderd -> pagina weg", "serve_zensical_delete_s", seconds, ""),
    ("zoeken: zoekmachine", "search_engine", str, ""),
    ("zoeken: index op schijf", "search_index_bytes", size, ""),
    ("zoeken: index op schijf, gzip", "search_index_gzip_bytes", size, ""),
    ("zoeken op casuspagina: overgedragen tot 1e resultaat", "search_transferred_bytes", size, "< 1 MB"),
    ("  waarvan Pagefind (pagefind/)", "search_index_transferred_bytes", size, ""),
    ("zoeken op casuspagina: typen -> 1e resultaat (koud)", "search_cold_ms", millis, "< 500 ms"),
    ("  koud: typen / pauze / Pagefind / 1e fragment", "search_cold_phases", phases, ""),
    ("zoeken op casuspagina: typen -> 1e resultaat (warm)", "search_warm_ms", millis, "< 500 ms"),
    ("  warm: typen / pauze / Pagefind / 1e fragment", "search_warm_phases", phases, ""),
    ("zoeken op casuspagina: koud, getypt direct na laden", "search_cold_hasty_ms", millis, ""),
    ("  overgedragen, direct na laden", "search_transferred_hasty_bytes", size, ""),
    ("zoeken op startpagina: typen -> 1e resultaat (koud)", "search_cold_home_ms", millis, ""),
    ("zoeken op startpagina: overgedragen tot 1e resultaat", "search_transferred_home_bytes", size, ""),
    ("(vind: data/cases.json)", "cases_json_bytes", size, ""),
    ("belasting (uptime) voor", "load_average", load, ""),
    ("belasting (uptime) na", "load_average_after", load, ""),
]


def cell(figures: dict, key: str, formatter) -> str:
    if "/" in key:
        top, bottom = (figures.get(part) for part in key.split("/"))
        return formatter(top / bottom) if top is not None and bottom else "-"
    value = figures.get(key)
    return "-" if value is None else formatter(value)


def format_table(results: dict[int, dict]) -> str:
    sizes = list(results)
    header = ["", *(f"{n:,} casussen".replace(",", ".") for n in sizes), "doel (bij 5.000)"]
    body = [[label, *(cell(results[n], key, formatter) for n in sizes), target]
            for label, key, formatter, target in ROWS]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "  ".join(text.ljust(widths[0]) if i == 0 else text.rjust(widths[i])
                         for i, text in enumerate(row)).rstrip()

    return "\n".join([line(header), *(line(row) for row in body)])


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def attempt(n: int, name: str, step) -> dict:
    """Run one measurement; a failure is reported and leaves its cells empty."""
    progress(f"{n}: {name}")
    try:
        figures = step()
        progress(f"{n}: {name}: " + ", ".join(
            f"{key}={value:.4g}" if isinstance(value, float) else f"{key}={value}"
            for key, value in figures.items() if isinstance(value, (int, float, str))))
        return figures
    except BenchmarkError as error:
        progress(f"{n}: {name} mislukt: {error}")
        return {}


MEASUREMENTS = ("check", "build", "zoeken", "serve")


def benchmark_size(n: int, seed: int, repeat: int, keep: bool, corpus: Path | None,
                   measurements: tuple[str, ...] = MEASUREMENTS, engines: tuple[str, ...] = ENGINES) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"wijkwijzer-site-bench-{n}-"))
    root = workdir / "project"
    try:
        progress(f"{n}: casussen schrijven in {root}")
        prepare_content_root(root, n, seed, corpus)
        figures = {"load_average": os.getloadavg()}
        if "check" in measurements:
            figures.update(attempt(n, "check", lambda: measure_check(root, repeat)))
        if "build" in measurements or "zoeken" in measurements:  # the search needs the built site
            built = attempt(n, "build", lambda: measure_build(root, workdir, engines))
            figures.update(built)
            if built and "zoeken" in measurements:
                site = workdir / "site"
                figures.update(attempt(n, "zoeken", lambda: measure_search(site)))
        # Last: serving edits a case, and the other measurements read the unedited files.
        if "serve" in measurements:
            for engine in engines:
                figures.update(attempt(n, f"serve {engine}", lambda engine=engine: measure_serve(root, workdir, engine)))
        figures["load_average_after"] = os.getloadavg()
        return figures
    finally:
        if keep:
            progress(f"{n}: bewaard in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="komma-gescheiden aantallen casussen")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="herhalingen van check (mediaan)")
    parser.add_argument("--json", type=Path, help="schrijf de ruwe cijfers ook naar dit bestand")
    parser.add_argument("--keep", action="store_true", help="bewaar de tijdelijke projecten en sites")
    parser.add_argument("--corpus", type=Path,
                        help="Nederlandse tekst waaruit de casussen hun zinnen halen "
                             f"(standaard {DEFAULT_CORPUS.relative_to(REPO_ROOT.parent)} naast het project)")
    parser.add_argument("--meet", default=",".join(MEASUREMENTS),
                        help=f"komma-gescheiden deel van {','.join(MEASUREMENTS)} (standaard alles)")
    parser.add_argument("--engines", default=",".join(ENGINES),
                        help="komma-gescheiden engines; de eerste is de standaard, waarvan de site "
                             "ook voor de zoekmeting dient")
    parser.add_argument("--woordenlijsten", action="store_true",
                        help="gegenereerde tekst uit woordenlijsten in plaats van een echte tekst")
    args = parser.parse_args()
    if args.woordenlijsten:
        corpus = None
    elif args.corpus is not None:
        if not args.corpus.is_file():
            parser.error(f"--corpus {args.corpus}: bestand bestaat niet")
        corpus = args.corpus
    else:
        corpus = default_corpus()
    results: dict[int, dict] = {}
    for n in (int(size) for size in args.sizes.split(",")):
        results[n] = benchmark_size(n, args.seed, args.repeat, args.keep, corpus,
                                    tuple(name for name in args.meet.split(",") if name),
                                    tuple(name for name in args.engines.split(",") if name))
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), "utf-8")
        print(f"\n{format_table(results)}\n", flush=True)  # after each size, in case a later one is stopped
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} kernen, seed {args.seed}, "
          f"tekst: {corpus or 'woordenlijsten'}")


if __name__ == "__main__":
    main()
