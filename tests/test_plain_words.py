"""Plain words where people choose (issue 26, point 1): every building block, carrier and
step has a question in everyday Dutch and the words people search with, kept in
schema/*.yml and shown on the term pages, the front page, the finder and the wijkscan;
the site search reaches a term page by those words."""

from __future__ import annotations

import re

import pytest

from site_builder.content.vocabulary import TAG_KINDS, fold, load_vocabularies
from site_builder.errors import VocabularyError

from .conftest import ROOT, copy_project

# The vocabularies whose terms tag cases and have pages: bouwstenen, dragers, stappen.
TAG_KIND_NAMES = [kind.kind for kind in TAG_KINDS]


@pytest.fixture(scope="module")
def vocabularies():
    return load_vocabularies(ROOT / "schema")


def tag_terms(vocabularies):
    return [(kind, entry) for kind in TAG_KIND_NAMES for entry in vocabularies.by_kind(kind).entries]


# --- The data ------------------------------------------------------------------------------

def test_every_building_block_carrier_and_step_has_a_question_and_search_words(vocabularies):
    terms = tag_terms(vocabularies)
    assert {kind for kind, _ in terms} == {"bouwstenen", "dragers", "stappen"}
    for kind, entry in terms:
        assert entry.question and entry.question.endswith("?"), (kind, entry.id, entry.question)
        assert len(entry.search_words) >= 3, (kind, entry.id, entry.search_words)
        assert len({fold(word) for word in entry.search_words}) == len(entry.search_words), entry.id


def test_lange_adem_is_found_by_the_words_a_policymaker_uses(vocabularies):
    words = {fold(word) for word in vocabularies.building_blocks.get("lange-adem").search_words}
    assert {"lange termijn", "langetermijn", "continuiteit", "meerjarig"} <= words


def test_no_search_word_names_another_term(vocabularies):
    # A word that means another term would send a reader to the wrong page.
    terms = tag_terms(vocabularies)
    for kind, entry in terms:
        own = {fold(word) for word in entry.search_words}
        for other_kind, other in terms:
            if (other_kind, other.id) == (kind, entry.id):
                continue
            names = {fold(other.id.replace("-", " ")), fold(other.label), *map(fold, other.aliases)}
            assert not own & names, (entry.id, other.id, own & names)
            assert not own & {fold(word) for word in other.search_words}, (entry.id, other.id)


def test_the_contributor_docs_describe_the_question_and_search_words():
    reference = (ROOT / "docs" / "bijdragen" / "schema.md").read_text(encoding="utf-8")
    assert "| `vraag` | nee | Eén regel in gewone taal" in reference
    assert "| `zoekwoorden` | nee | Woorden waarmee mensen zoeken" in reference
    assert "| Lange adem | Hoe houdt u een aanpak langer vol dan één collegeperiode? |" in reference


# --- A malformed question is a Dutch sentence at its line -----------------------------------

def with_lange_adem_question(tmp_path, value: str):
    project = copy_project(tmp_path / "project")
    path = project.root / "schema" / "bouwstenen.yml"
    text = path.read_text(encoding="utf-8")
    text, replaced = re.subn(r"(?m)^  vraag: Hoe houdt u een aanpak langer vol.*$", f"  vraag: {value}", text)
    assert replaced == 1
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"  vraag: {value}") + 1
    return project, line


@pytest.mark.parametrize("value, said", [
    ("''", "het veld 'vraag' is leeg"),
    ("[lange termijn, continuïteit]", "het veld 'vraag' moet tekst zijn, geen lijst"),
    ("12", "het veld 'vraag' moet tekst zijn, geen getal"),
])
def test_a_malformed_question_is_reported_in_dutch_at_its_line(tmp_path, value, said):
    project, line = with_lange_adem_question(tmp_path, value)
    with pytest.raises(VocabularyError) as raised:
        load_vocabularies(project.root / "schema")
    message = raised.value.format_message()
    assert f"bouwstenen.yml:{line}:10: term 'lange-adem': {said}" in message, message
    assert "validation error" not in message and "pydantic" not in message, message


