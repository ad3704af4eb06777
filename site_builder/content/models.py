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

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .value_types import (
    LIST_LIMIT,
    BuildingBlockId,
    CarrierId,
    ProvinceName,
    ReviewStatusId,
    RoleId,
    StepId,
    Text,
    Theme,
    Year,
    http_url,
    not_in_future,
    page_as_text,
    unique_values,
)
from .vocabulary import Vocabularies
from .wording import dutch_date

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True,
                              str_strip_whitespace=True, frozen=True)


class Period(_Strict):
    """The years of the approach, as the sources give them, and the year they describe.

    No field claims that an approach is running now: an end the sources do not give
    is unknown, and `stand` (or the newest dated source) says how old the information is.
    """

    start: Year | None = Field(default=None, description="Beginjaar, zoals een bron het noemt, bijvoorbeeld 2012.")
    end: Year | None = Field(
        default=None, alias="eind",
        description="Jaar waarin de aanpak volgens een bron is afgelopen; laat weg als geen bron dat zegt.")
    planned_end: Year | None = Field(
        default=None, alias="gepland_eind",
        description="Gepland eindjaar, als een bron een einde of een geplande looptijd noemt (licht het toe in de tekst).")
    status_year: Year | None = Field(
        default=None, alias="stand",
        description="Het jaar dat de informatie beschrijft, meestal het jaar van de nieuwste bron; "
                    "laat weg om het jaar van de nieuwste bron met een jaartal te gebruiken.")

    @model_validator(mode="after")
    def _years_in_order(self) -> "Period":
        if self.start is None and self.end is None and self.planned_end is None and self.status_year is None:
            raise PydanticCustomError("WW104", "veld 'periode' is leeg", {})
        if self.start is not None:
            for key, year in (("eind", self.end), ("gepland_eind", self.planned_end)):
                if year is not None and year < self.start:
                    raise PydanticCustomError(
                        "WW106", "{what} {year} ligt vóór beginjaar {start}",
                        {"what": {"eind": "eindjaar", "gepland_eind": "gepland eindjaar"}[key],
                         "year": year, "start": self.start})
        return self


class Party(_Strict):
    """An organisation or group that took part."""

    name: Text = Field(alias="naam", description="Naam van de partij, bijvoorbeeld 'Gemeente Roermond'.")
    role: RoleId = Field(alias="rol", description="Rol van de partij, uit schema/rollen.yml.")


class Source(_Strict):
    """A publication that the case's facts come from."""

    title: Text = Field(alias="titel", description="Titel van de publicatie.")
    authors: Text | None = Field(default=None, alias="auteurs",
                                 description="Auteurs, bijvoorbeeld 'M. Uyterlinde, N. Gastkemper'.")
    publisher: Text | None = Field(default=None, alias="uitgever",
                             description="Uitgever of organisatie; hoort bij elke bron met een url.")
    year: Year | None = Field(default=None, alias="jaar", description="Jaar van verschijnen.")
    page: Annotated[str, BeforeValidator(page_as_text), Field(min_length=1, max_length=40)] | None = Field(
        default=None, alias="pagina",
        description="Pagina of paginabereik waar het feit staat, bijvoorbeeld \"19-23\".")
    url: Annotated[str, Field(max_length=2000), AfterValidator(http_url)] | None = Field(
        default=None, description="Webadres van de bron; alleen http:// of https://.")
    date: Annotated[datetime.date, AfterValidator(not_in_future)] | None = Field(
        default=None, alias="datum",
        description="Datum van verschijnen als de bron die noemt, als JJJJ-MM-DD (bijvoorbeeld 2023-05-12); "
                    "een bron met een url noemt `datum` of `jaar`.")
    read_on: Annotated[datetime.date, AfterValidator(not_in_future)] | None = Field(
        default=None, alias="geraadpleegd",
        description="Datum waarop de redactie een webbron las, als JJJJ-MM-DD; hoort bij elke bron met een url.")

    @property
    def published_year(self) -> int | None:
        """The year of publication: `jaar`, else the year of `datum`."""
        return self.year if self.year is not None else self.date.year if self.date else None

    @model_validator(mode="after")
    def _dates_agree(self) -> "Source":
        if self.date is not None and self.year is not None and self.date.year != self.year:
            raise PydanticCustomError(
                "WW116", "datum {date} valt niet in jaar {year}",
                {"date": dutch_date(self.date), "year": self.year})
        if self.date is not None and self.read_on is not None and self.read_on < self.date:
            raise PydanticCustomError(
                "WW116", "geraadpleegd op {read_on}, vóór de datum van verschijnen {date}",
                {"date": dutch_date(self.date), "read_on": dutch_date(self.read_on)})
        return self


def _review_datenot_in_future(day: datetime.date) -> datetime.date:
    if day > datetime.date.today():
        raise PydanticCustomError("WW124", "controledatum {date} ligt in de toekomst", {"date": day.isoformat()})
    return day


