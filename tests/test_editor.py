"""The web editor at /beheer/ (issue 27): a form generated from the models, each save a
pull request.

The configuration follows the models and vocabularies by itself; the vendored Decap CMS
is the file whose hash is recorded. In Debian's Chromium, with Decap's in-memory
`test-repo` backend: a case made only through the form passes the real `wijkwijzer check
--strict`, existing cases saved without edits keep their meaning, the editor passes axe,
and the page asks no other host for anything before someone signs in.
"""

from __future__ import annotations

import datetime
import difflib
import json
import mimetypes
import re
import shutil
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import expect
from click.testing import CliRunner
from pydantic import Field, create_model

from site_builder.authoring.editor_config import (
    DECAP_SCRIPT,
    DECAP_SHA384,
    DECAP_VERSION,
    EDITOR_FOLDER,
    editor_config,
    editor_files,
    sri_hash,
)
from site_builder.content.case_fields import case_fields, records
from site_builder.content.models import Case
from site_builder.content.validate import RECOMMENDED_SECTIONS
from site_builder.content.vocabulary import KINDS, load_vocabularies

from .browser import screenshot, serve_folder, watch_errors
from .conftest import ROOT, copy_project
from .test_accessibility import axe_violations

REPO_URL = "https://github.com/voorbeeld/kennisbank"
# Where the browser tests leave the case they made and each round trip's formatting diff.
DIFF_FOLDER = Path("/tmp/wijkwijzer-editor-diffs")


@pytest.fixture(scope="module")
def vocabularies():
    return load_vocabularies(ROOT / "schema")


def collection_fields(config: dict) -> list[dict]:
    (collection,) = config["collections"]
    return collection["fields"]


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


# --- The configuration ------------------------------------------------------------------

def test_every_field_of_every_record_is_in_the_form_with_its_description(vocabularies):
    config = editor_config(vocabularies, repo_url=REPO_URL)

    def check(model, fields: list[dict], present: bool = True) -> None:
        form = by_name(fields)
        assert [field.key for field in case_fields(model)] == [name for name in form if name != "body"]
        for field in case_fields(model):
            entry = form[field.key]
            assert entry["hint"] == field.description
            # Inside an optional record (the review) nothing is required by the form: a case
            # without the record must save; the checker asks for what the record needs.
            assert entry["required"] == (field.required and present)
            assert entry["label"][0].isupper()
            if field.record is not None:
                check(field.record, entry["fields"], present=field.required or field.is_list)

    check(Case, collection_fields(config))
    # Every record nested in a case is reached: period, parties, sources, the three tags.
    nested = {field.record for model in records() for field in case_fields(model) if field.record}
    assert nested == set(records()) - {Case}


def test_every_vocabulary_is_a_choice_with_its_dutch_labels(vocabularies):
    fields = collection_fields(editor_config(vocabularies, repo_url=REPO_URL))
    seen = set()

    def check(model, form_fields: list[dict]) -> None:
        form = by_name(form_fields)
        for field in case_fields(model):
            if field.record is not None:
                check(field.record, form[field.key]["fields"])
            elif field.vocabulary:
                vocabulary = vocabularies.by_kind(field.vocabulary)
                assert form[field.key]["widget"] == "select"
                # The value as a case writes it, the Dutch label as the contributor reads it.
                assert form[field.key]["options"] == [
                    {"label": term.label, "value": vocabulary.written_form(term)} for term in vocabulary.entries]
                seen.add(field.vocabulary)

    check(Case, fields)
    assert seen == {kind.kind for kind in KINDS}
    form = by_name(fields)
    # Provinces are written by their label (Fryslân), tags by their id.
    assert {"label": "Fryslân", "value": "Fryslân"} in form["provincie"]["options"]
    for kind in KINDS:
        if kind.is_tag:
            assert list(by_name(form[kind.kind]["fields"])) == ["id", "toelichting", "grond", "bron", "pagina"]
            assert [option["value"] for option in by_name(form[kind.kind]["fields"])["grond"]["options"]] == [
                "bron", "duiding"]


