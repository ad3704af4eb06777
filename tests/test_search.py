"""`wijkwijzer index` and `wijkwijzer search`: a real Whoosh index over a copy of the content.

Every test works on its own copy of `schema/` and `cases/` in tmp_path, so it can
edit, add and remove cases and vocabulary terms without touching the repository.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from whoosh import index as whoosh_index
from whoosh.fields import STORED
from whoosh.filedb.filestore import FileStorage

from site_builder.cli import main
from site_builder.content.case_file import file_content_hash
from site_builder.content.catalog import load_catalog
from site_builder.content.markdown_text import plain_text
from site_builder.content.vocabulary import load_vocabularies
from site_builder.errors import IndexLocked
from site_builder.project import Project
from site_builder.search import analysis, documents, schema
from site_builder.search import index as search_index
from site_builder.search.commands import (
    ensure_fresh_index,
    resolve_filters,
    search_cases,
)
from site_builder.search.freshness import (
    REBUILD_ASKED,
    REBUILD_DAMAGED,
    REBUILD_FORMAT,
    REBUILD_NO_INDEX,
    REBUILD_VOCABULARIES,
    index_folder,
)
from site_builder.search.index import WRITE_LOCK, update_index
from site_builder.search.query import STOPWORD_PAIR_SCORE
from site_builder.search.searcher import SearchIndex, SearchRequest
from site_builder.search.snippets import QueryMarks, snippet_for

from .conftest import ROOT

SELWERD = "selwerd-groningen"
SECTIONS = "## Aanleiding\n\n{text}\n\n## Aanpak\n\nTekst.\n\n## Bouwstenen in de praktijk\n\nTekst.\n\n## Lessen\n\nTekst.\n"


@pytest.fixture
def content(tmp_path, monkeypatch) -> Project:
    """A private copy of the content root, as the current directory."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "schema", root / "schema")
    shutil.copytree(ROOT / "cases", root / "cases")
    monkeypatch.chdir(root)
    return Project(root)


@pytest.fixture
def cli(content):
    def run(*args: str):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    return run


def write_case(project: Project, slug: str, text: str = "Tekst.", **fields) -> Path:
    front = {"titel": slug.replace("-", " ").title(), "gemeente": "Almelo", "wijk": "Centrum",
             "provincie": "Overijssel", "samenvatting": "Een testcasus.", "bouwstenen": ["middelen"],
             "bronnen": [{"titel": "Een bron"}]}
    front.update(fields)
    path = project.cases_dir / f"{slug}.md"
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n"
                    + SECTIONS.format(text=text), encoding="utf-8")
    return path


def find(project: Project, text: str = "", limit: int = 100, **filters):
    """Search as the command does: refresh the index if needed, then ask it."""
    vocabularies = load_vocabularies(project.schema_dir)
    ensure_fresh_index(project, vocabularies)
    theme, active_in = filters.pop("theme", None), filters.pop("active_in", None)
    return search_cases(project, text, resolve_filters(vocabularies, **filters), theme, active_in, limit)


def slugs(results) -> list[str]:
    return [hit.slug for hit in results.hits]


# --- Finding cases --------------------------------------------------------------------

