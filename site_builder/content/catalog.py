"""The catalog: every case file loaded and validated, plus all diagnostics.

This is the front of the pipeline (load -> validate) that every command shares:
`check` prints its diagnostics, `build` and `index` refuse to continue on errors
and otherwise consume `Catalog.cases`. Problems are collected for every file
before anyone fails, so a contributor fixes everything in one round.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..project import Project
from .case_file import file_content_hash
from .case_file import file_stamp, stamp_of
from .check_cache import CheckCache
from .diagnostics import Diagnostic, relative_display_path
from .load_memory import LoadMemory
from .vocabulary_files import vocabulary_fingerprint

# YAML, Pydantic and the rules are imported where a file is really read (see
# `read_case_source`): a `check` that finds every file in its cache needs none of them.
if TYPE_CHECKING:
    from .loader import CaseSource
    from .models import Case
    from .vocabulary import Vocabularies
    from .wijkscan import Wijkscan


def load_vocabularies(schema_dir: Path) -> Vocabularies:
    from .vocabulary import load_vocabularies as load

    return load(schema_dir)


def read_case_source(path: Path, root: Path) -> tuple[CaseSource | None, list[Diagnostic]]:
    from .loader import read_case_source as read

    return read(path, root)


def _import_checker() -> None:
    """Import what checking a file takes before the work starts: forked workers share it."""
    from . import loader, validate  # noqa: F401


@dataclass(frozen=True)
class CaseRecord:
    """A valid case: its identity (slug, file), its front matter and its body."""

    slug: str
    source_path: str  # relative to the project root, e.g. "cases/selwerd-groningen.md"
    case: Case
    body: str
    content_hash: str


@dataclass
class Catalog:
    # None only after a cached `check` (`load_catalog(use_cache=True)`) that found every
    # file in its cache: their fingerprint was all it needed of the vocabularies.
    vocabularies: Vocabularies | None
    cases: list[CaseRecord] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files_checked: int = 0
    wijkscan: Wijkscan | None = None  # the wijkscan's questions, when the site is built
    # The words shown for a theme slug (schema/themas.yml), when the site is built: themes.theme_label.
    theme_labels: dict[str, str] = field(default_factory=dict)
    # Display paths of broken files whose previous valid version is kept (LoadMemory).
    kept_previous: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]

    def by_slug(self) -> dict[str, CaseRecord]:
        return {record.slug: record for record in self.cases}


# Suffixes a contributor may give a Markdown file; only a lower-case `.md` directly
# in cases/ is a case, the others are reported (WW015) instead of silently skipped.
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

# Output per file and rule code is capped: the rest is one line with the count.
MAX_DIAGNOSTICS_PER_CODE = 10


def stray_case_files(folder: Path) -> list[Path]:
    """Markdown files in `folder` that `case_files` would not read: in a subfolder,
    or with another extension than `.md`."""
    if not folder.is_dir() or folder.is_symlink():
        return []
    stray = []
    # One listing of the folder itself (thousands of cases); only subfolders are walked.
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                stray.extend(p for p in Path(entry.path).rglob("*")
                             if p.suffix.lower() in MARKDOWN_SUFFIXES and not p.is_dir())
            elif entry.name.endswith(".md"):
                continue  # a case; the common answer, so decided on the name alone
            elif Path(entry.name).suffix.lower() in MARKDOWN_SUFFIXES:
                stray.append(Path(entry.path))
    return sorted(stray)


def cap_diagnostics(problems: list[Diagnostic]) -> list[Diagnostic]:
    """At most MAX_DIAGNOSTICS_PER_CODE per file and code; then 'en nog N dergelijke'."""
    by_code: dict[tuple[str, str], list[Diagnostic]] = {}
    for problem in problems:
        by_code.setdefault((problem.path, problem.code), []).append(problem)
    capped = []
    for same in by_code.values():
        capped.extend(same[:MAX_DIAGNOSTICS_PER_CODE])
        if len(same) > MAX_DIAGNOSTICS_PER_CODE:
            first_left_out = same[MAX_DIAGNOSTICS_PER_CODE]
            left_out = f"{len(same) - MAX_DIAGNOSTICS_PER_CODE:,}".replace(",", ".")
            capped.append(Diagnostic(first_left_out.path, first_left_out.line, first_left_out.col,
                                     first_left_out.code, f"en nog {left_out} dergelijke meldingen"))
    return capped


def case_files(project: Project, paths: list[Path] | None = None) -> list[Path]:
    """The case files to check: all of `cases/`, or the given files and folders."""
    if not paths:
        paths = [project.cases_dir]
    files: list[Path] = []
    for path in paths:
        path = path if path.is_absolute() else Path.cwd() / path
        if path.is_dir() and not path.is_symlink():
            with os.scandir(path) as entries:  # as glob("*.md"), in one listing
                files.extend(path / name for name in sorted(entry.name for entry in entries if entry.name.endswith(".md")))
        else:
            files.append(path)
    return files


# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 400


def check_file(path: Path, root: Path, vocabularies: Vocabularies
               ) -> tuple[CaseRecord | None, list[Diagnostic]]:
    """Load and validate one file: the record if it is valid, and its diagnostics."""
    source, problems = read_case_source(path, root)
    if source is None:
        return None, cap_diagnostics(problems)
    from .validate import validate_case

    case, more = validate_case(source, vocabularies)
    problems = cap_diagnostics(problems + more)
    if case is None or any(p.is_error for p in problems):
        return None, problems
    return CaseRecord(source.slug, source.display_path, case, source.body, source.content_hash), problems


# What a worker process of `_check_in_parallel` checks; set in the worker only.
_WORKER_TASK: tuple[list[Path], Path, Vocabularies, bool] | None = None


def _start_worker(files: list[Path], root: Path, vocabularies: Vocabularies, keep_cases: bool) -> None:
    """First thing in each forked worker. The worker gets its task from the memory it
    shares with the parent (a forked process's arguments are never pickled), and
    freezes what it inherited: its garbage collector never walks those objects."""
    import gc

    global _WORKER_TASK
    _WORKER_TASK = (files, root, vocabularies, keep_cases)
    gc.freeze()


def _check_chunk(chunk: int, chunks: int):
    files, root, vocabularies, keep_cases = _WORKER_TASK
    results = [check_file(path, root, vocabularies) for path in files[chunk::chunks]]
    # Sending records back costs pickling; `check` needs only the diagnostics.
    return results if keep_cases else [(None, problems) for _record, problems in results]


def _check_in_parallel(files: list[Path], root: Path, vocabularies: Vocabularies, workers: int,
                       keep_cases: bool):
    # Parsing is CPU-bound pure Python (PyYAML's composer, Pydantic), so
    # thousands of files are spread over processes; each gets a few big chunks.
    import concurrent.futures
    import multiprocessing

    chunks = workers * 4
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                                initargs=(files, root, vocabularies, keep_cases)) as pool:
        for chunk, results in enumerate(pool.map(_check_chunk, range(chunks), [chunks] * chunks)):
            yield from zip(files[chunk::chunks], results)


def _check_all(files: list[Path], root: Path, vocabularies: Vocabularies, keep_cases: bool):
    """(path, (record, diagnostics)) for every file; in worker processes when there are many."""
    workers = min(os.cpu_count() or 1, 8)
    if len(files) >= PARALLEL_THRESHOLD and workers > 1:
        return _check_in_parallel(files, root, vocabularies, workers, keep_cases)
    return ((path, check_file(path, root, vocabularies)) for path in files)


def load_catalog(project: Project, paths: list[Path] | None = None,
                 vocabularies: Vocabularies | None = None, keep_cases: bool = True,
                 use_cache: bool = False, memory: LoadMemory | None = None) -> Catalog:
    """Load and validate case files; collect every diagnostic, never stop early.

    With `keep_cases=False` only the diagnostics are kept (what `check` prints); then
    `use_cache=True` reuses the diagnostics of files unchanged since the last check.
    With a `memory` (the preview), files unchanged since the last call are not read
    again, and a broken file keeps its last valid version (`Catalog.kept_previous`).
    """
    if use_cache and not keep_cases and memory is None:
        return _check_with_cache(project, paths, vocabularies)
    catalog = Catalog(vocabularies or load_vocabularies(project.schema_dir))
    if keep_cases:  # the site needs the questions; `check` does not
        from .wijkscan import load_wijkscan

        from .themes import load_theme_labels

        catalog.wijkscan = load_wijkscan(project.schema_dir, catalog.vocabularies)
        catalog.theme_labels = load_theme_labels(project.schema_dir)
    files = case_files(project, paths)
    catalog.files_checked = len(files)
    _report_stray_files(catalog, project, paths)
    _report_unchanged_example(catalog, project, paths)
    if memory is not None:
        return _load_with_memory(catalog, project, files, memory)
    _import_checker()
    for _path, (record, problems) in _check_all(files, project.root, catalog.vocabularies, keep_cases):
        if record is not None and keep_cases:
            catalog.cases.append(record)
        catalog.diagnostics.extend(problems)
    catalog.diagnostics.sort()
    catalog.cases.sort(key=lambda record: record.slug)
    return catalog


def _report_stray_files(catalog: Catalog, project: Project, paths: list[Path] | None) -> None:
    if paths:
        return
    for stray in stray_case_files(project.cases_dir):
        catalog.diagnostics.append(Diagnostic(
            relative_display_path(stray, project.root), 1, 1, "WW015",
            "dit bestand wordt niet als casus gelezen (het staat in een submap of heeft "
            "een andere extensie dan .md)", "zet het direct in cases/ als naam.md"))


# The commented example case in schema/ (authoring.generated_docs writes it); `wijkwijzer
# init` also puts a copy in cases/, which must be replaced before the site is published.
EXAMPLE_CASE_NAME = "voorbeeld-casus.md"


def _report_unchanged_example(catalog: Catalog, project: Project, paths: list[Path] | None) -> None:
    """WW017 for a case file that is still the example case, byte for byte (only files of
    the example's size are read, so a cached check stays a listing of the folder)."""
    example = project.schema_dir / EXAMPLE_CASE_NAME
    try:
        expected = example.read_bytes()
    except OSError:
        return
    for path in case_files(project, paths):
        try:
            if (path.stat().st_size != len(expected) or path.read_bytes() != expected
                    or path.resolve() == example.resolve()):  # `check schema/voorbeeld-casus.md`
                continue
        except OSError:
            continue
        catalog.diagnostics.append(Diagnostic(
            relative_display_path(path, project.root), 1, 1, "WW017",
            f"dit is nog de voorbeeldcasus uit schema/{EXAMPLE_CASE_NAME}, ongewijzigd",
            "vervang hem door je eerste echte casus of haal hem weg; zo lang hij er staat, "
            "publiceert de workflow de site niet"))


def _stamped_case_files(project: Project, paths: list[Path] | None) -> list[tuple[Path | str, str, list[int] | None]]:
    """(file, display path, stamp) of every file `case_files` gives, in its order. For all of
    cases/ from one listing of the folder: a file is its name there until it must be read
    (making and printing 5,000 paths cost more than the rest of a cached check)."""
    if paths:
        return [(path, relative_display_path(path, project.root), file_stamp(path))
                for path in case_files(project, paths)]
    folder = project.cases_dir if project.cases_dir.is_absolute() else Path.cwd() / project.cases_dir
    if not folder.is_dir() or folder.is_symlink():
        return [(path, relative_display_path(path, project.root), file_stamp(path))
                for path in case_files(project)]
    shown_folder = relative_display_path(folder, project.root)
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".md"):
                try:
                    info = entry.stat()  # as os.stat(path): through a link
                    stamp = stamp_of(info)
                except OSError:
                    stamp = None
                found.append((entry.name, f"{shown_folder}/{entry.name}", stamp))
    found.sort()
    return found


def _check_with_cache(project: Project, paths: list[Path] | None,
                      vocabularies: Vocabularies | None) -> Catalog:
    """`check` with its cache (see `check_cache`): only files changed since the last check
    are read. The cache is keyed by the vocabularies' fingerprint, so when every file is
    in it the vocabularies are not loaded: entries under that key were made by loading
    exactly these bytes, without error, with this code."""
    fingerprint = vocabularies.fingerprint if vocabularies else vocabulary_fingerprint(project.schema_dir)
    if fingerprint is None:  # a vocabulary cannot be read: loading says why
        vocabularies = load_vocabularies(project.schema_dir)
        fingerprint = vocabularies.fingerprint
    catalog = Catalog(vocabularies)
    files = _stamped_case_files(project, paths)
    catalog.files_checked = len(files)
    _report_stray_files(catalog, project, paths)
    _report_unchanged_example(catalog, project, paths)
    cache = CheckCache.open(project.state_dir, project.root, fingerprint)
    folder = project.cases_dir if project.cases_dir.is_absolute() else Path.cwd() / project.cases_dir
    to_check = []
    for file, shown, stamp in files:
        cached = cache.lookup(shown, stamp, file if isinstance(file, Path) else folder / file)
        if cached is None:
            to_check.append((file, shown, stamp))
        else:
            catalog.diagnostics.extend(cached)
    if to_check:
        if catalog.vocabularies is None:
            catalog.vocabularies = load_vocabularies(project.schema_dir)
            if catalog.vocabularies.fingerprint != fingerprint:  # edited in between: start afresh
                return _check_with_cache(project, paths, catalog.vocabularies)
        checked = {file if isinstance(file, Path) else folder / file: (shown, stamp)
                   for file, shown, stamp in to_check}
        # Before the files are read: a hash taken after could be of a newer version.
        digests = {path: file_content_hash(path) for path, (_shown, stamp) in checked.items()
                   if cache.too_recent(stamp)}
        _import_checker()
        # Worker processes answer chunk by chunk, not in the order asked.
        for path, (_record, problems) in _check_all(list(checked), project.root, catalog.vocabularies,
                                                    keep_cases=False):
            catalog.diagnostics.extend(problems)
            cache.store(*checked[path], problems, digests.get(path))
    cache.save()
    catalog.diagnostics.sort()
    return catalog


def _load_with_memory(catalog: Catalog, project: Project, files: list[Path], memory: LoadMemory) -> Catalog:
    memory.start(catalog.vocabularies)
    memory.forget_missing(files)
    results: dict[Path, tuple[CaseRecord | None, list[Diagnostic]]] = {}
    stamps = {path: file_stamp(path) for path in files}
    to_check = []
    for path in files:
        remembered = memory.remembered(path, stamps[path])
        if remembered is None:
            to_check.append(path)
        else:
            results[path] = remembered
    if to_check:
        _import_checker()
    for path, (record, problems) in _check_all(to_check, project.root, catalog.vocabularies, True):
        results[path] = (record, problems)
    for path in files:
        record, problems = results[path]
        shown = memory.remember(path, stamps[path], record, problems)
        if shown is not None:
            catalog.cases.append(shown)
            if record is None:
                catalog.kept_previous.append(relative_display_path(path, project.root))
        catalog.diagnostics.extend(problems)
    catalog.diagnostics.sort()
    catalog.cases.sort(key=lambda record: record.slug)
    return catalog