class Review(_Strict):
    """The editorial review of a case: its status, who reviewed it and when.

    The statuses are data (schema/controle.yml); a status that says someone read the
    case (`vraagt_door_en_datum`) needs the reviewer and the date (WW125).
    """

    status: ReviewStatusId = Field(
        description="Controlestatus uit schema/controle.yml, bijvoorbeeld 'concept' of 'gecontroleerd'.")
    reviewer: Text | None = Field(
        default=None, alias="door",
        description="Wie de casus controleerde: een naam of een rol, bijvoorbeeld 'Redactie WijkWijzer'; "
                    "verplicht bij 'gecontroleerd'.")
    date: Annotated[datetime.date, AfterValidator(_review_datenot_in_future)] | None = Field(
        default=None, alias="datum",
        description="Datum van de controle, als JJJJ-MM-DD (niet in de toekomst); verplicht bij 'gecontroleerd'.")

    @model_validator(mode="after")
    def _reviewer_and_date(self, info: ValidationInfo) -> "Review":
        vocabularies: Vocabularies | None = (info.context or {}).get("vocabularies")
        entry = vocabularies.review_statuses.resolve(self.status) if vocabularies is not None else None
        if entry is not None and entry.asks_reviewer:
            missing = [key for key, value in (("door", self.reviewer), ("datum", self.date)) if value is None]
            if missing:
                raise PydanticCustomError(
                    "WW125", "status '{status}' zonder {missing}",
                    {"status": self.status, "missing": " en ".join(missing)})
        return self


GROUNDS = {
    "bron": "de bron noemt de casus zelf als voorbeeld",
    "duiding": "de duiding van de redactie",
}


def _known_ground(value: str) -> str:
    if value not in GROUNDS:
        raise PydanticCustomError(
            "WW111", "onbekende grond '{value}' (kies 'bron' of 'duiding')", {"value": value})
    return value


def _bare_id_as_tag(value: object) -> object:
    # `- lange-adem` stays valid (older files); it is a tag without explanation (WW110).
    return {"id": value} if isinstance(value, str) else value


class _Tag(_Strict):
    """A building block, carrier or step a case claims to show: how, and on what ground."""

    explanation: Annotated[str, Field(min_length=1, max_length=800)] | None = Field(
        default=None, alias="toelichting",
        description="In eigen woorden: hoe laat deze casus dit zien? Een tot drie zinnen.")
    ground: Annotated[str, AfterValidator(_known_ground)] | None = Field(
        default=None, alias="grond",
        description="'bron' als de bron de casus zelf als voorbeeld hiervan noemt; "
                    "'duiding' als het de lezing van de redactie is.")
    source: Annotated[StrictInt, Field(ge=1, le=1000)] | None = Field(
        default=None, alias="bron",
        description="Nummer van de bron in 'bronnen' (1 is de eerste); verplicht bij grond 'bron'.")
    page: Annotated[str, BeforeValidator(page_as_text), Field(min_length=1, max_length=40)] | None = Field(
        default=None, alias="pagina", description="Pagina in die bron, bijvoorbeeld \"14\".")

    @property
    def is_explained(self) -> bool:
        return self.explanation is not None and self.ground is not None

    @property
    def is_source_example(self) -> bool:
        return self.ground == "bron"


class BuildingBlockTag(_Tag):
    id: BuildingBlockId = Field(description="Id uit schema/bouwstenen.yml.")


class CarrierTag(_Tag):
    id: CarrierId = Field(description="Id uit schema/dragers.yml.")


class StepTag(_Tag):
    id: StepId = Field(description="Id uit schema/stappen.yml.")


def _unique_ids(tags: list) -> list:
    unique_values([tag.id for tag in tags])
    return tags


def _tags(model: type[_Tag]):
    return Annotated[list[Annotated[model, BeforeValidator(_bare_id_as_tag)]], AfterValidator(_unique_ids)]


SCALES = {
    "wijk": "een wijk of buurt",
    "gemeente": "een gemeente, of meerdere wijken in één gemeente",
    "regio": "meerdere gemeenten in een regio",
    "landelijk": "een landelijk programma of een landelijke regeling",
}
CASE_KINDS = {
    "praktijkvoorbeeld": "één aanpak op één plek of in één programma",
    "themacasus": "een thema waarvoor de bron meerdere plaatsen tegelijk noemt",
}
# Which place fields each scale asks for; `landelijk` names no place at all.
REQUIRED_PLACE = {
    "wijk": ("gemeente", "wijk", "provincie"),
    "gemeente": ("gemeente", "provincie"),
    "regio": (),
    "landelijk": (),
}
FORBIDDEN_PLACE = {"landelijk": ("gemeente", "wijk", "provincie")}


def _one_of(choices: dict[str, str], noun: str):
    def check(value: str) -> str:
        if value not in choices:
            raise PydanticCustomError(
                "WW114", "onbekende {noun} '{value}' (kies uit: {known})",
                {"noun": noun, "value": value, "known": ", ".join(choices)})
        return value
    return AfterValidator(check)


