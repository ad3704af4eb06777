"""Diagnostics as data: every problem in a case file is a `Diagnostic` value.

All rule codes live in `RULES`, the one registry. The checker collects
diagnostics for every file and the CLI formats them in one place
(``path:line:col: CODE message``). Creating a diagnostic with an unregistered
code raises immediately: an undocumented code is a bug.
"""

from __future__ import annotations

import enum
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .control_characters import printable


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str
    explanation: str


def _rules(*rules: Rule) -> dict[str, Rule]:
    registry = {}
    for rule in rules:
        if rule.code in registry:
            raise ValueError(f"rule code {rule.code} registered twice")
        registry[rule.code] = rule
    return registry


E, W = Severity.ERROR, Severity.WARNING

# The registry. Codes are stable: never renumber or reuse one.
# WW0xx: the file itself; WW1xx: the front-matter fields; WW2xx: the
# vocabularies; WW3xx: the Markdown body.
RULES: dict[str, Rule] = _rules(
    Rule("WW001", E, "Bestand te groot",
         "Een casusbestand mag niet groter zijn dan de maximale grootte (1 MB). "
         "Een casus is tekst; zet grote bijlagen elders en verwijs ernaar."),
    Rule("WW002", E, "Geen geldige UTF-8",
         "Het bestand moet in UTF-8 zijn opgeslagen. Sla het opnieuw op als UTF-8 "
         "(in de meeste editors: 'Opslaan als' en dan codering UTF-8)."),
    Rule("WW003", E, "Symbolische link naar buiten het project",
         "Een casusbestand mag geen symbolische link zijn die buiten de projectmap wijst."),
    Rule("WW004", E, "Ongeldige bestandsnaam",
         "De bestandsnaam is de slug van de casus: alleen kleine letters, cijfers en "
         "koppeltekens, eindigend op .md, bijvoorbeeld `donderberg-roermond.md`."),
    Rule("WW005", E, "Leeg bestand",
         "Het bestand is leeg. Begin met het gegevensblok: de velden tussen twee regels `---`."),
    Rule("WW006", E, "Geen gegevensblok",
         "Het bestand moet beginnen met een regel `---`, dan de gegevens (YAML) en "
         "weer een regel `---`."),
    Rule("WW007", E, "Gegevensblok niet afgesloten",
         "Na de gegevens ontbreekt de afsluitende regel `---`."),
    Rule("WW008", E, "YAML-syntaxfout",
         "Het gegevensblok (de velden tussen de twee regels `---`) is geen geldige YAML. Let op inspringing, dubbele punten "
         "en aanhalingstekens."),
    Rule("WW009", E, "Gegevensblok is geen lijst van velden",
         "Het gegevensblok moet bestaan uit regels `veld: waarde`."),
    Rule("WW010", E, "YAML-tag niet toegestaan",
         "Tags als `!!python/object` worden nooit uitgevoerd. Gebruik gewone tekst, "
         "getallen en lijsten."),
    Rule("WW011", E, "YAML-anker of -verwijzing niet toegestaan",
         "Ankers (`&naam`) en verwijzingen (`*naam`) zijn niet toegestaan; schrijf de "
         "waarde gewoon uit. Zo kan een bestand niet exploderen in omvang."),
    Rule("WW012", E, "Veld dubbel opgegeven",
         "Hetzelfde veld staat twee keer in het gegevensblok; houd er één."),
    Rule("WW013", E, "Gegevensblok te diep genest",
         "Het gegevensblok is dieper genest dan een casus ooit nodig heeft."),
    Rule("WW014", E, "Bestand niet leesbaar",
         "Het bestand kon niet gelezen worden (bestaat het, en is het een gewoon bestand?)."),
    Rule("WW015", E, "Casus op een plek die niet gelezen wordt",
         "Alleen bestanden direct in `cases/` met de extensie `.md` (kleine letters) zijn casussen. "
         "Een bestand in een submap of met een andere extensie (`.MD`, `.markdown`) zou stil "
         "worden overgeslagen; zet het direct in `cases/` als `naam.md`."),
    Rule("WW016", E, "Bestandsnaam gereserveerd",
         "Sommige namen zijn pagina's van de site zelf, zoals `index` (het overzicht van alle "
         "casussen). Een casus met zo'n naam zou die pagina vervangen; kies een andere naam."),
    Rule("WW017", W, "Voorbeeldcasus ongewijzigd",
         "Dit bestand is nog precies de voorbeeldcasus (`schema/voorbeeld-casus.md`) die "
         "`wijkwijzer init` in `cases/` zette. Vervang hem door je eerste echte casus of haal hem "
         "weg: de publicatieworkflow van een nieuwe kennisbank publiceert niet zolang hij er staat."),
    Rule("WW101", E, "Verplicht veld ontbreekt",
         "Verplichte velden: titel, gemeente, wijk, provincie, samenvatting, "
         "bouwstenen en bronnen (en binnen een bron: titel)."),
    Rule("WW102", E, "Onbekend veld",
         "Dit veld bestaat niet in het casusformaat. Controleer de spelling; zie "
         "de schemareferentie voor alle velden."),
    Rule("WW103", E, "Verkeerd type",
         "De waarde heeft de verkeerde vorm, bijvoorbeeld tekst waar een lijst of "
         "een jaartal verwacht wordt."),
    Rule("WW104", E, "Lege waarde",
         "Een verplichte tekst of lijst is leeg. Vul hem in of laat een optioneel veld weg."),
    Rule("WW105", E, "Dubbele waarde in lijst",
         "Elke waarde mag maar één keer in de lijst staan."),
    Rule("WW106", E, "Einde vóór begin",
         "Het (geplande) eindjaar van de periode ligt vóór het beginjaar."),
    Rule("WW107", E, "Onwaarschijnlijk jaartal",
         "Jaartallen liggen tussen 1900 en tien jaar na dit jaar."),
    Rule("WW108", E, "Ongeldige url",
         "Een url moet beginnen met http:// of https:// en een domein hebben."),
    Rule("WW109", E, "Tekst te lang",
         "De tekst is langer dan toegestaan voor dit veld."),
    Rule("WW110", W, "Toelichting of grond ontbreekt",
         "Een bouwsteen, drager of stap op een casus is een bewering. Schrijf bij elk "
         "ervan in eigen woorden hoe de casus het laat zien (`toelichting`) en op welke "
         "grond (`grond: bron` als de bron de casus zelf als voorbeeld noemt, met `bron:` "
         "het nummer van die bron; `grond: duiding` als het de lezing van de redactie is). "
         "Een kale id blijft geldig, maar de site kan er niets over uitleggen."),
    Rule("WW111", E, "Onbekende grond",
         "De grond van een bouwsteen, drager of stap is `bron` of `duiding`."),
    Rule("WW112", E, "Bron ontbreekt bij grond 'bron'",
         "Bij `grond: bron` hoort `bron:` met het nummer van de bron in `bronnen` "
         "(1 is de eerste), en waar bekend `pagina:`."),
    Rule("WW113", E, "Bronnummer bestaat niet",
         "Het nummer bij `bron:` (of in een verwijzing `[bron 2]` in de tekst) moet "
         "verwijzen naar een bron in de lijst `bronnen`; 1 is de eerste."),
    Rule("WW114", E, "Onbekende schaal of soort",
         "`schaal` is wijk, gemeente, regio of landelijk; `soort` is praktijkvoorbeeld "
         "of themacasus."),
    Rule("WW115", E, "Plaats past niet bij de schaal",
         "Bij schaal `wijk` horen gemeente, wijk en provincie; bij `gemeente` gemeente en "
         "provincie. Een landelijke aanpak noemt geen gemeente, wijk of provincie: de site "
         "toont hem apart als landelijk."),
    Rule("WW116", E, "Onmogelijke datum",
         "Een datum bij een bron (`datum`, `geraadpleegd`) ligt niet in de toekomst, valt "
         "in het jaar bij `jaar`, en een bron is niet geraadpleegd vóór hij verscheen. "
         "Schrijf een datum als JJJJ-MM-DD."),
    Rule("WW117", W, "Webbron zonder adres of leesdatum",
         "Een webbron noemt zijn adres (`url`) en de datum waarop de redactie hem las "
         "(`geraadpleegd`, JJJJ-MM-DD): een pagina kan later veranderen of verdwijnen, en de "
         "datum zegt welke versie de casus beschrijft. De controle waarschuwt bij `geraadpleegd` "
         "zonder `url`, en bij een `url` zonder `geraadpleegd`, behalve bij een bron van vóór 2019 "
         "(de bronnen uit 2017 en 2018 waarmee de kennisbank begon, zijn op papier gelezen)."),
    Rule("WW118", W, "Webbron zonder uitgever of datum",
         "Een webbron noemt wie hem publiceert (`uitgever`: de gemeente, het ministerie, de "
         "corporatie of de krant) en wanneer hij verscheen (`datum`, JJJJ-MM-DD, of `jaar` als "
         "de pagina alleen een jaar of maand noemt): zo ziet een lezer hoe oud een feit is, en "
         "zegt de casuspagina wanneer de informatie mogelijk verouderd is. Noemt een pagina "
         "geen datum (een projectsite, een pagina 'over ons'), zoek dan een gedateerde bron die "
         "hetzelfde zegt, zoals een nieuwsbericht of raadsstuk van dezelfde uitgever."),
    Rule("WW120", E, "Te veel waarden",
         "Een lijst in het gegevensblok heeft hoogstens 100 waarden en een groep hoogstens 50 "
         "velden; meer heeft een casus nooit nodig, en zo blijft de controle snel en de "
         "uitvoer leesbaar."),
    Rule("WW121", E, "Stuurteken in tekst",
         "Tekstvelden en de tekst van een casus mogen geen onzichtbare stuurtekens bevatten "
         "(zoals NUL, ESC of tekens die de schrijfrichting omkeren); ze breken de feed en de "
         "terminal. Alleen tab en regeleinde zijn toegestaan. Typ de tekst opnieuw of plak hem "
         "als platte tekst."),
    Rule("WW122", E, "Getal in YAML 1.1-vorm",
         "Waarden als `12:14`, `012`, `0x1A`, `0b1` of `1_000` leest YAML als een ander getal "
         "(`12:14` wordt 734). Zet zo'n waarde tussen aanhalingstekens (`pagina: \"12:14\"`) of "
         "schrijf een gewoon getal."),
    Rule("WW123", E, "Niet-teken in tekst",
         "Tekstvelden en de tekst van een casus mogen geen Unicode-niet-tekens bevatten "
         "(U+FFFE, U+FFFF, U+FDD0 tot en met U+FDEF en de laatste twee tekens van elk vlak). "
         "Het zijn geen letters of tekens; XML verbiedt U+FFFE en U+FFFF, dus één ervan in een "
         "titel breekt de feed. Ze komen meestal mee bij kopiëren uit een kapot bestand: typ "
         "de tekst opnieuw of plak hem als platte tekst."),
    Rule("WW124", E, "Controledatum in de toekomst",
         "De datum bij `controle` is de dag waarop de casus gecontroleerd werd; die ligt niet in de "
         "toekomst. Schrijf hem als JJJJ-MM-DD."),
    Rule("WW125", E, "Controle zonder controleur of datum",
         "Een status die zegt dat iemand de casus las (zoals `gecontroleerd`) noemt wie dat deed "
         "(`door`: een naam of een rol, bijvoorbeeld 'Redactie WijkWijzer') en wanneer (`datum`, "
         "JJJJ-MM-DD). Welke statussen dat vragen, staat in schema/controle.yml."),
    Rule("WW201", E, "Onbekende bouwsteen",
         "Gebruik een van de zeven bouwstenen uit schema/bouwstenen.yml."),
    Rule("WW202", E, "Onbekende drager",
         "Gebruik een van de dragers uit schema/dragers.yml."),
    Rule("WW203", E, "Onbekende stap",
         "Gebruik een van de vijf stappen uit schema/stappen.yml."),
    Rule("WW204", E, "Onbekende provincie",
         "Gebruik een van de twaalf provincies (Fryslân en Friesland worden beide herkend)."),
    Rule("WW205", E, "Onbekende rol",
         "Gebruik een van de rollen uit schema/rollen.yml."),
    Rule("WW206", E, "Onbekende controlestatus",
         "Gebruik een van de statussen uit schema/controle.yml, bijvoorbeeld `concept` of `gecontroleerd`."),
    Rule("WW301", E, "Lege tekst",
         "Onder het gegevensblok moet de beschrijving van de casus staan."),
    Rule("WW302", E, "Script in de tekst",
         "`<script>` is niet toegestaan in een casus; de site verwijdert het altijd."),
    Rule("WW303", E, "Event-handler in HTML",
         "HTML-attributen als `onclick=` of `onerror=` zijn niet toegestaan."),
    Rule("WW304", E, "javascript:-link",
         "Links moeten naar http(s)-adressen of andere pagina's wijzen, nooit naar `javascript:`."),
    Rule("WW305", W, "HTML in de tekst",
         "Gebruik Markdown in plaats van HTML; de site laat alleen veilige opmaak door."),
    Rule("WW330", E, "Link naar een onvolledig adres",
         "Links en afbeeldingen in een casus wijzen naar een volledig adres (`https://...`) "
         "of naar een kop in de casus zelf (`#kop`). Een verwijzing naar een bestand of pagina "
         "van de site (`andere-casus.md`, `/over/`) werkt vanuit een casus niet, en de site "
         "wordt dan niet gebouwd."),
    Rule("WW331", E, "Bestand invoegen niet toegestaan",
         "Regels als `--8<-- \"bestand\"` (ook `-8<-`) voegen op kennispagina's een bestand in; "
         "in een casus kan dat niet. Schrijf de tekst zelf uit of link naar de bron."),
    Rule("WW332", E, "Attributenlijst niet ondersteund",
         "Een attributenlijst als `{: #id .klasse }`, `{#id}` of `{woord}` werkt in een casus "
         "niet, waar hij ook staat: achter een kop of alinea, midden in een regel achter een link "
         "of nadruk, of in de toelichting bij een bouwsteen, drager of stap (hij zou als tekst "
         "verschijnen). Koppen krijgen vanzelf een anker. In code (`zo`) is hij gewoon tekst."),
    Rule("WW333", E, "Te veel koppen",
         "Een casus heeft hoogstens 200 koppen; daarboven wordt de inhoudsopgave onbruikbaar "
         "en de site traag."),
    Rule("WW334", E, "Te diep genest",
         "Citaten (`>`), lijsten en inspringing (een opmerking of uitklapblok binnen een ander) "
         "zijn samen hoogstens 10 niveaus diep genest."),
    Rule("WW335", E, "Te lange reeks haken of opmaaktekens",
         "Hoogstens 20 haken `[` tegelijk open binnen een alinea, en hoogstens 20 keer `*`, "
         "`_` of `~` achter elkaar (een scheidingslijn als `***` mag altijd). Langere reeksen "
         "betekenen niets en maken het verwerken traag."),
    Rule("WW336", E, "HTML niet afgesloten",
         "Elke HTML-tag sluit binnen 1.000 tekens met `>` en elk commentaar `<!--` binnen "
         "10.000 tekens met `-->`."),
    Rule("WW337", E, "Tekst te lang",
         "De tekst heeft hoogstens 5.000 regels van elk hoogstens 5.000 tekens. Breek lange "
         "regels af (een witregel scheidt alinea's)."),
    Rule("WW338", E, "Alinea te vol",
         "Een alinea (de tekst tussen twee witregels) heeft hoogstens 100 opmaakelementen: "
         "links, bronverwijzingen als `[bron 1]`, nadruk (`*`, `_`), code (`` ` ``), HTML-tags, "
         "entiteiten (`&amp;`), escapes (`\\`), regeleinden en kopjes. Meer maakt het verwerken "
         "van de alinea kwadratisch traag. Splits de alinea met een witregel tussen twee zinnen; "
         "zet een lange lijst of tabel in delen onder eigen tussenkopjes."),
    Rule("WW339", E, "Afbeelding of media van een andere site",
         "Een casus laadt niets van een andere site: geen afbeelding (`![x](https://...)`), "
         "video, geluid, frame, lettertype of stijlblad met een adres op een andere host "
         "(`https://...`, `http://...` of `//host/...`), en geen `style=` dat er een laadt. Elke "
         "bezoeker zou die host aanroepen (een volgpixel op een publieke site). Zet er een link "
         "naar, `[beschrijving](https://...)`: links naar andere sites mogen wel."),
    Rule("WW310", W, "Aanbevolen sectie ontbreekt",
         "Een goede casus heeft de secties Aanleiding, Aanpak en Lessen (als `## Kop`)."),
    Rule("WW311", W, "Tekst nog niet geschreven",
         "Er staat nog een regel met NOG TE SCHRIJVEN: voorbeeldtekst van "
         "`wijkwijzer new` of van de voorbeeldcasus. Vervang die door je eigen tekst; "
         "zolang hij er staat, telt de sectie niet mee voor het kwaliteitsniveau."),
    Rule("WW320", W, "Geen bronverwijzingen in de tekst",
         "Een casus met meer dan één bron zegt in de tekst waar elke bewering vandaan komt: "
         "zet na een alinea een verwijzing als `[bron 1, p. 14]` of `[bron 2]` (het nummer "
         "in `bronnen`), of meer in één keer: `[bron 2; bron 3, p. 5]`. De site maakt er een "
         "link naar elke bron van."),
    Rule("WW321", W, "Sectie zonder bron",
         "De secties Verloop en resultaten, Wat werkte, Context en voorwaarden en "
         "Overdraagbaarheid worden alleen geschreven uit een bron: zet na elke alinea een "
         "verwijzing als `[bron 2, p. 4]`. Zegt geen bron er iets over, laat de sectie dan weg."),
)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located problem in one file."""

    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.code not in RULES:
            raise KeyError(f"unregistered diagnostic code {self.code!r}")

    @property
    def severity(self) -> Severity:
        return RULES[self.code].severity

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_text(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def help(self) -> str:
        """What to do: this problem's own hint ("bedoelde je 'lange-adem'?"), else its rule's
        explanation."""
        return self.hint or RULES[self.code].explanation

    def as_dict(self) -> dict:
        """For tools (`check --format json`): `hint` always says what to do."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.help,
        }

    def as_github(self) -> str:
        """A workflow command; its data and property values escaped as the runner expects."""
        message = f"{self.code} {self.message}" + (f" ({self.hint})" if self.hint else "")
        kind = "error" if self.is_error else "warning"
        return (f"::{kind} file={_github_property(self.path)},line={self.line},col={self.col},"
                f"title={_github_property(self.code)}::{_github_data(message)}")


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def relative_display_path(path: Path, root: Path) -> str:
    """The path as a contributor sees it: relative to the project root when inside it."""
    # Path.relative_to is lexical; for a path under the root spelled the same way the
    # string's tail is the same answer, without parsing a path per case file.
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(prefix) and os.sep == "/":
        return text[len(prefix):]
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def format_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> str:
    """Render diagnostics as ``text``, ``json`` or ``github`` workflow commands."""
    if fmt == "json":
        return json.dumps([d.as_dict() for d in diagnostics], ensure_ascii=False, indent=2)
    if fmt == "github":
        return "\n".join(d.as_github() for d in diagnostics)
    # Paths and messages quote the file: a terminal sees its escapes spelled out.
    return "\n".join(printable(d.as_text()) for d in diagnostics)
