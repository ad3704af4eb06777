"""The words a reader sees for a case's themes: content data in ``schema/themas.yml``.

Themes (`themas`) are free keywords, written as slugs (`healthy-aging`, `nplv`) so a
theme is spelled one way in every case and in the open data. A reader sees words: the
label the editors gave a theme in ``schema/themas.yml``, else the slug with spaces for
its hyphens ('sociaal-domein' -> 'sociaal domein'). Only themes whose slug does not read
as words (an abbreviation, an English term, a proper name) need a line in the file; a
content root without the file shows every theme the plain way.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import VocabularyError
from .project_files import link_out_of_project, outside_message
from .vocabulary import SAFE_LOADER

THEMES_FILE = "themas.yml"
_SLUG = re.compile(r"[a-z0-9à-ÿ]+(?:-[a-z0-9à-ÿ]+)*")
MAX_LABEL_LENGTH = 100


def theme_label(theme: str, labels: dict[str, str]) -> str:
    """'healthy-aging' -> 'gezond ouder worden' (from the file), 'sociaal-domein' -> 'sociaal domein'."""
    return labels.get(theme) or theme.replace("-", " ")


def load_theme_labels(schema_dir: Path) -> dict[str, str]:
    """Read ``schema/themas.yml`` (lines `slug: label`); {} when the content root has none."""
    path = schema_dir / THEMES_FILE
    if not path.exists():
        return {}
    try:
        outside = link_out_of_project(path, schema_dir.parent)
        if outside is not None:  # never read through a link out of the project
            raise VocabularyError(f"{path}: {outside_message(path, outside)}")
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise VocabularyError(f"{path}: kan de namen van de thema's niet lezen: {error}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise VocabularyError(f"{path}: moet bestaan uit regels 'thema: woorden', "
                              "bijvoorbeeld 'healthy-aging: gezond ouder worden'")
    for theme, label in data.items():
        if not isinstance(theme, str) or not _SLUG.fullmatch(theme):
            raise VocabularyError(f"{path}: '{theme}' is geen thema zoals een casus het schrijft "
                                  "(kleine letters, cijfers en koppeltekens)")
        if not isinstance(label, str) or not label.strip() or len(label) > MAX_LABEL_LENGTH:
            raise VocabularyError(f"{path}: de woorden bij thema '{theme}' ontbreken of zijn langer "
                                  f"dan {MAX_LABEL_LENGTH} tekens")
    return {theme: label.strip() for theme, label in data.items()}
