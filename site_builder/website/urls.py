"""The site's URL scheme: where every page and data file lives, and links between them.

The only module that spells a site path. Permanent URLs (documented on the page
*Over deze site*):

  /casussen/            all cases         /casussen/<slug>/    one case
  /<kind>/<id>/         one building block, carrier, step or province (kind = the
                        vocabulary's file name: bouwstenen, dragers, stappen, provincies)
  /data/cases.json      the open data
  /vergelijk/           compare cases side by side (?casussen=a,b,c)
  /wijkscan/            the self-assessment over the building blocks

A `Target` is a page (or file) by both of its names: its source in the docs tree,
which Markdown links use so that MkDocs checks them, and its URL, which links in
raw HTML use. `Links` computes both relative to the page that links.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass, replace

CASES = "casussen"
PROVINCES = "provincies"


@dataclass(frozen=True)
class Target:
    file: str  # relative to the docs root: "casussen/selwerd.md", "data/cases.json"
    url: str  # relative to the site root: "casussen/selwerd/", "data/cases.json"
    anchor: str = ""

    def at(self, anchor: str) -> "Target":
        """The same page, scrolled to an element id."""
        return replace(self, anchor=anchor)


def page(file: str) -> Target:
    """A Markdown page by its source path; its URL as MkDocs' directory URLs make it."""
    stem = file.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        url = stem.removesuffix("index")
    else:
        url = stem + "/"
    return Target(file, url)


def data_file(path: str) -> Target:
    """A file published as it is (JSON, CSV, feed): one name for source and URL."""
    return Target(path, path)


def case(slug: str) -> Target:
    return page(f"{CASES}/{slug}.md")


def case_url(slug: str) -> str:
    """A case's address relative to the site root: 'casussen/<slug>/'."""
    return case(slug).url


def cases_index() -> Target:
    return page(f"{CASES}/index.md")


def term(kind: str, term_id: str) -> Target:
    """One building block, carrier, step or province (kind = vocabulary kind)."""
    return page(f"{kind}/{term_id}.md")


def term_page(kind: str, term_id: str, number: int) -> Target:
    """Page `number` of a term's cases: the term's own page first, then /pagina-2/ and on."""
    return term(kind, term_id) if number == 1 else page(f"{kind}/{term_id}/pagina-{number}.md")


def kind_index(kind: str) -> Target:
    return page(f"{kind}/index.md")


def province(province_id: str) -> Target:
    return term(PROVINCES, province_id)


# The compare page's address parameter that holds the chosen cases: ?casussen=a,b,c.
COMPARE_CHOICE = "casussen"


def compare_page() -> Target:
    """Cases side by side; the choice lives in the address: ?casussen=a,b,c (COMPARE_CHOICE)."""
    return page("vergelijk.md")


def finder_page() -> Target:
    """'Vind praktijkvoorbeelden'; its filters live in the address (?bouwsteen=id&actief=2019)."""
    return page("vind.md")


# The finder's address parameter for each group of filters (by vocabulary kind);
# assets/vind.js reads them from its page's data-parameters attribute.
FINDER_PARAMETERS = {"bouwstenen": "bouwsteen", "dragers": "drager", "stappen": "stap",
                     "provincies": "provincie", "kwaliteit": "kwaliteit",
                     "controle": "controle"}


def finder_query(kind: str, term_id: str) -> str:
    """The finder's address with one term chosen, relative to the site root:
    'vind/?bouwsteen=lange-adem'."""
    return f"{finder_page().url}?{FINDER_PARAMETERS[kind]}={term_id}"


def open_data_page() -> Target:
    """'Open data': every download, its licence and the codebook."""
    return page("overzicht/open-data.md")


def wijkscan_page() -> Target:
    return page("wijkscan.md")


def relative_prefix(url: str) -> str:
    """From a page's URL back to the site root: 'overzicht/matrix/' -> '../../'."""
    return "../" * url.count("/")


# Thousands of pages link to the same few folders' files (every case page to the same
# building blocks); relpath normalises both paths each time, a second per thousand pages.
@functools.lru_cache(maxsize=100_000)
def _relative_path(path: str, folder: str) -> str:
    return posixpath.relpath(path, folder)


@dataclass(frozen=True)
class Links:
    """Links from one page: `md` for Markdown links, `href` for raw HTML (and SVG)."""

    here: Target

    def md(self, target: Target) -> str:
        """A relative path to the target's source file, which MkDocs validates and rewrites."""
        path = _relative_path(target.file, posixpath.dirname(self.here.file) or ".")
        return path + (f"#{target.anchor}" if target.anchor else "")

    def href(self, target: Target) -> str:
        """A relative URL to the target's published address."""
        return relative_prefix(self.here.url) + target.url + (f"#{target.anchor}" if target.anchor else "")
