"""Render-pages stage, part two: the whole field at a glance, under /overzicht/.

Runs inside the MkDocs build (plugin `on_files`) next to pages.py, from the same
`SiteContext`. Three pages, each drawn at build time with no requests at view time:

  /overzicht/matrix/    cases against the building blocks and carriers, with totals;
  /overzicht/tijdlijn/  each programme's period as a bar, running ones open-ended;
  /overzicht/kaart/     the cases on a map of the provinces (geography.py).

Charts are inline SVG and tables plain HTML, built only from allow-listed
elements and attributes (sanitize.py), and every mark carries a text or a
number as well as a shape, so nothing depends on colour. Strings from a case
go through `html_text` (text.py).
"""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass

from ..content.catalog import CaseRecord
from ..content.vocabulary import Vocabulary
from .geography import (
    MAP_CREDIT,
    MAP_LICENCE,
    MAP_LICENCE_URL,
    NetherlandsMap,
    Point,
    load_map,
)
from .markdown_text import html_text, md_text
from .pages import GeneratedPage, SiteContext, page_header, period_text, province_id

# From a page in /overzicht/<name>/ to the site root, for links in raw HTML.
TO_ROOT = "../../"


def case_href(record: CaseRecord) -> str:
    return f"{TO_ROOT}casussen/{record.slug}/"


def by_title(records: list[CaseRecord]) -> list[CaseRecord]:
    return sorted(records, key=lambda record: (record.case.title.casefold(), record.slug))


def count_text(count: int) -> str:
    return f"{count} {'casus' if count == 1 else 'casussen'}"


# --- Matrix ---------------------------------------------------------------------------

def render_matrix_page(site: SiteContext) -> str:
    """Cases (rows) against every building block and carrier (columns), with totals."""
    vocab = site.catalog.vocabularies
    records = by_title(site.catalog.cases)
    groups = [(vocab.building_blocks, "Bouwstenen", "bouwsteen", lambda r: r.case.building_blocks),
              (vocab.carriers, "Dragers", "drager", lambda r: r.case.carriers)]
    columns = [(vocabulary, noun, entry, ids) for vocabulary, _, noun, ids in groups
               for entry in vocabulary.entries]
    column_totals = [sum(entry.id in ids(r) for r in records) for _, _, entry, ids in columns]
    empty = [(noun, entry, vocabulary) for (vocabulary, noun, entry, _), total
             in zip(columns, column_totals) if total == 0]

    lines = [page_header("Matrix: casussen, bouwstenen en dragers", hide=["toc"], search={"exclude": True}),
             "# Matrix: casussen, bouwstenen en dragers\n",
             f"Welke van de {count_text(len(records))} laat welke bouwsteen en welke drager zien? "
             "Een **●** betekent: ja. Onderaan staat per kolom hoeveel casussen de bouwsteen of "
             "drager hebben, rechts per casus het aantal. Lees meer over de "
             "[bouwstenen](../bouwstenen/index.md) en de [dragers](../dragers/index.md).\n"]
    if empty:
        names = ", ".join(f'<a href="{TO_ROOT}{vocabulary.kind}/{entry.id}/">{html_text(entry.label)}</a> ({noun})'
                          for noun, entry, vocabulary in empty)
        lines.append('<p class="ww-leeg-melding"><strong>Nog geen casussen bij:</strong> '
                     f"{names}. {'Die kolom is' if len(empty) == 1 else 'Die kolommen zijn'} gearceerd en "
                     f"{'draagt' if len(empty) == 1 else 'dragen'} het label <em>geen casussen</em>.</p>\n")
    header_groups = "".join(
        f'<th scope="colgroup" colspan="{len(vocabulary.entries)}">{heading}</th>'
        for vocabulary, heading, _, _ in groups)
    header_terms = "".join(_matrix_column_header(vocabulary, entry, total)
                           for (vocabulary, _, entry, _), total in zip(columns, column_totals))
    rows = []
    for record in records:
        cells = []
        for (_, _, entry, ids), total in zip(columns, column_totals):
            member = entry.id in ids(record)
            classes = "ww-ja" if member else "ww-nee"
            if total == 0:
                classes += " ww-leeg"
            mark = ('<span aria-hidden="true">●</span><span class="ww-sr">ja</span>' if member
                    else '<span class="ww-sr">nee</span>')
            cells.append(f'<td class="{classes}">{mark}</td>')
        row_total = sum(entry.id in ids(record) for _, _, entry, ids in columns)
        rows.append(f'<tr><th scope="row"><a href="{case_href(record)}">{html_text(record.case.title)}</a>'
                    f'<br><small>{html_text(record.case.municipality)}</small></th>{"".join(cells)}'
                    f'<td class="ww-totaal">{row_total}</td></tr>')
    footer = "".join(f'<td class="ww-totaal{" ww-leeg" if total == 0 else ""}">{total}</td>'
                     for total in column_totals)
    lines.append(
        '<div class="ww-matrix-scroll">\n<table class="ww-matrix">\n'
        "<caption>Casussen tegen bouwstenen en dragers (● = ja)</caption>\n"
        f'<thead><tr><th scope="col" rowspan="2">Casus</th>{header_groups}'
        '<th scope="col" rowspan="2">Totaal</th></tr>\n'
        f"<tr>{header_terms}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n"
        f'<tfoot><tr><th scope="row">Totaal ({count_text(len(records))})</th>{footer}'
        f'<td class="ww-totaal">{sum(column_totals)}</td></tr></tfoot>\n</table>\n</div>\n')
    return "\n".join(lines)


