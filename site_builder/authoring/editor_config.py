"""The web editor at `/beheer/`: Decap CMS, configured from the models and vocabularies.

Members who do not use Git add and improve cases in a form. The form is not
written by hand: every field of `Case` and of the records nested in it (period,
parties, sources, the building blocks, carriers and steps with their evidence)
is read from the models (`content.case_fields`), with the field's description
as help text, and every vocabulary field offers the terms of `schema/*.yml` as
choices. A new field or vocabulary term appears in the form by itself.

Each save is a pull request (Decap's editorial workflow: draft, in review,
ready), which CI checks with `wijkwijzer check` like any other. The backend is
the repository of `repo_url` in mkdocs.yml, on the branch of `edit_uri`.

Decap CMS itself is vendored (`editor/decap-cms.js`, version and SHA-384 below,
checked by `tests/test_editor.py`) and served from the site with its integrity
hash: no CDN, and no request to another host before someone signs in.

`editor_files` is the one entry point: the site's files under `beheer/`, by path.
"""

from __future__ import annotations

import base64
import datetime
import functools
import hashlib
import types
import typing
from importlib import resources
from urllib.parse import urlsplit

import annotated_types
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..content.case_fields import RECORD_NAMES, CaseField, case_fields
from ..content.json_schema import VALUE_CONSTRAINTS
from ..content.models import CASE_KINDS, FIRST_YEAR, GROUNDS, SCALES, Case, latest_plausible_year
from ..content.validate import RECOMMENDED_SECTIONS
from ..content.vocabulary import Vocabularies
from ..errors import EditorError
from .scaffold import SECTION_GUIDANCE

EDITOR_FOLDER = "beheer"
CASES_FOLDER = "cases"

# The vendored Decap CMS: the file dist/decap-cms.js of the npm package decap-cms at
# this version (tarball integrity below, as npm records it), and that file's SHA-384.
# To update: see "Afhankelijkheden bijwerken" in the README.
DECAP_VERSION = "3.16.3"
DECAP_NPM_INTEGRITY = ("sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==")
DECAP_SHA384 = "A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
DECAP_SCRIPT = "decap-cms.js"
DECAP_LICENCE = "LICENSE-decap-cms.txt"

# Fields whose values come from a fixed table in the models rather than a vocabulary
# file: the value as written, and its meaning in Dutch for the choice's label.
FIXED_CHOICES: dict[str, dict[str, str]] = {"soort": CASE_KINDS, "schaal": SCALES, "grond": GROUNDS}

# Labels are the front-matter keys as words ("gepland_eind" -> "Gepland eind"); these
# keys need more than that to read as Dutch.
LABEL_SPELLING = {"themas": "Thema's", "url": "Webadres (url)"}

# Text fields longer than this get a text area instead of a single line.
LONG_TEXT = 300


# --- The form ---------------------------------------------------------------------------

def editor_config(vocabularies: Vocabularies, *, repo_url: str | None, branch: str = "main",
                  site_url: str | None = None, auth_url: str | None = None, backend: dict | None = None,
                  model: type[BaseModel] = Case) -> dict:
    """Decap CMS's configuration: the GitHub backend of `repo_url` (or `backend`, for
    tests: `{"name": "test-repo"}`), the editorial workflow and the collection of cases.

    `auth_url` is the address of the OAuth client that signs members in with the
    publisher's GitHub OAuth app (Decap's `base_url`); without it Decap uses Netlify's.
    """
    if backend is None:
        backend = github_backend(repo_url, branch)
        if backend is not None and auth_url:
            backend["base_url"] = auth_url.rstrip("/")
    config: dict = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "locale": "nl",
        # Decap requires a media folder; case files use no images, so nothing lands here.
        "media_folder": "docs/afbeeldingen",
        "public_folder": "/afbeeldingen",
        # An optional field left empty is left out of the file: `auteurs: ""` or `periode: {}`
        # would be refused by the checker (WW104 and the minimum lengths).
        "omit_empty_optional_fields": True,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [case_collection(vocabularies, model)],
    }
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config


