"""Words a reader knows: one date format, themes as words, no jargon a reader cannot place."""

from __future__ import annotations

import datetime

import pytest

from site_builder.content.catalog import load_catalog
from site_builder.content.diagnostics import RULES
from site_builder.content.themes import THEMES_FILE, load_theme_labels, theme_label
from site_builder.content.wording import citation_date, dutch_date
from site_builder.errors import VocabularyError
from site_builder.website.interactive import GROUND_TEXTS
from site_builder.website.pages import render_case_page
from site_builder.website.site_context import SiteContext

from .conftest import DATA, ROOT

PACKAGE = ROOT / "site_builder"


# --- One date format ----------------------------------------------------------------------

def test_one_date_format_for_readers_on_the_site_and_in_the_cli(project):
    day = datetime.date(2024, 3, 3)
    assert dutch_date(day) == "3 maart 2024"
    assert citation_date(day) == dutch_date(day)  # the citation of a case page too
    [found] = load_catalog(project, [DATA / "failing" / "ww116-onmogelijke-datum.md"]).diagnostics
    assert found.message == "geraadpleegd op 1 januari 2019, vóór de datum van verschijnen 1 mei 2020"


# --- Themes as words ------------------------------------------------------------------------

def test_a_theme_reads_as_words_from_the_file_or_its_slug():
    labels = {"healthy-aging": "gezond ouder worden"}
    assert theme_label("healthy-aging", labels) == "gezond ouder worden"
    assert theme_label("sociaal-domein", labels) == "sociaal domein"


def test_the_projects_theme_words_are_data_in_schema(project):
    labels = load_theme_labels(project.schema_dir)
    assert labels["healthy-aging"] == "gezond ouder worden"
    assert labels["nplv"] == "Nationaal Programma Leefbaarheid en Veiligheid"


def test_a_content_root_without_theme_words_shows_the_plain_words(tmp_path):
    assert load_theme_labels(tmp_path) == {}


@pytest.mark.parametrize("content", ["- healthy-aging\n", "Healthy Aging: gezond\n", "nplv: ''\n"])
def test_a_malformed_theme_file_is_a_sentence(tmp_path, content):
    (tmp_path / THEMES_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(VocabularyError, match="themas.yml"):
        load_theme_labels(tmp_path)


def test_a_case_page_shows_its_themes_as_words(project):
    catalog = load_catalog(project, [project.cases_dir / "selwerd-groningen.md"])
    site = SiteContext.create(catalog)
    page = render_case_page(site.views["selwerd-groningen"], site)
    themes = next(line for line in page.splitlines() if line.startswith("**Thema's:**"))
    assert "gezond ouder worden" in themes and "healthy-aging" not in themes
    assert "energietransitie" in themes


# --- No jargon -------------------------------------------------------------------------------

JARGON = ("front matter", "front-matter", "frontmatter", "geclaimd")


def reader_texts() -> dict[str, str]:
    """What readers and contributors read: the rules, the comparison's badges, the generated
    docs and example, and the site's templates."""
    texts = {f"rule {code}": f"{rule.title} {rule.explanation}" for code, rule in RULES.items()}
    texts.update({f"badge {key}": text for key, text in GROUND_TEXTS.items()})
    for generated in ("docs/bijdragen/schema.md", "docs/bijdragen/regels.md", "docs/bijdragen/commandos.md",
                      "schema/voorbeeld-casus.md", "schema/case.schema.json"):
        texts[generated] = (ROOT / generated).read_text(encoding="utf-8")
    for template in (PACKAGE / "website" / "templates").rglob("*.md"):
        # `front_matter(...)` is the templates' function that writes a page's metadata.
        texts[str(template.relative_to(ROOT))] = template.read_text(encoding="utf-8").replace("front_matter(", "")
    return texts


def test_no_jargon_where_a_reader_or_contributor_reads():
    found = {where: word for where, text in reader_texts().items() for word in JARGON if word in text.lower()}
    assert found == {}


def test_check_speaks_of_the_data_block_not_of_front_matter(project, tmp_path):
    case = tmp_path / "zonder.md"
    case.write_text("titel: vergeten\n", encoding="utf-8")
    [found] = load_catalog(project, [case]).diagnostics
    assert found.code == "WW006" and "gegevensblok" in found.message
    assert "front matter" not in found.as_text()


def test_the_theme_file_is_documented_in_itself():
    assert (ROOT / "schema" / THEMES_FILE).read_text(encoding="utf-8").startswith("# ")


def test_themes_in_the_bundled_cases_that_do_not_read_as_words_have_words(project):
    # An abbreviation or an English term as a slug would reach readers as is.
    labels = load_theme_labels(project.schema_dir)
    used = {theme for record in load_catalog(project).cases for theme in record.case.themes}
    assert {"healthy-aging", "nplv", "thick-data", "regio-deal"} <= used
    assert {"healthy-aging", "nplv", "thick-data", "regio-deal"} <= set(labels)
    assert set(labels) - used == set(), "schema/themas.yml names themes no case uses"