def _matrix_column_header(vocabulary: Vocabulary, entry, total: int) -> str:
    link = f'<a href="{TO_ROOT}{vocabulary.kind}/{entry.id}/">{html_text(entry.label)}</a>'
    if total:
        return f'<th scope="col" class="ww-kolom"><span class="ww-kolomnaam">{link}</span></th>'
    return (f'<th scope="col" class="ww-kolom ww-leeg"><span class="ww-kolomnaam">{link}</span>'
            '<span class="ww-leeg-label">geen casussen</span></th>')


# --- Timeline -------------------------------------------------------------------------

# Drawing units of the timeline (the SVG scales to the page width, or scrolls on a phone).
TIMELINE_WIDTH = 1000
TIMELINE_LEFT, TIMELINE_RIGHT = 20, 880  # where the first and the last year boundary go
ROW_HEIGHT, AXIS_HEIGHT = 46, 34
MAX_LABEL = 90  # characters of a title shown in the chart; the full title is in its tooltip


@dataclass(frozen=True)
class TimelineRow:
    record: CaseRecord
    start: int
    end: int | None  # None: still running

    def length(self, this_year: int) -> int:
        """Years the programme ran (or has run so far), counting both ends."""
        return max((self.end if self.end is not None else this_year) - self.start + 1, 1)


def timeline_rows(records: list[CaseRecord]) -> tuple[list[TimelineRow], list[CaseRecord]]:
    """Cases with a period, oldest start first (the no-script order), and the rest."""
    dated = [TimelineRow(r, r.case.period.start, r.case.period.end) for r in records if r.case.period]
    dated.sort(key=lambda row: (row.start, row.end or math.inf, row.record.case.title.casefold()))
    undated = by_title([r for r in records if r.case.period is None])
    return dated, undated


