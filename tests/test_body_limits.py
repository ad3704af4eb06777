"""Where the body limits are first crossed, at their exact edges: the limit scan
counts headings from the one heading reading and skips lines that cannot be nested
deep enough, so these pin what those shortcuts must not change. And what one
paragraph may hold: everything `check` accepts renders in linear time, measured as
the renderer's work (lines of Python it runs) per kilobyte, never as wall-clock time."""

from __future__ import annotations

import sys

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from site_builder.content.body_scan import (
    MAX_BLOCK_NESTING, MAX_BRACKET_DEPTH, MAX_HEADINGS, MAX_MARKER_RUN, MAX_PARAGRAPH_CONSTRUCTS, body_headings,
    limit_findings, parse_heading,
)
from site_builder.content.case_markdown import case_markdown
from site_builder.content.loader import CaseSource
from site_builder.content.validate import check_body

from .conftest import ROOT


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
    ("    " * MAX_BLOCK_NESTING, False),  # ten levels of admonitions or definitions
    ("    " * (MAX_BLOCK_NESTING + 1), True),
    ("  " + "    " * MAX_BLOCK_NESTING + "> ", True),
])
def test_nesting_is_found_at_its_edge(prefix, too_deep):
    body = "Tekst\n\n" + prefix + "x\n"
    assert found(body) == ([("WW334", len("Tekst\n\n"))] if too_deep else [])


def test_admonitions_nested_past_the_bound_are_refused_before_the_renderer_recurses():
    """Each level is four more spaces of indent; 400 levels make Python-Markdown recurse
    past Python's limit (a traceback in the build)."""
    body = "\n\n".join("    " * level + '!!! note "x"' for level in range(400)) + "\n"
    assert [code for code, _index in found(body)] == ["WW334"]


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


# --- What one paragraph may hold -------------------------------------------------------------

# Every inline construct of the case dialect, and the block constructs that split a
# paragraph, with the number of constructs `check` counts in each.
CONSTRUCTS = {
    "[bron 1] ": 1, "*a* ": 2, "**b** ": 2, "_c_ ": 2, "`d` ": 2, "``e`` ": 2, "[f](https://x.nl) ": 1,
    "[g](h ": 1, "[](": 1, "[i][j] ": 2, "[k] ": 1, "![l](m) ": 1, "<span>": 1, "</span> ": 1, "<b>n</b> ": 2,
    "<https://x.nl> ": 1, "<a@x.nl> ": 1, "<!-- o --> ": 1, "&amp; ": 1, "&#233; ": 1, "\\* ": 2,
    "  \np": 1, "\n## q": 1, "\n:   r": 1, "\n!!! note": 1, "\n???+ note": 1, "\n***": 2, "\nq\n===": 1,
}


def paragraph_findings(body: str) -> list[tuple[str, int]]:
    return [(finding.code, finding.index) for finding in limit_findings(body) if finding.code == "WW338"]


