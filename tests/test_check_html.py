"""`check` reads raw HTML as a browser does (an HTML5 parser, html5ever through nh3),
and refuses what would make a visitor's browser call another host."""

from __future__ import annotations

import pytest

from site_builder.content.catalog import load_catalog

from .hostile import hostile_case

RAW_TEXT_ELEMENTS = ("textarea", "noscript", "xmp", "title", "style", "iframe", "noembed", "noframes")


def check_body_text(project, tmp_path, body: str):
    """The diagnostics of a case whose body is `## Aanleiding`, a blank line and `body`."""
    path = tmp_path / "casus.md"
    text = hostile_case("## Aanleiding\n\n" + body + "\n")
    path.write_text(text, encoding="utf-8")
    first_body_line = text.split("\n").index("## Aanleiding") + 1
    return [(d.code, d.line - first_body_line - 2) for d in load_catalog(project, [path]).diagnostics
            if d.is_error]


@pytest.mark.parametrize("element", RAW_TEXT_ELEMENTS)
def test_an_attribute_a_raw_text_element_lets_out_is_seen(project, tmp_path, element):
    """`<noscript><p title="</noscript><img onerror=...>">`: a browser ends the element
    inside the quoted value, so the `img` is real, with its handler."""
    body = f'Tekst.\n\n<{element}><p title="</{element}><img src=x onerror=alert(1)>"></{element}>'
    assert ("WW303", 2) in check_body_text(project, tmp_path, body)


@pytest.mark.parametrize("comment", ["<!--><img src=x onerror=alert(1)>-->", "<!---><img src=x onerror=alert(1)>-->",
                                     "<!-- x --!><img src=x onerror=alert(1)>-->"])
def test_a_comment_ends_where_a_browser_ends_it(project, tmp_path, comment):
    assert ("WW303", 0) in check_body_text(project, tmp_path, comment)


@pytest.mark.parametrize("body", [
    "Schrijf `<img src=x onerror=alert(1)>` niet in een casus.",
    "Code:\n\n    <img src=x onerror=alert(1)>",
    "<textarea><img src=x onerror=alert(1)></textarea>",
])
def test_a_handler_that_is_text_is_no_handler(project, tmp_path, body):
    assert "WW303" not in [code for code, _line in check_body_text(project, tmp_path, body)]


@pytest.mark.parametrize("body", [
    "![kaart](https://tracker.example/p.png)",
    "Een ![kaart][k] in de tekst.\n\n[k]: https://tracker.example/p.png",  # the address's own line
    "![kaart](http://intranet.gemeente/kaart.png)",
    "![kaart](//tracker.example/p.png)",
    "![kaart]( https://tracker.example/p.png )",
    '<img src="https://tracker.example/p.png">',
    '<img src="&#104;ttps://tracker.example/p.png">',
    '<img src=" //tracker.example/p.png">',
    '<img src="\\\\tracker.example\\p.png">',
    '<img srcset="https://tracker.example/p.png 2x">',
    '<video poster="https://tracker.example/p.png"></video>',
    '<audio src="https://tracker.example/a.mp3"></audio>',
    '<iframe src="https://tracker.example/"></iframe>',
    '<object data="https://tracker.example/x.swf"></object>',
    '<svg><image href="https://tracker.example/p.png"/></svg>',
    '<span style="background: url(https://tracker.example/p.png)">x</span>',
    "<style>@import url(https://tracker.example/s.css);</style>",
    '<svg><script href="https://tracker.example/s.js"></script></svg>',
])
def test_an_image_or_media_from_another_host_is_refused_where_it_is_written(project, tmp_path, body):
    found = check_body_text(project, tmp_path, body)
    assert ("WW339", body.count("\n")) in found, found


@pytest.mark.parametrize("body", [
    "Zie [de kaart](https://example.org/kaart.png) en <https://example.org/>.",
    '<a href="https://example.org/">de bron</a>',
])
def test_a_link_to_another_site_stays_allowed(project, tmp_path, body):
    assert check_body_text(project, tmp_path, body) == []
