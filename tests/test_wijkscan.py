"""The wijkscan's questions are content data: every building block is covered, every
question cites the essay, and a bad file is refused with a sentence."""

from __future__ import annotations

import shutil

import pytest

from site_builder.content.vocabulary import load_vocabularies
from site_builder.content.wijkscan import load_wijkscan
from site_builder.errors import WijkscanError

from .conftest import ROOT

SCHEMA = ROOT / "schema"


def test_the_wijkscan_covers_every_building_block_and_cites_the_essay():
    vocabularies = load_vocabularies(SCHEMA)
    wijkscan = load_wijkscan(SCHEMA, vocabularies)
    assert wijkscan is not None
    covered = {q.term for q in wijkscan.questions if q.kind == "bouwstenen"}
    assert covered == set(vocabularies.building_blocks.ids)
    assert all(q.page for q in wijkscan.questions)
    ids = [item["id"] for item in wijkscan.as_data()]
    assert len(ids) == len(set(ids))


def test_a_question_about_an_unknown_building_block_is_refused(tmp_path):
    schema = tmp_path / "schema"
    shutil.copytree(SCHEMA, schema)
    (schema / "wijkscan.yml").write_text(
        '- term: lange-adm\n  vraag: "Een stelling over iets dat niet bestaat."\n  pagina: "23"\n', encoding="utf-8")
    with pytest.raises(WijkscanError, match="onbekende term 'lange-adm'"):
        load_wijkscan(schema, load_vocabularies(schema))


def test_a_question_without_a_page_is_refused(tmp_path):
    schema = tmp_path / "schema"
    shutil.copytree(SCHEMA, schema)
    (schema / "wijkscan.yml").write_text('- term: lange-adem\n  vraag: "Een stelling zonder pagina."\n',
                                         encoding="utf-8")
    with pytest.raises(WijkscanError, match="vraag 1"):
        load_wijkscan(schema, load_vocabularies(schema))
