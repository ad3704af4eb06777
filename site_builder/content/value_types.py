"""The value types of the case format: plausible years, web addresses, dates, pages,
vocabulary terms (checked against the vocabularies in the validation context) and the
bound on every list. `models.py` builds the records from them.

Custom errors use the diagnostic code as their error type (see models.py).
"""

from __future__ import annotations

import datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StrictInt, ValidationInfo
from pydantic_core import PydanticCustomError

from .vocabulary import KIND_BY_NAME, Vocabularies
from .wording import dutch_date

FIRST_YEAR = 1900
YEARS_AHEAD = 10


def latest_plausible_year() -> int:
    return datetime.date.today().year + YEARS_AHEAD


def plausible_year(year: int) -> int:
    if not FIRST_YEAR <= year <= latest_plausible_year():
        raise PydanticCustomError(
            "WW107", "onwaarschijnlijk jaartal {year} (verwacht {first} tot en met {last})",
            {"year": year, "first": FIRST_YEAR, "last": latest_plausible_year()})
    return year


Year = Annotated[StrictInt, AfterValidator(plausible_year)]


def http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError(
            "WW108", "url '{url}' moet beginnen met http:// of https://", {"url": url})
    return url


def not_in_future(day: datetime.date) -> datetime.date:
    if day > datetime.date.today():
        raise PydanticCustomError("WW116", "datum {date} ligt in de toekomst", {"date": dutch_date(day)})
    return day


def page_as_text(value: object) -> object:
    # `pagina: 19` is as natural to write as `pagina: "19"`; both mean page 19.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def vocabulary_term(kind: str):
    """An item validator that checks membership of one vocabulary kind."""
    described = KIND_BY_NAME[kind]

    def check(value: str, info: ValidationInfo) -> str:
        vocabularies: Vocabularies | None = (info.context or {}).get("vocabularies")
        if vocabularies is None:
            return value
        vocabulary = vocabularies.by_kind(kind)
        entry = vocabulary.resolve(value)
        if entry is None:
            suggestion = vocabulary.suggest(value)
            raise PydanticCustomError(
                described.rule_code, "onbekende {noun} '{value}'",
                {"noun": described.singular, "value": value, "suggestion": suggestion})
        # Provinces are stored by their official label (Friesland -> Fryslân);
        # tag-like terms by their id.
        return vocabulary.written_form(entry)

    return AfterValidator(check)


def unique_values(items: list) -> list:
    seen = set()
    for index, item in enumerate(items):
        key = item.casefold() if isinstance(item, str) else item
        if key in seen:
            raise PydanticCustomError(
                "WW105", "'{value}' staat dubbel in de lijst", {"value": item, "index": index})
        seen.add(key)
    return items


# No list in a case needs more entries than this; longer ones are refused (WW109).
LIST_LIMIT = 100

Text = Annotated[str, Field(min_length=1, max_length=300)]
BuildingBlockId = Annotated[str, vocabulary_term("bouwstenen")]
CarrierId = Annotated[str, vocabulary_term("dragers")]
StepId = Annotated[str, vocabulary_term("stappen")]
ProvinceName = Annotated[str, vocabulary_term("provincies")]
RoleId = Annotated[str, vocabulary_term("rollen")]
ReviewStatusId = Annotated[str, vocabulary_term("controle")]
Theme = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(str.lower)]