@pytest.mark.parametrize("unit", sorted(CONSTRUCTS))
def test_a_paragraph_holds_at_most_the_bound_of_every_construct(unit):
    """At the bound the paragraph is accepted; one construct more and it is refused, at
    that construct. Every construct counts, whatever else the body holds."""
    count = CONSTRUCTS[unit]
    full = "Tekst " + unit * (MAX_PARAGRAPH_CONSTRUCTS // count) + "x" * (MAX_PARAGRAPH_CONSTRUCTS % count)
    extra = "Tekst " + "[bron 1] " * (MAX_PARAGRAPH_CONSTRUCTS - count * (MAX_PARAGRAPH_CONSTRUCTS // count)) \
        + unit * (MAX_PARAGRAPH_CONSTRUCTS // count + 1)
    assert paragraph_findings(full) == []
    [(code, index)] = paragraph_findings(extra)
    assert code == "WW338" and index >= len(extra) - len(unit)  # in the last unit


def test_a_blank_line_starts_a_new_paragraph_also_inside_a_quote():
    half = "[bron 1] " * (MAX_PARAGRAPH_CONSTRUCTS // 2 + 1)
    assert paragraph_findings(half + "\n" + half) != []
    assert paragraph_findings(half + "\n\n" + half) == []
    assert paragraph_findings("> " + half + "\n>\n> " + half) == []
    # A list item's own marker is no construct: a long list in one block is fine.
    assert paragraph_findings("\n".join(["- een punt"] * 300 + ["* ander punt"] * 300)) == []


def check_work(body: str) -> tuple[int, list[str]]:
    source = CaseSource(path=None, display_path="casus.md", slug="casus", front_matter={},
                        front_matter_node=None, front_matter_line=2, front_matter_col_offset=0,
                        closing_line=3, body=body, body_line=4, content_hash="")
    return work(lambda: check_body(source)), [d.code for d in check_body(source)]


def work(run) -> int:
    """The lines of Python that `run()` executes: the work, counted, not timed."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        run()
    finally:
        sys.settrace(previous)
    return count


def in_paragraph(unit: str, repeat: int) -> str:
    """`unit` repeated in one paragraph, in lines well under the line limit."""
    per_line = max(1, 2_000 // len(unit))
    return "\n".join(unit * min(per_line, repeat - start) for start in range(0, repeat, per_line))


# The known bombs (issue 24): each in one paragraph, lines within the line limit.
@pytest.mark.parametrize("unit, repeat", [("[bron 1] ", 100_000), ("*a* ", 240_000), ("`a` ", 100_000),
                                          ("[a](b ", 24_000), ("<span>", 100_000), ("&amp; ", 100_000)])
def test_check_refuses_the_known_bombs_where_the_bound_is_crossed(unit, repeat):
    body = "## Aanleiding\n\n" + in_paragraph(unit, repeat) + "\n"
    [(code, index)] = paragraph_findings(body)
    assert code == "WW338" and body.count("\n", 0, index) <= 2 + 100 * len(unit) // 2_000


def test_a_long_definition_list_in_one_paragraph_is_refused_before_the_renderer_recurses():
    """500 definitions without a blank line make Python-Markdown recurse past Python's limit."""
    body = "Term\n:   Uitleg.\n" * 500
    [(code, index)] = paragraph_findings(body)
    assert body.count("\n", 0, index) == 2 * MAX_PARAGRAPH_CONSTRUCTS + 1  # the 101st definition


@pytest.mark.parametrize("unit", ["[a](b ", "<span>", "[bron 1] "])
def test_check_itself_reads_a_bomb_in_linear_time(unit):
    """`check` refuses a dense paragraph without rendering it: its work per kilobyte stays
    flat from 1x to 8x the size (on a quadratic reading it would grow eightfold)."""
    small, large = in_paragraph(unit, 1_000), in_paragraph(unit, 8_000)
    (small_work, small_codes), (large_work, large_codes) = check_work(small), check_work(large)
    assert "WW338" in small_codes and "WW338" in large_codes
    assert large_work / len(large) <= 1.25 * small_work / len(small)


def render_work(body: str) -> int:
    converter = case_markdown()
    return work(lambda: converter.convert(body))


def densest_paragraph(units: list[str], filler: str, constructs_first: bool) -> str:
    """The longest paragraph of `units` (cycled, `filler` between them) that `check` accepts."""
    paragraph = "Tekst"
    for position in range(3 * MAX_PARAGRAPH_CONSTRUCTS):
        longer = paragraph + units[position % len(units)] + ("" if constructs_first else filler)
        if paragraph_findings(longer):
            break
        paragraph = longer
    # Never bounded: the filler turned the units into plain text (a setext underline with
    # words after it is no underline), so the paragraph holds no construct to count; the
    # linearity below still holds it. That every construct counts is the test above.
    return paragraph + (filler * 2 * MAX_PARAGRAPH_CONSTRUCTS if constructs_first else "")


PROSE = "\n\n".join(path.read_text("utf-8").split("\n---\n", 1)[1] for path in sorted((ROOT / "cases").glob("*.md")))


@settings(max_examples=25, deadline=None, derandomize=True, phases=(Phase.explicit, Phase.generate))
@given(units=st.lists(st.sampled_from(sorted(CONSTRUCTS)), min_size=1, max_size=8),
       filler=st.sampled_from(["", " ", " woord ", " de wijk en de buurt "]), constructs_first=st.booleans())
def test_what_check_accepts_renders_in_linear_time(units, filler, constructs_first):
    """Paragraphs as dense as `check` allows, in every construct the renderer knows: the
    render's work per kilobyte is flat from 1x to 8x the input, and within a fixed factor
    of plain prose (the factor is the price of an unclosed link, followed to the end of its
    paragraph; without the bound it grows with the paragraph)."""
    paragraph = densest_paragraph(units, filler, constructs_first)
    small, large = paragraph, "\n\n".join([paragraph] * 8)
    assert paragraph_findings(large) == []
    per_kilobyte_small = render_work(small) / len(small)
    per_kilobyte_large = render_work(large) / len(large)
    assert per_kilobyte_large <= 1.25 * per_kilobyte_small
    assert per_kilobyte_large <= 200 * render_work(PROSE) / len(PROSE)