def github_backend(repo_url: str | None, branch: str) -> dict | None:
    """`{"name": "github", "repo": "org/repo", "branch": ...}` for a GitHub address, else None."""
    if not repo_url:
        return None
    parts = urlsplit(repo_url)
    path = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.hostname != "github.com" or len(path) != 2 or not all(path):
        return None
    return {"name": "github", "repo": "/".join(path), "branch": branch,
            # Members without write access work in a fork of their own that Decap makes for
            # them; their save is a pull request from it, checked like any other.
            "open_authoring": True,
            # The editorial workflow's pull requests get Dutch titles and commit messages.
            "commit_messages": {
                "create": "Nieuwe casus: {{slug}}",
                "update": "Casus bijgewerkt: {{slug}}",
                "delete": "Casus verwijderd: {{slug}}",
                "uploadMedia": "Bestand toegevoegd: {{path}}",
                "deleteMedia": "Bestand verwijderd: {{path}}",
                "openAuthoring": "{{message}}",
            }}


def case_collection(vocabularies: Vocabularies, model: type[BaseModel] = Case) -> dict:
    """The collection `casussen` over cases/*.md: the fields of `model` (the front matter,
    in the models' order), then the body."""
    return {
        "name": "casussen",
        "label": "Casussen",
        "label_singular": "Casus",
        "description": ("Elke casus is één bestand in cases/. Opslaan maakt een voorstel (pull request) "
                        "dat automatisch wordt gecontroleerd en daarna door een redacteur gelezen."),
        "folder": CASES_FOLDER,
        "create": True,
        "delete": False,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "titel",
        "slug": "{{slug}}",
        "summary": "{{titel}}",
        "sortable_fields": ["titel"],
        # The preview would show Decap's rendering, not the site's: the pull request's
        # checks and preview show what the site makes of it.
        "editor": {"preview": False},
        "fields": [form_field(field, vocabularies) for field in case_fields(model)] + [body_field()],
    }


def form_field(field: CaseField, vocabularies: Vocabularies) -> dict:
    """One field of the form, from one field of a model."""
    entry: dict = {"name": field.key, "label": label_of(field), "hint": field.description,
                   "required": field.required}
    if field.record is not None:
        nested = [form_field(inner, vocabularies) for inner in case_fields(field.record)]
        if field.is_list:
            first = nested[0]["name"]
            entry.update(widget="list", label_singular=RECORD_NAMES[field.record], fields=nested,
                         summary="{{fields.%s}}" % first, collapsed=False)
        else:
            if not field.required:
                # Decap asks for an optional record's required fields even when the case has
                # no such record (an existing case would not save): the form leaves them
                # optional and the checker asks for them. A required choice starts at its
                # first option (the review record: the first status, which is what a case
                # without the record has anyway).
                for inner in nested:
                    if inner["required"] and inner.get("widget") == "select" and "default" not in inner:
                        inner["default"] = inner["options"][0]["value"]
                    inner["required"] = False
            entry.update(widget="object", fields=nested, collapsed=not field.required)
        return entry
    info = field.model.model_fields[field.name]
    if field.is_list:
        # A list of plain values (the themes): one input per value.
        item = {"name": field.key, "label": label_of(field), "widget": "string"}
        entry.update(widget="list", field=item)
        return entry
    entry.update(scalar_widget(field, info, vocabularies))
    return entry


def scalar_widget(field: CaseField, info: FieldInfo, vocabularies: Vocabularies) -> dict:
    """Widget and limits for one value: a choice, a year or number, a date, or text."""
    if field.vocabulary:
        vocabulary = vocabularies.by_kind(field.vocabulary)
        return {"widget": "select", "options": [
            {"label": entry.label, "value": vocabulary.written_form(entry)} for entry in vocabulary.entries]}
    if field.key in FIXED_CHOICES:
        widget = {"widget": "select", "options": [
            {"label": f"{value}: {meaning}", "value": value} for value, meaning in FIXED_CHOICES[field.key].items()]}
        if isinstance(info.default, str):
            widget["default"] = info.default
        return widget
    value_type = scalar_type(info.annotation)
    bounds = constraints(info)
    if value_type is int:
        widget = {"widget": "number", "value_type": "int"}
        if field.is_year:
            widget.update(min=FIRST_YEAR, max=latest_plausible_year())
        for constraint in bounds:
            if isinstance(constraint, annotated_types.Ge):
                widget["min"] = constraint.ge
            if isinstance(constraint, annotated_types.Le):
                widget["max"] = constraint.le
        return widget
    if value_type is datetime.date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD",
                "time_format": False, "picker_utc": True}
    max_length = next((c.max_length for c in bounds if isinstance(c, annotated_types.MaxLen)), None)
    widget = {"widget": "text" if max_length and max_length > LONG_TEXT else "string"}
    pattern = VALUE_CONSTRAINTS.get((field.model, field.key), {}).get("pattern")
    if pattern:
        widget["pattern"] = [pattern, "Begin met http:// of https://"]
    elif max_length:
        widget["pattern"] = [f"^[\\s\\S]{{0,{max_length}}}$", f"Ten hoogste {max_length} tekens"]
    return widget


