"""The words and headings of a case body, read through the site's own Markdown renderer."""

from __future__ import annotations

import yaml

from site_builder.content.markdown_text import (
    SITE_MARKDOWN_EXTENSIONS,
    plain_text,
    section_headings,
)

from .conftest import ROOT

BODY = """Aanleiding
==========

Buurt &amp; wijk, met **nadruk** en een [link](https://example.org/pad).

## Aanpak { #aanpak .klasse }

| Partij | Rol |
|---|---|
| Gemeente | trekker |

!!! note "Let op"
    Een admonitie met tekst.

Een alinea met een klasse.
{ .klasse }

Lessen
------

Tekst over lessen.
"""


def test_the_shared_extension_list_is_the_one_in_mkdocs_yml():
    class IgnoreTags(yaml.SafeLoader):
        pass

    IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=IgnoreTags)
    assert config["markdown_extensions"] == SITE_MARKDOWN_EXTENSIONS


def test_setext_and_atx_headings_with_their_lines():
    assert section_headings(BODY) == [("Aanleiding", 1), ("Aanpak", 6), ("Lessen", 18)]


def test_plain_text_has_no_markup_entities_or_markers():
    text = plain_text(BODY)
    assert "Buurt & wijk, met nadruk en een link." in text
    assert "Partij Rol Gemeente trekker" in text
    assert "Let op Een admonitie met tekst." in text
    for noise in ("&amp;", "|", "!!!", "{", "}", "**", "#", "==", "--", "https", "¶"):
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