def test_a_new_vocabulary_term_appears_in_the_form_by_itself(tmp_path, vocabularies):
    schema = tmp_path / "schema"
    shutil.copytree(ROOT / "schema", schema)
    with (schema / "bouwstenen.yml").open("a", encoding="utf-8") as blocks:
        blocks.write("- id: buurtbudget\n  label: Buurtbudget\n  beschrijving: Geld dat de buurt zelf besteedt.\n")
    form = by_name(collection_fields(editor_config(load_vocabularies(schema), repo_url=REPO_URL)))
    options = by_name(form["bouwstenen"]["fields"])["id"]["options"]
    assert options[-1] == {"label": "Buurtbudget", "value": "buurtbudget"}
    assert len(options) == len(vocabularies.building_blocks.entries) + 1


def test_a_new_field_appears_in_the_form_by_itself(vocabularies):
    extended = create_model(
        "ExtendedCase", __base__=Case,
        budget=(int | None, Field(default=None, alias="budget_euro", description="Budget in euro.")))
    form = by_name(collection_fields(editor_config(vocabularies, repo_url=REPO_URL, model=extended)))
    assert form["budget_euro"] == {"name": "budget_euro", "label": "Budget euro", "hint": "Budget in euro.",
                                   "required": False, "widget": "number", "value_type": "int"}


def test_widgets_follow_the_types_and_limits_of_the_models(vocabularies):
    form = by_name(collection_fields(editor_config(vocabularies, repo_url=REPO_URL)))
    period = by_name(form["periode"]["fields"])
    assert period["start"]["widget"] == "number" and period["start"]["min"] == 1900
    sources = by_name(form["bronnen"]["fields"])
    assert sources["datum"]["format"] == "YYYY-MM-DD"
    assert sources["url"]["pattern"][0].startswith("^[Hh][Tt][Tt][Pp]")
    assert form["samenvatting"]["widget"] == "text" and form["titel"]["widget"] == "string"
    assert by_name(form["stappen"]["fields"])["bron"] == {
        "name": "bron", "label": "Bron", "hint": by_name(form["stappen"]["fields"])["bron"]["hint"],
        "required": False, "widget": "number", "value_type": "int", "min": 1, "max": 1000}
    assert form["soort"]["default"] == "praktijkvoorbeeld"
    assert form["themas"]["widget"] == "list" and form["themas"]["field"]["widget"] == "string"


def test_the_body_starts_with_the_template_sections_and_their_guidance(vocabularies):
    body = by_name(collection_fields(editor_config(vocabularies, repo_url=REPO_URL)))["body"]
    assert body["widget"] == "markdown" and body["modes"] == ["raw"]
    assert re.findall(r"^## (.+)$", body["default"], re.M) == list(RECOMMENDED_SECTIONS)
    for title in RECOMMENDED_SECTIONS:
        assert f"{title}: " in body["hint"]


def test_each_save_is_a_pull_request_on_the_repository_of_mkdocs_yml(vocabularies):
    config = editor_config(vocabularies, repo_url=REPO_URL + "/", branch="productie")
    assert config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github"
    assert (config["backend"]["repo"], config["backend"]["branch"]) == ("voorbeeld/kennisbank", "productie")
    assert config["backend"]["open_authoring"] is True  # members without write access: a fork
    assert "base_url" not in config["backend"]  # Decap's default sign-in (Netlify's OAuth client)
    signed_in = editor_config(vocabularies, repo_url=REPO_URL, auth_url="https://inloggen.voorbeeld.nl/")
    assert signed_in["backend"]["base_url"] == "https://inloggen.voorbeeld.nl"
    (collection,) = config["collections"]
    assert (collection["folder"], collection["extension"], collection["format"]) == ("cases", "md", "frontmatter")


def test_without_a_github_repository_the_page_says_what_to_fill_in(vocabularies):
    for repo_url in (None, "https://gitlab.example.org/org/kennisbank"):
        files = editor_files(vocabularies, repo_url=repo_url)
        assert list(files) == [f"{EDITOR_FOLDER}/index.html"]
        page = files[f"{EDITOR_FOLDER}/index.html"].decode()
        assert "repo_url" in page and "<script" not in page


