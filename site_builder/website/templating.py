"""The Jinja2 environment that renders generated pages from `templates/`.

Python computes values (view objects, numbers, SVG coordinates); the templates
place them. Autoescaping is on for every template, Markdown ones included:
a value lands in HTML escaped, and the `md` filter escapes it for Markdown text
(escaping.md_text). Every value is placed as one line (whitespace folded),
except `Markup` a renderer made on purpose (a case's Markdown body, front matter).
Links go through the page's `links` helper (urls.Links), never spelled in a template.
"""

from __future__ import annotations

import json
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..content.wording import count_text, plural
from .escaping import md_text, plain_title
from .urls import Links, Target


def one_line(value: object) -> object:
    """Fold whitespace in text; leave Markup and numbers as they are."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return " ".join(value.split())
    return value


def markdown(value: object) -> Markup:
    """Text for Markdown: HTML entities escaped, Markdown syntax neutralised."""
    return Markup(md_text(value))


def front_matter(title: str, **meta: object) -> Markup:
    """YAML meta for MkDocs; the title is neutralised for theme templates.

    Values are written as JSON, which YAML reads as flow scalars and lists:
    correctly escaped, and much cheaper than a YAML dump for thousands of pages.
    """
    data = {"title": plain_title(title), **meta}
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in data.items()]
    return Markup("---\n" + "\n".join(lines) + "\n---\n")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("site_builder.website", "templates"),
        autoescape=True, undefined=StrictUndefined, finalize=one_line,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown
    env.globals.update(front_matter=front_matter, count_text=count_text, plural=plural)
    return env


def render(template: str, here: Target, **context: object) -> str:
    """Render `template` as the page `here`; links in it are relative to that page."""
    return environment().get_template(template).render(links=Links(here), here=here, **context)
