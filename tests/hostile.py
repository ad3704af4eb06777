"""Hostile case files, and two ways to push them through the real pipeline unchecked.

`build_unchecked` runs the whole pipeline (any engine, theme included) with cases
put in the catalog as if nobody ran `wijkwijzer check`. `PageRenderer` runs one
case page as the pipeline does, fast enough for a property test: written into the
site source (site_source.add_generated_page), converted by MkDocs' own `Page`
with the source's configuration, then cleaned by the sanitise stage's own
function between the markers theme/partials/content.html puts around it.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.pages import Page

from site_builder.build import build_site, site_source
from site_builder.content.catalog import CaseRecord, Catalog, load_catalog
from site_builder.content.loader import read_case_source
from site_builder.content.models import Case
from site_builder.project import Project
from site_builder.website.engines import DEFAULT_ENGINE, engine_named
from site_builder.website.pages import GeneratedPage, SiteContext, render_case_page
from site_builder.website.sanitize import plain_html_text, sanitize_written_page, toc_link
from site_builder.website.site_source import CONFIG_FILE, SiteSource, add_generated_page, write_site_source

FRONT_MATTER = """---
titel: Aanvalswijk
gemeente: Roermond
wijk: Testwijk
provincie: Limburg
samenvatting: Een casus van een aanvaller.
bouwstenen: [lange-adem]
bronnen:
  - titel: Een bron
