"""Issue 11, per mechanism: a stranger's case file cannot run script on the site,
include a file, replace another page or the project, or make the tools hang."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from site_builder.build import SITE_MARKER, build_lock, recover_interrupted_swap
from site_builder.cli import BUG_REPORT_LINE, main
from site_builder.content import body_scan, validate
from site_builder.content.case_markdown import heading_slug, is_heading_id
from site_builder.content.catalog import load_catalog
from site_builder.content.diagnostics import Diagnostic
from site_builder.errors import BuildBusy, WijkwijzerError
from site_builder.errors import UnmarkedPage
from site_builder.website.sanitize import allowed_ids, sanitize_html, sanitize_written_page

from .conftest import copy_project
from .hostile import ATTACKS, hostile_case
from .sitecheck import unsafe_markup


def check_text(project, tmp_path, text: str, name: str = "casus.md") -> list[Diagnostic]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_catalog(project, [path]).diagnostics


def codes(diagnostics) -> set[str]:
    return {d.code for d in diagnostics if d.is_error}


# --- 1. One sanitising boundary ------------------------------------------------------------

def attribute_names(html: str) -> set[str]:
    from html.parser import HTMLParser

    names: set[str] = set()

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names.update(name for name, _ in attrs)

    Collector().feed(html)
    return names


@pytest.mark.slow
@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_no_attack_reaches_the_html_of_the_built_site(hostile_site, attack):
    page = hostile_site / "casussen" / f"aanval-{attack}" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert unsafe_markup(page) == []
    assert not {"autofocus", "onfocus"} & attribute_names(html)
    # Only Material's own configuration carries the id, and no page points elsewhere.
    assert len(re.findall(r'id="__config"', html)) == 1
    assert "evil.example/" not in html.split('id="__config"')[1].split("</script>")[0]
    # Nothing of the repository was pasted in (mkdocs.yml, the case file itself).
    assert "site_name: WijkWijzer" not in html and "samenvatting: Een casus van een aanvaller" not in html
    # Nothing loads from another host; a link to another site stays a link.
    assert "tracker.example" not in html
    if attack == "other-host":
        assert 'href="https://example.org/rapport"' in html


@pytest.mark.slow
def test_toc_labels_are_plain_text(hostile_site):
    html = (hostile_site / "casussen" / "aanval-toc-markup" / "index.html").read_text(encoding="utf-8")
    toc = html.split('data-md-component="toc"')[1].split("</nav>")[0]
    assert "<img" not in toc and "onerror" not in toc


def test_sanitiser_drops_ids_the_theme_relies_on():
    html = '<h2 id="aanpak">A</h2><div id="__config">x</div><p id="ww-finder">y</p><p id="aanpak">z</p>'
    cleaned = sanitize_html(html, allowed_ids(own_ids=False))
    assert '<h2 id="aanpak">' in cleaned and "__config" not in cleaned and "ww-finder" not in cleaned
    assert '<p id="aanpak">' not in cleaned  # a heading's id, but not on a heading
    assert 'id="ww-finder"' in sanitize_html(html, allowed_ids(own_ids=True))  # a listing's own hook


@pytest.mark.parametrize("reference", [
    "https://tracker.example/p.png", "http://intern/p.png", "//tracker.example/p.png", " //tracker.example/p.png",
    "\\\\tracker.example/p.png", "/\\tracker.example/p.png", "&#47;&#47;tracker.example/p.png",
    "ht\ttps://tracker.example/p.png", "HTTPS://tracker.example/p.png", "data:image/png;base64,AAAA",
])
def test_nothing_from_a_case_loads_from_another_host(reference):
    html = (f'<p><img src="{reference}" alt="x"><img srcset="{reference} 2x" alt="y">'
            f'<video poster="{reference}"></video><object data="{reference}"></object>'
            f'<span style="background: url({reference})">z</span></p>')
    cleaned = sanitize_html(html)
    assert "tracker.example" not in cleaned and "intern" not in cleaned and "base64" not in cleaned, cleaned
    assert 'alt="x"' in cleaned  # the image stays, without its source


def test_links_to_other_sites_and_images_of_the_site_itself_stay():
    html = '<p><a href="https://example.org/rapport">rapport</a> <img src="../../assets/kaart.png" alt="kaart"></p>'
    cleaned = sanitize_html(html)
    assert 'href="https://example.org/rapport"' in cleaned and 'src="../../assets/kaart.png"' in cleaned


BOUNDARY = "grens-van-deze-build"
BEGIN, END = f"<!--ww-begin:{BOUNDARY}-->", f"<!--ww-end:{BOUNDARY}-->"
LABEL_BEGIN, LABEL_END = f"<!--ww-label-begin:{BOUNDARY}-->", f"<!--ww-label-end:{BOUNDARY}-->"


def test_the_written_page_is_cleaned_between_the_markers_only():
    theme = '<script id="__config" type="application/json">{"base": "."}</script><input id="__search">'
    page = (f"{theme}<nav aria-label=\"{LABEL_BEGIN}Kop\" onmouseover=\"alert(1){LABEL_END}\">"
            f"{LABEL_BEGIN}<img src=x onerror=alert(2)>Kop{LABEL_END}</nav>"
            f"<article>{BEGIN}<h2 id=\"kop\">Kop</h2><script>alert(3)</script>{END}</article>")
    cleaned = sanitize_written_page(page, BOUNDARY, own_ids=False)
    assert cleaned.startswith(theme)  # the theme's own markup stays as the engine wrote it
    assert "alert(2)" not in cleaned and "alert(3)" not in cleaned and "<img" not in cleaned
    assert BOUNDARY not in cleaned
    # The label stays one attribute: what tried to end it is text inside it.
    assert 'aria-label="Kop&quot; onmouseover=&quot;alert(1)"' in cleaned
    assert "onmouseover" not in attribute_names(cleaned)
    assert '<h2 id="kop">Kop</h2>' in cleaned


@pytest.mark.parametrize("url, kept", [("#aanpak", "#aanpak"), ("#aanpak_1", "#aanpak_1"), ("#__config", "#"),
                                       ("#ww-finder", "#"), ('#x" onfocus="alert(1)', "#"), ("javascript:x", "#")])
def test_a_toc_entry_links_to_a_heading_or_nowhere(url, kept):
    link_begin, link_end = f"<!--ww-link-begin:{BOUNDARY}-->", f"<!--ww-link-end:{BOUNDARY}-->"
    page = f'{BEGIN}{END}<a href="{link_begin}{url}{link_end}" class="md-nav__link">Kop</a>'
    assert f'<a href="{kept}" class="md-nav__link">' in sanitize_written_page(page, BOUNDARY, own_ids=False)


def test_a_case_cannot_close_the_part_that_is_cleaned():
    forged = "<!--ww-end:geraden-->"  # a case cannot know this build's boundary
    page = f"<article>{BEGIN}{forged}<script>alert(1)</script><!--ww-end:-->{END}</article><footer></footer>"
    cleaned = sanitize_written_page(page, BOUNDARY, own_ids=False)
    assert "<script>" not in cleaned and cleaned.endswith("</article><footer></footer>")


@pytest.mark.parametrize("page", ["<article><script>alert(1)</script></article>",
                                  f"<article>{BEGIN}<script>alert(1)</script></article>"])
def test_a_page_without_its_markers_is_refused_not_let_through(page):
    with pytest.raises(UnmarkedPage):
        sanitize_written_page(page, BOUNDARY, own_ids=False)


@pytest.mark.parametrize("text", ["__config", "ww-finder", "__", "md-header", "<b>x</b>", "", "Kop_1"])
def test_heading_ids_never_take_a_reserved_id(text):
    slug = heading_slug(text, "-")
    assert is_heading_id(slug), slug
    assert not slug.startswith(("_", "ww-", "md-"))


def test_include_lines_in_pages_made_from_case_content_are_inert():
    from site_builder.website.site_source import inert_includes

    body = '--8<-- "mkdocs.yml"\n  -8<- "x"\n;--8<--\nTekst over --8<-- in een zin.\n'
    assert inert_includes(body) == ';--8<-- "mkdocs.yml"\n  ;-8<- "x"\n;;--8<--\nTekst over --8<-- in een zin.\n'


# --- 2. What check accepts, build builds ---------------------------------------------------

@pytest.mark.parametrize("body, code", [
    ("[x](&#106;avascript:alert(1))", "WW304"),
    ("[x](java&#9;script:alert(1))", "WW304"),
    ("<svg/onload=alert(1)>", "WW303"),
    ("<a\nhref=x\nONCLICK=alert(1)>x</a>", "WW303"),
    ("Alinea {: onclick=alert(1) }", "WW303"),
    ("[x](bestaat-niet.md)", "WW330"),
    ("![x](plaatje.png)", "WW330"),
    ("[x](#nergens)", "WW330"),
    ("-8<- \"mkdocs.yml\"", "WW331"),
    ("### Kop { #eigen-id }", "WW332"),
    ("*" * 21 + "x", "WW335"),
])
def test_every_reason_the_build_refuses_is_a_located_error(project, tmp_path, body, code):
    found = check_text(project, tmp_path, hostile_case("## Aanleiding\n\n" + body + "\n"))
    assert code in codes(found), [d.as_text() for d in found]
    assert all(d.line >= 11 for d in found if d.code == code)  # in the body, not at line 1


def test_a_link_to_a_heading_of_the_case_itself_is_fine(project, tmp_path):
    found = check_text(project, tmp_path, hostile_case("## Aanleiding\n\n[zie](#aanleiding)\n"))
    assert "WW330" not in codes(found)


# --- 3. Linear time and bounded size ---------------------------------------------------------

def test_only_reviewed_regular_expressions_see_the_body():
    # The quadratic heading and event-handler patterns are gone; what is left is
    # linear (no nested or adjacent unbounded quantifiers over the same characters).
    patterns = {value.pattern for module in (validate, body_scan) for value in vars(module).values()
                if isinstance(value, re.Pattern)}
    assert patterns == {
        r"<\s*script\b",
        r"j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:",
        r"</?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])",
        r"[\[\]*_~]",  # one character class: each match is one character
        r"\*+|_+|`+|[\[<&\\]",  # runs of one character each, or one character
    }


@pytest.mark.parametrize("body, code", [
    ("# Kop" + " " * 900_000 + "x", "WW337"),  # a heading with a long tail: one line, bounded
    ("<a " * 200_000, "WW336"),  # many unclosed tags: the scan stops at the first
    ("## Aanleiding\n\nNOG TE SCHRIJVEN\n\n" + "### Kop\n\n" * 5_000, "WW333"),
    ("[" * 100_000, "WW335"),
    ("<!--" * 100_000, "WW336"),
    ("> " * 50 + "x", "WW334"),
    ("regel\n" * 6_000, "WW337"),
])
def test_hostile_bodies_under_the_size_limit_are_refused_by_a_bound(project, tmp_path, body, code):
    found = check_text(project, tmp_path, hostile_case(body))
    assert code in codes(found)


def test_a_huge_list_is_refused_before_it_is_validated(project, tmp_path):
    blocks = ", ".join(f"onbekend-{n}" for n in range(30_000))
    text = hostile_case("## Aanleiding\n\nTekst.\n").replace("bouwstenen: [lange-adem]", f"bouwstenen: [{blocks}]")
    found = check_text(project, tmp_path, text)
    assert codes(found) == {"WW120"} and len(found) < 10


def test_output_per_file_and_code_is_capped(project, tmp_path):
    body = "## Aanleiding\n\n" + "".join(f"<b onclick=x{n}>a</b>\n\n" for n in range(300))
    found = [d for d in check_text(project, tmp_path, hostile_case(body)) if d.code == "WW303"]
    assert len(found) == 11
    assert found[-1].message == "en nog 290 dergelijke meldingen"


# --- 4. --out never destroys what is not a site it built -------------------------------------

def run_cli(project, *args):
    cwd = os.getcwd()
    os.chdir(project.root)
    try:
        return CliRunner().invoke(main, list(args))
    finally:
        os.chdir(cwd)


def snapshot(folder: Path) -> list[tuple[str, bytes]]:
    return sorted((str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"")
                  for p in folder.rglob("*"))


@pytest.mark.parametrize("out", [".", "cases", "docs", "schema", "docs/sub", "..", ".git", ".wijkwijzer",
                                 ".wijkwijzer/bron/mkdocs"])
def test_build_out_refuses_the_project_and_its_content(tmp_path, out):
    project = copy_project(tmp_path / "project")
    (project.root / ".git").mkdir()
    before = snapshot(project.root)
    result = run_cli(project, "build", "--out", out)
    assert result.exit_code == 2 and "Fout:" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert snapshot(project.root) == before


def test_build_out_refuses_a_folder_it_did_not_build(tmp_path):
    project = copy_project(tmp_path / "project")
    foreign = tmp_path / "documenten"
    foreign.mkdir()
    (foreign / "belangrijk.txt").write_text("niet weggooien", encoding="utf-8")
    result = run_cli(project, "build", "--out", str(foreign))
    assert result.exit_code == 2 and SITE_MARKER in result.output
    assert (foreign / "belangrijk.txt").read_text(encoding="utf-8") == "niet weggooien"


@pytest.mark.parametrize("out", ["/dev/null", "/proc/wijkwijzer-site"])
def test_build_out_on_a_device_or_proc_is_a_sentence(tmp_path, out):
    project = copy_project(tmp_path / "project")
    result = run_cli(project, "build", "--out", out)
    assert result.exit_code != 0 and result.output.startswith("Fout:"), result.output
    assert not isinstance(result.exception, (OSError, KeyError))


@pytest.mark.slow
def test_a_built_site_carries_the_marker_and_is_replaced_next_time(tmp_path):
    project = copy_project(tmp_path / "project")
    assert run_cli(project, "build", "--out", "public").exit_code == 0
    assert (project.root / "public" / SITE_MARKER).is_file()
    assert run_cli(project, "build", "--out", "public").exit_code == 0


def test_a_crash_between_the_renames_is_repaired(tmp_path):
    target = tmp_path / "site"
    retired = tmp_path / ".site-oud-12345"
    retired.mkdir()
    (retired / SITE_MARKER).write_text("x", encoding="utf-8")
    (retired / "index.html").write_text("vorige site", encoding="utf-8")
    stale = tmp_path / ".site-nieuw-abc"
    stale.mkdir()
    recover_interrupted_swap(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "vorige site"
    assert not retired.exists() and not stale.exists()


def test_a_second_build_to_the_same_folder_stops_with_a_sentence(tmp_path):
    target = tmp_path / "site"
    with build_lock(target):
        with pytest.raises(BuildBusy, match=f"er loopt al een andere 'wijkwijzer build' naar {target};"):
            with build_lock(target):
                pass
        with build_lock(tmp_path / "andere-site"):  # a folder beside it is not blocked
            pass
    with build_lock(target):  # released when the build is done
        pass


# --- 5. Safe everywhere the data goes -------------------------------------------------------

def test_github_annotations_escape_workflow_commands():
    diagnostic = Diagnostic("cases/a\n::error::x,y:z.md", 1, 1, "WW004", "100% fout\r\nja")
    line = diagnostic.as_github()
    assert "\n" not in line and "\r" not in line
    assert "file=cases/a%0A%3A%3Aerror%3A%3Ax%2Cy%3Az.md," in line
    assert line.endswith("::WW004 100%25 fout%0D%0Aja")


def test_terminal_output_spells_out_escape_sequences(run_cli, tmp_path):
    path = tmp_path / "casus.md"
    path.write_text(hostile_case("## Aanleiding\n\nTekst.\n").replace(
        "titel: Aanvalswijk", 'titel: "\\e[2J\\e]0;gehackt\\a"'), encoding="utf-8")
    result = run_cli("check", str(path))
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "WW121" in result.output


@pytest.mark.parametrize("written", ["12:14", "012", "0x1A", "0b1", "1_000", "-0x1A", "1:30.5"])
def test_yaml_11_numbers_are_refused_with_a_hint_to_quote(project, tmp_path, written):
    text = hostile_case("## Aanleiding\n\nTekst.\n").replace("  - titel: Een bron", f"  - titel: Een bron\n    pagina: {written}")
    found = check_text(project, tmp_path, text)
    assert codes(found) == {"WW122"}
    assert "aanhalingstekens" in found[0].message


def test_a_quoted_page_is_published_as_written(project, tmp_path):
    text = hostile_case("## Aanleiding\n\nTekst.\n").replace("  - titel: Een bron", '  - titel: Een bron\n    pagina: "12:14"')
    (tmp_path / "casus.md").write_text(text, encoding="utf-8")
    catalog = load_catalog(project, [tmp_path / "casus.md"])
    assert catalog.cases[0].case.sources[0].page == "12:14"


@pytest.mark.parametrize("tag", ["!!binary aGFsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!!python/name:os.system"])
def test_tags_beyond_plain_data_are_refused(project, tmp_path, tag):
    text = hostile_case("## Aanleiding\n\nTekst.\n").replace("wijk: Testwijk", f"wijk: {tag}")
    assert "WW010" in codes(check_text(project, tmp_path, text))


def test_cases_in_subfolders_or_with_other_extensions_are_reported(tmp_path):
    project = copy_project(tmp_path / "project")
    (project.cases_dir / "sub").mkdir()
    text = hostile_case("## Aanleiding\n\nTekst.\n")
    for name in ("sub/genest.md", "HOOFD.MD", "lang.markdown"):
        (project.cases_dir / name).write_text(text, encoding="utf-8")
    found = [d for d in load_catalog(project).diagnostics if d.code == "WW015"]
    assert sorted(d.path for d in found) == ["cases/HOOFD.MD", "cases/lang.markdown", "cases/sub/genest.md"]


def test_new_refuses_the_slug_of_the_case_overview(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run_cli(project, "new", "--no-input", "--slug", "index", "--titel", "Index",
                     "--gemeente", "A", "--wijk", "B", "--provincie", "Limburg", "--samenvatting", "s",
                     "--bouwsteen", "lange-adem", "--bron-titel", "b")
    assert result.exit_code == 1 and "gereserveerd" in result.output
    assert not (project.cases_dir / "index.md").exists()


# --- 6. No traceback for an expected failure; a bug keeps its traceback -----------------------

@pytest.mark.parametrize("start", ["9" * 5000, "²⁰²⁰"])
def test_new_with_an_odd_start_year_is_a_sentence(tmp_path, start):
    project = copy_project(tmp_path / "project")
    result = run_cli(project, "new", "--no-input", "--titel", "Wijk", "--gemeente", "A", "--wijk", "B",
                     "--provincie", "Limburg", "--start", start, "--samenvatting", "s",
                     "--bouwsteen", "lange-adem", "--bron-titel", "b")
    assert result.exit_code == 1 and result.output.startswith("Fout:")


def test_a_huge_hexadecimal_year_is_a_diagnostic(project, tmp_path):
    text = hostile_case("## Aanleiding\n\nTekst.\n").replace("provincie: Limburg", "provincie: Limburg\nperiode: {start: 0x" + "F" * 5000 + "}")
    assert codes(check_text(project, tmp_path, text)) == {"WW122"}


@pytest.mark.parametrize("value", ["!!bool misschien", "!!bool 12"])
def test_a_value_its_type_tag_cannot_read_is_a_located_diagnostic(project, tmp_path, value):
    text = re.sub(r"^titel: .*$", f"titel: {value}", hostile_case("## Aanleiding\n\nTekst.\n"), count=1, flags=re.M)
    found = check_text(project, tmp_path, text)
    assert codes(found) == {"WW008"}
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if row.startswith("titel:"))
    assert [(d.line, d.col) for d in found if d.is_error] == [(line, 8)]


@pytest.mark.parametrize("command", [("index",), ("search", "wijk")])
def test_an_index_folder_that_is_a_file_is_a_sentence(tmp_path, command):
    project = copy_project(tmp_path / "project")
    (project.root / ".wijkwijzer").mkdir()
    (project.root / ".wijkwijzer" / "index").write_text("geen map", encoding="utf-8")
    result = run_cli(project, *command)
    assert result.exit_code == 1 and "Fout: de zoekindex" in result.output


def test_every_error_class_lives_in_errors_py():
    import site_builder

    package = Path(site_builder.__file__).parent
    defined = [f"{path.relative_to(package)}: {line.strip()}" for path in package.rglob("*.py")
               if path.name != "errors.py"
               for line in path.read_text(encoding="utf-8").splitlines()
               if re.match(r"class \w+\((\w+Error|\w*Exception|WijkwijzerError)\)", line)]
    assert defined == []
    from site_builder import errors

    classes = [value for value in vars(errors).values() if isinstance(value, type) and value.__module__ == errors.__name__]
    assert len(classes) > 10 and all(issubclass(c, WijkwijzerError) for c in classes)


def test_a_bug_keeps_its_traceback_and_asks_to_report_it(monkeypatch, tmp_path):
    import site_builder.cli as cli

    def broken(*args, **kwargs):
        raise KeyError("slug")

    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(cli, "load_checked_catalog", broken)
    result = run_cli(project, "check")
    assert isinstance(result.exception, KeyError)
    assert BUG_REPORT_LINE in result.exception.__notes__


@pytest.mark.slow
def test_a_bug_in_a_page_renderer_is_not_dressed_up_as_a_build_failure(monkeypatch, tmp_path):
    import site_builder.build as build

    def broken(site):
        raise KeyError("slug")

    project = copy_project(tmp_path / "project")
    monkeypatch.setattr(build, "render_site", broken)
    result = run_cli(project, "build")
    assert isinstance(result.exception, KeyError)
    assert not (project.root / "site").exists()
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".site-")] == []  # no staging left
