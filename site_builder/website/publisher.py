"""`Publisher`: who publishes the site, where, and under what licence, in one value.

Read once from the content root's mkdocs.yml: the engine's own `site_name`,
`site_url`, `repo_url` and `edit_uri` (its branch), and the options `organisatie`,
`contact` and `licentie` of its `wijkwijzer` entry. Every page, the feed, the citation block, the
structured data in the head (OpenGraph, JSON-LD) and the open data read this
value, never mkdocs.yml. Without a site address or repository the parts that
need one (canonical address, og:url, feed, edit links) are left out: a fake
address would be worse than none.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SITE_NAME = "WijkWijzer"
DEFAULT_BRANCH = "main"


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier, as Frictionless and DCAT harvesters read it
    label: str  # as the site shows it
    url: str


# The licences a knowledge base may choose (`licentie:` in mkdocs.yml), by SPDX id.
LICENCES = {
    "CC-BY-4.0": Licence("CC-BY-4.0", "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.nl"),
    "CC-BY-SA-4.0": Licence("CC-BY-SA-4.0", "CC BY-SA 4.0",
                            "https://creativecommons.org/licenses/by-sa/4.0/deed.nl"),
    "CC0-1.0": Licence("CC0-1.0", "CC0 1.0", "https://creativecommons.org/publicdomain/zero/1.0/deed.nl"),
}
DEFAULT_LICENCE = "CC-BY-4.0"


@dataclass(frozen=True)
class Publisher:
    site_name: str = DEFAULT_SITE_NAME
    organisation: str | None = None  # who publishes; defaults to the site's name where one is needed
    site_url: str | None = None  # absolute, ending in "/"
    repo_url: str | None = None  # e.g. https://github.com/org/repo, without a trailing "/"
    branch: str = DEFAULT_BRANCH
    contact: str | None = None  # an e-mail address or web address, for the accessibility statement
    licence: Licence = LICENCES[DEFAULT_LICENCE]

    @classmethod
    def create(cls, site_name: str | None = None, site_url: str | None = None, repo_url: str | None = None,
               branch: str | None = None, organisation: str | None = None, contact: str | None = None,
               licence: str | None = None) -> "Publisher":
        return cls(site_name=site_name or DEFAULT_SITE_NAME, organisation=organisation or None,
                   site_url=(site_url.rstrip("/") + "/") if site_url else None,
                   repo_url=repo_url.rstrip("/") if repo_url else None,
                   branch=branch or DEFAULT_BRANCH, contact=contact or None,
                   licence=LICENCES[licence or DEFAULT_LICENCE])

    @classmethod
    def from_settings(cls, settings: dict, options: dict | None = None) -> "Publisher":
        """The publisher of a site from its mkdocs.yml (read as a mapping): MkDocs' own keys
        and `options`, the `wijkwijzer` entry's. ValueError names a setting that is wrong."""
        options = options or {}
        licence = options.get("licentie")
        if licence is not None and licence not in LICENCES:
            raise ValueError(f"licentie '{licence}' is onbekend; kies uit {', '.join(LICENCES)}")
        return cls.create(site_name=settings.get("site_name"), site_url=settings.get("site_url"),
                          repo_url=settings.get("repo_url"), branch=edit_branch(settings.get("edit_uri")),
                          organisation=options.get("organisatie"), contact=options.get("contact"),
                          licence=licence)

    @property
    def name(self) -> str:
        """Who publishes, as a citation or a data set names them."""
        return self.organisation or self.site_name

    @property
    def edit_url_base(self) -> str | None:
        """e.g. https://github.com/org/repo/edit/main/; None without a repository."""
        return f"{self.repo_url}/edit/{self.branch}/" if self.repo_url else None

    def absolute_url(self, path: str) -> str | None:
        """The published address of a site path such as "casussen/x/"; None without site_url."""
        return f"{self.site_url}{path}" if self.site_url else None

    def missing(self) -> list[str]:
        """What the site leaves out for want of a setting, in Dutch; empty when complete."""
        missing = []
        if not self.site_url:
            missing.append("site_url (zonder adres van de site: geen Atom-feed, sitemap, DCAT-catalogus, "
                           "canonieke adressen, og:url of adres in de citeerblokken)")
        if not self.repo_url:
            missing.append("repo_url (zonder repository: geen links 'deze pagina bewerken')")
        return missing


def edit_branch(edit_uri: str | None) -> str:
    # edit_uri is "edit/<branch>/docs/" for hand-written pages; reuse its branch.
    parts = (edit_uri or "").strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else DEFAULT_BRANCH
