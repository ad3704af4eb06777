"""Search that finds what people mean (issue 28): each class of miss, on a real Whoosh index.

Every test builds its own project in tmp_path: the bundled vocabularies, with search
words added to one building block, and a few cases written here, so that what is
found depends on nothing but the test. The judged queries of the relevance
benchmark (`benchmarks/relevance/queries.yml`) are checked against the content.
"""

from __future__ import annotations

import shutil
import sys

import pytest
import yaml
from click.testing import CliRunner

from site_builder.cli import main
from site_builder.content.catalog import load_catalog
from site_builder.content.vocabulary import load_vocabularies
from site_builder.project import Project
from site_builder.search.commands import ensure_fresh_index, resolve_filters, search_cases
from site_builder.search.word_forms import (compound_heads, extra_index_words, known_words_of, load_word_forms,
                                           words_ending_in)

from .conftest import ROOT

SECTIONS = "## Aanleiding\n\n{text}\n\n## Aanpak\n\nTekst.\n\n## Bouwstenen in de praktijk\n\nTekst.\n\n## Lessen\n\nTekst.\n"
SEARCH_WORDS = ["continuïteit", "meerjarig"]


@pytest.fixture
def project(tmp_path, monkeypatch) -> Project:
    """The bundled vocabularies (with search words for 'Lange adem'), and no cases yet."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "schema", root / "schema")
    (root / "cases").mkdir()
    blocks_file = root / "schema" / "bouwstenen.yml"
    blocks = yaml.safe_load(blocks_file.read_text("utf-8"))
    for block in blocks:
        if block["id"] == "lange-adem":
            block["zoekwoorden"] = SEARCH_WORDS
    blocks_file.write_text(yaml.safe_dump(blocks, allow_unicode=True, sort_keys=False), "utf-8")
    monkeypatch.chdir(root)
    return Project(root)


def write_case(project: Project, slug: str, text: str, building_blocks: dict[str, str] | None = None,
               **fields) -> None:
    """A valid case; `building_blocks` maps a building block's id to its explanation."""
    tags = building_blocks or {"middelen": "De gemeente betaalt."}
    front = {"titel": slug.replace("-", " ").title(), "gemeente": "Almelo", "wijk": "Centrum",
             "provincie": "Overijssel", "samenvatting": "Een testcasus.",
             "bouwstenen": [{"id": tag, "toelichting": explanation, "grond": "duiding"}
                            for tag, explanation in tags.items()],
             "bronnen": [{"titel": "Een bron"}]}
    front.update(fields)
    (project.cases_dir / f"{slug}.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + SECTIONS.format(text=text),
        encoding="utf-8")


def find(project: Project, text: str):
    vocabularies = load_vocabularies(project.schema_dir)
    assert not load_catalog(project).errors
    ensure_fresh_index(project, vocabularies)
    return search_cases(project, text, resolve_filters(vocabularies), limit=20)


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