def render_timeline_page(site: SiteContext, today: datetime.date | None = None) -> str:
    this_year = (today or datetime.date.today()).year
    dated, undated = timeline_rows(site.catalog.cases)
    lines = [page_header("Tijdlijn", hide=["toc"], search={"exclude": True}), "# Tijdlijn\n",
             "De looptijd van elk programma als balk, van het beginjaar tot en met het eindjaar. "
             "Een programma dat nog loopt, heeft een open einde: de balk vervaagt naar een pijl "
             f"en draagt het woord *lopend* (tot en met {this_year}). Klik op een balk of een naam "
             "voor de casus.\n"]
    if dated:
        # Filled with sort buttons by overzicht.js; without script the order is by start year.
        lines.append('<div class="ww-sortering" id="ww-tijdlijn-sortering"></div>\n')
        lines.append(_timeline_svg(dated, this_year))
        lines.append('??? info "De tijdlijn als tabel"\n')
        lines.append("    | Casus | Gemeente | Begin | Eind | Looptijd |")
        lines.append("    |---|---|---|---|---|")
        for row in dated:
            end = "lopend" if row.end is None else str(row.end)
            length = row.length(this_year)
            lines.append(f"    | [{md_text(row.record.case.title)}](../casussen/{row.record.slug}.md) | "
                         f"{md_text(row.record.case.municipality)} | {row.start} | {end} | "
                         f"{length} jaar{' tot nu toe' if row.end is None else ''} |")
        lines.append("")
    else:
        lines.append("Nog geen enkele casus noemt zijn looptijd.\n")
    lines.append(f"## Zonder bekende periode ({len(undated)})\n")
    if undated:
        lines.append("De bronnen van deze casussen noemen geen jaren; ze staan daarom niet op de tijdlijn.\n")
        lines.extend(f"- [{md_text(r.case.title)}](../casussen/{r.slug}.md) — {md_text(r.case.municipality)}"
                     for r in undated)
        lines.append("")
    else:
        lines.append("Van elke casus is de looptijd bekend.\n")
    return "\n".join(lines)


def _timeline_svg(rows: list[TimelineRow], this_year: int) -> str:
    first = min(row.start for row in rows)
    # Programmes may be planned to start after this year; the axis then runs on to them.
    last = max([this_year, *(row.start for row in rows), *(row.end for row in rows if row.end is not None)])
    span = last + 1 - first

    def x(year: float) -> float:
        return round(TIMELINE_LEFT + (year - first) / span * (TIMELINE_RIGHT - TIMELINE_LEFT), 1)

    height = AXIS_HEIGHT + ROW_HEIGHT * len(rows) + 8
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50) if span / s <= 12)
    axis = []
    for year in range(first + (-first % step), last + 2, step):  # multiples of step
        axis.append(f'<line class="ww-raster" x1="{x(year)}" y1="{AXIS_HEIGHT - 6}" x2="{x(year)}" y2="{height}"></line>'
                    f'<text class="ww-as-jaar" x="{x(year)}" y="{AXIS_HEIGHT - 12}" text-anchor="middle">{year}</text>')
    bars = []
    for position, row in enumerate(rows):
        record = row.record
        title = record.case.title
        shown = title if len(title) <= MAX_LABEL else title[:MAX_LABEL - 1].rstrip() + "…"
        period = period_text(record.case)
        label = (f'<text class="ww-tijdlijn-naam" x="{TIMELINE_LEFT}" y="15">{html_text(shown)}'
                 f' <tspan class="ww-tijdlijn-periode">· {html_text(period)}</tspan></text>')
        bar_top, bar_height = 22, 16
        start_x = x(row.start)
        if row.end is not None:
            end_x = x(row.end + 1)
            shape = (f'<rect class="ww-balk" x="{start_x}" y="{bar_top}" width="{max(end_x - start_x, 2)}" '
                     f'height="{bar_height}" rx="2"></rect>'
                     f'<line class="ww-balk-einde" x1="{end_x}" y1="{bar_top - 3}" x2="{end_x}" '
                     f'y2="{bar_top + bar_height + 3}"></line>')
        else:
            current = max(this_year, row.start)  # a planned programme fades from its first year
            shape = _running_bar(start_x, x(current), x(current + 1), bar_top, bar_height)
        bars.append(
            f'<g class="ww-tijdlijn-rij" data-start="{row.start}" data-lengte="{row.length(this_year)}" '
            f'data-volgorde="{position}" transform="translate(0,{AXIS_HEIGHT + position * ROW_HEIGHT})">'
            f'<a href="{case_href(record)}"><title>{html_text(title)}: {html_text(period)}</title>'
            f'<rect class="ww-rij-vlak" x="0" y="0" width="{TIMELINE_WIDTH}" height="{ROW_HEIGHT - 2}"></rect>'
            f"{label}{shape}</a></g>")
    return ('<div class="ww-tijdlijn-scroll">\n'
            f'<svg class="ww-tijdlijn" id="ww-tijdlijn" viewBox="0 0 {TIMELINE_WIDTH} {height}" '
            f'role="group" aria-label="Tijdlijn van {count_text(len(rows))} met bekende looptijd">'
            f'<g class="ww-as">{"".join(axis)}</g>{"".join(bars)}</svg>\n</div>\n')


