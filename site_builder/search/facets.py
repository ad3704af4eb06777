"""Which cases hold each facet value (building block, carrier, step, province, theme), per segment.

Used by `searcher.py` for the filters and the counts to narrow down with. The
answer is in the facet fields' postings, 30,000 of them at 5,000 cases, and
reading those was 35 ms of every `wijkwijzer search` (a new process each
time). A segment never changes once written (a deletion only marks documents,
see below), so its answer is kept in a small JSON file next to it, named as a
file of that segment (`<segment id>.facetten.json`): Whoosh removes it with
the segment (`whoosh.index.clean_files` after each commit, `index._clear` on a
rebuild). Reading it costs 3 ms; a segment without one (new, or the file
unreadable) is read from its postings and the file written for the next search.

Deleted documents are left out when a file is written, and the caller
intersects with the documents that are live now, so documents deleted later
drop out too. `tests/test_search.py` holds searches answered from these files
to searches answered from the postings.
"""

from __future__ import annotations

from pathlib import Path

from .freshness import read_json, write_json
from .postings import segment_postings

FILE_SUFFIX = ".facetten.json"


def facet_documents(searcher, fieldnames, folder: Path | None) -> dict[str, dict[str, list[int]]]:
    """{field: {value: documents numbered as in the searcher}} for the fields, deleted
    documents possibly among them (see above). Without a folder nothing is remembered."""
    found: dict[str, dict[str, list[int]]] = {name: {} for name in fieldnames}
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        for name, values in _segment_facets(reader, fieldnames, folder).items():
            for value, docs in values.items():
                found[name].setdefault(value, []).extend(map(offset.__add__, docs) if offset else docs)
    # In the index's term order (by their bytes), as Whoosh lists a field's terms.
    return {name: dict(sorted(values.items(), key=lambda item: item[0].encode("utf-8")))
            for name, values in found.items()}


def _segment_facets(reader, fieldnames, folder: Path | None) -> dict[str, dict[str, list[int]]]:
    path = folder / f"{reader.segment().segment_id()}{FILE_SUFFIX}" if folder is not None else None
    if path is not None:
        stored = read_json(path)
        if _valid(stored, reader, fieldnames):
            return stored["fields"]
    facets = {name: {value: segment_postings(reader, name, value, weights=False)[0]
                     for value in reader.field_terms(name)}
              for name in fieldnames}
    if path is not None:
        try:
            write_json(path, {"documents": reader.doc_count_all(), "fields": facets})
        except OSError:
            pass  # a shortcut only (and Whoosh may just have removed the segment)
    return facets


def _valid(stored, reader, fieldnames) -> bool:
    """A file for this segment that answers for every field (anything else is read anew)."""
    return (isinstance(stored, dict) and stored.get("documents") == reader.doc_count_all()
            and isinstance(stored.get("fields"), dict) and set(stored["fields"]) >= set(fieldnames)
            and all(isinstance(values, dict) and all(isinstance(docs, list) for docs in values.values())
                    for values in stored["fields"].values()))
