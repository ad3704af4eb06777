"""The case format as Pydantic models.

Front-matter keys are Dutch (contributors write them), attribute names are
English (code reads them); `Field(alias=...)` joins the two. Field
descriptions are Dutch because they are generated into the contributors'
schema reference. Vocabulary membership is checked against the vocabularies
passed in the validation context, so adding a term needs no code change.

Custom errors use the diagnostic code as their error type, so the validator
can turn any Pydantic error into a located `Diagnostic` without guessing.
"""

from __future__ import annotations

import datetime
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from .vocabulary import Vocabularies

FIRST_YEAR = 1900
YEARS_AHEAD = 10


def latest_plausible_year() -> int:
    return datetime.date.today().year + YEARS_AHEAD


def _plausible_year(year: int) -> int:
    if not FIRST_YEAR <= year <= latest_plausible_year():
        raise PydanticCustomError(
            "WW107", "onwaarschijnlijk jaartal {year} (verwacht {first} tot en met {last})",
            {"year": year, "first": FIRST_YEAR, "last": latest_plausible_year()})
    return year


Year = Annotated[StrictInt, AfterValidator(_plausible_year)]


def _http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError(
            "WW108", "url '{url}' moet beginnen met http:// of https://", {"url": url})
    return url


def _page_as_text(value: object) -> object:
    # `pagina: 19` is as natural to write as `pagina: "19"`; both mean page 19.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _vocabulary_term(kind: str, code: str, noun: str):
    """An item validator that checks membership of one vocabulary."""

    def check(value: str, info: ValidationInfo) -> str:
        vocabularies: Vocabularies | None = (info.context or {}).get("vocabularies")
        if vocabularies is None:
            return value
        vocabulary = vocabularies.by_kind(kind)
        entry = vocabulary.resolve(value)
        if entry is None:
            suggestion = vocabulary.suggest(value)
            raise PydanticCustomError(
                code, "onbekende {noun} '{value}'",
                {"noun": noun, "value": value, "suggestion": suggestion})
        # Provinces are stored by their official label (Friesland -> Fryslân);
        # tag-like terms by their id.
        return entry.label if kind == "provincies" else entry.id

    return AfterValidator(check)


def _unique(items: list) -> list:
    seen = set()
    for index, item in enumerate(items):
        key = item.casefold() if isinstance(item, str) else item
        if key in seen:
            raise PydanticCustomError(
                "WW105", "'{value}' staat dubbel in de lijst", {"value": item, "index": index})
        seen.add(key)
    return items


Text = Annotated[str, Field(min_length=1, max_length=300)]
BuildingBlockId = Annotated[str, _vocabulary_term("bouwstenen", "WW201", "bouwsteen")]
CarrierId = Annotated[str, _vocabulary_term("dragers", "WW202", "drager")]
StepId = Annotated[str, _vocabulary_term("stappen", "WW203", "stap")]
ProvinceName = Annotated[str, _vocabulary_term("provincies", "WW204", "provincie")]
RoleId = Annotated[str, _vocabulary_term("rollen", "WW205", "rol")]
Theme = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(str.lower)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True,
                              str_strip_whitespace=True, frozen=True)


class Period(_Strict):
    """The years the approach ran; no end year means it is still running."""

    start: Year = Field(description="Beginjaar, bijvoorbeeld 2012.")
    end: Year | None = Field(
        default=None, alias="eind",
        description="Eindjaar; laat weg als de aanpak nog loopt (dan toont de site 'lopend').")

    @field_validator("end")
    @classmethod
    def _end_not_before_start(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("start")
        if end is not None and start is not None and end < start:
            raise PydanticCustomError(
                "WW106", "eindjaar {end} ligt vóór beginjaar {start}", {"end": end, "start": start})
        return end

    @property
    def is_running(self) -> bool:
        return self.end is None


class Party(_Strict):
    """An organisation or group that took part."""

    name: Text = Field(alias="naam", description="Naam van de partij, bijvoorbeeld 'Gemeente Roermond'.")
    role: RoleId = Field(alias="rol", description="Rol van de partij, uit schema/rollen.yml.")


class Source(_Strict):
    """A publication that the case's facts come from."""

    title: Text = Field(alias="titel", description="Titel van de publicatie.")
    authors: Text | None = Field(default=None, alias="auteurs",
                                 description="Auteurs, bijvoorbeeld 'M. Uyterlinde, N. Gastkemper'.")
    publisher: Text | None = Field(default=None, alias="uitgever", description="Uitgever of organisatie.")
    year: Year | None = Field(default=None, alias="jaar", description="Jaar van verschijnen.")
    page: Annotated[str | None, BeforeValidator(_page_as_text),
                    Field(default=None, min_length=1, max_length=40)] = Field(
        default=None, alias="pagina",
        description="Pagina of paginabereik waar het feit staat, bijvoorbeeld \"19-23\".")
    url: Annotated[str, Field(max_length=2000), AfterValidator(_http_url)] | None = Field(
        default=None, description="Webadres van de bron; alleen http:// of https://.")


class Case(_Strict):
    """The front matter of one case file (`cases/<slug>.md`)."""

    title: Text = Field(alias="titel", description="Naam van de casus, meestal de wijk of het programma.")
    municipality: Text = Field(alias="gemeente", description="Gemeente waar de aanpak speelt.")
    neighbourhood: Text = Field(alias="wijk", description="Wijk, buurt of gebied.")
    province: ProvinceName = Field(
        alias="provincie", description="Een van de twaalf provincies (Fryslân of Friesland mag allebei).")
    period: Period | None = Field(
        default=None, alias="periode",
        description="Looptijd als `{start: 2012, eind: 2024}`; laat weg als de bronnen geen jaren noemen.")
    summary: Annotated[str, Field(min_length=1, max_length=1200)] = Field(
        alias="samenvatting", description="Korte samenvatting in gewone tekst (een tot drie zinnen).")
    building_blocks: Annotated[list[BuildingBlockId], Field(min_length=1), AfterValidator(_unique)] = Field(
        alias="bouwstenen", description="Bouwstenen die de casus laat zien; minstens één, uit schema/bouwstenen.yml.")
    carriers: Annotated[list[CarrierId], AfterValidator(_unique)] = Field(
        default_factory=list, alias="dragers", description="Dragers (aardgasvrije, veilige, gezonde wijk), uit schema/dragers.yml.")
    steps: Annotated[list[StepId], AfterValidator(_unique)] = Field(
        default_factory=list, alias="stappen", description="Stappen uit het essay die de casus illustreert, uit schema/stappen.yml.")
    themes: Annotated[list[Theme], AfterValidator(_unique)] = Field(
        default_factory=list, alias="themas", description="Vrije trefwoorden, bijvoorbeeld 'ondermijning' of 'energietransitie'.")
    parties: list[Party] = Field(
        default_factory=list, alias="partijen", description="Betrokken partijen, elk met naam en rol.")
    sources: Annotated[list[Source], Field(min_length=1)] = Field(
        alias="bronnen", description="Bronnen van de feiten in de casus; minstens één, met pagina waar bekend.")


# Front-matter keys of the case and its nested records, for "did you mean" hints.
def known_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]
