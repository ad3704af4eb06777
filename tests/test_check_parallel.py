"""`check` spreads thousands of files over forked worker processes; what they find
is exactly what one process finds, with and without the records sent back."""

from __future__ import annotations

import pytest

from site_builder.content import catalog as catalog_module
from site_builder.content.catalog import load_catalog

from .conftest import DATA


@pytest.mark.parametrize("keep_cases", [False, True], ids=["check", "build"])
def test_workers_find_what_one_process_finds(project, monkeypatch, keep_cases):
    folders = [DATA / "failing", DATA / "passing", project.cases_dir]
    serial = load_catalog(project, folders, keep_cases=keep_cases)
    monkeypatch.setattr(catalog_module, "PARALLEL_THRESHOLD", 1)
    parallel = load_catalog(project, folders, keep_cases=keep_cases)
    assert parallel.diagnostics == serial.diagnostics and serial.diagnostics
    assert [record.case for record in parallel.cases] == [record.case for record in serial.cases]
    assert bool(parallel.cases) == keep_cases


def test_the_parent_keeps_no_task_of_its_workers(project, monkeypatch):
    monkeypatch.setattr(catalog_module, "PARALLEL_THRESHOLD", 1)
    load_catalog(project, [project.cases_dir], keep_cases=False)
    assert catalog_module._WORKER_TASK is None
