"""/overzicht/matrix/: every case against every building block and carrier, with totals.

Python decides the cells (member or not, column empty or not) and the totals;
`templates/overviews/matrix.md` writes the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import urls
from ..site_context import SiteContext
from ..templating import render
from ..views import CaseView, TermView, by_title, term_views

MATRIX = urls.page("overzicht/matrix.md")
# The vocabulary kinds that are columns, in order.
COLUMN_KINDS = ("bouwstenen", "dragers")


@dataclass(frozen=True)
class Column:
    term: TermView
    total: int  # cases that have the term

    @property
    def empty(self) -> bool:
        return self.total == 0


@dataclass(frozen=True)
class Row:
    case: CaseView
    cells: tuple[bool, ...]  # membership per column

    @property
    def total(self) -> int:
        return sum(self.cells)


def render_matrix_page(site: SiteContext) -> str:
    """Cases (rows) against every building block and carrier (columns), with totals."""
    cases = by_title(list(site.views.values()))
    groups = [term_views(site.catalog.vocabularies.by_kind(kind)) for kind in COLUMN_KINDS]
    terms = [term for group in groups for term in group]
    rows = [Row(case, tuple(term.id in {tag.term.id for tag in case.tags[term.kind]} for term in terms)) for case in cases]
    columns = [Column(term, sum(row.cells[n] for row in rows)) for n, term in enumerate(terms)]
    return render("overviews/matrix.md", MATRIX, cases=cases, rows=rows, columns=columns,
                  groups=[(group[0].noun.heading, len(group)) for group in groups if group],
                  empty=[column.term for column in columns if column.empty],
                  kind_indexes={kind: urls.kind_index(kind) for kind in COLUMN_KINDS})