def run_search(*args: str) -> str:
    result = CliRunner().invoke(main, ["search", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


# --- Partial matches and suggestions ------------------------------------------------

def test_no_case_with_every_word_shows_the_cases_with_most_of_them_and_says_so(project):
    write_case(project, "beide-woorden", "Armoede onder jongeren in de wijk.")
    write_case(project, "een-woord", "Armoede in de wijk.")
    write_case(project, "ander-woord", "Woningnood in de wijk.")
    write_case(project, "geen-woord", "Een groen plein.")
    results = find(project, "armoede jongeren woningnood")
    assert results.partial
    assert slugs(results)[0] == "beide-woorden"  # two of the three words
    assert set(slugs(results)) == {"beide-woorden", "een-woord", "ander-woord"}
    assert results.total == 3
    output = run_search("armoede jongeren woningnood")
    assert "Geen resultaten met alle woorden; resultaten met een deel ervan" in output
    assert "3 casussen gevonden" in output


def test_a_case_with_every_word_is_not_a_partial_match(project):
    write_case(project, "beide-woorden", "Armoede onder jongeren in de wijk.")
    write_case(project, "een-woord", "Armoede in de wijk.")
    results = find(project, "armoede jongeren")
    assert not results.partial and slugs(results) == ["beide-woorden"]


def test_a_word_that_occurs_nowhere_gets_a_close_word_of_the_index(project):
    write_case(project, "ondermijning", "De aanpak van ondermijning in de buurt.")
    write_case(project, "groen", "Een groen plein.")
    results = find(project, "ondermijing")
    assert results.suggestions == {"ondermijing": "ondermijning"}
    assert results.corrected_text == "ondermijning" and slugs(results) == ["ondermijning"]
    output = run_search("ondermijing")
    assert "'ondermijing' komt in geen enkele casus voor; bedoelde je 'ondermijning'?" in output
    assert "1 casus gevonden voor 'ondermijning'" in output


def test_a_word_with_nothing_close_is_named_and_finds_nothing(project):
    write_case(project, "groen", "Een groen plein.")
    results = find(project, "xqzwv")
    assert results.total == 0 and results.missing == ["xqzwv"] and not results.suggestions
    assert "'xqzwv' komt in geen enkele casus voor." in run_search("xqzwv")


# --- Dutch words as people write them ---------------------------------------------

def test_a_singular_finds_the_plural_and_the_plural_the_singular(project):
    write_case(project, "meervoud", "De corporaties werken samen.")
    write_case(project, "enkelvoud", "De corporatie bouwt.")
    write_case(project, "groen", "Een groen plein.")
    assert set(slugs(find(project, "corporatie"))) == {"meervoud", "enkelvoud"}
    assert set(slugs(find(project, "corporaties"))) == {"meervoud", "enkelvoud"}


def test_a_verb_form_from_the_word_forms_file_finds_the_other_forms(project):
    assert "betrokken" in load_word_forms().groups["betrekken"]  # the exception is data
    write_case(project, "betrokken", "Bewoners waren nauw betrokken bij het plan.")
    write_case(project, "groen", "Een groen plein.")
    assert slugs(find(project, "betrekken")) == ["betrokken"]


def test_a_query_compound_finds_its_parts_in_the_text(project):
    # Tagged with a term whose search words say nothing of money: Middelen's list holds
    # "bewonersbudget" itself, which would find both cases through the knowledge model.
    unrelated = {"lange-adem": "Lang volgehouden."}
    write_case(project, "budget", "Een budget dat de bewoners zelf verdelen.", unrelated)
    write_case(project, "groen", "Een groen plein.", unrelated)
    assert slugs(find(project, "bewonersbudget")) == ["budget"]


def test_a_text_compound_is_found_by_its_parts(project):
    write_case(project, "samenstelling", "Partijen maakten een investeringsagenda.")
    write_case(project, "losse-woorden", "Een investering staat op de agenda.")
    write_case(project, "groen", "Een groen plein.")
    assert set(slugs(find(project, "investering agenda"))) == {"samenstelling", "losse-woorden"}
    assert "samenstelling" in slugs(find(project, "agenda"))


def test_extra_index_words_give_word_forms_and_compound_parts_against_known_words():
    known = known_words_of(["bewoners", "budget", "lange termijn"])
    extra = extra_index_words("Het bewonersbudget, de langetermijn en betrokken corporaties.", known)
    assert {"bewoners", "budget", "lange", "termijn", "betrekken", "corporatie"} <= set(extra)
    assert "bewonersbudget" not in extra  # the text's own words are not extra
    assert "lange" not in extra_index_words("langetermijn")  # no split without the corpus's words


def test_a_theme_that_is_a_compound_ranks_the_case_for_its_last_part(project):
    # A 'woningcorporatie' is a 'corporatie' (a Dutch compound is a kind of its last part):
    # the case whose theme is 'woningcorporaties' is about corporations, where the other
    # merely names one more often.
    write_case(project, "thema", "De corporatie bouwt woningen en de gemeente helpt.", themas=["woningcorporaties"])
    write_case(project, "tekst", "De corporatie bouwt. De corporatie sloopt ook.", themas=["wonen"])
    assert slugs(find(project, "corporatie")) == ["thema", "tekst"]


def test_compound_heads_are_the_last_parts_split_against_known_words():
    known = known_words_of(["woning corporaties wijk vernieuwing"])
    assert compound_heads("woningcorporaties en wijkvernieuwing", known) == ["corporaties", "corporatie",
                                                                              "vernieuwing"]
    assert compound_heads("woningcorporaties", set()) == []  # nothing to split against


# --- Synonyms: the everyday words for the field's own terms (search/synonyms.yml) ------

# Tagged with a term whose names say nothing of money or residents (Middelen's search
# words hold "subsidie" and "geld", which would find every case through the knowledge model).
UNRELATED_TAG = {"lange-adem": "Lang volgehouden."}


def test_every_synonym_is_data_with_its_reason():
    from importlib import resources

    entries = yaml.safe_load(resources.files("site_builder.search").joinpath("synonyms.yml").read_text("utf-8"))
    assert entries
    for entry in entries:
        assert entry["woord"] and entry["ook"] and entry["waarom"].strip(), entry


def test_the_words_that_end_in_a_synonyms_word_are_found_whole_and_folded():
    text = "Het Volkshuisvestingsfonds, fondsen; Bewonersparticipatie! En coöperatiefonds_2."
    assert words_ending_in(text, ("participatie", "fonds", "fondsen")) == [
        "bewonersparticipatie", "volkshuisvestingsfonds", "fondsen"]
    assert words_ending_in("een coöperatiefonds.", ("fonds",)) == ["cooperatiefonds"]


def test_a_text_with_a_term_is_found_by_its_everyday_word_and_not_the_other_way(project):
    assert "subsidie" in load_word_forms().synonyms_of("fonds")  # the synonym is data
    write_case(project, "fonds", "Het fonds verdeelt een bijdrage over de gemeenten.", UNRELATED_TAG)
    write_case(project, "betrokken", "De gemeente was nauw betrokken.", UNRELATED_TAG)
    write_case(project, "groen", "Een groen plein.", UNRELATED_TAG)
    assert slugs(find(project, "subsidie")) == ["fonds"]
    # One way: 'participatie' is found by 'betrekken', not every 'betrokken' by 'participatie'.
    assert "betrokken" not in slugs(find(project, "participatie"))


def test_a_theme_that_is_a_compound_of_a_term_ranks_the_case_for_its_everyday_word(project):
    # A 'bewonersparticipatie' is a 'participatie', which people call 'bewoners betrekken';
    # the case says neither 'participatie' nor 'betrekken' on its own.
    write_case(project, "thema", "De bewoners denken mee over hun nieuwe woning.", UNRELATED_TAG,
               themas=["bewonersparticipatie"])
    write_case(project, "tekst", "Het Rijk raakte bij de aanpak betrokken. De bewoners wachten.", UNRELATED_TAG,
               themas=["wonen"])
    write_case(project, "groen", "Een groen plein.", UNRELATED_TAG)
    assert slugs(find(project, "betrekken")) == ["thema", "tekst"]


def test_a_title_that_is_a_compound_of_a_term_ranks_the_case_first_for_its_everyday_word(project):
    # A 'wijkfonds' is a 'fonds': what a reader calls a 'subsidie', as strongly as a title.
    write_case(project, "fonds", "Gemeenten vragen een bijdrage aan voor hun wijk.", UNRELATED_TAG,
               titel="Het Wijkfonds")
    write_case(project, "subsidie", "De gemeente gaf een subsidie aan de buurt.", UNRELATED_TAG, titel="Een buurt")
    assert slugs(find(project, "subsidie")) == ["fonds", "subsidie"]


# --- The knowledge model in the index ---------------------------------------------

def test_a_case_is_found_by_a_tags_explanation(project):
    write_case(project, "kwartiermaker", "Een gewone tekst.",
               {"onafhankelijke-procesleiding": "Een kwartiermaker hield het overzicht."})
    write_case(project, "groen", "Een groen plein.")
    assert slugs(find(project, "kwartiermaker")) == ["kwartiermaker"]


def test_a_case_is_found_by_the_label_of_its_building_block(project):
    write_case(project, "procesleiding", "Een gewone tekst.",
               {"onafhankelijke-procesleiding": "Iemand hield het overzicht."})
    write_case(project, "groen", "Een groen plein.")
    assert slugs(find(project, "onafhankelijke procesleiding")) == ["procesleiding"]


def test_a_search_word_of_a_vocabulary_term_reaches_the_cases_tagged_with_it(project):
    write_case(project, "lange-adem", "Een gewone tekst.", {"lange-adem": "Het programma loopt twintig jaar."})
    write_case(project, "groen", "Een groen plein.")
    for word in SEARCH_WORDS:
        assert slugs(find(project, word)) == ["lange-adem"], word
    assert slugs(find(project, "continuiteit")) == ["lange-adem"]  # without the diaeresis too


def test_a_case_is_found_by_its_parties_name_and_role(project):
    write_case(project, "partijen", "Een gewone tekst.",
               partijen=[{"naam": "Woonbron", "rol": "corporatie"}, {"naam": "Gemeente Almelo", "rol": "gemeente"}])
    write_case(project, "groen", "Een groen plein.")
    assert slugs(find(project, "Woonbron")) == ["partijen"]
    assert slugs(find(project, "woningcorporatie")) == ["partijen"]  # the role's label


def test_a_case_whose_own_text_says_a_search_word_outranks_cases_only_tagged_with_its_term(project):
    # Every case tagged "Lange adem" holds its search words through the knowledge model;
    # the case that says "continuïteit" itself comes first, above the cases the source
    # gives as examples of the term (whose names count twice in the bonus field only).
    filler = " ".join(["De wijk verandert langzaam en de gemeente werkt met partners."] * 12)
    tag = {"lange-adem": "Het programma loopt lang."}
    write_case(project, "eigen-woorden", f"{filler} Bewoners zorgen voor continuïteit, en die continuïteit telt.", tag)
    for number in range(3):
        write_case(project, f"voorbeeld-{number}", f"{filler} Bewoners zorgen voor de buurt.",
                   bouwstenen=[{"id": "lange-adem", "toelichting": "Het programma loopt lang.", "grond": "bron",
                                "bron": 1}])
    for number in range(6):
        write_case(project, f"groen-{number}", "Een groen plein.")
    assert slugs(find(project, "continuïteit"))[0] == "eigen-woorden"


def test_title_outranks_body_text(project):
    write_case(project, "in-de-tekst", "Het warmtenet komt er, zegt de gemeente.", titel="Een wijk")
    write_case(project, "in-de-titel", "Een gewone tekst.", titel="Het warmtenet")
    assert slugs(find(project, "warmtenet")) == ["in-de-titel", "in-de-tekst"]


# --- The benchmark's judged queries -------------------------------------------------

def test_every_judged_page_of_the_relevance_benchmark_exists():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from relevance import load_judgments

    judgments = load_judgments()
    assert len(judgments) >= 40
    vocabularies = load_vocabularies(ROOT / "schema")
    for judgment in judgments:
        for page in judgment.relevant:
            kind, name = page.strip("/").split("/")
            if kind == "casussen":
                assert (ROOT / "cases" / f"{name}.md").exists(), (judgment.query, page)
            else:
                assert name in vocabularies.by_kind(kind).ids, (judgment.query, page)