def test_the_vendored_script_is_the_recorded_version_and_hash(vocabularies):
    script = (ROOT / "site_builder" / "authoring" / "editor" / DECAP_SCRIPT).read_bytes()
    assert sri_hash(script) == f"sha384-{DECAP_SHA384}"
    assert f'"decap-cms {DECAP_VERSION}"'.encode() in script or f"decap-cms {DECAP_VERSION}".encode() in script
    files = editor_files(vocabularies, repo_url=REPO_URL)
    assert set(files) == {f"{EDITOR_FOLDER}/{name}" for name in
                          ("index.html", "config.yml", DECAP_SCRIPT, "LICENSE-decap-cms.txt")}
    page = files[f"{EDITOR_FOLDER}/index.html"].decode()
    # The page loads the script from the site itself, with its integrity hash.
    assert re.findall(r'<script src="([^"]+)" integrity="([^"]+)"', page) == [
        (f"{DECAP_SCRIPT}?v={DECAP_VERSION}", f"sha384-{DECAP_SHA384}")]
    assert "http" not in re.sub(r"https://github\.com/[^\s<]*", "", page)
    assert yaml.safe_load(files[f"{EDITOR_FOLDER}/config.yml"]) == editor_config(vocabularies, repo_url=REPO_URL)


# --- In Chromium ------------------------------------------------------------------------

mimetypes.add_type("text/yaml", ".yml")  # as GitHub Pages serves it; Decap warns otherwise


@contextmanager
def editor_site(tmp_path: Path, vocabularies, backend: dict | None):
    """The editor's files in a folder, served on 127.0.0.1; yields the editor's address."""
    for path, content in editor_files(vocabularies, repo_url=REPO_URL, backend=backend).items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(content)
    with serve_folder(tmp_path) as url:
        yield url + f"{EDITOR_FOLDER}/"


@pytest.fixture
def editor_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    page.errors = watch_errors(page)
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def sign_in_to_test_repo(page, url: str, cases: dict[str, str] | None = None) -> None:
    """Open the editor with Decap's in-memory repository holding `cases` (name -> text)."""
    files = {name: {"content": text} for name, text in (cases or {}).items()}
    page.add_init_script(f"window.repoFiles = {json.dumps({'cases': files})}; window.repoFilesUnpublished = {{}};")
    page.goto(url)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name=re.compile("Casussen")).first.wait_for()


def field(scope, label: str):
    """A form control by its label; optional fields carry " (optioneel)"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \(optioneel\))?$", re.I))


def list_field(page, label: str):
    return page.locator("div[aria-label='list field']").filter(
        has=page.locator("> div > label", has_text=re.compile(rf"^{re.escape(label)}", re.I)))


def choose(page, control, text: str) -> None:
    control.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def write_under_heading(page, title: str, lines: list[str]) -> None:
    """Type text under one `## title` of the body, in Decap's Markdown editor."""
    line = page.locator("[data-slate-editor] [data-slate-node=element]").filter(has_text=f"## {title}")
    box = line.bounding_box()
    line.click(position={"x": box["width"] - 2, "y": box["height"] / 2})
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    for index, text in enumerate(lines):
        if index:
            page.keyboard.press("Enter")
        page.keyboard.type(text)


def set_status(page, status: str) -> None:
    page.get_by_role("button", name=re.compile("^Status: ")).click()
    page.get_by_role("menuitem", name=status).click()
    page.get_by_role("button", name=f"Status: {status}").wait_for()


def unpublished(page) -> dict[str, str]:
    """The files of the editorial workflow's open entries (pull requests), by path."""
    entries = page.evaluate("Object.values(window.repoFilesUnpublished)")
    return {diff["path"]: diff["content"] for entry in entries for diff in entry["diffs"]}


def published(page, name: str) -> str | None:
    return page.evaluate("name => (window.repoFiles.cases[name] || {}).content || null", name)


def run_check(case_text: str, name: str, tmp_path: Path, monkeypatch) -> tuple[int, str]:
    """The real `wijkwijzer check --strict` on one case file in a copy of the content root."""
    from site_builder.cli import main

    project = copy_project(tmp_path / "project")
    (project.cases_dir / name).write_text(case_text, encoding="utf-8")
    monkeypatch.chdir(project.root)
    result = CliRunner().invoke(main, ["check", "--strict", "--no-cache", f"cases/{name}"])
    return result.exit_code, result.output


