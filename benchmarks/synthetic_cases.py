"""Synthetic case files for benchmarks: a content root with N realistic cases.

`write_synthetic_project(root, n, seed)` copies the real vocabularies in
`schema/` (and `mkdocs.yml` and `docs/` when present, so a site benchmark can
build from the same root) and writes N cases that pass `wijkwijzer check`
without errors or warnings: front matter in the current format (every building
block, carrier and step a tag object with `toelichting`, `grond` and, for
`grond: bron`, the source number and page), drawn from the vocabularies, and a
body in the four recommended sections. The same seed always gives the same
files, so figures from two runs compare like with like.

Two kinds of body text:

- without a corpus, about 870 words of generated Dutch-like prose from the word
  lists below (some 150 distinct words, repeated: quick to write, but far
  kinder to a search index than real text);
- with `corpus=PATH` (a plain-text or Markdown file of real Dutch prose, such
  as the essay in `../shared/seeds/`), about 1,400 words per case of real
  sentences drawn from it with the seeded random generator, so that indexing
  and search figures hold for natural vocabulary.

The word lists below are benchmark data, not knowledge: the vocabulary terms
themselves are read from the copied `schema/`, never hard-coded.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
BODY_WORDS = 870
NATURAL_BODY_WORDS = 1400
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


def corpus_sentences(path: Path) -> list[str]:
    """The prose sentences of a Markdown or text file, without markup.

    Headings, tables, HTML and short lines (captions, page numbers) are left
    out; footnote marks (`<sup>1</sup>`), inline tags, emphasis markers and link
    targets are removed, so the cases draw no warning about HTML in the text; a
    paragraph is cut into sentences after '.', '?' or '!' followed by a space.
    """
    sentences = []
    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if len(line) < 80 or line.startswith(("#", "|", "<", ">", "!", "[")):
            continue
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).replace("**", "").replace("*", "")
        line = re.sub(r"<sup>[^<]*</sup>", "", line)
        line = re.sub(r"<[^<>]*>", "", line)
        for sentence in re.split(r"(?<=[.?!])\s+", line):
            if len(sentence.split()) >= 5 and sentence[0].isupper():
                sentences.append(sentence)
    if not sentences:
        raise ValueError(f"{path}: no sentences found")
    return sentences


def _natural_section_text(rng: random.Random, sentences: list[str], words: int) -> str:
    """Paragraphs of consecutive sentences from random places in the corpus."""
    paragraphs, count = [], 0
    while count < words:
        start = rng.randrange(len(sentences))
        paragraph = sentences[start:start + rng.randint(3, 6)]
        paragraphs.append(" ".join(paragraph))
        count += sum(len(sentence.split()) for sentence in paragraph)
    return "\n\n".join(paragraphs)


def _tags(rng: random.Random, ids: list[str], low: int, high: int,
          sentences: list[str] | None) -> list[dict]:
    """Tags as contributors write them now: each explained, on a ground, with its source."""
    tags = []
    for term in rng.sample(ids, rng.randint(low, high)):
        explanation = rng.choice(sentences) if sentences else _sentence(rng)
        tag = {"id": term, "toelichting": explanation[:800]}
        if rng.random() < 0.5:  # the source names the case as an example: say where
            tag.update({"grond": "bron", "bron": 1, "pagina": str(rng.randint(1, 80))})
        else:
            tag["grond"] = "duiding"
        tags.append(tag)
    return tags


def synthetic_case(rng: random.Random, number: int, vocab: dict[str, list[str]],
                   sentences: list[str] | None = None) -> tuple[str, str]:
    """One case as (slug, file text); with `sentences`, its body and tag explanations
    are drawn from them."""
    province = rng.choice(vocab["provincies"])
    municipality = rng.choice(MUNICIPALITIES.get(province) or ["Testdorp"])
    neighbourhood = rng.choice(NEIGHBOURHOOD_PARTS[0]) + rng.choice(NEIGHBOURHOOD_PARTS[1])
    front = {
        "titel": f"{neighbourhood} in {municipality}",
        "gemeente": municipality,
        "wijk": neighbourhood,
        "provincie": province,
        "samenvatting": " ".join(_sentence(rng) for _ in range(2)),
        "bouwstenen": _tags(rng, vocab["bouwstenen"], 1, 4, sentences),
        "dragers": _tags(rng, vocab["dragers"], 0, 2, sentences),
        "stappen": _tags(rng, vocab["stappen"], 0, 3, sentences),
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
    if sentences:
        per_section = NATURAL_BODY_WORDS // len(SECTIONS)
        sections = [_natural_section_text(rng, sentences, per_section) for _ in SECTIONS]
    else:
        per_section = BODY_WORDS // len(SECTIONS)
        sections = [_section_text(rng, per_section) for _ in SECTIONS]
    body = "\n\n".join(f"## {title}\n\n{text}" for title, text in zip(SECTIONS, sections))
    header = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    slug = f"{neighbourhood.lower()}-{municipality.lower().replace(' ', '-')}-{number:05d}"
    return slug, f"---\n{header}---\n{body}\n"


def write_synthetic_project(root: Path, n: int, seed: int = 0, corpus: Path | None = None) -> Path:
    """Create a content root under `root` with the real schema and `n` synthetic cases.

    With `corpus`, the bodies are real sentences from that file (see the module docstring).
    """
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
    sentences = corpus_sentences(corpus) if corpus else None
    for number in range(n):
        slug, text = synthetic_case(rng, number, vocab, sentences)
        (cases_dir / f"{slug}.md").write_text(text, encoding="utf-8")
    return root


if __name__ == "__main__":  # pragma: no cover
    import argparse

    parser = argparse.ArgumentParser(description="Schrijf een project met synthetische casussen.")
    parser.add_argument("root", type=Path)
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, help="tekstbestand met echte Nederlandse zinnen")
    args = parser.parse_args()
    print(write_synthetic_project(args.root, args.n, args.seed, args.corpus))
