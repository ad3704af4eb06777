"""Shared fixtures: the project root and a CLI runner that runs from it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.project import Project

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture
def project() -> Project:
    return Project(ROOT)


@pytest.fixture
def in_root(monkeypatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def run_cli(in_root):
    """Invoke `wijkwijzer ...` in-process from the project root."""
    from site_builder.cli import main

    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run
