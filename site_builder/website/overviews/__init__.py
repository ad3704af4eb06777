"""Render-pages stage, part two: the whole field at a glance, under /overzicht/.

Runs next to pages.py, from the same `SiteContext`. Three pages, one module each,
drawn at build time with no requests at view time:

  /overzicht/matrix/    cases against the building blocks and carriers (`matrix`);
  /overzicht/tijdlijn/  each programme's period as a bar (`timeline`);
  /overzicht/kaart/     the cases on a map of the provinces (`province_map`, geography.py).

Python computes what each chart shows and where (coordinates); the templates in
`templates/overviews/` write the tables and the inline SVG, built only from
allow-listed elements and attributes (sanitize.py). Every mark carries a text or
a number as well as a shape, so nothing depends on colour.
"""

from __future__ import annotations

from ..pages import GeneratedPage
from ..site_context import SiteContext
from ..views import CaseView
from .matrix import MATRIX, render_matrix_page
from .province_map import MAP, render_map_page
from .timeline import TIMELINE, render_timeline_page


def overview_key(case: CaseView) -> tuple:
    """What the overviews show of a case (no explanations, lessons or sources): the
    preview draws them again only when this changes (tests/test_incremental.py)."""
    return (case.slug, case.title, case.kind, case.scale, case.municipality, case.neighbourhood, case.province,
            case.province_id, case.period_start, case.period_end, case.planned_end, case.information_year,
            case.period, case.themes, tuple((kind, tuple(tag.term.id for tag in tags)) for kind, tags in case.tags.items()))


def generate_overview_pages(site: SiteContext) -> list[GeneratedPage]:
    """The overview pages, in nav order."""
    every_case = (site.settings_key, tuple(site.memory.get(("overview", case.slug), case,
                                                           lambda case=case: overview_key(case))
                                           for case in site.views.values()))
    return [GeneratedPage(target.file, site.memory.get(("page", target.file), every_case, render))
            for target, render in ((MATRIX, lambda: render_matrix_page(site)),
                                   (TIMELINE, lambda: render_timeline_page(site)),
                                   (MAP, lambda: render_map_page(site)))]
