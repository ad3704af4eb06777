"""The words and headings of a case body, read as the case page renders it."""

from __future__ import annotations

from site_builder.content.markdown_text import plain_text, section_headings

BODY = """Aanleiding
==========

Buurt &amp; wijk, met **nadruk** en een [link](https://example.org/pad).

## Aanpak ##

| Partij | Rol |
|---|---|
| Gemeente | trekker |

!!! note "Let op"
    Een admonitie met tekst.

Een alinea over de aanpak.

Lessen
------

Tekst over lessen.
"""


def test_setext_and_atx_headings_with_their_lines():
    assert section_headings(BODY) == [("Aanleiding", 1), ("Aanpak", 6), ("Lessen", 17)]


def test_plain_text_has_no_markup_entities_or_markers():
    text = plain_text(BODY)
    assert "Buurt & wijk, met nadruk en een link." in text
    assert "Partij Rol Gemeente trekker" in text
    assert "Let op Een admonitie met tekst." in text
    for noise in ("&amp;", "|", "!!!", "**", "#", "==", "--", "https", "¶"):
        assert noise not in text, noise


def test_raw_html_scripts_never_reach_the_text():
    text = plain_text("Voor <script>alert('x')</script> na <b>vet</b> &lt;tag&gt;.")
    assert "alert" not in text and "vet" in text and "<tag>" in text


def test_a_heading_with_inline_markup_still_gets_its_line():
    body = "Intro.\n\n## De **wijk** en [de stad](https://x.nl)\n\nTekst.\n\n### Slot ###\n"
    assert section_headings(body) == [("De wijk en de stad", 3), ("Slot", 7)]


def test_runs_of_markup_characters_are_text_not_structure():
    body = "tekst " + "{" * 5000 + "|" * 5000 + " &amp" * 500 + "\n"
    assert section_headings(body) == []
    assert plain_text(body).startswith("tekst " + "{" * 5000 + "|" * 5000 + " &amp")


def test_the_text_is_that_of_the_case_dialect():
    """Case pages have no attribute lists: `{ .klasse }` is text there, so it is text here."""
    assert plain_text("Een alinea.\n{ .klasse }\n") == "Een alinea. { .klasse }"
