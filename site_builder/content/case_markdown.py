"""The Markdown dialect of case bodies: which extensions, and how headings get ids.

Case bodies come from strangers, so they are rendered with an allow-list of
extensions that neither read files nor set attributes: no `attr_list` (ids,
classes and `onclick=` from `{: ...}`), no `pymdownx.snippets` (any file of the
project pasted into the page), no `md_in_html`. Knowledge pages in docs/ are
written by maintainers and keep the extensions of mkdocs.yml.

The validate stage renders a body with it (markdown_text.py, rendered_body.py) to
find what the build would refuse. The engines render case pages in the site's own
dialect (mkdocs.yml), with the heading slug of this module (engine_config.py):
`check` refuses in a case body what the site's dialect would turn into markup or an
include (attribute lists, snippets, raw HTML that is not plain), and the sanitise
stage cleans the written pages whatever reached them (website/sanitize.py). Case
text shown on another page (a lesson on a building block's page) is rendered in this
dialect by the render stage itself (website/case_text.py) and reaches the engine as
HTML, never as Markdown for the site's dialect.
"""

from __future__ import annotations

import re

import markdown
from markdown.extensions.toc import slugify

# Extensions for case pages, in the site's order. Anything not named here is off.
CASE_EXTENSIONS = ("admonition", "def_list", "tables", "toc", "pymdownx.details")

# A heading id on a case page: what `heading_slug` makes, plus toc's `_1` for repeats.
HEADING_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:_[0-9]+)?\Z")
# Ids the theme and the site's scripts look up: Material's `__config`, `__search`
# ... and the site's own `ww-` hooks. A heading never gets one of these.
RESERVED_ID_PREFIXES = ("_", "ww-", "md-")
HEADING_FALLBACK = "kop"


def heading_slug(value: str, separator: str) -> str:
    """Python-Markdown's slug, kept clear of ids the theme and scripts rely on."""
    slug = slugify(value, separator).strip("_-")
    slug = "-".join(part for part in re.split(r"[-_]+", slug) if part)  # no `__` or `_1` look-alikes
    if not slug:
        return HEADING_FALLBACK
    if slug.startswith(RESERVED_ID_PREFIXES):
        return f"{HEADING_FALLBACK}-{slug}"
    return slug


def is_heading_id(value: str) -> bool:
    return bool(HEADING_ID.match(value)) and not value.startswith(RESERVED_ID_PREFIXES)


def case_extension_configs(site_configs: dict | None = None) -> dict:
    """The configs for CASE_EXTENSIONS: the site's own (permalink wording...), with
    our heading slug; configs of extensions that are off are dropped."""
    site_configs = site_configs or {}
    configs = {name: dict(site_configs.get(name) or {}) for name in CASE_EXTENSIONS}
    configs["toc"]["slugify"] = heading_slug
    return {name: config for name, config in configs.items() if config}


def case_markdown(site_configs: dict | None = None) -> markdown.Markdown:
    """A Markdown converter for one case body (converters are not thread-safe: one each)."""
    return markdown.Markdown(extensions=list(CASE_EXTENSIONS),
                             extension_configs=case_extension_configs(site_configs))
