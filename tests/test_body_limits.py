"""Where the body limits are first crossed, at their exact edges: the limit scan
counts headings from the one heading reading and skips lines that cannot be nested
deep enough, so these pin what those shortcuts must not change."""

from __future__ import annotations

import pytest

from site_builder.content.body_scan import (
    MAX_BLOCK_NESTING, MAX_BRACKET_DEPTH, MAX_HEADINGS, MAX_MARKER_RUN, body_headings, limit_findings,
    parse_heading,
)


def found(body: str) -> list[tuple[str, int]]:
    return [(finding.code, finding.index) for finding in limit_findings(body)]


@pytest.mark.parametrize("heading", ["## Kop", "Kop\n===", "Kop\n---"])
def test_the_heading_past_the_limit_is_reported_where_it_starts(heading):
    body = "\n\n".join([heading] * MAX_HEADINGS)
    assert found(body) == []
    longer = body + "\n\nTekst\n\n" + heading
    assert found(longer) == [("WW333", longer.rindex(heading))]


def test_setext_and_atx_headings_count_together():
    blocks = ["Kop\n===" if number % 2 else "## Kop" for number in range(MAX_HEADINGS + 1)]
    body = "\n\n".join(blocks)
    assert len(body_headings(body.split("\n"))) == MAX_HEADINGS + 1
    assert found(body) == [("WW333", body.rindex(blocks[-1]))]


@pytest.mark.parametrize("prefix, too_deep", [
    ("\t" * (MAX_BLOCK_NESTING - 1) + "- ", False),  # ten levels: the limit itself
    ("\t" * MAX_BLOCK_NESTING + "- ", True),  # the shortest line one level deeper
    (">" * MAX_BLOCK_NESTING + " - ", True),
    (">" * MAX_BLOCK_NESTING + " ", False),
    (">" * (MAX_BLOCK_NESTING + 1) + " ", True),
    ("    " * MAX_BLOCK_NESTING + "1. ", True),
    ("    " * (MAX_BLOCK_NESTING - 1) + "   - ", False),
])
def test_nesting_is_found_at_its_edge(prefix, too_deep):
    body = "Tekst\n\n" + prefix + "x\n"
    assert found(body) == ([("WW334", len("Tekst\n\n"))] if too_deep else [])


@pytest.mark.parametrize("line, is_rule", [
    ("* " * 30, True), ("-" * 30, True), ("_" * 30, True), (" " + "*" * 30, True),
    ("a " + "*" * 30, False), ("*" * 30 + " a", False), ("~" * 30, False),
])
def test_a_horizontal_rule_is_no_run_of_emphasis(line, is_rule):
    codes = [code for code, _index in found("Tekst\n\n" + line + "\n")]
    assert codes == ([] if is_rule else ["WW335"])


@pytest.mark.parametrize("opened, too_many", [(MAX_BRACKET_DEPTH, False), (MAX_BRACKET_DEPTH + 1, True)])
def test_open_brackets_are_counted_over_the_lines_of_a_paragraph(opened, too_many):
    body = "Tekst\n\n" + "[a\n" * opened
    assert found(body) == ([("WW335", body.rindex("["))] if too_many else [])


def test_a_blank_line_closes_the_brackets():
    body = "[a\n" * MAX_BRACKET_DEPTH + "\n" + "[a\n"
    assert found(body) == []


@pytest.mark.parametrize("char", ["*", "_", "~"])
@pytest.mark.parametrize("length, too_long", [(MAX_MARKER_RUN, False), (MAX_MARKER_RUN + 1, True)])
def test_a_run_of_markers_is_found_where_it_gets_too_long(char, length, too_long):
    body = "Tekst met " + char * length + " erin\n"
    assert found(body) == ([("WW335", body.index(char) + MAX_MARKER_RUN)] if too_long else [])


def test_markers_split_by_a_newline_are_no_run():
    assert found("*" * MAX_MARKER_RUN + "\n" + "*" * MAX_MARKER_RUN + " x\n") == []


@pytest.mark.parametrize("line", ["## Kop", " ## Kop", "   ## Kop", "    ## Kop", "\t## Kop", "#Kop", "# Kop #",
                                  "   #", "x ## Kop"])
def test_only_lines_without_a_hash_in_their_first_four_characters_are_skipped(line):
    # body_headings skips parse_heading for lines without '#' in line[:4]: it finds
    # exactly the headings parse_heading finds.
    body = "Tekst.\n\n" + line + "\n\nMeer tekst.\n"
    expected = [parse_heading(line)] if parse_heading(line) else []
    assert [(level, title) for _index, level, title in body_headings(body.split("\n"))] == expected
