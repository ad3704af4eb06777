"""The browser scripts speak through Python: no script spells a site address or a
count word itself (issue 23, point 6). Addresses come from urls.py through the data
files and the pages' data attributes; "1 casus / 2 casussen" from content/wording.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builder.content.vocabulary import KINDS
from site_builder.content.wording import script_wording
from site_builder.website import urls

ASSETS = Path(__file__).resolve().parent.parent / "site_builder" / "website" / "assets"
SCRIPTS = sorted(ASSETS.glob("*.js"))
# A JavaScript string literal in double or single quotes (the scripts use no template
# literals), or a line comment (skipped: it is read by people, not shown).
TOKEN = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|(?<![:\\])//[^\n]*')


def string_literals(script: Path) -> list[str]:
    # The search box's shortcut key "/" (zoeken.js) is a key, not a path.
    text = script.read_text("utf-8").replace('event.key === "/"', "event.key")
    found = []
    for match in TOKEN.finditer(text):
        if match.group(1) is not None:
            found.append(match.group(1))
        elif match.group(2) is not None:
            found.append(match.group(2))
    return found


def site_paths() -> list[str]:
    """Every folder of the URL scheme as a script would spell it: 'casussen/', 'vergelijk/', ..."""
    paths = {urls.case_url("x").removesuffix("x/"), urls.compare_page().url, urls.finder_page().url,
             urls.wijkscan_page().url}
    paths |= {urls.kind_index(kind.kind).url for kind in KINDS}
    return sorted(path for path in paths if path)


def spelled_addresses(literals: list[str]) -> list[str]:
    # A path joined from parts (`kind + "/" + id + "/"`) spells the scheme as much as a whole one.
    return [text for text in literals if text == "/" or any(path in text for path in site_paths())]


def spelled_counts(literals: list[str]) -> list[str]:
    forms = sorted({form for noun in script_wording().values() for form in noun}, key=len, reverse=True)
    counted = re.compile(r"(?:\A|\A\s+|\A\d+\s+)(?:" + "|".join(map(re.escape, forms)) + r")\b")
    return [text for text in literals if counted.match(text)]


def test_the_scripts_are_all_read():
    assert {script.name for script in SCRIPTS} >= {"vind.js", "vergelijk.js", "wijkscan.js", "start.js",
                                                    "overzicht.js"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_no_script_spells_a_site_address(script):
    assert spelled_addresses(string_literals(script)) == []


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda script: script.name)
def test_no_script_spells_a_count_word(script):
    assert spelled_counts(string_literals(script)) == []


@pytest.mark.parametrize("source, spelled", [
    ('summary.textContent = n === 1 ? "1 casus gevonden" : n + " casussen gevonden";',
     ["1 casus gevonden", " casussen gevonden"]),
    ("text = n + (n === 1 ? ' stelling' : ' stellingen');", [" stelling", " stellingen"]),
    ('label = count + " rijen verschillen";', [" rijen verschillen"]),
    ('more = "Meer over " + label + " met andere casussen";', []),
])
def test_the_count_check_catches_a_spelled_count(tmp_path, source, spelled):
    script = tmp_path / "probe.js"
    script.write_text(source, encoding="utf-8")
    assert spelled_counts(string_literals(script)) == spelled


@pytest.mark.parametrize("source, spelled", [
    ('a = el("a", { href: siteRoot + "casussen/" + item.slug + "/" });', ["casussen/", "/"]),
    ('href = siteRoot + "vergelijk/?casussen=" + slug;', ["vergelijk/?casussen="]),
    ("href = siteRoot + kind + '/' + term.id;", ["/"]),
    ('href = siteRoot + item.url;', []),
])
def test_the_address_check_catches_a_spelled_address(tmp_path, source, spelled):
    script = tmp_path / "probe.js"
    script.write_text(source, encoding="utf-8")
    assert spelled_addresses(string_literals(script)) == spelled


def test_the_finder_reads_the_active_years_and_nothing_else_for_its_year_filter():
    # Case.active_years is the one definition (exported as `actief` in cases.json); the
    # script must not compute its own from the period or the status year.
    finder = (ASSETS / "vind.js").read_text("utf-8")
    active_in = finder[finder.index("function activeIn"):]
    active_in = active_in[:active_in.index("\n  }\n")]
    assert "item.actief" in active_in
    assert not re.search(r"\.(periode|stand|eind|start)\b", finder)
