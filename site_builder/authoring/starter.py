"""`wijkwijzer init MAP`: a new, empty knowledge base for another organisation.

Copies the package's starter content (`starter/`, see its README): the
vocabularies in `schema/` (identical to this project's), `mkdocs.yml` with the
publisher's settings to fill in, a front page in `docs/`, and the CI workflows
in `.github/workflows/` (check on every pull request, publish on GitHub Pages).
The commented example case is generated from the vocabularies, as
`schema/voorbeeld-casus.md` is, and saved twice: in `schema/` as the reference,
and as `cases/voorbeeld-casus.md`, so the first build shows every kind of page;
`check` keeps pointing at it (WW311, a warning) until it is replaced, and the publish
workflow refuses to publish while it is the same as the reference.

A README and CONTRIBUTING (`starter/kennisbank/`) tell the new organisation what to fill
in and how to publish; the CONTRIBUTING guide is also the site's page *Bijdragen*.
A folder inside an existing knowledge base (one with `schema/`) is refused.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from ..content.vocabulary import VOCABULARY_FILES as VOCABULARY_KINDS
from ..content.vocabulary import load_vocabularies
from ..content.wijkscan import WIJKSCAN_FILE
from ..derive.quality import LEVELS
from ..errors import FolderNotEmpty, InsideContentRoot, WijkwijzerError
from ..project import Project
from .generated_docs import EXAMPLE_CASE, JSON_SCHEMA, generate_docs

STARTER = resources.files(__package__) / "starter"
# What a knowledge base's schema/ starts with: every vocabulary kind (schema/<kind>.yml)
# and the wijkscan's questions.
VOCABULARY_FILES = tuple(sorted((*(f"{kind}.yml" for kind in VOCABULARY_KINDS), WIJKSCAN_FILE)))
EXAMPLE_IN_CASES = "cases/voorbeeld-casus.md"
# Written when init is not told where CI installs wijkwijzer from; pip stops on it with
# the address in its message, and init says to fill it in.
PACKAGE_PLACEHOLDER = "wijkwijzer @ git+https://VUL-HIER-HET-ADRES-VAN-DE-WIJKWIJZER-REPOSITORY-IN"
GITIGNORE = "# Built by `wijkwijzer build` (and its lock); local state of the search index.\nsite/\n.site.lock\n.wijkwijzer/\n.venv/\n"


def package_requirement(source: str | None) -> str:
    """What `pip install` gets in CI: a pip requirement, or a repository address made one."""
    if not source:
        return PACKAGE_PLACEHOLDER
    if source.startswith(("http://", "https://")):
        return f"wijkwijzer @ git+{source}"
    return source


# The new knowledge base's own README and CONTRIBUTING, Dutch, in starter/kennisbank/.
GUIDES = ("README.md", "CONTRIBUTING.md")
CONTRIBUTING_PAGE = "docs/bijdragen/index.md"
NOT_FILLED_IN = "nog leeg"


def github_pages_address(repository: str) -> str | None:
    """The GitHub Pages address of a repository on github.com, as Pages gives it."""
    parts = urlsplit(repository)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.hostname != "github.com" or len(path) != 2 or not all(path):
        return None
    owner, name = path[0].lower(), path[1]
    return f"https://{owner}.github.io/" if name.lower() == f"{owner}.github.io" else f"https://{owner}.github.io/{name}/"


def _addresses(repository: str | None) -> str:
    """The lines of mkdocs.yml with the site's and the repository's address."""
    if not repository:
        return ("# site_url: https://organisatie.github.io/kennisbank/\n"
                "# repo_url: https://github.com/organisatie/kennisbank")
    lines = [f"repo_url: {json.dumps(repository.rstrip('/'))}"]
    site = github_pages_address(repository)
    lines.insert(0, f"site_url: {json.dumps(site)}" if site else
                 "# site_url: https://organisatie.github.io/kennisbank/")
    return "\n".join(lines)


def _guide_tokens(site_name: str, organisation: str, repository: str | None,
                  package_source: str | None, statuses: list[dict]) -> dict[str, str]:
    site = github_pages_address(repository) if repository else None
    return {
        "SITE_NAME": site_name, "ORGANISATION": organisation,
        "SITE_URL_STATE": site or NOT_FILLED_IN,
        "REPO_URL_STATE": repository or NOT_FILLED_IN,
        "PACKAGE_STATE": package_requirement(package_source) if package_source else NOT_FILLED_IN,
        "QUALITY_LEVELS": "\n".join(f"- **{level.label}**: {level.summary}" for level in LEVELS),
        "REVIEW_STATUSES": "\n".join(f"- `{status['id']}` (*{status['label']}*): "
                                     f"{' '.join(str(status.get('beschrijving', '')).split())}"
                                     for status in statuses),
    }


def refuse_inside_content_root(folder: Path) -> None:
    """A new knowledge base never lands inside another one (its docs/, cases/ or anywhere)."""
    try:
        project = Project.discover(folder.resolve().parent)
    except WijkwijzerError:
        return
    raise InsideContentRoot(str(folder), str(project.root))


def _template(name: str, tokens: dict[str, str]) -> str:
    text = (STARTER / name).read_text(encoding="utf-8")
    for token, value in tokens.items():
        text = text.replace(f"@@{token}@@", value)
    return text


def starter_files(site_name: str, organisation: str | None, package_source: str | None,
                  repository: str | None = None) -> dict[str, str]:
    """Every file of a new knowledge base, by its path relative to the folder."""
    # JSON strings are YAML scalars: a name with a colon or quote stays one value.
    yaml_tokens = {"SITE_NAME": json.dumps(site_name, ensure_ascii=False),
                   "ORGANISATION": json.dumps(organisation or site_name, ensure_ascii=False),
                   "ADDRESSES": _addresses(repository)}
    files = {f"schema/{name}": (STARTER / "schema" / name).read_text(encoding="utf-8")
             for name in VOCABULARY_FILES}
    files["mkdocs.yml"] = _template("mkdocs.yml", yaml_tokens)
    files["docs/index.md"] = _template("docs/index.md", {"SITE_NAME": " ".join(site_name.split())})
    statuses = yaml.safe_load(files["schema/controle.yml"])
    text_tokens = _guide_tokens(" ".join(site_name.split()), " ".join((organisation or site_name).split()),
                                repository, package_source, statuses)
    for guide in GUIDES:
        files[guide] = _template(f"kennisbank/{guide}", text_tokens)
    files[CONTRIBUTING_PAGE] = (STARTER / CONTRIBUTING_PAGE).read_text(encoding="utf-8")
    # The pip requirement in a double-quoted YAML-and-shell string.
    requirement = package_requirement(package_source).replace("\\", "").replace('"', "")
    for workflow in ("check.yml", "publish.yml"):
        files[f".github/workflows/{workflow}"] = _template(f"workflows/{workflow}", {"PACKAGE": requirement})
    files[".gitignore"] = GITIGNORE
    return files


def init_knowledge_base(folder: Path, site_name: str, organisation: str | None = None,
                        package_source: str | None = None, repository: str | None = None) -> list[str]:
    """Write a new knowledge base into `folder` (new or empty, outside any knowledge base);
    return the paths written. `repository`: its address on GitHub, for the editor and links."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(str(folder))
    refuse_inside_content_root(folder)
    files = starter_files(site_name, organisation, package_source, repository)
    try:
        for path, text in files.items():
            target = folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        (folder / "cases").mkdir(exist_ok=True)
        # The example case and the JSON Schema for editors, from the vocabularies just written.
        generated = generate_docs(load_vocabularies(folder / "schema"))
        for path in (EXAMPLE_CASE, JSON_SCHEMA):
            (folder / path).write_text(generated[path], encoding="utf-8", newline="\n")
        (folder / EXAMPLE_IN_CASES).write_text(generated[EXAMPLE_CASE], encoding="utf-8", newline="\n")
    except OSError as error:
        raise WijkwijzerError(f"de kennisbank kon niet worden aangemaakt in {folder}: "
                              f"{error.strerror or error}") from None
    return sorted([*files, EXAMPLE_CASE, JSON_SCHEMA, EXAMPLE_IN_CASES])