def _running_bar(start_x: float, this_year_x: float, after_x: float, top: float, height: float) -> str:
    """A bar with an open end: solid up to this year, fading through it, then an arrow and 'lopend'."""
    solid = max(this_year_x - start_x, 2)
    fade_width = (after_x - this_year_x) / 3
    parts = [f'<rect class="ww-balk" x="{start_x}" y="{top}" width="{solid}" height="{height}" rx="2"></rect>']
    for step in range(3):
        parts.append(f'<rect class="ww-balk ww-vervaag-{step + 1}" x="{round(this_year_x + step * fade_width, 1)}" '
                     f'y="{top}" width="{round(fade_width, 1)}" height="{height}"></rect>')
    tip = round(after_x + 14, 1)
    middle = top + height / 2
    parts.append(f'<polygon class="ww-pijl" points="{after_x},{top - 4} {tip},{middle} {after_x},{top + height + 4}"></polygon>')
    parts.append(f'<text class="ww-lopend" x="{tip + 6}" y="{middle + 5}">lopend</text>')
    return "".join(parts)


# --- Map ------------------------------------------------------------------------------

MARKER_RADIUS = 11
PADDING = 14  # room around the drawing so markers at the border stay whole
RING_LIMIT = 6  # more cases than this at one place get one marker with their count
MARKER_LIMIT = 80  # more markers than this and the map shows one marker per province


@dataclass(frozen=True)
class PlacedCase:
    number: int  # its number on the map and in the list under it
    record: CaseRecord
    province: str  # provinces vocabulary id
    placed_by_municipality: bool  # False: geodata does not know the municipality


@dataclass(frozen=True)
class Marker:
    """One numbered case, or a cluster of cases at one place drawn as their count."""

    cases: tuple[PlacedCase, ...]
    anchor: Point  # the municipality, or the province's middle
    position: Point  # where the marker is drawn
    place: str  # the municipality or province, for a cluster's title

    @property
    def is_cluster(self) -> bool:
        return len(self.cases) > 1

    @property
    def radius(self) -> float:
        """Half the marker's width: a cluster's box widens with the digits of its count."""
        return max(MARKER_RADIUS, 4 * len(str(len(self.cases))) + 5) if self.is_cluster else MARKER_RADIUS


def placed_cases(site: SiteContext, netherlands: NetherlandsMap) -> list[tuple[PlacedCase, Point]]:
    """Every case with its number (by province in vocabulary order, then title) and its place."""
    catalog = site.catalog
    order = {province: n for n, province in enumerate(catalog.vocabularies.provinces.ids)}
    records = sorted(catalog.cases, key=lambda r: (order.get(province_id(catalog, r.case), len(order)),
                                                    r.case.title.casefold(), r.slug))
    placed = []
    for number, record in enumerate(records, 1):
        province = province_id(catalog, record.case)
        point = netherlands.municipality(record.case.municipality)
        by_municipality = point is not None
        if point is None:
            shape = netherlands.province(province)
            point = shape.centre if shape else Point(netherlands.width / 2, netherlands.height / 2)
        placed.append((PlacedCase(number, record, province, by_municipality), point))
    return placed