def test_check_reports_a_malformed_question_without_a_traceback(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from site_builder.cli import main

    project, line = with_lange_adem_question(tmp_path, "''")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert f"bouwstenen.yml:{line}:10: term 'lange-adem': het veld 'vraag' is leeg" in result.output


def test_every_invalid_term_of_a_file_is_reported_at_once(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project.root / "schema" / "dragers.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  label: Veilige wijk\n", "  label: Veilige wijk\n  vragen: Wat?\n", 1)
    text = re.sub(r"(?m)^(  label: Gezonde wijk\n  vraag: ).*$", r"\1{tekst: Gezond?}", text)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_vocabularies(project.root / "schema")
    lines = raised.value.format_message().splitlines()
    assert len(lines) == 2, lines
    assert "term 'veilige-wijk': onbekend veld 'vragen'" in lines[0]
    assert "term 'gezonde-wijk': het veld 'vraag' moet tekst zijn, geen velden (veld: waarde)" in lines[1]


# --- The built pages ------------------------------------------------------------------------

def indexed_introduction(html: str) -> str:
    """The text Pagefind indexes of a term page: the body marked for it, up to the first h2."""
    start = html.index("data-pagefind-body")
    intro = html[start:html.index("<h2", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", intro).split())


def test_the_term_page_shows_its_question_and_search_words_where_search_reads(bundled_site, vocabularies):
    entry = vocabularies.building_blocks.get("lange-adem")
    html = (bundled_site / "bouwstenen" / "lange-adem" / "index.html").read_text(encoding="utf-8")
    intro = indexed_introduction(html)
    assert entry.question in intro
    assert "Verwante woorden: lange termijn, langetermijn, langetermijnaanpak, continuïteit" in intro
    for word in entry.search_words:
        assert word in intro, word


def test_every_term_index_shows_the_questions(bundled_site, vocabularies):
    for kind in TAG_KIND_NAMES:
        html = (bundled_site / kind / "index.html").read_text(encoding="utf-8")
        for entry in vocabularies.by_kind(kind).entries:
            assert entry.question.replace("'", "&#39;") in html, (kind, entry.id)


def test_the_published_vocabularies_carry_the_questions_and_search_words(bundled_site, vocabularies):
    import json

    data = json.loads((bundled_site / "data" / "vocabularies.json").read_text(encoding="utf-8"))
    for kind in TAG_KIND_NAMES:
        for term, entry in zip(data[kind], vocabularies.by_kind(kind).entries):
            assert term["vraag"] == entry.question
            assert term["zoekwoorden"] == list(entry.search_words)


# --- In the browser -------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("query", ["lange termijn", "continuïteit", "langetermijn"])
def test_site_search_reaches_lange_adem_by_everyday_words(page, site_url, query):
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").press_sequentially(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    term_page = page.locator('.md-search-result__link[href$="bouwstenen/lange-adem/"]')
    term_page.first.wait_for(timeout=15_000)
    assert "Lange adem" in term_page.first.inner_text()
    assert page.errors == []


@pytest.mark.browser
def test_the_front_page_shows_the_question_of_each_building_block(page, site_url, vocabularies):
    page.goto(site_url)
    page.locator("#ww-start-bouwstenen li[data-term]").first.wait_for()
    for entry in vocabularies.building_blocks.entries:
        item = page.locator(f'#ww-start-bouwstenen li[data-term="{entry.id}"]')
        assert item.locator(".ww-start-vraag").inner_text() == entry.question
    assert page.errors == []


@pytest.mark.browser
def test_the_finder_shows_each_choice_with_its_question(page, site_url, vocabularies):
    page.goto(site_url + "vind/")
    page.locator("#ww-finder-resultaten li").first.wait_for()
    checkbox = page.locator("#ww-bouwsteen-lange-adem")
    described_by = checkbox.get_attribute("aria-describedby")
    assert page.locator(f"#{described_by}").inner_text() == vocabularies.building_blocks.get("lange-adem").question
    assert page.locator(f"#{described_by}").is_visible()
    for kind, parameter in (("dragers", "drager"), ("stappen", "stap")):
        for entry in vocabularies.by_kind(kind).entries:
            assert page.locator(f"#ww-{parameter}-{entry.id}-vraag").inner_text() == entry.question
    assert page.errors == []


@pytest.mark.browser
def test_the_wijkscan_shows_the_question_of_each_term(page, site_url, vocabularies):
    page.goto(site_url + "wijkscan/")
    page.locator(".ww-wijkscan-term").first.wait_for()
    for section in page.locator(".ww-wijkscan-term").all():
        entry = vocabularies.building_blocks.get(section.get_attribute("data-term")) \
            if section.get_attribute("data-term") in vocabularies.building_blocks.ids \
            else vocabularies.carriers.get(section.get_attribute("data-term"))
        assert section.locator(".ww-wijkscan-vraag").inner_text() == entry.question
    assert page.errors == []
