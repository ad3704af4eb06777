"""What is indexed of a case: one Whoosh document per valid case record.

Used by `index.py` for full rebuilds and incremental updates. The searched
text is the body as the site renders it (`content.markdown_text.plain_text`),
so headings, entities, tables and admonitions read as words, never as markup;
the same plain text is stored to cut snippets from. Rendering Markdown is the
costly part, so a large rebuild prepares documents in parallel processes:
forked, so they inherit the records instead of receiving them pickled, and
sending back batches whose postings they have gathered (`bulk.gather_batch`).
"""

from __future__ import annotations

import os
from typing import Iterable, Iterator

from ..content.catalog import CaseRecord
from ..content.markdown_text import plain_text
from ..content.vocabulary import Vocabularies, fold
from .analysis import count_for_index
from .bulk import DocumentBatch, gather_batch
from .schema import ALL_PAIRS, ALL_TEXT, NO_YEAR, THEME_FIELD

# From this many cases a rebuild prepares documents in parallel processes
# (their start-up costs more than it saves below this).
PARALLEL_FROM = 400
MAX_PROCESSES = 4
# Records a worker prepares in one go: few enough that the writer starts early, many
# enough that joining the batches' postings stays cheap.
BATCH_SIZE = 200


def _first_year(case) -> int:
    return case.period.start if case.period is not None and case.period.start is not None else NO_YEAR


def _last_known_year(case) -> int:
    """The last year the sources show the approach active: its end if they give one,
    else the year the information describes. Never "now": the sources do not say that."""
    if case.period is None or case.period.start is None:
        return NO_YEAR
    return case.period.end or case.information_year or case.period.start


def case_document(record: CaseRecord, vocabularies: Vocabularies) -> dict:
    """The fields of one case, ready for `writer.add_document(**document)`."""
    case = record.case
    province = vocabularies.provinces.resolve(case.province) if case.province else None
    body = plain_text(record.body)
    places = [place for place in (case.municipality, case.neighbourhood, case.province) if place]
    labels = " . ".join([*places, *case.themes])
    everything = "\n".join([case.title, labels, case.summary, body])
    text_words, text_pairs = count_for_index(everything)
    title_words, title_pairs = count_for_index(case.title)
    label_words, label_pairs = count_for_index(labels)
    card = {
        "titel": case.title, "gemeente": case.municipality, "wijk": case.neighbourhood,
        "provincie": case.province, "samenvatting": case.summary,
        "bouwstenen": list(case.building_blocks), "dragers": list(case.carriers),
        "stappen": list(case.steps), "themas": list(case.themes),
        "periode": [case.period.start, case.period.end] if case.period and case.period.start else None,
    }
    return {
        "slug": record.slug, "content_hash": record.content_hash,
        "titel_sorteer": fold(case.title), "kaart": card,
        "periode_start": _first_year(case),
        "periode_eind": _last_known_year(case),
        "body": body,
        # Counted here, in the worker process: a third of the data to send back, and
        # what the index writers take (see schema.AnalysedText).
        ALL_TEXT: text_words, "titel": title_words, "kenmerken": label_words,
        ALL_PAIRS: text_pairs, "titel_paren": title_pairs, "kenmerken_paren": label_pairs,
        # Facets are lists of whole terms: Whoosh indexes a list as given.
        "facet_bouwsteen": list(case.building_blocks),
        "facet_drager": list(case.carriers),
        "facet_stap": list(case.steps),
        "facet_provincie": [province.id] if province else [],
        THEME_FIELD: [fold(theme) for theme in case.themes],
    }


def case_documents(records: Iterable[CaseRecord], vocabularies: Vocabularies) -> Iterator[dict]:
    """The documents of the records, in order; in parallel processes for many records."""
    records = list(records)
    if _serial(records):
        yield from _prepared(records, vocabularies)
        return
    for documents in _in_workers((records, vocabularies, 0, frozenset()), _documents_of, _ranges(len(records))):
        yield from documents


def document_batches(records: Iterable[CaseRecord], vocabularies: Vocabularies, first_docnum: int,
                     gathered: frozenset[str]) -> Iterator[DocumentBatch]:
    """The documents of the records in batches, numbered from `first_docnum` on, with the
    postings of the `gathered` fields gathered (for `BulkSegmentWriter.add_batch`)."""
    records = list(records)
    if _serial(records):
        yield gather_batch(_prepared(records, vocabularies), first_docnum, gathered)
        return
    task = (records, vocabularies, first_docnum, gathered)
    yield from _in_workers(task, _batch_of, _ranges(len(records)))


def _serial(records: list) -> bool:
    return len(records) < PARALLEL_FROM or _processes() < 2


def _processes() -> int:
    return min(os.cpu_count() or 1, MAX_PROCESSES)


def _ranges(count: int) -> list[tuple[int, int]]:
    size = max(1, min(BATCH_SIZE, count // (_processes() * 4)))
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def _prepared(records: list[CaseRecord], vocabularies: Vocabularies) -> list[dict]:
    return [case_document(record, vocabularies) for record in records]


# What a worker process of `_in_workers` prepares; set in the worker only.
_WORKER_TASK: tuple[list[CaseRecord], Vocabularies, int, frozenset[str]] | None = None


def _start_worker(task) -> None:
    """First thing in each forked worker: the task comes from the memory it shares with
    the parent (never pickled), and what it inherited is frozen, so its garbage
    collector never walks those objects (as `content.catalog`'s check workers do)."""
    import gc

    global _WORKER_TASK
    _WORKER_TASK = task
    gc.freeze()


def _documents_of(start: int, stop: int) -> list[dict]:
    records, vocabularies, _first_docnum, _gathered = _WORKER_TASK
    return _prepared(records[start:stop], vocabularies)


def _batch_of(start: int, stop: int) -> DocumentBatch:
    records, vocabularies, first_docnum, gathered = _WORKER_TASK
    return gather_batch(_prepared(records[start:stop], vocabularies), first_docnum + start, gathered)


def _in_workers(task, work, ranges: list[tuple[int, int]]) -> Iterator:
    import concurrent.futures
    import multiprocessing

    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(_processes(), mp_context=context, initializer=_start_worker,
                                                initargs=(task,)) as pool:
        yield from pool.map(work, *zip(*ranges))