def split_case(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def test_the_check_the_browser_tests_run_refuses_what_it_should(tmp_path, monkeypatch):
    # The same helper as below, on a case the form could never save: it must fail.
    text = (ROOT / "cases" / "donderberg-roermond.md").read_text(encoding="utf-8")
    exit_code, output = run_check(text.replace("bron: 1\n", "bron: 9\n", 1), "kapot.md", tmp_path, monkeypatch)
    assert exit_code != 0 and "kapot.md" in output, output


@pytest.mark.browser
def test_a_case_made_only_through_the_form_passes_the_strict_check_and_builds(
        browser, editor_page, vocabularies, tmp_path, monkeypatch):
    page = editor_page
    with editor_site(tmp_path / "site", vocabularies, {"name": "test-repo"}) as url:
        sign_in_to_test_repo(page, url)
        page.locator("a[href$='/collections/casussen/new']").click()
        field(page, "Titel").fill("Testwijk Noord")
        field(page, "Gemeente").fill("Roermond")
        field(page, "Wijk").fill("Noord")
        choose(page, field(page, "Provincie"), "Limburg")
        period = page.locator("div[aria-label='object field']").filter(has=page.locator("label", has_text="Periode"))
        period.get_by_role("button", name="In- of uitklappen").click()  # folded: optional
        field(page, "Start").fill("2016")
        field(page, "Stand").fill("2019")
        field(page, "Samenvatting").fill("Bewoners en partners pakten samen de veiligheid in de wijk aan.")
        blocks = list_field(page, "Bouwstenen")
        for index, (term, ground) in enumerate([("Lange adem", "duiding"), ("Vertrouwen", "bron")]):
            page.get_by_role("button", name="Voeg bouwsteen toe").click()
            choose(page, field(blocks, "Bouwsteen").nth(index), term)
            field(blocks, "Toelichting").nth(index).fill(f"Hoe de casus {term.lower()} laat zien.")
            choose(page, field(blocks, "Grond").nth(index), ground)
            field(blocks, "Bron").nth(index).fill("1")
            field(blocks, "Pagina").nth(index).fill(str(12 + index))
        page.get_by_role("button", name="Voeg stap toe").click()
        steps = list_field(page, "Stappen")
        choose(page, field(steps, "Stap"), "Samen aan de slag")
        field(steps, "Toelichting").fill("Bewoners en partners begonnen met kleine acties in de straat.")
        choose(page, field(steps, "Grond"), "duiding")
        page.get_by_role("button", name="Voeg thema's toe").click()
        field(list_field(page, "Thema's"), "Thema's").fill("veiligheid")
        page.get_by_role("button", name="Voeg partij toe").click()
        parties = list_field(page, "Partijen")
        field(parties, "Naam").fill("Gemeente Roermond")
        choose(page, field(parties, "Rol"), "Gemeente")
        sources = list_field(page, "Bronnen")
        for index, title in enumerate(["Wijkplan Noord", "Evaluatie wijkaanpak Noord"]):
            page.get_by_role("button", name="Voeg bron toe").click()
            field(sources, "Titel").nth(index).fill(title)
            field(sources, "Uitgever").nth(index).fill("Gemeente Roermond")
            field(sources, "Jaar").nth(index).fill(str(2018 + index))
            field(sources, "Pagina").nth(index).fill("10-14")
        field(sources, "Webadres (url)").nth(1).fill("https://www.voorbeeld.nl/evaluatie")
        field(sources, "Datum").nth(1).fill("2019-03-01")
        field(sources, "Geraadpleegd").nth(1).fill("2026-01-15")
        write_under_heading(page, "Aanleiding", ["De wijk kende veel overlast [bron 1, p. 12]."])
        write_under_heading(page, "Aanpak", ["Gemeente, corporatie en bewoners werkten samen [bron 2, p. 10]."])
        write_under_heading(page, "Lessen", ["- Houd een lange adem aan.", "- Bouw eerst vertrouwen op."])
        page.get_by_role("button", name="Opslaan").click()

        # Saved as a draft: a pull request in the editorial workflow, not yet on the branch.
        page.get_by_role("button", name="Status: Concept").wait_for()
        assert list(unpublished(page)) == ["cases/testwijk-noord.md"]
        assert published(page, "testwijk-noord.md") is None
        set_status(page, "Wordt beoordeeld")
        set_status(page, "Klaar")
        # Publishing is the editor's merge of the pull request, after a confirmation.
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Publiceer", exact=True).click()
        page.get_by_role("menuitem", name="Publiceer nu").click()
        page.wait_for_function("() => window.repoFiles.cases['testwijk-noord.md']")
        text = published(page, "testwijk-noord.md")
        screenshot(page, "editor-new-case")
        assert page.errors == []

    DIFF_FOLDER.mkdir(parents=True, exist_ok=True)
    (DIFF_FOLDER / "testwijk-noord.md").write_text(text, encoding="utf-8")
    front, body = split_case(text)
    assert [tag["id"] for tag in front["bouwstenen"]] == ["lange-adem", "vertrouwen"]
    assert all(tag["toelichting"] and tag["grond"] for tag in front["bouwstenen"])
    assert [source["titel"] for source in front["bronnen"]] == ["Wijkplan Noord", "Evaluatie wijkaanpak Noord"]
    assert comparable(front["bronnen"][1]) == {
        "titel": "Evaluatie wijkaanpak Noord", "uitgever": "Gemeente Roermond", "jaar": 2019, "pagina": "10-14",
        "url": "https://www.voorbeeld.nl/evaluatie", "datum": "2019-03-01", "geraadpleegd": "2026-01-15"}
    assert front["periode"] == {"start": 2016, "stand": 2019}
    assert front["stappen"][0]["id"] == "samen-aan-de-slag"
    assert (front["themas"], front["partijen"]) == (["veiligheid"], [{"naam": "Gemeente Roermond", "rol": "gemeente"}])
    assert re.findall(r"^## (.+)$", body, re.M) == list(RECOMMENDED_SECTIONS)
    exit_code, output = run_check(text, "testwijk-noord.md", tmp_path, monkeypatch)
    assert exit_code == 0, output + "\n" + text
    # ... and the site builds with it (`wijkwijzer build`, in the copy run_check made).
    from site_builder.cli import main

    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "built")])
    assert result.exit_code == 0, result.output
    case_page = (tmp_path / "built" / "casussen" / "testwijk-noord" / "index.html").read_text(encoding="utf-8")
    assert "Evaluatie wijkaanpak Noord" in case_page and "Bouw eerst vertrouwen op." in case_page


