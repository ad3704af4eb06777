"""Synthetic case files for benchmarks: a content root with N realistic cases.

`write_synthetic_project(root, n, seed)` copies the real vocabularies in
`schema/` (and `mkdocs.yml` and `docs/` when present, so a site benchmark can
build from the same root) and writes N cases that pass `wijkwijzer check`:
front matter drawn from the vocabularies, a body of about 870 words of
Dutch-like prose in the four recommended sections. The same seed always gives
the same files, so figures from two runs compare like with like.

The word lists below are benchmark data, not knowledge: the vocabulary terms
themselves are read from the copied `schema/`, never hard-coded.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
BODY_WORDS = 870
SECTIONS = ("Aanleiding", "Aanpak", "Bouwstenen in de praktijk", "Lessen")

# A few real municipalities per province, keyed by the province's label.
MUNICIPALITIES = {
    "Groningen": ["Groningen", "Delfzijl", "Veendam", "Stadskanaal", "Pekela"],
    "Fryslân": ["Leeuwarden", "Sneek", "Heerenveen", "Drachten", "Harlingen"],
    "Drenthe": ["Emmen", "Assen", "Hoogeveen", "Meppel", "Coevorden"],
    "Overijssel": ["Enschede", "Zwolle", "Deventer", "Hengelo", "Almelo"],
    "Flevoland": ["Almere", "Lelystad", "Dronten", "Zeewolde"],
    "Gelderland": ["Arnhem", "Nijmegen", "Apeldoorn", "Ede", "Tiel"],
    "Utrecht": ["Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Veenendaal"],
    "Noord-Holland": ["Amsterdam", "Haarlem", "Zaanstad", "Den Helder", "Hilversum"],
    "Zuid-Holland": ["Rotterdam", "Den Haag", "Leiden", "Dordrecht", "Schiedam"],
    "Zeeland": ["Vlissingen", "Middelburg", "Terneuzen", "Goes"],
    "Noord-Brabant": ["Eindhoven", "Tilburg", "Breda", "Helmond", "Oss"],
    "Limburg": ["Heerlen", "Maastricht", "Venlo", "Roermond", "Kerkrade", "Sittard-Geleen"],
}
NEIGHBOURHOOD_PARTS = (["Noord", "Oost", "Zuid", "West", "Oud", "Nieuw", "Hoog", "Laag"],
                       ["veld", "wijk", "hof", "kamp", "dijk", "berg", "haven", "park", "broek", "weide"])
THEMES = ["energietransitie", "ondermijning", "armoede", "schulden", "eenzaamheid", "jeugd",
          "onderwijs", "gezondheid", "veiligheid", "leefbaarheid", "participatie", "wonen",
          "werk", "taal", "groen", "coöperatie", "zorg", "sport", "cultuur", "mobiliteit"]

SUBJECTS = ["de gemeente", "bewoners", "de corporatie", "wijkprofessionals", "de politie",
            "het wijkteam", "de wethouder", "de stuurgroep", "jongeren", "ouderen",
            "de procesleider", "het bewonersplatform", "scholen", "huisartsen",
            "de buurtcoöperatie", "ondernemers", "de provincie", "het Rijk"]
VERBS = ["organiseerden", "versterkten", "onderzochten", "bespraken", "financierden",
         "verbeterden", "ondersteunden", "brachten samen", "ontwikkelden", "evalueerden",
         "vernieuwden", "begeleidden", "maakten zichtbaar", "hielden vast aan", "verbonden"]
OBJECTS = ["de leefbaarheid", "het vertrouwen", "de wijkagenda", "een gezamenlijke visie",
           "het onderwijs", "de gezondheid van kinderen", "de woningvoorraad", "de openbare ruimte",
           "de schuldhulp", "het buurthuis", "de energietransitie", "de veiligheid op straat",
           "de taalvaardigheid", "de samenwerking", "de sociale samenhang", "het groen"]
TAILS = ["in de wijk", "met de buurt", "voor langere tijd", "na een lange aanloop",
         "samen met partners", "zonder vaste einddatum", "op kleine schaal", "stap voor stap",
         "in nauw overleg met bewoners", "met steun van het bestuur", "ondanks tegenslag"]
CONNECTORS = ["Daarna", "Tegelijk", "Bovendien", "Toch", "Vervolgens", "Intussen",
              "Daarom", "Ook", "Uiteindelijk", "Eerst"]
ADJECTIVES = ["gezonde", "veilige", "sterke", "nieuwe", "kwetsbare", "levendige", "groene",
              "betaalbare", "duurzame", "lokale", "brede", "stevige"]
COMPOUND_HEADS = ["wijk", "buurt", "huur", "energie", "zorg", "school", "jeugd", "speel",
                  "werk", "taal", "schuld", "groen", "bewoners", "straat", "sport", "cultuur"]
COMPOUND_TAILS = ["aanpak", "team", "plan", "budget", "huis", "tafel", "netwerk", "programma",
                  "agenda", "coach", "centrum", "overleg", "fonds", "punt", "tuin", "raad"]


def _vocabulary_ids(schema_dir: Path, kind: str, key: str = "id") -> list[str]:
    return [entry[key] for entry in yaml.safe_load((schema_dir / f"{kind}.yml").read_text("utf-8"))]


def _sentence(rng: random.Random) -> str:
    """One plausible sentence: subject, verb, object, sometimes a compound noun and a tail."""
    words = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)]
    if rng.random() < 0.6:
        compound = rng.choice(COMPOUND_HEADS) + rng.choice(COMPOUND_TAILS)
        words.append(f"via het {rng.choice(ADJECTIVES)} {compound}")
    if rng.random() < 0.7:
        words.append(rng.choice(TAILS))
    if rng.random() < 0.3:
        words.insert(0, rng.choice(CONNECTORS).lower())
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _section_text(rng: random.Random, words: int) -> str:
    paragraphs, paragraph, count = [], [], 0
    while count < words:
        sentence = _sentence(rng)
        paragraph.append(sentence)
        count += len(sentence.split())
        if len(paragraph) >= rng.randint(4, 7):
            paragraphs.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        paragraphs.append(" ".join(paragraph))
    return "\n\n".join(paragraphs)


def synthetic_case(rng: random.Random, number: int, vocab: dict[str, list[str]]) -> tuple[str, str]:
    """One case as (slug, file text)."""
    province = rng.choice(vocab["provincies"])
    municipality = rng.choice(MUNICIPALITIES.get(province) or ["Testdorp"])
    neighbourhood = rng.choice(NEIGHBOURHOOD_PARTS[0]) + rng.choice(NEIGHBOURHOOD_PARTS[1])
    front = {
        "titel": f"{neighbourhood} in {municipality}",
        "gemeente": municipality,
        "wijk": neighbourhood,
        "provincie": province,
        "samenvatting": " ".join(_sentence(rng) for _ in range(2)),
        "bouwstenen": rng.sample(vocab["bouwstenen"], rng.randint(1, 4)),
        "dragers": rng.sample(vocab["dragers"], rng.randint(0, 2)),
        "stappen": rng.sample(vocab["stappen"], rng.randint(0, 3)),
        "themas": rng.sample(THEMES, rng.randint(0, 4)),
        "partijen": [{"naam": f"{label} {municipality}", "rol": role}
                     for label, role in (("Gemeente", "gemeente"), ("Woonstichting", "corporatie"))
                     if role in vocab["rollen"]],
        "bronnen": [{"titel": f"Evaluatie wijkaanpak {neighbourhood}", "jaar": rng.randint(2010, 2024),
                     "pagina": str(rng.randint(1, 80))}],
    }
    shape = rng.random()
    if shape < 0.6:
        start = rng.randint(1995, 2022)
        front["periode"] = {"start": start, "eind": min(start + rng.randint(1, 12), 2025)}
    elif shape < 0.85:
        front["periode"] = {"start": rng.randint(2008, 2024)}  # still running
    # else: no period, as when the sources name no years
    per_section = BODY_WORDS // len(SECTIONS)
    body = "\n\n".join(f"## {title}\n\n{_section_text(rng, per_section)}" for title in SECTIONS)
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    slug = f"{neighbourhood.lower()}-{municipality.lower().replace(' ', '-')}-{number:05d}"
    return slug, f"---\n{header}---\n{body}\n"


def write_synthetic_project(root: Path, n: int, seed: int = 0) -> Path:
    """Create a content root under `root` with the real schema and `n` synthetic cases."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO_ROOT / "schema", root / "schema", dirs_exist_ok=True)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):  # the site includes CONTRIBUTING.md
        if (REPO_ROOT / name).is_file():
            shutil.copy2(REPO_ROOT / name, root / name)
    if (REPO_ROOT / "docs").is_dir():
        shutil.copytree(REPO_ROOT / "docs", root / "docs", dirs_exist_ok=True)
    cases_dir = root / "cases"
    if cases_dir.exists():
        shutil.rmtree(cases_dir)
    cases_dir.mkdir()
    vocab = {kind: _vocabulary_ids(root / "schema", kind)
             for kind in ("bouwstenen", "dragers", "stappen", "rollen")}
    vocab["provincies"] = _vocabulary_ids(root / "schema", "provincies", key="label")
    rng = random.Random(seed)
    for number in range(n):
        slug, text = synthetic_case(rng, number, vocab)
        (cases_dir / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser(description="Schrijf een project met synthetische casussen.")
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write_synthetic_project(args.root, args.n, args.seed))
