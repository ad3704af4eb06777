"""The checker's own heading reader (linear, no render) agrees with Python-Markdown's.

`check` reads headings without rendering each body (content/body_scan.py says why);
this property test holds that reading to the renderer the site uses
(content/markdown_text.py), for ATX and setext headings among ordinary blocks.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content.body_scan import body_headings
from site_builder.content.markdown_text import headings

words = st.sampled_from(["Aanleiding", "Aanpak", "Lessen", "De wijk", "Bewoners", "Tekst", "Visie"])
# Heading spellings and ordinary blocks, `{}` standing for a word. "#{}" to "##{}##"
# are Python-Markdown's own reading: no space needed, no indent allowed, six levels at most.
PATTERNS = ("## {}", "# {} #", "#{}", " ## {}", "   ### {}", "####### {}", "##{}##",
            "{}\n=====", "{}\n---", "Een zin over {}.", "- {}", "> {}")
lines = st.one_of(
    *(words.map(pattern.format) for pattern in PATTERNS),
    st.just(""),
    st.just("---"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(lines, min_size=1, max_size=12))
def test_the_checker_sees_the_headings_the_site_renders(blocks):
    body = "\n".join(blocks) + "\n"
    ours = [(level, title) for _index, level, title in body_headings(body.split("\n"))]
    rendered = [(heading.level, heading.title) for heading in headings(body)]
    assert ours == rendered, body


def test_a_setext_heading_counts_as_a_recommended_section(project, tmp_path):
    from site_builder.content.catalog import load_catalog

    case = tmp_path / "setext.md"
    case.write_text("---\ntitel: Setext\ngemeente: Sneek\nwijk: Centrum\nprovincie: Fryslân\nsamenvatting: x.\n"
                    "bouwstenen: [{id: middelen, toelichting: x., grond: duiding}]\nbronnen: [{titel: b}]\n---\n"
                    "Aanleiding\n==========\n\nTekst.\n\nAanpak\n------\n\nTekst.\n\nLessen\n------\n\n- Een les.\n",
                    encoding="utf-8")
    assert [d.code for d in load_catalog(project, [case]).diagnostics] == []


def test_a_body_without_render_markers_renders_no_link_and_no_element_attribute():
    """The shortcut in rendered_body.rendered_findings, held to the renderer: no marker,
    nothing to read (no link, no resource, no handler)."""
    from site_builder.content.rendered_body import _RENDER_MARKERS, read_attributes, render

    bodies = ["## Aanleiding\n\nTekst [bron 1, p. 14] en [bron 2].\n\n- Een [les]\n\n| a | b |\n|---|---|\n| [x] | y |\n",
              "Adres https://example.org en www.example.org, mail@example.org.\n\n[x] [y][z]\n"]
    for body in bodies:
        assert not any(marker in body for marker in _RENDER_MARKERS)
        assert {attribute.name for attribute in read_attributes(render(body))} <= {"id"}  # a heading's own