def place_markers(site: SiteContext, netherlands: NetherlandsMap) -> list[Marker]:
    """The markers of the map, none covering another.

    A few cases at one place are spread in a small ring around it; more than
    RING_LIMIT become one marker with their count. Should the map still need more
    than MARKER_LIMIT markers, it shows one per province instead. Markers of
    neighbouring places are then pushed apart.
    """
    placed = placed_cases(site, netherlands)
    groups: dict[tuple[float, float, str], list[PlacedCase]] = defaultdict(list)
    for case, point in placed:
        groups[(point.x, point.y, case.province)].append(case)
    needed = sum(1 if len(group) > RING_LIMIT else len(group) for group in groups.values())
    if needed > MARKER_LIMIT:
        groups = defaultdict(list)
        for case, _ in placed:
            centre = netherlands.province(case.province).centre
            groups[(centre.x, centre.y, case.province)].append(case)
    labels = {entry.id: entry.label for entry in site.catalog.vocabularies.provinces.entries}
    markers = []
    for (ax, ay, province), group in groups.items():
        anchor = Point(ax, ay)
        if len(group) == 1 or len(group) > RING_LIMIT or needed > MARKER_LIMIT:
            municipalities = {case.record.case.municipality for case in group}
            place = (municipalities.pop() if len(municipalities) == 1 and group[0].placed_by_municipality
                     and needed <= MARKER_LIMIT else labels.get(province, province))
            markers.append(Marker(tuple(group), anchor, anchor, place))
            continue
        # A ring just wide enough for the circles side by side, with a small gap.
        ring = max(MARKER_RADIUS * 1.15 / math.sin(math.pi / len(group)), MARKER_RADIUS * 1.6)
        for index, case in enumerate(group):
            angle = -math.pi / 2 + 2 * math.pi * index / len(group)
            markers.append(Marker((case,), anchor, Point(ax + ring * math.cos(angle), ay + ring * math.sin(angle)),
                                  case.record.case.municipality))
    return sorted(_spread(markers, netherlands), key=lambda marker: marker.cases[0].number)


def _spread(markers: list[Marker], netherlands: NetherlandsMap, rounds: int = 60) -> list[Marker]:
    """Push overlapping markers apart a little at a time, deterministically.

    Pairwise, so quadratic; MARKER_LIMIT keeps that small whatever the number of cases.
    """
    positions = [[m.position.x, m.position.y] for m in markers]
    for _ in range(rounds):
        moved = False
        for i in range(len(positions)):
            for j in range(i + 1, len(positions)):
                least = markers[i].radius + markers[j].radius + 2
                dx = positions[j][0] - positions[i][0]
                dy = positions[j][1] - positions[i][1]
                distance = math.hypot(dx, dy)
                if distance >= least:
                    continue
                if distance == 0:
                    dx, dy, distance = 0.0, 1.0, 1.0
                push = (least - distance) / 2 + 0.1
                positions[i][0] -= dx / distance * push
                positions[i][1] -= dy / distance * push
                positions[j][0] += dx / distance * push
                positions[j][1] += dy / distance * push
                moved = True
        if not moved:
            break
    spread = []
    for marker, (x, y) in zip(markers, positions):
        low_x, low_y = marker.radius - PADDING, MARKER_RADIUS - PADDING
        high_x = netherlands.width + PADDING - marker.radius
        high_y = netherlands.height + PADDING - MARKER_RADIUS
        spread.append(Marker(marker.cases, marker.anchor,
                             Point(round(min(max(x, low_x), high_x), 1), round(min(max(y, low_y), high_y), 1)),
                             marker.place))
    return spread


def province_anchor(province: str) -> str:
    """The id of a province's part of the list under the map."""
    return f"provincie-{province}"


