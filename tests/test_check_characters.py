"""Text XML can carry: control characters (WW121) and noncharacters (WW123) are refused,
located, in front matter and body."""

from __future__ import annotations

import pytest

from site_builder.content.catalog import load_catalog
from site_builder.content.control_characters import NONCHARACTERS, printable

from .hostile import FRONT_MATTER


def check(project, tmp_path, text: str):
    path = tmp_path / "casus.md"
    path.write_text(text, encoding="utf-8")
    return [(d.code, d.line, d.col) for d in load_catalog(project, [path]).diagnostics if d.is_error]


def test_the_noncharacters_are_unicodes_sixty_six():
    assert len(NONCHARACTERS) == 66
    assert {"\ufffe", "\uffff", "\ufdd0", "\ufdef", "\U0010ffff"} <= NONCHARACTERS
    assert not {"\ufdcf", "\ufdf0", "\ufffd"} & NONCHARACTERS


@pytest.mark.parametrize("written, char", [('"Wijk \\uFFFE"', "\ufffe"), ('"Wijk \\uFFFF"', "\uffff"),
                                           ("Wijk \ufdd0", "\ufdd0"), ('"Wijk \\U0001FFFE"', "\U0001fffe")])
def test_a_noncharacter_in_the_title_is_refused_at_the_title(project, tmp_path, written, char):
    text = FRONT_MATTER.replace("titel: Aanvalswijk", f"titel: {written}") + "## Aanleiding\n\nTekst.\n"
    line = text.split("\n").index(f"titel: {written}") + 1
    assert check(project, tmp_path, text) == [("WW123", line, 8)]


@pytest.mark.parametrize("char, code", [("\ufffe", "WW123"), ("\ufdea", "WW123"), ("\U0010ffff", "WW123"),
                                        ("\x00", "WW121"), ("\x1b", "WW121"), ("\u202e", "WW121")])
def test_a_forbidden_character_in_the_body_is_refused_where_it_is(project, tmp_path, char, code):
    text = FRONT_MATTER + "## Aanleiding\n\nTekst.\n\nDe wijk" + char + " en de stad.\n"
    line = text.split("\n").index("De wijk" + char + " en de stad.") + 1
    assert check(project, tmp_path, text) == [(code, line, 8)]


def test_one_report_per_line_however_many_there_are(project, tmp_path):
    text = FRONT_MATTER + "## Aanleiding\n\n" + ("x\ufffe" * 2_000 + "\n") * 3
    assert [code for code, _line, _col in check(project, tmp_path, text)] == ["WW123"] * 3


def test_a_message_shows_a_noncharacter_spelled_out():
    assert printable("titel \ufffe") == "titel \\ufffe"
