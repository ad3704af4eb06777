"""The known sections of a case body: one table that every stage reads.

Writers use exactly these headings (`## Wat werkte`), in this order. The table says
which sections `wijkwijzer check` recommends (WW310, and the quality level
`beschreven`), which may only be written from a cited source (WW321), which the
compare page shows side by side (their text is in `cases.json` under `secties`),
and what `wijkwijzer new` asks a contributor to write in each.
"""

from __future__ import annotations

from dataclasses import dataclass


CITE = "Zet na elke alinea waar het staat, met het nummer van de bron in 'bronnen', bijvoorbeeld [bron 1, p. 12]."
OPTIONAL = "Optioneel: zegt geen bron hier iets over, verwijder dan deze sectie."


@dataclass(frozen=True)
class CaseSection:
    title: str  # the heading as writers type it, after "## "
    key: str  # its name in the open data (`secties.<key>`): lower case, underscores
    purpose: str  # Dutch: what belongs in it (the schema reference and `wijkwijzer new`)
    advice: str = ""  # Dutch: how to write it, added to the purpose by `wijkwijzer new`
    recommended: bool = False  # WW310 warns when it is missing
    needs_citation: bool = False  # never written without a source: WW321 warns without a reference
    compared: bool = False  # a row of its own on the compare page

    @property
    def guidance(self) -> str:
        """What `wijkwijzer new` writes under the heading; `{bouwstenen}` names the chosen blocks."""
        return " ".join(part for part in (self.purpose, self.advice) if part)


KNOWN_SECTIONS: tuple[CaseSection, ...] = (
    CaseSection("Aanleiding", "aanleiding",
                "waarom begon de aanpak? Welke signalen, cijfers of gebeurtenissen maakten hem urgent?",
                CITE, recommended=True),
    CaseSection("Aanpak", "aanpak",
                "wie deden mee, hoe werkten ze samen en wat gebeurde er, in welke volgorde?",
                "Hoe {bouwstenen} terugkomen, schrijf je bij elke bouwsteen in het gegevensblok "
                "(toelichting en grond).", recommended=True),
    CaseSection("Verloop en resultaten", "verloop_en_resultaten",
                "wat gebeurde er na de start, met jaartal? Welke resultaten of evaluaties noemen de "
                "bronnen, met hun cijfers precies zoals de bron ze geeft?",
                f"{CITE} {OPTIONAL}", needs_citation=True, compared=True),
    CaseSection("Wat werkte", "wat_werkte",
                "de werkzame elementen zoals de bronnen ze noemen: wat maakte dat de aanpak werkte?",
                f"Geen eigen oordeel; alleen wat een bron zegt. {CITE} {OPTIONAL}",
                needs_citation=True, compared=True),
    CaseSection("Context en voorwaarden", "context_en_voorwaarden",
                "in welke omstandigheden speelde de aanpak, en wat had hij nodig (geld, mensen, "
                "bestuurlijke steun, tijd)?",
                f"{CITE} {OPTIONAL}", needs_citation=True, compared=True),
    CaseSection("Overdraagbaarheid", "overdraagbaarheid",
                "wat moet een lezer elders afwegen voor hij de aanpak overneemt: wat hing af van deze "
                "plek, deze partijen of dit moment?",
                f"{CITE} {OPTIONAL}", needs_citation=True, compared=True),
    CaseSection("Lessen", "lessen",
                "wat werkte, wat niet, en wat kunnen andere wijken hiervan leren?",
                "Eén les per opsommingsteken: de site zet ze ook op de pagina's van de bouwstenen.",
                recommended=True),
    CaseSection("Wat de bronnen niet vertellen", "wat_de_bronnen_niet_vertellen",
                "wat een lezer zou willen weten maar geen bron zegt: jaren, partijen, geld, resultaten.",
                "Optioneel."),
)

RECOMMENDED_SECTIONS: tuple[str, ...] = tuple(section.title for section in KNOWN_SECTIONS if section.recommended)
COMPARED_SECTIONS: tuple[CaseSection, ...] = tuple(section for section in KNOWN_SECTIONS if section.compared)
CITED_SECTIONS: tuple[CaseSection, ...] = tuple(section for section in KNOWN_SECTIONS if section.needs_citation)
