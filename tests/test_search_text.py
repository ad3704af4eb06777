"""The text the index reads from a body: the guarded text renderer gives the unguarded one's HTML."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.content import markdown_text
from site_builder.content.markdown_text import (
    SITE_MARKDOWN_EXTENSIONS,
    TOC_MARKER_WORD,
    _collect,
    _TextCollector,
    guards_apply,
    new_renderer,
    render_html,
)

# One sample per guarded pattern, each written so that the pattern matches.
MATCHING_SAMPLES = {
    "backtick": "Een `code` en \\\\`meer`.",
    "escape": "Geen \\*nadruk\\* hier.",
    "reference": "Zie [de bron][b].\n\n[b]: https://example.org",
    "link": "Een [link](https://example.org) in de zin.",
    "short_reference": "Zie [b].\n\n[b]: https://example.org",
    "image_link": "Een ![plaatje](a.png) erbij.",
    "image_reference": "Een ![plaatje][p].\n\n[p]: a.png",
    "short_image_ref": "Een ![p].\n\n[p]: a.png",
    "autolink": "Op <https://example.org> staat het.",
    "automail": "Mail <a@example.org> maar.",
    "linebreak": "Een regel  \nen de volgende.",
    "html": "Een <span>stukje</span> HTML.",
    "entity": "Buurt &amp; wijk &#233;n &#x41;.",
    "em_strong": "Met **nadruk**, *schuin* en __ook__ _zo_.",
    # Texts with one needle only: the whole text is passed over when it has none.
    "em_strong, underscores only": "Een _schuin_ woord en __vet__.",
    "backtick only": "Een `code` erbij.",
    "admonition": '!!! note "Let op"\n    Een admonitie.',
    "details": '??? note "Meer"\n    Verborgen tekst.',
    "hashheader": "Tekst\n## Kop { #kop }\nmeer",
    "hr": "Boven\n\n---\n\nOnder *** en ___",
    "deflist": "Term\n:   Uitleg van de term.",
    "quote": "> Een citaat\n> van iemand.",
}

fragments = st.sampled_from([
    *MATCHING_SAMPLES.values(), "wijk", "de gemeente", "\n", "\n\n", "  ", "    ", "*", "_", "[", "]", "(", ")",
    "!", "<", ">", "&", "#", ":", "`", "\\", "-", "=", "|", "{ .klasse }", "[TOC]", "???", "!!!", "]:", "1. ",
    "- ", "| a | b |\n|---|---|\n| 1 | 2 |", "<div markdown>\n*x*\n</div>", "&nbsp;", "<!-- x -->"])


def unguarded_html(body: str) -> str:
    renderer = new_renderer(guarded=False)
    return renderer.convert(body)


def text_and_headings(html: str) -> tuple[list[str], list[tuple[int, str]]]:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collector.blocks, collector.headings


def test_the_guards_apply_to_the_locked_markdown_versions():
    # Else the index renders unguarded: correct, but as slow as before.
    assert guards_apply()


def test_every_inline_pattern_of_the_renderer_has_a_guard():
    renderer = new_renderer(guarded=False)
    assert {item.name for item in renderer.inlinePatterns._priority} == set(markdown_text._INLINE_NEEDLES)


def test_the_guarded_patterns_are_guarded():
    renderer = new_renderer()
    guarded = [renderer.inlinePatterns[name].compiled_re for name in markdown_text._INLINE_NEEDLES]
    guarded += [getattr(renderer.parser.blockprocessors[name], attribute)
                for name, (attribute, _) in markdown_text._BLOCK_NEEDLES.items()]
    assert all(isinstance(pattern, markdown_text._Guarded) for pattern in guarded)
    # Text without any inline needle is passed over whole, by this renderer's inline processor only.
    assert "_InlineProcessor__handleInline" in vars(renderer.treeprocessors["inline"])
    assert "_InlineProcessor__handleInline" not in vars(new_renderer(guarded=False).treeprocessors["inline"])
    # The site's own renderer (MkDocs) shares the classes: their patterns stay unguarded.
    assert not isinstance(new_renderer(guarded=False).parser.blockprocessors["hashheader"].RE,
                          markdown_text._Guarded)


@pytest.mark.parametrize("name", sorted(MATCHING_SAMPLES))
def test_a_matching_sample_renders_as_without_guards(name):
    assert render_html(MATCHING_SAMPLES[name]) == unguarded_html(MATCHING_SAMPLES[name])


@pytest.mark.parametrize("name, needle", [("link", "§"), ("hashheader", "§"), ("em_strong", "§")])
def test_a_wrong_needle_changes_the_output(monkeypatch, name, needle):
    """The comparison above can fail: a guard whose needle a match need not contain hides the match."""
    if name in markdown_text._INLINE_NEEDLES:
        monkeypatch.setitem(markdown_text._INLINE_NEEDLES, name, (needle,))
    else:
        attribute, _ = markdown_text._BLOCK_NEEDLES[name]
        monkeypatch.setitem(markdown_text._BLOCK_NEEDLES, name, (attribute, (needle,)))
    assert new_renderer().convert(MATCHING_SAMPLES[name]) != unguarded_html(MATCHING_SAMPLES[name])


@settings(max_examples=300, deadline=None)
@given(st.lists(fragments, max_size=30).map("".join))
def test_generated_markdown_renders_as_without_guards(body):
    assert render_html(body) == unguarded_html(body)


def test_the_table_of_contents_marker_is_the_one_the_text_renderer_looks_for():
    toc = next(entry["toc"] for entry in SITE_MARKDOWN_EXTENSIONS if isinstance(entry, dict) and "toc" in entry)
    assert "marker" not in toc  # Python-Markdown's default, "[TOC]"
    assert new_renderer().treeprocessors["toc"].marker == f"[{TOC_MARKER_WORD}]"


@pytest.mark.parametrize("body", ["Boven\n\n[TOC]\n\n## Kop\n\nTekst.", "## Kop\n\nTekst over de wijk."])
def test_the_text_is_that_of_the_whole_renderer_with_or_without_a_table_of_contents(body):
    collected = _collect(body)
    assert (collected.blocks, collected.headings) == text_and_headings(unguarded_html(body))


@settings(max_examples=300, deadline=None)
@given(st.lists(fragments, max_size=30).map("".join))
def test_generated_markdown_reads_as_with_the_whole_renderer(body):
    collected = _collect(body)
    assert (collected.blocks, collected.headings) == text_and_headings(unguarded_html(body))
