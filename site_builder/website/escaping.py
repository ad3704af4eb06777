"""Safe text for generated Markdown: front-matter strings are data, never markup.

Every string from a case's front matter passes through `md_text` before it is
put in a generated page, so a title like `<script>` or `[x](javascript:...)`
shows as literal text. (The rendered HTML of generated pages is sanitised
again afterwards; see sanitize.py. Two independent layers, on purpose.)
"""

from __future__ import annotations

import functools
import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~^-])")


def md_text(value: object) -> str:
    """Escape text for inline use in Markdown (HTML entities, then Markdown syntax)."""
    return _escaped_for_markdown(str(value))


# The same few thousand titles, places and labels are placed on many pages (a case's
# title on its own page, on its building blocks' pages, in lists of related cases):
# at 5,000 synthetic cases, 334,000 calls per build for 9,400 different strings.
@functools.lru_cache(maxsize=100_000)
def _escaped_for_markdown(text: str) -> str:
    text = " ".join(text.split())  # no newlines: one logical line
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


def html_text(value: object) -> str:
    """Escape text for use inside raw HTML that we write ourselves."""
    return html.escape(" ".join(str(value).split()), quote=True)


def plain_title(value: object) -> str:
    """A title that is safe as page metadata in any theme template.

    Themes put `page.title` into HTML both raw and through Jinja's `striptags`,
    which *unescapes* entities; so neither raw nor escaped text is safe in both.
    Angle brackets and entity-like ampersands are replaced by look-alikes.
    """
    text = " ".join(str(value).split())
    text = re.sub(r"&(?=#?\w+;)", "\uff06", text)
    return text.replace("<", "\u2039").replace(">", "\u203a")