def test_a_terminal_sees_the_highlighting_as_colour_and_a_strangers_escapes_spelled_out(content):
    result = CliRunner().invoke(main, ["search", "gezondheid"], color=True, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "\x1b[1m" in result.output  # the title in bold, the query's words highlighted
    assert "\\x1b" not in result.output  # not our own escapes spelled out
    from site_builder.search.commands import SearchFilters, format_results
    from site_builder.search.searcher import SearchHit, SearchResults

    hostile = "Wijk\x1b]0;gekaapt\x07"  # sets a terminal's title if printed as it is
    hit = SearchHit(slug="wijk", title=hostile, score=1.0, municipality=hostile, neighbourhood="",
                    province="", place=hostile, summary="", building_blocks=[], carriers=[], steps=[], themes=[],
                    period=None, snippet=((hostile, True), (" en " + hostile, False)))
    shown = format_results(SearchResults(hits=[hit], total=1), "wijk", SearchFilters())
    assert "\x07" not in shown and "\x1b]" not in shown
    assert shown.count("Wijk\\x1b]0;gekaapt\\x07") == 4


def test_search_gezondheid_finds_selwerd(cli):
    result = cli("search", "gezondheid", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert SELWERD in [hit["slug"] for hit in hits]
    selwerd = next(hit for hit in hits if hit["slug"] == SELWERD)
    assert selwerd["url"] == f"/casussen/{SELWERD}/"
    title = yaml.safe_load((ROOT / "cases" / f"{SELWERD}.md").read_text("utf-8").split("---")[1])["titel"]
    assert selwerd["titel"] == title and selwerd["score"] > 0
    assert "<mark>gezondheid</mark>" in selwerd["snippet_html"].lower()


def test_a_national_programme_is_placed_landelijk_as_on_the_site(cli):
    result = cli("search", "vouchersysteem", "--json")
    assert result.exit_code == 0, result.output
    national = next(hit for hit in json.loads(result.stdout) if hit["slug"] == "lsa-vouchersysteem")
    assert national["plaats"] == "Landelijk" and not national["gemeente"]
    terminal = cli("search", "vouchersysteem")
    assert "(Landelijk)" in terminal.stdout and "()" not in terminal.stdout


def test_terminal_output_shows_hits_snippets_and_facet_counts(cli):
    result = cli("search", "gezondheid")
    assert result.exit_code == 0
    assert "gevonden voor 'gezondheid'" in result.stdout
    assert f"/casussen/{SELWERD}/" in result.stdout
    assert "Verfijn met:" in result.stdout and "--bouwsteen:" in result.stdout


def test_bouwsteen_filter_lists_exactly_the_cases_with_that_block(cli, content):
    result = cli("search", "--bouwsteen", "lange-adem", "--json", "--limit", "1000")
    assert result.exit_code == 0
    expected = {record.slug for record in load_catalog(content).cases
                if "lange-adem" in record.case.building_blocks}
    assert expected and {hit["slug"] for hit in json.loads(result.stdout)} == expected


def test_facet_counts_count_the_hits_per_term(content):
    results = find(content)
    catalog = load_catalog(content)
    assert results.total == len(catalog.cases)
    for block in catalog.vocabularies.building_blocks.ids:
        having = sum(block in record.case.building_blocks for record in catalog.cases)
        assert results.facets["bouwstenen"].get(block, 0) == having


def test_filters_without_a_query_list_cases_by_title(content):
    results = find(content, province="groningen")
    expected = sorted((r for r in load_catalog(content).cases if r.case.province == "Groningen"),
                      key=lambda r: r.case.title.casefold())
    assert slugs(results) == [r.slug for r in expected]


def test_province_may_be_given_by_any_spelling(content):
    write_case(content, "friese-wijk", provincie="Fryslân")
    for spelling in ("friesland", "Fryslân", "fryslan", "FRIESLAND"):
        found = find(content, province=spelling)
        assert "friese-wijk" in slugs(found), spelling
        assert {hit.province for hit in found.hits} == {"Fryslân"}, spelling


def test_accents_and_case_do_not_matter(content):
    write_case(content, "met-trema", "De buurtcoöperatie en de coöperatie Zonnedak.")
    write_case(content, "zonder-trema", "Een energiecooperatie in de wijk.")
    for query in ("cooperatie", "coöperatie", "COÖPERATIE", "Cooperatie"):
        assert "met-trema" in slugs(find(content, query)), query
    assert "zonder-trema" in slugs(find(content, "energiecoöperatie"))
    # The stemmer drops a trema by itself, but not a circumflex: that is the folding.
    write_case(content, "dakje", "Een Fryslânse aanpak.", provincie="Groningen")
    assert "dakje" in slugs(find(content, "fryslanse"))


def test_dutch_stemming_finds_other_forms(content):
    write_case(content, "panden", "De corporatie kocht buurtpanden voor gezonde bewoners.")
    # First: other cases may say "panden", which the compound's last part also finds.
    assert slugs(find(content, "buurtpand"))[0] == "panden"
    assert SELWERD in slugs(find(content, "gezonde"))


def test_a_phrase_with_stopwords_matches_only_the_exact_order(content):
    write_case(content, "in-volgorde", "Hier nam de stadsmarinier het voortouw.")
    write_case(content, "door-elkaar", "De wijk koos een stadsmarinier; het was de beste keuze.")
    [hit] = find(content, '"de stadsmarinier"').hits
    assert hit.slug == "in-volgorde" and ("de stadsmarinier", True) in hit.snippet
    assert sorted(slugs(find(content, "de stadsmarinier"))) == ["door-elkaar", "in-volgorde"]


def test_a_pair_of_stopwords_in_a_phrase_narrows_the_matches_but_adds_nothing_to_the_ranking(content):
    write_case(content, "haven-een", "Wij gaan naar de zeppelinhaven. Ook naar de markt en naar de stad.")
    write_case(content, "haven-twee", "Wij wonen bij de zeppelinhaven, niet ver van de stad.")
    with_stopword_pair = find(content, '"naar de zeppelinhaven"')
    without = find(content, '"de zeppelinhaven"')
    assert not with_stopword_pair.searched_literally  # Whoosh's parser took the query as it is
    assert slugs(with_stopword_pair) == ["haven-een"]
    assert sorted(slugs(without)) == ["haven-een", "haven-twee"]
    scores = {hit.slug: hit.score for hit in without.hits}
    # "naar de" adds the same to every match, not a BM25F score of its own.
    assert with_stopword_pair.hits[0].score == round(scores["haven-een"] + STOPWORD_PAIR_SCORE, 3)
    # A phrase of stopwords only is still ranked by its pairs.
    assert all(hit.score > 0 for hit in find(content, '"naar de"').hits)


def test_snippet_marks_phrases_and_words_once_each():
    text = ("Eerst een lange inleiding over iets anders. " * 8 + "In de wijk werkt de gemeente samen; "
            "later kwam de gemeente terug, met andere gemeenten.")
    snippet = snippet_for(text, QueryMarks.of('"de gemeente" wijk'))
    assert [piece for piece, marked in snippet if marked] == ["wijk", "de gemeente", "de gemeente",
                                                              "gemeenten"]
    assert snippet[0] == ("…", False)  # cut before the matches, not from the start
    assert snippet_for(text, QueryMarks.of("zeppelin")) == ()


def test_active_in_counts_an_approach_without_end_only_up_to_what_the_sources_describe(content):
    write_case(content, "afgerond", periode={"start": 2001, "eind": 2005})
    write_case(content, "zonder-eind", periode={"start": 2010, "stand": 2018})
    write_case(content, "zonder-periode")
    made = {"afgerond", "zonder-eind", "zonder-periode"}
    assert made & set(slugs(find(content, active_in=2003))) == {"afgerond"}
    assert made & set(slugs(find(content, active_in=2018))) == {"zonder-eind"}
    # Nothing claims the approach still ran after the year its information describes.
    assert made & set(slugs(find(content, active_in=2019))) == set()


def test_active_in_reads_the_one_definition_of_active_years(cli, content):
    """A plan that starts in 2019, cited from a source of 2017 (no end, no `stand`): the
    sources show it active in its start year (`Case.active_years`), so --actief-in 2019
    finds it; "end or information year or start" would have stopped at 2017."""
    write_case(content, "plan-uit-oudere-bron", periode={"start": 2019},
               bronnen=[{"titel": "Wijkvisie", "jaar": 2017}])
    [record] = [r for r in load_catalog(content).cases if r.slug == "plan-uit-oudere-bron"]
    assert record.case.active_years == (2019, 2019)
    result = cli("search", "--actief-in", "2019", "--json", "--limit", "1000")
    assert result.exit_code == 0, result.output
    assert "plan-uit-oudere-bron" in {hit["slug"] for hit in json.loads(result.stdout)}
    for year in (2017, 2018, 2020):
        assert "plan-uit-oudere-bron" not in slugs(find(content, active_in=year)), year


def test_theme_filter_and_unknown_theme(cli, content):
    write_case(content, "thema-casus", themas=["Coöperatie", "wonen, werken en leren"])
    assert slugs(find(content, theme="cooperatie")) == ["thema-casus"]
    assert slugs(find(content, theme="Wonen, werken en leren")) == ["thema-casus"]
    result = cli("search", "--thema", "cooperatei")
    assert result.exit_code == 2
    assert "onbekend thema 'cooperatei' (bedoelde je 'cooperatie'?)" in result.output


# --- Errors and odd input ---------------------------------------------------------------

@pytest.mark.parametrize("option, value, expected", [
    ("--bouwsteen", "lange-adm", "onbekende bouwsteen 'lange-adm' (bedoelde je 'lange-adem'?)"),
    ("--drager", "gezonde-wjik", "onbekende drager 'gezonde-wjik' (bedoelde je 'gezonde-wijk'?)"),
    ("--stap", "visie-ontwikkel", "onbekende stap 'visie-ontwikkel' (bedoelde je 'visie-ontwikkelen'?)"),
    ("--provincie", "Frieslnd", "onbekende provincie 'Frieslnd' (bedoelde je 'Fryslân'?)"),
])
def test_unknown_vocabulary_id_is_a_clear_error_with_suggestion(cli, option, value, expected):
    result = cli("search", "wijk", option, value)
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("query", [
    '"de gemeente', "AND", "wijk AND", "OR OR", "(", "((gezondheid", ")))", '"', '""', "NOT",
    "NOT NOT wijk", "NIET", "*", "gezond*", "titel:wijk", "[1 TO 5]", "{", "~2", "^3", "\\",
    "a OR (b c", "(gezondheid)OR(wijk)", "de", "x" * 5000, "wijk " * 300,
])
def test_malformed_queries_never_crash(cli, query):
    result = cli("search", query)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_stray_syntax_is_searched_as_words_with_a_note(cli):
    result = cli("search", "gezondheid AND")
    assert "Let op" in result.stdout and f"/casussen/{SELWERD}/" in result.stdout
    assert SELWERD in [h["slug"] for h in json.loads(cli("search", '"gezondheid', "--json").stdout)]


def test_no_results_and_stopwords_only_are_sentences(cli):
    assert "Geen resultaten voor 'zeppelinhaven'" in cli("search", "zeppelinhaven").stdout
    assert "geen woorden om op te zoeken" in cli("search", "de van het").stdout


def test_operators_work_in_english_and_dutch(content):
    write_case(content, "alleen-zeppelin", "Zeppelinhaven.")
    write_case(content, "beide", "Zeppelinhaven en luchtschipwerf.")
    assert slugs(find(content, "zeppelinhaven NIET luchtschipwerf")) == ["alleen-zeppelin"]
    assert slugs(find(content, "zeppelinhaven NOT luchtschipwerf")) == ["alleen-zeppelin"]
    assert sorted(slugs(find(content, "luchtschipwerf OF zeppelinhaven"))) == ["alleen-zeppelin", "beide"]


# --- Keeping the index fresh ------------------------------------------------------------

def test_index_command_builds_then_reports_nothing_to_do(cli):
    first = cli("index")
    assert first.exit_code == 0 and "Zoekindex opgebouwd (nog geen index)" in first.stdout
    again = cli("index")
    assert again.exit_code == 0 and "al actueel" in again.stdout


def test_indexing_analyses_text_exactly_as_queries_do(content):
    """The index gets pre-analysed term lists; they must equal the analyzers' output."""
    texts = [plain_text(record.body) for record in load_catalog(content).cases]
    texts += ["de", "Gezondheid", "'s-Hertogenbosch, Fryslân en de coöperatie: 3.500 woningen; o.a. één"]
    for text in texts:
        words, pairs = analysis.analyse_for_index(text)
        assert words == [token.text for token in analysis.WORDS(text)]
        assert pairs == [token.text for token in analysis.WORD_PAIRS(text)]
    # Whoosh's pair filter fails on a text without words; ours gives no terms.
    assert analysis.analyse_for_index("") == ([], []) and analysis.analyse_for_index(" .") == ([], [])


def test_file_hash_without_parsing_equals_the_loaders_content_hash(content):
    for record in load_catalog(content).cases:
        assert file_content_hash(content.root / record.source_path) == record.content_hash


def test_editing_one_case_reindexes_only_that_case(content):
    update_index(content, load_catalog(content))
    path = content.cases_dir / f"{SELWERD}.md"
    path.write_text(path.read_text("utf-8").replace("## Lessen", "## Lessen\n\nDe zeppelinhaven."), "utf-8")
    vocabularies = load_vocabularies(content.schema_dir)
    freshness = ensure_fresh_index(content, vocabularies)
    stats = freshness.stats
    assert stats is not None and not stats.full_rebuild
    assert (stats.reindexed, stats.changed, stats.added, stats.removed) == (1, 1, 0, 0)
    assert slugs(find(content, "zeppelinhaven")) == [SELWERD]


def test_an_edit_parses_only_the_changed_files(content, monkeypatch):
    update_index(content, load_catalog(content))
    write_case(content, "nieuwe-casus", "Over de zeppelinhaven.")
    (content.cases_dir / f"{SELWERD}.md").unlink()
    loaded = []
    real_load = load_catalog

    def spying_load(project, paths=None, **options):
        loaded.append(paths)
        return real_load(project, paths, **options)

    monkeypatch.setattr("site_builder.content.catalog.load_catalog", spying_load)
    stats = ensure_fresh_index(content, load_vocabularies(content.schema_dir)).stats
    assert loaded == [[content.cases_dir / "nieuwe-casus.md"]]
    assert (stats.added, stats.removed, stats.changed, stats.full_rebuild) == (1, 1, 0, False)
    assert stats.cases == len(load_catalog(content).cases)
    (content.cases_dir / "nieuwe-casus.md").unlink()  # a removal alone parses nothing
    loaded.clear()
    assert ensure_fresh_index(content, load_vocabularies(content.schema_dir)).stats.removed == 1
    assert loaded == []
    assert slugs(find(content, "zeppelinhaven")) == []


def test_an_edit_that_keeps_the_size_is_seen_through_the_remembered_hashes(content):
    update_index(content, load_catalog(content))
    vocabularies = load_vocabularies(content.schema_dir)
    past = datetime.datetime(2020, 1, 1).timestamp()
    for path in content.cases_dir.glob("*.md"):
        os.utime(path, (past, past))
    assert ensure_fresh_index(content, vocabularies).stats is None  # remembers the hashes now
    path = content.cases_dir / f"{SELWERD}.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("## Lessen", "## Lesse!"), "utf-8")  # same size, new time
    assert ensure_fresh_index(content, vocabularies).stats.changed == 1


def test_a_current_index_is_checked_without_loading_the_cases(content, monkeypatch):
    update_index(content, load_catalog(content))
    monkeypatch.setattr("site_builder.content.catalog.load_catalog", lambda *a, **k: pytest.fail("loaded"))
    vocabularies = load_vocabularies(content.schema_dir)
    assert ensure_fresh_index(content, vocabularies).stats is None


def age_files(project: Project) -> None:
    """Give every case and vocabulary file a time well in the past, as files are
    between editing sessions (a file edited within the last seconds is never
    trusted by its time alone)."""
    past = datetime.datetime(2020, 1, 1).timestamp()
    for path in [*project.cases_dir.glob("*.md"), *project.schema_dir.glob("*.yml")]:
        os.utime(path, (past, past))


def test_an_unchanged_listing_answers_without_hashing_or_opening_the_index(content, monkeypatch):
    update_index(content, load_catalog(content))
    age_files(content)
    assert ensure_fresh_index(content).stats is None  # found current by the hashes: remembered
    monkeypatch.setattr("site_builder.search.commands.index_staleness", lambda *a: pytest.fail("hashed"))
    monkeypatch.setattr("site_builder.content.vocabulary.load_vocabularies", lambda *a: pytest.fail("loaded"))
    assert ensure_fresh_index(content).stats is None


def test_an_edit_after_the_listing_was_remembered_is_indexed(content):
    update_index(content, load_catalog(content))
    age_files(content)
    assert ensure_fresh_index(content).stats is None
    path = content.cases_dir / f"{SELWERD}.md"
    path.write_text(path.read_text("utf-8").replace("## Lessen", "## Lessen\n\nDe zeppelinhaven."), "utf-8")
    assert ensure_fresh_index(content).stats.changed == 1
    assert slugs(find(content, "zeppelinhaven")) == [SELWERD]
    path.unlink()
    assert ensure_fresh_index(content).stats.removed == 1


def test_a_file_too_recent_to_trust_is_checked_by_its_hash_alone(content, monkeypatch):
    update_index(content, load_catalog(content))
    age_files(content)
    assert ensure_fresh_index(content).stats is None
    path = content.cases_dir / f"{SELWERD}.md"
    path.write_text(path.read_text("utf-8") + "\nDe zeppelinhaven.\n", "utf-8")
    assert ensure_fresh_index(content).stats.changed == 1  # just edited: its time is not trusted
    monkeypatch.setattr("site_builder.content.vocabulary.load_vocabularies", lambda *a: pytest.fail("loaded"))
    monkeypatch.setattr("site_builder.content.catalog.load_catalog", lambda *a, **k: pytest.fail("parsed"))
    assert ensure_fresh_index(content).stats is None  # the same content: nothing to parse


def test_a_vocabulary_edit_after_the_listing_was_remembered_rebuilds(content):
    update_index(content, load_catalog(content))
    age_files(content)
    assert ensure_fresh_index(content).stats is None
    with open(content.schema_dir / "bouwstenen.yml", "a", encoding="utf-8") as handle:
        handle.write("- id: nieuwe-bouwsteen\n  label: Nieuwe bouwsteen\n")
    assert ensure_fresh_index(content).stats.rebuilt_because == REBUILD_VOCABULARIES


def test_an_index_damaged_after_the_listing_was_remembered_is_rebuilt_by_the_next_search(cli, content):
    update_index(content, load_catalog(content))
    age_files(content)
    assert ensure_fresh_index(content).stats is None
    for path in index_folder(content).glob("*.toc"):
        path.write_bytes(b"rommel")
    first = cli("search", "gezondheid")
    assert first.exit_code == 1 and "wijkwijzer index --volledig" in first.output
    second = cli("search", "gezondheid")
    assert second.exit_code == 0 and f"/casussen/{SELWERD}/" in second.stdout


@pytest.mark.parametrize("edited", [False, True], ids=["listing-remembered", "edit-already-indexed"])
def test_search_on_a_current_index_imports_neither_the_case_loader_nor_pydantic(content, edited):
    update_index(content, load_catalog(content))
    age_files(content)
    assert ensure_fresh_index(content).stats is None
    if edited:
        # Indexed by a search right after the edit, too recent then to be remembered by its
        # time: the next search compares that file's hash with the index, and nothing more.
        path = content.cases_dir / f"{SELWERD}.md"
        path.write_text(path.read_text("utf-8").replace("## Lessen", "## Lessen\n\nDe zeppelinhaven."), "utf-8")
        assert ensure_fresh_index(content).stats.changed == 1
        age_files(content)
    program = ("import sys\n"
               "from site_builder.cli import main\n"
               "try:\n"
               "    main(['search', 'gezondheid'])\n"
               "except SystemExit as end:\n"
               "    assert not end.code, end.code\n"
               "loaded = [name for name in ('site_builder.content.catalog', 'site_builder.content.models',\n"
               "                            'site_builder.content.vocabulary', 'site_builder.content.diagnostics',\n"
               "                            'site_builder.content.loader',\n"
               "                            'pydantic', 'yaml', 'markdown', 'difflib')\n"
               "          if name in sys.modules]\n"
               "print('LOADED', loaded)\n")
    result = subprocess.run([sys.executable, "-c", program], cwd=content.root, capture_output=True,
                            text=True, check=True)
    assert f"/casussen/{SELWERD}/" in result.stdout
    assert "Groningen (" in result.stdout  # province labels remembered from the vocabularies
    assert "LOADED []" in result.stdout


def test_updates_add_segments_that_whooshs_merge_policy_merges_and_find_the_edited_case(content):
    update_index(content, load_catalog(content))
    path = content.cases_dir / f"{SELWERD}.md"
    original = path.read_text("utf-8")

    def segments() -> int:
        with SearchIndex.open(content) as index:
            return len(index._searcher.reader().leaf_readers())

    counts = []
    for number in range(6):
        path.write_text(original.replace("## Lessen", f"## Lessen\n\nDe zeppelinhaven {number}."), "utf-8")
        assert ensure_fresh_index(content).stats.changed == 1
        counts.append(segments())
        found = find(content, "zeppelinhaven")
        assert slugs(found) == [SELWERD] and found.total == 1  # the old version is gone
        assert f"zeppelinhaven {number}" in "".join(text for text, _ in found.hits[0].snippet).lower()
    assert counts[:3] == [2, 3, 4]  # one new segment per update
    # Whoosh's MERGE_SMALL merges once there are five small segments.
    assert max(counts) <= 5 and counts[-1] < max(counts)
    assert len(find(content, limit=1000).hits) == len(load_catalog(content).cases)


REQUESTS = [SearchRequest(text=text, limit=1000) for text in ("gezondheid", "wijk bewoners", '"de gemeente"',
                                                                  "zeppelinhaven", "wijk OF buurt", "")]
REQUESTS += [SearchRequest(building_blocks=("middelen",), limit=1000), SearchRequest(province="groningen", limit=1000),
             SearchRequest(text="wijk", active_in=2015, limit=1000), SearchRequest(theme="cooperatie", limit=1000)]


def answers(index: SearchIndex) -> list:
    """Everything a search shows but the scores (which count deleted documents until a merge)."""
    found = [list(index.themes().items())]
    for request in REQUESTS:
        results = index.search(request)
        hits = sorted((hit.slug, hit.title, hit.snippet, hit.building_blocks, hit.period) for hit in results.hits)
        found.append((results.total, results.facets, results.facet_labels, hits))
    return found


def test_an_index_updated_edit_by_edit_answers_as_a_fresh_full_index(content, tmp_path):
    """Edits, an addition and a removal, each applied by the search that follows it,
    answer every kind of request as a full index of the final files does."""
    write_case(content, "verdwijnt", "Over zeppelins.", themas=["Luchtvaart"])
    update_index(content, load_catalog(content))
    path = content.cases_dir / f"{SELWERD}.md"
    path.write_text(path.read_text("utf-8").replace("## Lessen", "## Lessen\n\nDe zeppelinhaven.")
                    .replace("- id: middelen", "- id: vertrouwen"), "utf-8")
    assert find(content, "zeppelinhaven").total == 1
    write_case(content, "nieuwe-casus", "Een coöperatie bij de zeppelinhaven.", themas=["Coöperatie"],
               provincie="Groningen", bouwstenen=["middelen"])
    assert find(content, "zeppelinhaven").total == 2
    (content.cases_dir / "donderberg-roermond.md").unlink()
    (content.cases_dir / "verdwijnt.md").unlink()
    find(content, "gezondheid")
    with SearchIndex.open(content) as index:
        assert len(index._searcher.leaf_searchers()) > 1 and index._searcher.reader().has_deletions()
        updated = answers(index)
        assert "luchtvaart" not in index.themes()  # its only case is gone
    fresh = Project(tmp_path / "fresh")
    shutil.copytree(content.schema_dir, fresh.schema_dir)
    shutil.copytree(content.cases_dir, fresh.cases_dir)
    update_index(fresh, load_catalog(fresh))
    with SearchIndex.open(fresh) as index:
        assert answers(index) == updated
    update_index(content, load_catalog(content), full=True)
    with SearchIndex.open(content) as index:
        assert answers(index) == updated


def test_cases_added_one_search_at_a_time_stay_findable_when_segments_merge(content):
    update_index(content, load_catalog(content))
    words = ["zeppelinhaven", "luchtschip", "ballonvaart", "hangarbouw", "gondelpost", "windzak"]
    for number, word in enumerate(words):
        write_case(content, f"casus-{number}", f"Over de {word}.")
        age_files(content)  # as between editing sessions: the remembered listing is trusted
        find(content)  # the search that indexes it, in a segment of its own
    with SearchIndex.open(content) as index:
        assert len(index._searcher.leaf_searchers()) < len(words)  # merged
    for number, word in enumerate(words):
        assert slugs(find(content, word)) == [f"casus-{number}"], word


def test_adding_and_removing_cases(content):
    update_index(content, load_catalog(content))
    write_case(content, "nieuwe-casus", "Over de zeppelinhaven.")
    (content.cases_dir / f"{SELWERD}.md").unlink()
    stats = update_index(content, load_catalog(content))
    assert (stats.added, stats.removed, stats.changed, stats.full_rebuild) == (1, 1, 0, False)
    assert slugs(find(content, "zeppelinhaven")) == ["nieuwe-casus"]
    assert SELWERD not in slugs(find(content, "gezondheid"))


def test_vocabulary_change_rebuilds_everything(content):
    update_index(content, load_catalog(content))
    with open(content.schema_dir / "bouwstenen.yml", "a", encoding="utf-8") as handle:
        handle.write("- id: nieuwe-bouwsteen\n  label: Nieuwe bouwsteen\n")
    catalog = load_catalog(content)
    stats = update_index(content, catalog)
    assert stats.rebuilt_because == REBUILD_VOCABULARIES
    assert stats.reindexed == len(catalog.cases)


def test_index_format_change_rebuilds_everything(content, monkeypatch):
    update_index(content, load_catalog(content))
    monkeypatch.setattr(schema, "INDEX_FORMAT", schema.INDEX_FORMAT + 1)
    assert update_index(content, load_catalog(content)).rebuilt_because == REBUILD_FORMAT


def test_a_new_field_rebuilds_without_bumping_the_format(content, monkeypatch):
    update_index(content, load_catalog(content))
    original = schema.case_schema

    def with_extra_field():
        fields = original()
        fields.add("extra", STORED())
        return fields

    monkeypatch.setattr(schema, "case_schema", with_extra_field)
    assert update_index(content, load_catalog(content)).rebuilt_because == REBUILD_FORMAT


def test_corrupt_index_is_rebuilt_not_a_crash(cli, content):
    update_index(content, load_catalog(content))
    for path in index_folder(content).iterdir():
        if path.is_file() and path.name not in ("meta.json", WRITE_LOCK):
            path.write_bytes(b"\x00\xffgeen index\x13" * 64)
    assert update_index(content, load_catalog(content)).rebuilt_because == REBUILD_DAMAGED
    # And through the command, with the damage done again.
    for path in index_folder(content).iterdir():
        if path.suffix in (".toc", ".seg"):
            path.write_bytes(b"rommel")
    result = cli("search", "gezondheid")
    assert result.exit_code == 0 and f"/casussen/{SELWERD}/" in result.stdout
    assert REBUILD_DAMAGED in result.stderr


def test_a_lost_table_of_contents_means_a_fresh_index(content):
    update_index(content, load_catalog(content))
    for toc in index_folder(content).glob("*.toc"):
        toc.unlink()
    assert update_index(content, load_catalog(content)).rebuilt_because == REBUILD_NO_INDEX
    assert SELWERD in slugs(find(content, "gezondheid"))


def test_damaged_meta_means_a_fresh_index(content):
    update_index(content, load_catalog(content))
    (index_folder(content) / "meta.json").write_text("{kapot", "utf-8")
    assert update_index(content, load_catalog(content)).rebuilt_because == REBUILD_FORMAT
    assert SELWERD in slugs(find(content, "gezondheid"))


def test_a_whoosh_writer_holding_the_lock_makes_updates_wait_and_then_give_up(cli, content, monkeypatch):
    update_index(content, load_catalog(content))
    write_case(content, "erbij", "Over de zeppelinhaven.")
    other = whoosh_index.open_dir(str(index_folder(content))).writer()  # another writer, as another process's
    try:
        monkeypatch.setattr("site_builder.search.index.LOCK_TIMEOUT_SECONDS", 0.2)
        with pytest.raises(IndexLocked):
            update_index(content, load_catalog(content), full=True)
        with pytest.raises(IndexLocked):
            update_index(content, load_catalog(content))
        busy = cli("search", "zeppelinhaven")
        assert busy.exit_code == 1 and "Traceback" not in busy.output
    finally:
        other.cancel()
    assert update_index(content, load_catalog(content)).added == 1
    assert update_index(content, load_catalog(content), full=True).rebuilt_because == REBUILD_ASKED


def test_two_processes_indexing_at_once_take_turns_at_whooshs_lock(content):
    """Two `wijkwijzer index` processes at the same moment, one from scratch and one with
    `--volledig`: both succeed (the second waits for Whoosh's write lock), and the index
    holds each case once."""
    write_case(content, "erbij", "Over de zeppelinhaven.")
    command = [sys.executable, "-c", "from site_builder.cli import main; main()", "index"]
    runs = [subprocess.Popen(arguments, cwd=content.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for arguments in (command, [*command, "--volledig"])]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    catalog = load_catalog(content)
    with SearchIndex.open(content) as index:
        assert len(index) == len(catalog.cases)
        assert slugs(index.search(SearchRequest(text="zeppelinhaven"))) == ["erbij"]


def test_creating_an_index_afresh_waits_for_a_writer_holding_the_lock(content, monkeypatch):
    update_index(content, load_catalog(content))
    for toc in index_folder(content).glob("*.toc"):
        toc.write_bytes(b"rommel")
    lock = FileStorage(str(index_folder(content))).lock(WRITE_LOCK)  # the lock Whoosh's writers take
    assert lock.acquire()
    try:
        monkeypatch.setattr("site_builder.search.index.LOCK_TIMEOUT_SECONDS", 0.2)
        with pytest.raises(IndexLocked):
            update_index(content, load_catalog(content))
        assert (index_folder(content) / "meta.json").exists()  # nothing cleared while locked
    finally:
        lock.release()
    assert update_index(content, load_catalog(content)).rebuilt_because == REBUILD_DAMAGED


def test_a_failed_rebuild_in_processes_keeps_the_old_index_and_leaves_no_process(content, monkeypatch):
    import multiprocessing

    update_index(content, load_catalog(content))
    write_case(content, "erbij", "Over de zeppelinhaven.")
    catalog = load_catalog(content)
    monkeypatch.setattr(search_index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search_index, "BATCH_SIZE", 2)  # both processes at work when it fails
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    prepared = []

    def failing_after_eight(record, vocabularies):
        if len(prepared) == 8:
            raise RuntimeError("stopped halfway")
        prepared.append(record.slug)
        return documents.case_document(record, vocabularies)

    monkeypatch.setattr(search_index, "case_document", failing_after_eight)
    with pytest.raises(RuntimeError, match="stopped halfway"):
        update_index(content, catalog, full=True)
    assert multiprocessing.active_children() == []
    with SearchIndex.open(content) as index:  # the index as it was before the rebuild
        assert len(index) == len(catalog.cases) - 1
        assert index.search(SearchRequest(text="zeppelinhaven")).total == 0
    monkeypatch.undo()
    assert slugs(find(content, "zeppelinhaven")) == ["erbij"]


def test_index_refuses_cases_with_errors(cli, content):
    (content.cases_dir / "kapot.md").write_text("---\ntitel: Kapot\n---\nTekst.\n", "utf-8")
    result = cli("index")
    assert result.exit_code == 1
    assert "kapot.md" in result.stdout and "de zoekindex is niet bijgewerkt" in result.output
    assert not list(index_folder(content).glob("*.toc"))
    # Without any index, search cannot answer either.
    assert cli("search", "wijk").exit_code == 1


def test_search_warns_but_uses_an_older_index_when_cases_have_errors(cli, content):
    update_index(content, load_catalog(content))
    (content.cases_dir / "kapot.md").write_text("---\ntitel: Kapot\n---\nTekst.\n", "utf-8")
    result = cli("search", "gezondheid")
    assert result.exit_code == 0 and f"/casussen/{SELWERD}/" in result.stdout
    assert "kapot.md" in result.stderr and "Waarschuwing" in result.stderr


# --- Readers never see half an index -----------------------------------------------------

def test_a_search_during_a_rebuild_still_answers(content):
    update_index(content, load_catalog(content))
    request = SearchRequest(text="gezondheid", limit=50)
    with SearchIndex.open(content) as before:
        expected = slugs(before.search(request))
        old_segments = set(index_folder(content).glob("*.seg"))
        write_case(content, "tijdens-herbouw", "Over gezondheid in de wijk.")
        stats = update_index(content, load_catalog(content), full=True)
        assert stats.full_rebuild and old_segments and not any(path.exists() for path in old_segments)
        assert slugs(before.search(request)) == expected  # the old files stay readable while open
    with SearchIndex.open(content) as after:
        assert "tijdens-herbouw" in slugs(after.search(request))


def test_an_incremental_update_does_not_disturb_an_open_search(content):
    update_index(content, load_catalog(content))
    request = SearchRequest(text="gezondheid", limit=50)
    with SearchIndex.open(content) as before:
        expected = slugs(before.search(request))
        write_case(content, "erbij", "Over gezondheid.")
        assert update_index(content, load_catalog(content)).added == 1
        assert slugs(before.search(request)) == expected
    with SearchIndex.open(content) as after:
        assert "erbij" in slugs(after.search(request))


@pytest.mark.slow
def test_searches_keep_answering_while_another_thread_rebuilds(content):
    catalog = load_catalog(content)
    update_index(content, catalog)
    failures: list[BaseException] = []
    done = threading.Event()

    def rebuild_repeatedly():
        try:
            for _ in range(4):
                update_index(content, catalog, full=True)
        except BaseException as error:  # reported below, in the main thread
            failures.append(error)
        finally:
            done.set()

    worker = threading.Thread(target=rebuild_repeatedly)
    worker.start()
    searches = 0
    while not done.is_set() or searches < 5:
        with SearchIndex.open(content) as index:
            assert SELWERD in slugs(index.search(SearchRequest(text="gezondheid", limit=50)))
        searches += 1
    worker.join()
    assert not failures
    with SearchIndex.open(content) as index:
        assert len(index) == len(catalog.cases)  # one copy of each case, not one per rebuild
    assert len(list(index_folder(content).glob("*.toc"))) == 1  # old ones cleaned up


def test_whooshs_multiprocessing_writer_gives_the_answers_of_its_serial_writer(content, monkeypatch):
    """A large rebuild goes through Whoosh's MpWriter (a segment per process); the same
    documents written by one SegmentWriter answer every request the same way."""
    catalog = load_catalog(content)
    requests = [*REQUESTS, SearchRequest(text='"de gemeente" NIET gezondheid', limit=100),
                SearchRequest(building_blocks=("vertrouwen",), limit=100)]

    def answers_with_scores():
        with SearchIndex.open(content) as index:
            # Sorted: equal scores are ordered by document number, which differs between the two.
            return [(sorted((hit.slug, hit.score, hit.snippet) for hit in found.hits), found.total, found.facets)
                    for found in map(index.search, requests)]

    update_index(content, catalog, full=True)
    serial = answers_with_scores()
    with SearchIndex.open(content) as index:
        assert len(index._searcher.leaf_searchers()) == 1
    monkeypatch.setattr(search_index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search_index, "BATCH_SIZE", 3)  # job files for both processes
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    update_index(content, catalog, full=True)
    with SearchIndex.open(content) as index:
        assert len(index._searcher.leaf_searchers()) == search_index.WRITER_PROCESSES
        assert len(index) == len(catalog.cases)
    assert answers_with_scores() == serial
    # And an update through Whoosh's serial writer on top of the processes' segments.
    write_case(content, "erbij", "Over gezondheid in de wijk.")
    assert update_index(content, load_catalog(content)).added == 1
    assert "erbij" in slugs(find(content, "gezondheid"))


@pytest.mark.parametrize("query", ["lange termijn", "continuïteit", "langetermijn"])
def test_the_cli_reaches_the_lange_adem_cases_by_everyday_words(cli, query):
    # The words are schema/bouwstenen.yml's search words for lange-adem, not the essay's term.
    result = cli("search", query, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) >= 3
    assert all("lange-adem" in hit["bouwstenen"] for hit in hits[:3]), [hit["slug"] for hit in hits[:3]]
