"""`wijkwijzer init`: a new knowledge base that checks and builds through the real CLI,
whose vocabularies are this project's own."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from site_builder.authoring.starter import STARTER, VOCABULARY_FILES, init_knowledge_base
from site_builder.content.themes import THEMES_FILE
from site_builder.cli import main
from site_builder.errors import FolderNotEmpty

from .conftest import ROOT


def run(folder: Path, *args: str):
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)


def test_the_bundled_vocabularies_are_the_project_schema():
    shipped = sorted(path.name for path in (STARTER / "schema").iterdir() if path.name.endswith(".yml"))
    # schema/themas.yml names this project's own themes; a new knowledge base has none yet.
    project_schema = sorted(path.name for path in (ROOT / "schema").glob("*.yml") if path.name != THEMES_FILE)
    assert shipped == project_schema == sorted(VOCABULARY_FILES)
    for name in VOCABULARY_FILES:
        assert (STARTER / "schema" / name).read_text(encoding="utf-8") == \
            (ROOT / "schema" / name).read_text(encoding="utf-8"), f"kopieer schema/{name} naar starter/schema/"


@pytest.mark.slow
def test_init_makes_a_knowledge_base_that_checks_and_builds(tmp_path):
    result = run(tmp_path, "init", "kennisbank", "--naam", "Wijken: Oost", "--organisatie", "Gemeente Oost",
                 "--pakket", "https://github.com/voorbeeld/wijkwijzer")
    assert result.exit_code == 0, result.output
    root = tmp_path / "kennisbank"
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Wijken: Oost"
    assert config["plugins"][0]["wijkwijzer"]["organisatie"] == "Gemeente Oost"
    assert "site_url" not in config and "repo_url" not in config
    workflow = (root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert 'pip install "wijkwijzer @ git+https://github.com/voorbeeld/wijkwijzer"' in workflow
    assert yaml.safe_load(workflow)["jobs"]["build"]
    assert (root / "schema" / "voorbeeld-casus.md").read_text(encoding="utf-8") == \
        (ROOT / "schema" / "voorbeeld-casus.md").read_text(encoding="utf-8")

    checked = run(root, "check")
    assert checked.exit_code == 0, checked.output
    assert "0 fouten" in checked.output and "WW311" in checked.output  # the example is a placeholder

    built = run(root, "build")
    assert built.exit_code == 0, built.output
    assert built.output.count("niet ingevuld in mkdocs.yml") == 1  # said once
    site = root / "site"
    assert "Wijken: Oost" in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "casussen" / "voorbeeld-casus" / "index.html").is_file()
    assert (site / "vind" / "index.html").is_file()
    assert (site / "bouwstenen" / "index.html").is_file()
    # No site address or repository: what needs one is left out, never a made-up address.
    assert not (site / "feed.xml").exists()
    case_page = (site / "casussen" / "voorbeeld-casus" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in case_page and "og:url" not in case_page
    assert "/edit/" not in case_page
    assert 'property="og:title" content="Naam van de casus"' in case_page


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notities.txt").write_text("van iemand anders", encoding="utf-8")
    with pytest.raises(FolderNotEmpty):
        init_knowledge_base(tmp_path, "WijkWijzer")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notities.txt"]
    result = run(tmp_path, "init", ".")
    assert result.exit_code == 1 and "niet leeg" in result.output
