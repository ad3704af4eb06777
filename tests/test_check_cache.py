"""`wijkwijzer check` remembers per file what it found: unchanged files are not parsed again,
and anything that could change the verdict (the file, a vocabulary, the rules) starts afresh."""

from __future__ import annotations

import json
import os

import pytest

from site_builder.content import case_file
from site_builder.content import catalog as catalog_module
from site_builder.content.catalog import load_catalog

from .conftest import ROOT, copy_project


@pytest.fixture
def content(tmp_path):
    return copy_project(tmp_path / "project")


def check(project):
    return load_catalog(project, keep_cases=False, use_cache=True)


def parsed_files(monkeypatch) -> list[str]:
    """Record which files the checker really parses from now on."""
    parsed: list[str] = []
    real = catalog_module.read_case_source

    def recording(path, root):
        parsed.append(path.name)
        return real(path, root)

    monkeypatch.setattr(catalog_module, "read_case_source", recording)
    return parsed


def test_a_second_check_parses_only_the_edited_file_and_sees_its_new_problem(content, monkeypatch):
    first = check(content)
    assert not first.errors
    edited = content.cases_dir / "selwerd-groningen.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("provincie: Groningen", "provincie: Groninge"),
                      encoding="utf-8")
    parsed = parsed_files(monkeypatch)
    second = check(content)
    assert parsed == ["selwerd-groningen.md"]
    assert [(d.path, d.code) for d in second.errors] == [("cases/selwerd-groningen.md", "WW204")]
    assert second.warnings == first.warnings  # the others' diagnostics came from the cache


def test_a_changed_vocabulary_rechecks_every_file(content, monkeypatch):
    check(content)
    vocabulary = content.schema_dir / "rollen.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "- id: nieuw\n  label: Nieuw\n", encoding="utf-8")
    parsed = parsed_files(monkeypatch)
    check(content)
    assert len(parsed) == len(list(content.cases_dir.glob("*.md")))


def test_a_damaged_cache_is_ignored_not_trusted(content, monkeypatch):
    check(content)
    (content.state_dir / "check-cache.json").write_text('{"key": "x", "files": [', encoding="utf-8")
    parsed = parsed_files(monkeypatch)
    assert not check(content).errors
    assert len(parsed) == len(list(content.cases_dir.glob("*.md")))


def test_same_size_and_new_time_is_a_change(content, monkeypatch):
    check(content)
    edited = content.cases_dir / "selwerd-groningen.md"
    text = edited.read_text(encoding="utf-8")
    # Same size, now an unknown province.
    edited.write_text(text.replace("provincie: Groningen", "provincie: Gronignen"), encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert [d.code for d in check(content).errors]


def test_a_check_of_unchanged_files_reads_no_yaml_and_no_rules(content):
    """The cache's whole point: when every file is in it, the parser, Pydantic and the
    vocabularies' validation are not even imported (a fresh process tells)."""
    import subprocess
    import sys

    check(content)
    script = ("import sys; from pathlib import Path; from site_builder.project import Project; "
              "from site_builder.content.catalog import load_catalog; "
              f"catalog = load_catalog(Project(Path({str(content.root)!r})), keep_cases=False, use_cache=True); "
              "print(catalog.files_checked, sorted(m for m in ('yaml', 'pydantic', 'site_builder.content.loader') "
              "if m in sys.modules))")
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                            cwd=ROOT).stdout  # this checkout's code, as pytest imports it
    assert output.split(" ", 1) == [str(len(list(content.cases_dir.glob("*.md")))), "[]\n"]


def test_a_broken_vocabulary_is_reported_even_when_every_case_is_cached(content):
    from site_builder.errors import VocabularyError

    check(content)
    vocabulary = content.schema_dir / "rollen.yml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8") + "- id: Geen Geldige Id\n  label: x\n",
                          encoding="utf-8")
    with pytest.raises(VocabularyError):
        check(content)


def test_cached_diagnostics_stay_with_their_file_when_workers_check(content, monkeypatch):
    """Worker processes answer chunk by chunk, not in file order; each file's diagnostics
    must still be cached under its own name. Checked by letting workers fill the cache,
    then re-reading every file except the broken ones: their problems come from the cache."""
    cases = sorted(content.cases_dir.glob("*.md"))
    broken = cases[1:4] + cases[-2:]
    for path in broken:
        path.write_text(path.read_text(encoding="utf-8").replace("bouwstenen:", "bouwstenen:\n  - onbekend", 1),
                        encoding="utf-8")
    monkeypatch.setattr(catalog_module, "PARALLEL_THRESHOLD", 1)
    check(content)
    monkeypatch.setattr(catalog_module, "PARALLEL_THRESHOLD", 10_000)  # parses are seen in this process
    for path in cases:
        if path not in broken:
            path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    parsed = parsed_files(monkeypatch)
    cached = check(content)
    assert sorted(parsed) == sorted(path.name for path in cases if path not in broken)
    uncached = load_catalog(content, keep_cases=False)
    assert {d.path for d in uncached.errors} == {f"cases/{path.name}" for path in broken}
    assert cached.diagnostics == uncached.diagnostics


def test_a_file_edited_again_within_the_same_clock_tick_is_checked_again(content, monkeypatch):
    """Size and modification time are all the cache knows of most files. A file checked
    right after it was saved could be saved again, at the same size, within one tick of
    a coarse clock: its stamp would not change. Such a file is remembered by its bytes."""
    edited = content.cases_dir / "selwerd-groningen.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("provincie: Groningen", "provincie: Groningex"), encoding="utf-8")
    stamp = os.stat(edited)
    assert [d.code for d in check(content).errors] == ["WW204"]
    # The fix, at the same size, and the clock has not moved on.
    edited.write_text(text, encoding="utf-8")
    os.utime(edited, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert os.stat(edited).st_size == stamp.st_size
    parsed = parsed_files(monkeypatch)
    assert not check(content).errors
    assert parsed == ["selwerd-groningen.md"]


def test_a_file_remembered_by_its_bytes_is_known_by_its_stamp_once_it_is_old_enough(content, monkeypatch):
    from site_builder.content import check_cache

    for path in content.cases_dir.glob("*.md"):
        os.utime(path)  # just saved: too recent for its stamp
    check(content)
    cache = content.state_dir / check_cache.CACHE_FILE
    assert all(len(entry) == 3 for entry in json.loads(cache.read_text(encoding="utf-8"))["files"].values())
    monkeypatch.setattr(case_file, "RACY_WINDOW_NS", 0)  # as if two seconds had passed
    check(content)
    assert all(len(entry) == 2 for entry in json.loads(cache.read_text(encoding="utf-8"))["files"].values())
    parsed = parsed_files(monkeypatch)
    assert not check(content).errors and parsed == []