def render_map_page(site: SiteContext, netherlands: NetherlandsMap | None = None) -> str:
    catalog = site.catalog
    netherlands = netherlands or load_map(catalog.vocabularies.provinces)
    markers = place_markers(site, netherlands)
    per_province: dict[str, list[PlacedCase]] = defaultdict(list)
    for case, _ in placed_cases(site, netherlands):
        per_province[case.province].append(case)

    lines = [page_header("Kaart", hide=["toc"], search={"exclude": True}), "# Kaart\n",
             f"Waar de {count_text(len(catalog.cases))} spelen. Elk nummer op de kaart is een casus; "
             "de lijst onder de kaart noemt ze per provincie. Klik op een nummer of een provincie. "
             "Casussen in dezelfde gemeente staan in een kringetje om die plek heen.\n"]
    lines.append(_map_svg(netherlands, markers, per_province))
    legend = ['<span class="ww-legenda-teken" aria-hidden="true">1</span> casus, op de plek van zijn gemeente',
              '<span class="ww-legenda-teken ww-legenda-provincie" aria-hidden="true">1</span> gestippelde rand: '
              "gemeente niet op de kaart, de casus staat midden in zijn provincie"]
    if any(marker.is_cluster for marker in markers):
        legend.append('<span class="ww-legenda-teken ww-legenda-groep" aria-hidden="true">9</span> vierkant: '
                      "zoveel casussen op één plek; klik erop voor hun lijst")
    lines.append('<p class="ww-legenda">' + " · ".join(legend) + "<br>"
                 f'<small>Kaart: {html_text(MAP_CREDIT)}, licentie <a href="{MAP_LICENCE_URL}">'
                 f"{MAP_LICENCE}</a>. Ligging van de gemeenten: WijkWijzer (de kern van elke gemeente).</small></p>\n")
    lines.append("## Per provincie\n")
    without = []
    for entry in catalog.vocabularies.provinces.entries:
        found = per_province.get(entry.id, [])
        if not found:
            without.append(f"[{md_text(entry.label)}](../provincies/{entry.id}.md)")
            continue
        lines.append(f"### [{md_text(entry.label)}](../provincies/{entry.id}.md) ({len(found)}) "
                     f"{{ #{province_anchor(entry.id)} }}\n")
        for case in found:
            where = md_text(case.record.case.municipality)
            if not case.placed_by_municipality:
                where += " *(op de kaart midden in de provincie)*"
            lines.append(f"- **{case.number}.** [{md_text(case.record.case.title)}]"
                         f"(../casussen/{case.record.slug}.md) — {where}")
        lines.append("")
    if without:
        lines.append("**Nog geen casussen in:** " + ", ".join(without) + ".\n")
    return "\n".join(lines)


def _map_svg(netherlands: NetherlandsMap, markers: list[Marker], per_province: dict[str, list[PlacedCase]]) -> str:
    shapes = []
    for shape in netherlands.provinces:
        count = len(per_province.get(shape.id, []))
        kind = "ww-provincie ww-provincie--met" if count else "ww-provincie"
        shapes.append(f'<a href="{TO_ROOT}provincies/{shape.id}/"><title>{html_text(shape.label)}: '
                      f'{count_text(count)}</title><path class="{kind}" d="{shape.path}"></path></a>')
    leaders, anchors, drawn = [], set(), []
    for marker in markers:
        anchor, position = marker.anchor, marker.position
        if (anchor.x, anchor.y) != (position.x, position.y):
            leaders.append(f'<line class="ww-kaart-lijn" x1="{anchor.x}" y1="{anchor.y}" '
                           f'x2="{position.x}" y2="{position.y}"></line>')
        anchors.add((anchor.x, anchor.y))
        drawn.append(_cluster_marker(marker) if marker.is_cluster else _case_marker(marker))
    dots = "".join(f'<circle class="ww-kaart-plek" cx="{x}" cy="{y}" r="2.5"></circle>' for x, y in sorted(anchors))
    names = "".join(f'<text class="ww-provincienaam" x="{point.x}" y="{point.y}" text-anchor="middle">'
                    f"{html_text(shape.label)}</text>"
                    for shape in netherlands.provinces
                    for point in [_label_position(shape, markers)] if point is not None)
    box = f"{-PADDING} {-PADDING} {netherlands.width + 2 * PADDING} {netherlands.height + 2 * PADDING}"
    total = sum(len(cases) for cases in per_province.values())
    return ('<div class="ww-kaart">\n'
            f'<svg class="ww-kaart-svg" viewBox="{box}" role="group" '
            f'aria-label="Kaart van Nederland met {count_text(total)}">'
            f'<g class="ww-provincies">{"".join(shapes)}</g>'
            f'<g class="ww-provincienamen" aria-hidden="true">{names}</g><g>{"".join(leaders)}{dots}</g>'
            f'<g class="ww-markers">{"".join(drawn)}</g></svg>\n</div>\n')


