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
import re
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


# What a YAML reader refuses to read (PyYAML's non-printable characters) or reads as a line
# break (NEL, U+2028, U+2029), beyond the control characters JSON escapes already: one in a
# page's meta and the engine drops the whole meta, and with it the page's sanitise marker.
# Written as a `\uXXXX` escape, which JSON and YAML both read back as the character.
YAML_UNREADABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def yaml_json(value: object) -> str:
    """A value as JSON that every YAML reader takes as it is."""
    return YAML_UNREADABLE.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(value, ensure_ascii=False))


def front_matter(title: str, **meta: object) -> Markup:
    """YAML meta for MkDocs; the title is neutralised for theme templates.

    Values are written as JSON, which YAML reads as flow scalars and lists:
    correctly escaped, and much cheaper than a YAML dump for thousands of pages.
    """
    data = {"title": plain_title(title), **meta}
    lines = [f"{key}: {yaml_json(value)}" for key, value in data.items()]
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