---
"""

# One body per attack of issue 11; each would have run script, included a file or
# replaced Material's configuration before the fix.
ATTACKS = {
    "toc-id": "## Aanleiding\n\n### Kop { id='x\" autofocus onfocus=\"alert(1)\" ' }\n\nTekst.\n",
    "toc-markup": "## Aanleiding\n\n### Kop <?php ?><!-- x --><img src=x onerror=alert(2)>\n\nTekst.\n",
    "config-id": '## Aanleiding\n\n<div id="__config">{"base": "https://evil.example/"}</div>\n\n## __config\n',
    "snippet": '## Aanleiding\n\n-8<- "mkdocs.yml"\n\n--8<-- "mkdocs.yml"\n\n--8<--\nmkdocs.yml\n--8<--\n',
    "self-include": '## Aanleiding\n\n--8<-- "cases/aanval-self-include.md"\n',
    "svg-onload": "## Aanleiding\n\n<svg/onload=alert(3)>\n\n[x](https://example.org){: onclick=alert(4) }\n",
    "entity-url": "## Aanleiding\n\n[a](&#106;avascript:alert(5)) [b](java&#9;script:alert(6))\n",
    # Issue 24: a tracking pixel, absolute, protocol-relative or hidden behind entities.
    "other-host": ("## Aanleiding\n\n![a](https://tracker.example/a.png) ![b](//tracker.example/b.png)\n\n"
                   '<img src="&#47;/tracker.example/c.png"> <img src=" //tracker.example/d.png">\n\n'
                   "![e](https://tracker.example/e.png){: srcset='https://tracker.example/f.png 2x' }\n\n"
                   "[een link naar elders mag](https://example.org/rapport)\n"),
    # Issue 24: lessons travel to the building block's page (derive/lessons.py); each item
    # plants an id the site's scripts look up, or loads from elsewhere, in the site's own
    # Markdown dialect, where `check` used to read attribute lists at a line's end only.
    "lesson": ("## Aanleiding\n\nTekst [bron 1].\n\n## Lessen\n\n"
               "- Een link [a](https://example.org/a){: #ww-finder } midden in de les.\n"
               "- Een plaatje ![p](https://tracker.example/les.png){: #ww-compare } midden in de les.\n"
               "- Een les die doorloopt\n  {: #ww-tijdlijn .ww-kruimel-tab onclick=alert(7) }\n"
               "- *Nadruk*{autofocus onfocus=alert(8) #ww-start-nieuw} en `code {: #ww-code }` [bron 1].\n"
               '- <span id="ww-kwaliteit" onmouseover="alert(9)">HTML</span> en <img src=//tracker.example/h.png>\n'
               '- Een include --8<-- "mkdocs.yml" in de zin.\n'
               "\n## Bronnen\n\nEen kop die de sectie van de pagina zelf na-aapt.\n"
               "\n## Verwante casussen\n\nNog zo een.\n"),
}
# A case whose tag explanation is an attack too (issue 24: "every piece of a case shown
# on a term page"); the other attacks use FRONT_MATTER. Its image is text (an explanation is
# plain text), so it names a host of its own: the pages may show that name, never load it.
FRONT_MATTERS = {
    "lesson": FRONT_MATTER.replace(
        "bouwstenen: [lange-adem]",
        "bouwstenen:\n  - id: lange-adem\n    grond: duiding\n    toelichting: >-\n"
        "      Uitleg [x](https://example.org){: #ww-zoek } *nadruk*{: #ww-finder }\n"
        "      <img src=https://teller.example/t.png> <b id=ww-compare onclick=alert(10)>b</b>\n"
        "      --8<-- \"mkdocs.yml\"")
}
# Ids of the attacks above that the site itself never has.
PLANTED_IDS = ("ww-finder", "ww-compare", "ww-tijdlijn", "ww-start-nieuw", "ww-code", "ww-kwaliteit", "ww-zoek")


def hostile_case(body: str, front_matter: str = FRONT_MATTER) -> str:
    return front_matter + body


def add_unchecked(catalog: Catalog, project: Project, path: Path) -> None:
    """Put a case in the catalog as if nobody checked it (only the models ran)."""
    source, _ = read_case_source(path, project.root)
    case = Case.model_validate(source.front_matter, context={"vocabularies": catalog.vocabularies})
    catalog.cases.append(CaseRecord(source.slug, source.display_path, case, source.body, source.content_hash))


# Issue 24: text that XML cannot hold or that ends a CDATA section, an entity, a tag, an
# astral character and bidirectional marks: a title, place or summary nobody checked.
XML_HOSTILE_TEXT = ("Aanval \x01\x08\x1b\x7f\x85 \ufffe\uffff\ufdd0\ufdef ]]> &amp; & <b>x</b> "
                    "\U0001F600 \U0001FFFE \u200f\u202e einde")


def add_unread(catalog: Catalog, project: Project, slug: str, front_matter: dict, body: str) -> None:
    """Put a case in the catalog straight from its values, as if neither the loader nor
    `check` had seen it (the loader refuses control characters before any model runs).
    Its file exists, for the date of its last change."""
    path = project.cases_dir / f"{slug}.md"
    path.write_text("---\ntitel: ongelezen\n---\n", encoding="utf-8")
    case = Case.model_validate(front_matter, context={"vocabularies": catalog.vocabularies})
    catalog.cases.append(CaseRecord(slug, f"cases/{slug}.md", case, body, "ongelezen-" + slug))
    catalog.cases.sort(key=lambda record: record.slug)


def build_unchecked(project: Project, bodies: dict[str, str], site: Path, engine: str = DEFAULT_ENGINE) -> Path:
    """Write `cases/aanval-<name>.md` for every body and build the site with them in
    (not strict: a hostile body may well hold a broken link)."""
    for name, body in bodies.items():
        text = hostile_case(body, FRONT_MATTERS.get(name, FRONT_MATTER))
        (project.cases_dir / f"aanval-{name}.md").write_text(text, encoding="utf-8")
    catalog = load_catalog(project)
    catalog.cases = [record for record in catalog.cases if not record.slug.startswith("aanval-")]
    catalog.diagnostics = [d for d in catalog.diagnostics if "aanval-" not in d.path]
    for name in bodies:
        add_unchecked(catalog, project, project.cases_dir / f"aanval-{name}.md")
    catalog.cases.sort(key=lambda record: record.slug)
    return build_site(project, catalog, site, engine=engine, strict=False)


class WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def mkdocs_warnings():
    logger = logging.getLogger("mkdocs")
    collector = WarningCollector()
    logger.addHandler(collector)
    try:
        yield collector.messages
    finally:
        logger.removeHandler(collector)


BOUNDARY = "eigen-grens-van-de-test"


class PageRenderer:
    """One case page as the pipeline renders and cleans it, page by page."""

    def __init__(self, project: Project, site_dir: Path):
        self.catalog = load_catalog(project)
        source = site_source(project, self.catalog, engine_named(DEFAULT_ENGINE), BOUNDARY)
        write_site_source(source)
        self.config = load_config(str(source.folder / CONFIG_FILE), site_dir=str(site_dir))
        # Every page of the site, generated ones included, so links resolve as in a build.
        self.files = get_files(self.config)

    def render(self, record: CaseRecord) -> Page:
        uri = f"casussen/{record.slug}.md"
        site = SiteContext.create(Catalog(self.catalog.vocabularies, cases=[record]), site_name="WijkWijzer")
        page_source = SiteSource(Path(self.config.docs_dir))
        case_page = GeneratedPage(uri, render_case_page(site.views[record.slug], site))
        add_generated_page(page_source, case_page, edit_url=None, sanitize=True)
        # Written into the source's docs/, as the write-source stage does, and read from there.
        written = Path(self.config.docs_dir) / uri
        written.parent.mkdir(parents=True, exist_ok=True)
        written.write_bytes(page_source.files[f"docs/{uri}"])
        file = File(uri, src_dir=self.config.docs_dir, dest_dir=self.config.site_dir,
                    use_directory_urls=self.config.use_directory_urls)
        files = Files([f for f in self.files if f.src_uri != uri] + [file])
        page = Page(None, file, self.config)
        page.read_source(self.config)
        page.render(self.config, files)
        # What theme/partials/content.html and toc-item.html mark, the sanitise stage cleans.
        marked = f"<!--ww-begin:{BOUNDARY}-->{page.content}<!--ww-end:{BOUNDARY}-->"
        page.content = sanitize_written_page(marked, BOUNDARY, own_ids=False)
        for item in walk(page.toc):
            item.title = plain_html_text(str(item.title))
            item.id = toc_link(f"#{item.id}")[1:]  # a link to a heading id, or nowhere
        page.validate_anchor_links(files=files, log_level=logging.WARNING)
        return page


def walk(items):
    for item in items:
        yield item
        yield from walk(item.children)