def _case_marker(marker: Marker) -> str:
    case, (x, y) = marker.cases[0], (marker.position.x, marker.position.y)
    kind = "ww-marker" if case.placed_by_municipality else "ww-marker ww-marker--provincie"
    return (f'<a href="{case_href(case.record)}" class="{kind}"><title>{case.number}. '
            f"{html_text(case.record.case.title)} ({html_text(case.record.case.municipality)})</title>"
            f'<circle cx="{x}" cy="{y}" r="{MARKER_RADIUS}"></circle>'
            f'<text x="{x}" y="{round(y + 4.5, 1)}" text-anchor="middle">{case.number}</text></a>')


def _cluster_marker(marker: Marker) -> str:
    """A square with the number of cases, linking to their province's part of the list."""
    count, (x, y), half = len(marker.cases), (marker.position.x, marker.position.y), marker.radius
    return (f'<a href="#{province_anchor(marker.cases[0].province)}" class="ww-marker ww-marker--groep">'
            f"<title>{html_text(marker.place)}: {count_text(count)}; zie de lijst onder de kaart</title>"
            f'<rect x="{round(x - half, 1)}" y="{round(y - MARKER_RADIUS, 1)}" width="{2 * half}" '
            f'height="{2 * MARKER_RADIUS}" rx="3"></rect>'
            f'<text x="{x}" y="{round(y + 4.5, 1)}" text-anchor="middle">{count}</text></a>')


LABEL_SIZE = 11  # drawing units; matches .ww-provincienaam in overzicht.css


def _label_position(shape, markers: list[Marker]) -> Point | None:
    """Near the province's middle, on the first spot where the name covers no marker.

    None when every spot is taken: the name is then left out of the picture (it is
    still in the province's tooltip and in the list under the map).
    """
    half_width = len(shape.label) * LABEL_SIZE * 0.3
    for dx, dy in ((0, 0), (0, 22), (0, -22), (0, 40), (0, -40), (-40, 0), (40, 0), (0, 60), (0, -60)):
        x, y = shape.centre.x + dx, shape.centre.y + dy
        # The text box: baseline at y, capitals up to about 0.8 of the size above it.
        left, right, top, bottom = x - half_width, x + half_width, y - LABEL_SIZE * 0.8, y + 2
        if all(math.dist((min(max(m.position.x, left), right), min(max(m.position.y, top), bottom)),
                         (m.position.x, m.position.y)) > m.radius + 2 for m in markers):
            return Point(x, y)
    return None


# --- The set --------------------------------------------------------------------------

def generate_overview_pages(site: SiteContext) -> list[GeneratedPage]:
    """The overview pages, in nav order."""
    return [GeneratedPage("overzicht/matrix.md", render_matrix_page(site)),
            GeneratedPage("overzicht/tijdlijn.md", render_timeline_page(site)),
            GeneratedPage("overzicht/kaart.md", render_map_page(site))]
