"""Content folders are inside the project: a symbolic link out of `schema/` is refused
as one out of `cases/` is, and no message prints what the outside file holds."""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.content.vocabulary import load_vocabularies
from site_builder.content.wijkscan import load_wijkscan
from site_builder.errors import WijkscanError

from .conftest import copy_project

SECRET = "GEHEIM_UIT_ETC"
# An invalid vocabulary: the validation error would quote the secret id.
OUTSIDE_VOCABULARY = f"- id: {SECRET}\n  label: {SECRET}\n"


def run_check(project):
    cwd = os.getcwd()
    os.chdir(project.root)
    try:
        return CliRunner().invoke(main, ["check"])
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("name", ["bouwstenen.yml", "provincies.yml"])
def test_a_schema_file_linked_out_of_the_project_is_refused_unread(tmp_path, name):
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "elders.yml"
    outside.write_text(OUTSIDE_VOCABULARY, encoding="utf-8")
    (project.schema_dir / name).unlink(missing_ok=True)
    (project.schema_dir / name).symlink_to(outside)
    result = run_check(project)
    assert result.exit_code != 0 and (result.exception is None or isinstance(result.exception, SystemExit))
    assert "symbolische link naar buiten het project" in result.output, result.output
    assert SECRET not in result.output


def test_the_wijkscan_linked_out_of_the_project_is_refused_unread(tmp_path):
    project = copy_project(tmp_path / "project")
    outside = tmp_path / "elders.yml"
    outside.write_text(OUTSIDE_VOCABULARY, encoding="utf-8")
    (project.schema_dir / "wijkscan.yml").unlink(missing_ok=True)
    (project.schema_dir / "wijkscan.yml").symlink_to(outside)
    with pytest.raises(WijkscanError) as refused:
        load_wijkscan(project.schema_dir, load_vocabularies(project.schema_dir))
    assert "symbolische link naar buiten het project" in str(refused.value) and SECRET not in str(refused.value)


def test_a_schema_folder_linked_out_of_the_project_is_refused(tmp_path):
    project = copy_project(tmp_path / "project")
    elsewhere = tmp_path / "elders"
    shutil.move(project.schema_dir, elsewhere)
    (elsewhere / "bouwstenen.yml").write_text(OUTSIDE_VOCABULARY, encoding="utf-8")
    project.schema_dir.symlink_to(elsewhere)
    result = run_check(project)
    assert result.exit_code != 0 and "symbolische link naar buiten het project" in result.output
    assert SECRET not in result.output


def test_a_link_inside_the_project_is_followed(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.move(project.schema_dir / "rollen.yml", project.root / "rollen.yml")
    (project.schema_dir / "rollen.yml").symlink_to(project.root / "rollen.yml")
    result = run_check(project)
    assert result.exit_code == 0, result.output