class Case(_Strict):
    """The front matter of one case file (`cases/<slug>.md`)."""

    title: Text = Field(alias="titel", description="Naam van de casus, meestal de wijk of het programma.")
    kind: Annotated[str, _one_of(CASE_KINDS, "soort")] = Field(
        default="praktijkvoorbeeld", alias="soort",
        description="'praktijkvoorbeeld' (standaard) of 'themacasus' als de bron meerdere plaatsen tegelijk noemt.")
    scale: Annotated[str, _one_of(SCALES, "schaal")] = Field(
        default="wijk", alias="schaal",
        description="Schaal van de aanpak: wijk (standaard), gemeente, regio of landelijk.")
    municipality: Text | None = Field(
        default=None, alias="gemeente", description="Gemeente waar de aanpak speelt; verplicht bij schaal wijk en gemeente.")
    neighbourhood: Text | None = Field(
        default=None, alias="wijk", description="Wijk, buurt of gebied; verplicht bij schaal wijk.")
    province: ProvinceName | None = Field(
        default=None, alias="provincie",
        description="Een van de twaalf provincies (Fryslân of Friesland mag allebei); "
                    "verplicht bij schaal wijk en gemeente, niet bij landelijk.")
    period: Period | None = Field(
        default=None, alias="periode",
        description="Jaren van de aanpak en het jaar dat de informatie beschrijft; "
                    "laat weg als de bronnen geen jaren noemen.")
    summary: Annotated[str, Field(min_length=1, max_length=1200)] = Field(
        alias="samenvatting", description="Korte samenvatting in gewone tekst (een tot drie zinnen).")
    building_block_tags: Annotated[_tags(BuildingBlockTag), Field(min_length=1, max_length=LIST_LIMIT)] = Field(
        alias="bouwstenen",
        description="Bouwstenen die de casus laat zien; minstens één, uit schema/bouwstenen.yml, "
                    "elk met toelichting en grond.")
    carrier_tags: Annotated[_tags(CarrierTag), Field(max_length=LIST_LIMIT)] = Field(
        default_factory=list, alias="dragers",
        description="Dragers (aardgasvrije, veilige, gezonde wijk), uit schema/dragers.yml, elk met toelichting en grond.")
    step_tags: Annotated[_tags(StepTag), Field(max_length=LIST_LIMIT)] = Field(
        default_factory=list, alias="stappen",
        description="Stappen uit het essay die de casus illustreert, uit schema/stappen.yml, elk met toelichting en grond.")
    themes: Annotated[list[Theme], Field(max_length=LIST_LIMIT), AfterValidator(unique_values)] = Field(
        default_factory=list, alias="themas", description="Vrije trefwoorden, bijvoorbeeld 'ondermijning' of 'energietransitie'.")
    parties: Annotated[list[Party], Field(max_length=LIST_LIMIT)] = Field(
        default_factory=list, alias="partijen", description="Betrokken partijen, elk met naam en rol.")
    sources: Annotated[list[Source], Field(min_length=1, max_length=LIST_LIMIT)] = Field(
        alias="bronnen", description="Bronnen van de feiten in de casus; minstens één, met pagina waar bekend.")
    review: Review | None = Field(
        default=None, alias="controle",
        description="De controle door de redactie: status, door wie en wanneer. Zonder dit veld is de casus "
                    "een concept (de eerste status in schema/controle.yml).")


    @property
    def building_blocks(self) -> tuple[str, ...]:
        return tuple(tag.id for tag in self.building_block_tags)

    @property
    def carriers(self) -> tuple[str, ...]:
        return tuple(tag.id for tag in self.carrier_tags)

    @property
    def steps(self) -> tuple[str, ...]:
        return tuple(tag.id for tag in self.step_tags)

    def tags(self, kind: str) -> list[_Tag]:
        """The tags of one vocabulary kind ("bouwstenen", "dragers", "stappen") with their evidence."""
        # The tag lists are the fields whose front-matter key is the vocabulary kind.
        return next(getattr(self, name) for name, info in type(self).model_fields.items() if info.alias == kind)

    @property
    def is_national(self) -> bool:
        return self.scale == "landelijk"

    @property
    def information_year(self) -> int | None:
        """The year the information describes: `stand`, else the newest dated source."""
        if self.period is not None and self.period.status_year is not None:
            return self.period.status_year
        years = [source.published_year for source in self.sources if source.published_year is not None]
        return max(years) if years else None


    @property
    def active_years(self) -> tuple[int, int] | None:
        """The one definition of the years the sources show the approach active, both ends
        counted: from `start` to `eind`, or else to the year the information describes
        (never before `start`: a source older than the start year still shows the start).
        None without a start year. The finder, the timeline and the CLI all read this."""
        if self.period is None or self.period.start is None:
            return None
        start = self.period.start
        if self.period.end is not None:
            return start, self.period.end
        return start, max(self.information_year or start, start)


# Front-matter keys of the case and its nested records, for "did you mean" hints.
def known_keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]
