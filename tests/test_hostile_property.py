"""Property: whatever a stranger writes from the grammar of the known attacks, no
script, handler, `javascript:` URL or foreign id reaches the page, and what
`check` accepts renders without a warning the strict build would refuse it for."""

from __future__ import annotations

import json
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from site_builder.content.body_scan import SCRIPT_SCHEMES, url_scheme
from site_builder.content.case_markdown import is_heading_id
from site_builder.content.catalog import CaseRecord, load_catalog
from site_builder.content.loader import read_case_source
from site_builder.content.models import Case

from .conftest import ROOT, copy_project
from .hostile import FRONT_MATTER, PageRenderer, mkdocs_warnings

pytestmark = pytest.mark.slow
SETTINGS = settings(max_examples=100, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# --- The grammar of the attacks ----------------------------------------------------------

handlers = st.sampled_from(["onclick", "onerror", "onload", "onfocus", "ONMOUSEOVER", "oNfOcUs"])
script_urls = st.sampled_from([
    "javascript:alert(1)", "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "java&#9;script:alert(1)",
    "java\tscript:alert(1)", " JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "jav&#x0A;ascript:alert(1)"])
other_urls = st.sampled_from(["https://example.org", "mailto:a@example.org", "andere.md", "/over/", "#aanleiding",
                              "#nergens", "../bouwstenen/", "plaatje.png", "//evil.example/x"])
foreign_urls = ["https://tracker.example/p.png", "http://intranet/kaart.png", "//tracker.example/p.png",
                " //tracker.example/p.png", "&#104;ttps://tracker.example/p.png", "\\\\tracker.example/p.png"]
ids = st.sampled_from(["__config", "__search", "ww-finder", "x\" autofocus onfocus=\"alert(1)", "kop", "_x"])
attributes = st.one_of(
    st.builds(lambda h: f"{h}=alert(1)", handlers),
    st.builds(lambda h: f'{h}="alert(1)"', handlers),
    st.builds(lambda i: f"id='{i}'", ids),
    st.builds(lambda i: f"#{i}", ids),
    st.just(".klasse"), st.just("autofocus"))
attr_lists = st.builds(lambda colon, attrs: "{" + colon + " " + " ".join(attrs) + " }",
                       st.sampled_from(["", ":"]), st.lists(attributes, min_size=1, max_size=3))
tags = st.one_of(
    st.builds(lambda h: f"<img src=x {h}=alert(1)>", handlers),
    st.builds(lambda h: f"<svg/{h}=alert(1)>", handlers),
    st.builds(lambda i: f'<div id="{i}">x</div>', ids),
    st.builds(lambda u: f'<a href="{u}">x</a>', script_urls),
    st.just("<script>alert(1)</script>"), st.just("<?php ?>"), st.just("<!-- x -->"),
    st.just('<iframe src="https://evil.example/"></iframe>'), st.just("<b>vet</b>"),
    # Raw-text elements and comments end where an HTML5 parser ends them, not where the
    # markup seems to (content/rendered_body.py).
    st.builds(lambda raw, h: f'<{raw}><p title="</{raw}><img src=x {h}=alert(1)>"></{raw}>',
              st.sampled_from(["textarea", "noscript", "xmp", "title", "style", "iframe", "noembed", "noframes"]),
              handlers),
    st.builds(lambda h: f"<!--><img src=x {h}=alert(1)>-->", handlers),
    # Resources from another host: a tracking pixel in every visitor's browser.
    st.builds(lambda u: f'<img src="{u}">', st.sampled_from(foreign_urls)),
    st.builds(lambda u: f'<video poster="{u}"></video>', st.sampled_from(foreign_urls)))
foreign_images = st.builds(lambda u: f"![x]({u})", st.sampled_from(foreign_urls))
links = st.one_of(foreign_images, st.builds(lambda u: f"[x]({u})", script_urls), st.builds(lambda u: f"[x]({u})", other_urls),
                  st.builds(lambda u: f"![x]({u})", st.one_of(script_urls, other_urls)),
                  st.builds(lambda u: f"<{u}>", other_urls))
runs = st.builds(lambda char, n: char * n, st.sampled_from(["[", "]", "*", "_", "~", "`", "<", ">"]),
                 st.integers(1, 30))
controls = st.sampled_from(["\x00", "\x1b[31m", "\x07", "\u202e", "\x9b"])
words = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=12)
inline = st.lists(st.one_of(words, tags, links, runs, attr_lists, controls), min_size=1, max_size=6).map(" ".join)
includes = st.sampled_from(['-8<- "mkdocs.yml"', '--8<-- "mkdocs.yml"', "--8<--", "---8<--- 'cases/x.md'",
                            ";--8<-- \"mkdocs.yml\""])
headings = st.builds(lambda level, text, attrs: "#" * level + " " + text + (" " + attrs if attrs else ""),
                     st.integers(1, 6), inline, st.one_of(st.none(), attr_lists))
lines = st.one_of(headings, inline, includes, st.just(""), st.builds(lambda d, t: "> " * d + t, st.integers(1, 12), words))
bodies = st.lists(lines, min_size=1, max_size=14).map(lambda items: "## Aanleiding\n\n" + "\n\n".join(items) + "\n")
titles = st.one_of(words, inline, st.builds(lambda w, c: w + c + w, words, controls))


# --- What may never reach the page -----------------------------------------------------------

class _ActiveContent(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.foreign: list[str] = []  # resources another host serves

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "style"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "autofocus":
                self.found.append(f"<{tag} {name}>")
            if name in ("href", "src") and value and url_scheme(value) in SCRIPT_SCHEMES:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name == "id" and not is_heading_id(value or ""):
                self.found.append(f"<{tag} id={value!r}>")
            if name in ("src", "srcset", "poster", "data", "background") and value and _has_host(value):
                self.foreign.append(f"<{tag} {name}={value!r}>")


def _has_host(url: str) -> bool:
    cleaned = "".join(char for char in url if char > " ").replace("\\", "/").lower()
    return cleaned.startswith("//") or bool(url_scheme(url))


def active_content(html: str) -> list[str]:
    return _read(html).found


def foreign_resources(html: str) -> list[str]:
    return _read(html).foreign


def _read(html: str) -> _ActiveContent:
    parser = _ActiveContent()
    parser.feed(html)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def renderer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("property")
    return PageRenderer(copy_project(folder / "project"), folder / "site")


def write_case(folder: Path, title: str, body: str) -> Path:
    path = folder / "aanval.md"
    path.write_text(FRONT_MATTER.replace("titel: Aanvalswijk", f"titel: {json.dumps(title)}") + body,
                    encoding="utf-8")
    return path


@SETTINGS
@given(title=titles, body=bodies)
def test_hostile_markdown_never_reaches_the_page_and_check_agrees_with_build(renderer, project, title, body):
    with tempfile.TemporaryDirectory() as folder:
        path = write_case(Path(folder), title, body)
        catalog = load_catalog(project, [path])
        source, _ = read_case_source(path, Path(folder))
    # The checker answers with diagnostics or a valid case, never an exception.
    assert bool(catalog.cases) != bool(catalog.errors)
    assume(source is not None)
    try:
        case = Case.model_validate(source.front_matter, context={"vocabularies": renderer.catalog.vocabularies})
    except ValidationError:
        assume(False)
    record = CaseRecord("aanval", "cases/aanval.md", case, source.body, source.content_hash)
    # Rendered as if nobody checked it: the boundary alone must hold.
    with mkdocs_warnings() as warnings:
        page = renderer.render(record)
    assert active_content(page.content) == []
    for item in _walk(page.toc):
        assert item.id == "" or is_heading_id(item.id), item.id  # "": the entry links nowhere
        assert "<" not in item.title, item.title
    assert "<" not in page.title
    # What check accepts, the strict build builds: no warning that would fail it; and its
    # page makes no visitor's browser call another host.
    if catalog.cases:
        assert warnings == [], (body, warnings)
        assert foreign_resources(page.content) == [], body


def _walk(items):
    for item in items:
        yield item
        yield from _walk(item.children)


def test_the_property_sees_the_real_project():
    assert (ROOT / "mkdocs.yml").is_file()
