"""Related cases: the fast grouping gives exactly what scoring every pair gives."""

from __future__ import annotations

import random

from site_builder.content.catalog import CaseRecord, load_catalog
from site_builder.content.models import Case
from site_builder.derive.related import brute_force_related, related_cases, relatedness_key, updated_related


def random_records(vocabularies, n: int, seed: int) -> list[CaseRecord]:
    rng = random.Random(seed)
    blocks, carriers = vocabularies.building_blocks.ids, vocabularies.carriers.ids
    themes = [f"thema-{i}" for i in range(12)]
    records = []
    for number in range(n):
        case = Case.model_validate({
            "titel": f"Casus {number}", "gemeente": "G", "wijk": "W", "provincie": "Limburg",
            "samenvatting": "S", "bronnen": [{"titel": "B"}],
            "bouwstenen": rng.sample(blocks, rng.randint(1, 3)),
            "dragers": rng.sample(carriers, rng.randint(0, 2)),
            "themas": rng.sample(themes, rng.randint(0, 2)),
        }, context={"vocabularies": vocabularies})
        records.append(CaseRecord(f"casus-{number:03d}", f"cases/casus-{number:03d}.md", case, "", ""))
    return records


def test_bundled_cases_get_the_same_related_cases_as_brute_force(project):
    records = load_catalog(project).cases
    assert related_cases(records) == brute_force_related(records)


def test_random_catalogs_get_the_same_related_cases_as_brute_force(project):
    vocabularies = load_catalog(project).vocabularies
    for seed in range(5):
        records = random_records(vocabularies, 150, seed)
        assert related_cases(records) == brute_force_related(records), seed


def test_related_cases_share_something_and_say_what(project):
    records = load_catalog(project).cases
    for slug, related in related_cases(records).items():
        assert slug not in {item.slug for item in related}
        assert all(item.score > 0 and item.shared for item in related)


def test_related_cases_brought_up_to_date_after_additions_deletions_and_retagging_equal_a_full_ranking(project):
    """The preview updates related cases from the previous save's (derive/related.py)."""
    vocabularies = load_catalog(project).vocabularies
    pool = random_records(vocabularies, 260, seed=11)
    rng = random.Random(3)
    records = pool[:200]
    related, key = related_cases(records), relatedness_key(records)
    for step in range(40):
        records = list(records)
        change = step % 3
        if change == 0:  # a case added
            records.append(pool[200 + step])
        elif change == 1:  # a case deleted (often one that is in other cases' tops)
            records.remove(rng.choice(records))
        else:  # a case re-tagged: another case's terms under its slug
            index = rng.randrange(len(records))
            other = rng.choice(pool)
            records[index] = CaseRecord(records[index].slug, records[index].source_path, other.case, "", "")
        related = updated_related(related, key, records)
        key = relatedness_key(records)
        assert related == related_cases(records), step
