"""What the preview passes on of the engine's server, and the titles it gives the
navigation for a server that rebuilds only the pages a save changed (preview.py)."""

from __future__ import annotations

import io

import pytest

from site_builder.website.engines import DIRTY_BUILD_WARNING, engine_named
from site_builder.website.preview import pass_on_output
from site_builder.website.site_source import SiteSource, page_title, titled_navigation

SERVER_OUTPUT = (
    "INFO    -  Building documentation...\n"
    f"WARNING -  {DIRTY_BUILD_WARNING}, this will likely lead to inaccurate navigation and other links.\n"
    "WARNING -  Doc file 'vind.md' contains a link 'x.md', but the target is not found.\n"
    "INFO    -  [12:00:01] Serving on http://127.0.0.1:8000/\n"
)


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_only_the_dirty_build_warning_is_left_out_of_the_server_output(engine, capsys):
    pass_on_output(io.StringIO(SERVER_OUTPUT), engine_named(engine))
    printed = capsys.readouterr().err
    assert "dirty" not in printed
    assert printed.splitlines() == [line for line in SERVER_OUTPUT.splitlines() if DIRTY_BUILD_WARNING not in line]


def test_an_engine_not_asked_for_a_dirty_build_passes_on_everything(capsys):
    pass_on_output(io.StringIO(SERVER_OUTPUT), engine_named("zensical"))
    assert capsys.readouterr().err == SERVER_OUTPUT


@pytest.mark.parametrize(("text", "title"), [
    ("# Zeven bouwstenen\n\nTekst.\n", "Zeven bouwstenen"),
    ("---\ntitle: Overzicht\n---\n# Iets anders\n", "Overzicht"),
    ("---\nhide: [toc]\n---\nInleiding.\n\n# Dragers: oude en nieuwe\n", "Dragers: oude en nieuwe"),
    ("# Met *nadruk*\n", None),  # the engine renders it: left to the engine
    ("Geen kop.\n## Alleen een tweede niveau\n", None),
])
def test_a_page_title_is_its_meta_title_or_its_first_heading(text, title):
    assert page_title(text.encode("utf-8")) == title


def test_the_navigation_gets_each_page_title_where_mkdocs_yml_leaves_it_out(tmp_path):
    source = SiteSource(tmp_path)
    source.add_text("docs/kennis/index.md", "# Kennis\n")
    source.add_text("docs/kennis/bouwstenen.md", "# Zeven bouwstenen\n")
    nav = [{"Start": "index.md"}, {"Kennis": ["kennis/index.md", "kennis/bouwstenen.md", "kennis/weg.md"]},
           "https://voorbeeld.nl/"]
    assert titled_navigation(nav, source) == [
        {"Start": "index.md"},
        {"Kennis": [{"Kennis": "kennis/index.md"}, {"Zeven bouwstenen": "kennis/bouwstenen.md"}, "kennis/weg.md"]},
        "https://voorbeeld.nl/"]