def body_field() -> dict:
    """The body: Markdown, written as is (the raw editor keeps `[bron 1, p. 12]` unescaped),
    starting with the recommended sections; what belongs in each is the hint."""
    guidance = " ".join(f"{title}: {SECTION_GUIDANCE[title].format(bouwstenen='de gekozen bouwstenen')}"
                        for title in RECOMMENDED_SECTIONS)
    return {"name": "body", "label": "Tekst", "widget": "markdown", "modes": ["raw"],
            "default": "\n\n".join(f"## {title}\n" for title in RECOMMENDED_SECTIONS),
            "hint": f"Schrijf onder elke kop in eigen woorden. {guidance}"}


def label_of(field: CaseField) -> str:
    if field.key == "id" and field.model in RECORD_NAMES:
        return RECORD_NAMES[field.model]  # "Bouwsteen", "Drager", "Stap"
    return LABEL_SPELLING.get(field.key, field.key.replace("_", " ").capitalize())


def scalar_type(annotation) -> type:
    """The Python type under `Optional`, `Annotated` and `StrictInt`: str, int, date, ..."""
    if typing.get_origin(annotation) is typing.Annotated:
        return scalar_type(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        kinds = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return scalar_type(kinds[0])
    return annotation


def constraints(info: FieldInfo) -> list[object]:
    """The field's annotated-types limits (MaxLen, Ge, Le, ...), wherever Pydantic put them."""
    found = list(info.metadata)

    def walk(annotation) -> None:
        if typing.get_origin(annotation) is typing.Annotated:
            walk(typing.get_args(annotation)[0])
            for item in annotation.__metadata__:
                found.extend(item.metadata if isinstance(item, FieldInfo) else [item])
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            for arg in typing.get_args(annotation):
                walk(arg)

    walk(info.annotation)
    return found


# --- The site's files -------------------------------------------------------------------

@functools.cache
def _template_environment() -> Environment:
    return Environment(loader=PackageLoader("site_builder.authoring", "editor"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True,
                       trim_blocks=True, lstrip_blocks=True)


@functools.cache
def decap_script() -> bytes:
    """The vendored Decap CMS, refused unless it is the file whose SHA-384 is recorded."""
    content = resources.files(__package__).joinpath("editor", DECAP_SCRIPT).read_bytes()
    if sri_hash(content) != f"sha384-{DECAP_SHA384}":
        raise EditorError(f"site_builder/authoring/editor/{DECAP_SCRIPT} is niet Decap CMS {DECAP_VERSION} "
                          "zoals vastgelegd (SHA-384 wijkt af); zet het bestand terug met git")
    return content


def sri_hash(content: bytes) -> str:
    """The Subresource Integrity value of a file: `sha384-<base64>`."""
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def editor_files(vocabularies: Vocabularies, *, repo_url: str | None, branch: str = "main",
                 site_name: str = "WijkWijzer", site_url: str | None = None, auth_url: str | None = None,
                 backend: dict | None = None) -> dict[str, bytes]:
    """Every file of the editor, by its path in the site: `beheer/index.html`,
    `beheer/config.yml`, the script and its licence.

    Without a GitHub repository (and no `backend` given) the page says in Dutch what to
    fill in, and loads no script.
    """
    config = editor_config(vocabularies, repo_url=repo_url, branch=branch, site_url=site_url,
                           auth_url=auth_url, backend=backend)
    configured = config["backend"] is not None
    script = decap_script() if configured else b""
    page = _template_environment().get_template("index.html").render(
        configured=configured, site_name=site_name, script=f"{DECAP_SCRIPT}?v={DECAP_VERSION}",
        integrity=sri_hash(script) if configured else "", repo_url=repo_url)
    files = {f"{EDITOR_FOLDER}/index.html": page.encode()}
    if configured:
        files[f"{EDITOR_FOLDER}/config.yml"] = config_yaml(config).encode()
        files[f"{EDITOR_FOLDER}/{DECAP_SCRIPT}"] = script
        files[f"{EDITOR_FOLDER}/{DECAP_LICENCE}"] = (
            resources.files(__package__).joinpath("editor", DECAP_LICENCE).read_bytes())
    return files


def config_yaml(config: dict) -> str:
    header = ("# Gegenereerd door wijkwijzer uit site_builder/content/models.py en schema/*.yml; "
              "niet met de hand bewerken.\n")
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100)