# Existing cases with every kind of field: period, themes and parties in flow style,
# dates, a national case with no place, a theme case.
ROUND_TRIP_CASES = ["donderberg-roermond", "gebiedsgerichte-aanpak-ondermijning",
                    "impulswijken-en-pacts-tilburg"]


def comparable(value):
    """YAML values as the checker reads them: a date and its ISO text mean the same."""
    if isinstance(value, dict):
        return {key: comparable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [comparable(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@pytest.mark.browser
@pytest.mark.parametrize("slug", ROUND_TRIP_CASES)
def test_an_existing_case_saved_without_edits_keeps_its_meaning(
        browser, editor_page, vocabularies, tmp_path, monkeypatch, slug):
    page = editor_page
    original = (ROOT / "cases" / f"{slug}.md").read_text(encoding="utf-8")
    title = split_case(original)[0]["titel"]
    # Decap saves only an entry that differs from the branch (a letter typed and taken back
    # is no change). So the repository holds the case with a placeholder title, and the
    # form puts the real title back: what it saves should mean exactly the original.
    placeholder = re.sub(r"^titel: .*$", "titel: Titel om terug te zetten", original, count=1, flags=re.M)
    assert placeholder != original
    with editor_site(tmp_path / "site", vocabularies, {"name": "test-repo"}) as url:
        sign_in_to_test_repo(page, url, {f"{slug}.md": placeholder})
        page.goto(url + f"#/collections/casussen/entries/{slug}")
        title_field = field(page, "Titel").first
        expect(title_field).to_have_value("Titel om terug te zetten")
        title_field.fill(title)
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("button", name="Status: Concept").wait_for()
        saved = unpublished(page)[f"cases/{slug}.md"]

    diff = "".join(difflib.unified_diff(original.splitlines(True), saved.splitlines(True),
                                        f"cases/{slug}.md", "opgeslagen door het formulier"))
    DIFF_FOLDER.mkdir(parents=True, exist_ok=True)
    (DIFF_FOLDER / f"{slug}.diff").write_text(diff, encoding="utf-8")
    (front_before, body_before), (front_after, body_after) = split_case(original), split_case(saved)
    assert comparable(front_after) == comparable(front_before), diff
    assert body_after.strip() == body_before.strip(), diff
    exit_code, output = run_check(saved, f"{slug}.md", tmp_path, monkeypatch)
    assert exit_code == 0, output


@pytest.mark.browser
def test_the_editor_asks_no_other_host_before_sign_in_and_passes_axe(browser, editor_page, vocabularies, tmp_path):
    page = editor_page
    # The published configuration: GitHub, the way a reader of the site meets it.
    with editor_site(tmp_path / "github", vocabularies, None) as url:
        page.goto(url)
        page.get_by_role("button", name=re.compile("GitHub")).wait_for()
        # Everything the page does by itself is done once the sign-in button shows; give
        # late requests a moment anyway (networkidle can wait forever on a busy machine).
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)
        screenshot(page, "editor-sign-in")
        assert axe_violations(page) == []
    hosts = {urlsplit(address).hostname for address in page.requests}
    assert hosts == {"127.0.0.1"}, page.requests
    assert page.errors == []
    assert any(address.endswith(f"/{DECAP_SCRIPT}?v={DECAP_VERSION}") for address in page.requests)


@pytest.mark.browser
def test_every_view_of_the_editor_passes_axe(browser, editor_page, vocabularies, tmp_path):
    page = editor_page
    original = (ROOT / "cases" / "donderberg-roermond.md").read_text(encoding="utf-8")
    with editor_site(tmp_path / "site", vocabularies, {"name": "test-repo"}) as url:
        sign_in_to_test_repo(page, url, {"donderberg-roermond.md": original})
        page.locator("a[href$='/collections/casussen/new']").wait_for()
        assert axe_violations(page) == [], "the list of cases"
        page.goto(url + "#/collections/casussen/entries/donderberg-roermond")
        title = field(page, "Titel").first
        expect(title).to_have_value("De Donderberg")
        assert axe_violations(page) == [], "an existing case"
        title.press("End")
        title.type(" (bijgewerkt)")
        page.get_by_role("button", name="Opslaan").click()
        page.get_by_role("button", name="Status: Concept").wait_for()
        assert axe_violations(page) == [], "a draft in the editorial workflow"
        screenshot(page, "editor-draft")
        page.goto(url + "#/workflow")
        page.get_by_text("De Donderberg (bijgewerkt)").wait_for()
        assert axe_violations(page) == [], "the editorial workflow's board"
        screenshot(page, "editor-workflow")
        page.goto(url + "#/collections/casussen/new")
        page.get_by_role("button", name="Voeg bouwsteen toe").click()
        page.get_by_role("button", name="Voeg bron toe").click()
        assert axe_violations(page) == [], "a new case, with a building block and a source"
        screenshot(page, "editor-new-form")
        assert page.errors == []
    assert {urlsplit(address).hostname for address in page.requests} == {"127.0.0.1"}


def test_the_built_site_has_the_editor_for_its_repository(bundled_site, vocabularies):
    from .conftest import TEST_ADDRESSES

    expected = editor_files(vocabularies, repo_url=TEST_ADDRESSES["repo_url"],
                            site_url=TEST_ADDRESSES["site_url"])
    for path, content in expected.items():
        assert (bundled_site / path).read_bytes() == content, path  # copied as is, never rendered
    assert yaml.safe_load((bundled_site / EDITOR_FOLDER / "config.yml").read_bytes())["backend"]["repo"] == \
        "voorbeeld/kennisbank"
