"""`wijkwijzer init`: a new knowledge base that checks and builds through the real CLI,
whose vocabularies are this project's own."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from site_builder.authoring.starter import STARTER, VOCABULARY_FILES, init_knowledge_base
from site_builder.content.themes import THEMES_FILE
from site_builder.cli import main
from site_builder.errors import FolderNotEmpty, InsideContentRoot

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
    # The example itself, said in Dutch by the checker (a warning: the site still builds).
    assert ("cases/voorbeeld-casus.md:1:1: WW017 dit is nog de voorbeeldcasus uit schema/voorbeeld-casus.md, "
            "ongewijzigd") in checked.output

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
    # The menu in a reader's order, not alphabetical ("Gezocht" under Bijdragen).
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<',
                      (site / "index.html").read_text(encoding="utf-8"))
    assert tabs == ["Start", "Casussen", "Bouwstenen", "Dragers", "Stappen", "Provincies", "Overzicht",
                    "Bijdragen", "Toegankelijkheid"]
    # The contributors' guide is the site's page Bijdragen, with the quality levels it links to.
    contributing = (site / "bijdragen" / "index.html").read_text(encoding="utf-8")
    assert 'id="kwaliteitsniveaus"' in contributing and "Controle door de redactie" in contributing
    assert (site / "beheer" / "index.html").is_file()  # the editor, saying what to fill in


@pytest.mark.slow
def test_a_knowledge_base_for_its_repository_has_the_editor_for_it(tmp_path):
    result = run(tmp_path, "init", "kennisbank", "--naam", "Wijken Oost",
                 "--repository", "https://github.com/GemeenteOost/wijken")
    assert result.exit_code == 0, result.output
    root = tmp_path / "kennisbank"
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["repo_url"] == "https://github.com/GemeenteOost/wijken"
    assert config["site_url"] == "https://gemeenteoost.github.io/wijken/"
    built = run(root, "build")
    assert built.exit_code == 0, built.output
    editor = yaml.safe_load((root / "site" / "beheer" / "config.yml").read_text(encoding="utf-8"))
    assert editor["backend"]["name"] == "github" and editor["backend"]["repo"] == "GemeenteOost/wijken"
    assert editor["site_url"] == "https://gemeenteoost.github.io/wijken/"
    assert "<title>" in (root / "site" / "beheer" / "index.html").read_text(encoding="utf-8")


def test_the_new_knowledge_base_has_a_dutch_readme_and_contributing_guide(tmp_path):
    init_knowledge_base(tmp_path / "kennisbank", "Wijken Oost", "Gemeente Oost", None)
    readme = (tmp_path / "kennisbank" / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Wijken Oost\n") and "uitgegeven door\nGemeente Oost" in readme
    # What to fill in: every setting of the publisher, the sign-in of the editor, the package.
    fill_in = readme.split("## Eerst invullen", 1)[1].split("\n## ", 1)[0]
    for setting in ("site_name", "site_url", "repo_url", "organisatie", "contact", "licentie", "OAuth-app",
                    "pip install", "cases/voorbeeld-casus.md"):
        assert setting in fill_in, setting
    assert "## Publiceren op GitHub Pages" in readme and "Source: GitHub Actions" in readme
    assert "https://api.netlify.com/auth/done" in readme
    guide = (tmp_path / "kennisbank" / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert guide.startswith("# Bijdragen aan Wijken Oost\n")
    assert "**Schets**" in guide and "**Uitgebreid**" in guide  # from derive.quality, not copied
    assert "`gecontroleerd` (*Gecontroleerd door de redactie*)" in guide  # from schema/controle.yml
    assert "@@" not in readme + guide
    assert '--8<-- "CONTRIBUTING.md"' in (tmp_path / "kennisbank" / "docs" / "bijdragen" / "index.md").read_text(
        encoding="utf-8")


def publish_guard(root: Path) -> subprocess.CompletedProcess:
    """The publish workflow's step that refuses the unchanged example case, run as CI runs it."""
    workflow = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    [step] = [step for step in workflow["jobs"]["build"]["steps"] if "voorbeeldcasus" in step.get("name", "")]
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=root, capture_output=True, text=True)


def test_the_publish_workflow_refuses_the_unchanged_example_case(tmp_path):
    root = tmp_path / "kennisbank"
    init_knowledge_base(root, "Wijken Oost")
    workflow = yaml.safe_load((root / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    names = [step.get("name", step.get("uses")) for step in workflow["jobs"]["build"]["steps"]]
    assert names.index("Weiger de ongewijzigde voorbeeldcasus") < names.index("Bouw de site")
    refused = publish_guard(root)
    assert refused.returncode == 1
    assert "::error file=cases/voorbeeld-casus.md" in refused.stdout
    assert "De voorbeeldcasus cases/voorbeeld-casus.md is nog niet aangepast" in refused.stdout
    example = root / "cases" / "voorbeeld-casus.md"
    example.write_text(example.read_text(encoding="utf-8").replace("Naam van de casus", "Oost, Noord"),
                       encoding="utf-8")
    assert publish_guard(root).returncode == 0
    checked = run(root, "check", "--no-cache")
    assert "WW017" not in checked.output
    example.unlink()  # replaced by a real case under its own name
    assert publish_guard(root).returncode == 0


def test_init_refuses_a_folder_inside_a_knowledge_base(tmp_path):
    root = tmp_path / "kennisbank"
    init_knowledge_base(root, "Wijken Oost")
    for inside in (root / "docs" / "nieuw", root / "cases" / "nog-een", root / "leeg"):
        with pytest.raises(InsideContentRoot):
            init_knowledge_base(inside, "Tweede")
        assert not inside.exists()
    result = run(root / "docs", "init", "nieuw")
    assert result.exit_code == 1 and "ligt in de kennisbank" in result.output
    # This project's own docs/ too, and a new folder in it.
    result = run(ROOT, "init", "docs/nieuwe-kennisbank")
    assert result.exit_code == 1 and "ligt in de kennisbank" in result.output
    assert not (ROOT / "docs" / "nieuwe-kennisbank").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "notities.txt").write_text("van iemand anders", encoding="utf-8")
    with pytest.raises(FolderNotEmpty):
        init_knowledge_base(tmp_path, "WijkWijzer")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notities.txt"]
    result = run(tmp_path, "init", ".")
    assert result.exit_code == 1 and "niet leeg" in result.output
