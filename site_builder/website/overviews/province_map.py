"""/overzicht/kaart/: the cases on a map of the provinces, each one numbered and visible.

Python places the markers (a ring around a municipality with a few cases, one
counted marker for many, one marker per province for a crowded map, then pushes
overlapping markers apart) and the province names; `templates/overviews/map.md`
and `map.svg` draw them. The province outlines come from geography.py.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ...content.catalog import CaseRecord
from .. import urls
from ..geography import MAP_CREDIT, MAP_LICENCE, MAP_LICENCE_URL, NetherlandsMap, Point, load_map
from ..site_context import SiteContext
from ..templating import render
from ..views import CaseView, by_title

MAP = urls.page("overzicht/kaart.md")

MARKER_RADIUS = 11
PADDING = 14  # room around the drawing so markers at the border stay whole
RING_LIMIT = 6  # more cases than this at one place get one marker with their count
MARKER_LIMIT = 80  # more markers than this and the map shows one marker per province


@dataclass(frozen=True)
class PlacedCase:
    number: int  # its number on the map and in the list under it
    record: CaseRecord
    view: CaseView
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

    @property
    def text_y(self) -> float:
        """The baseline of the number, so that it sits in the middle of the marker."""
        return round(self.position.y + 4.5, 1)

    @property
    def box(self) -> tuple[float, float, float, float]:
        """A cluster's square: x, y, width, height."""
        return (round(self.position.x - self.radius, 1), round(self.position.y - MARKER_RADIUS, 1),
                2 * self.radius, 2 * MARKER_RADIUS)


def placed_cases(site: SiteContext, netherlands: NetherlandsMap) -> list[tuple[PlacedCase, Point]]:
    """Every case in a province with its number (by province in vocabulary order, then
    title) and its place. National cases name no province and are not on the map."""
    order = {province: n for n, province in enumerate(site.catalog.vocabularies.provinces.ids)}
    records = sorted((r for r in site.catalog.cases if site.view(r).province_id is not None),
                     key=lambda r: (order.get(site.view(r).province_id, len(order)), r.case.title.casefold(), r.slug))
    placed = []
    for number, record in enumerate(records, 1):
        province = site.view(record).province_id
        point = netherlands.municipality(record.case.municipality) if record.case.municipality else None
        by_municipality = point is not None
        if point is None:
            shape = netherlands.province(province)
            point = shape.centre if shape else Point(netherlands.width / 2, netherlands.height / 2)
        placed.append((PlacedCase(number, record, site.view(record), province, by_municipality), point))
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
                                  case.record.case.municipality or case.view.province))
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


@dataclass(frozen=True)
class ProvinceShape:
    id: str
    label: str
    path: str  # SVG path data
    count: int  # cases in the province
    target: urls.Target


@dataclass(frozen=True)
class ProvinceListing:
    label: str
    target: urls.Target
    anchor: str
    cases: list[PlacedCase]


def render_map_page(site: SiteContext, netherlands: NetherlandsMap | None = None) -> str:
    catalog = site.catalog
    netherlands = netherlands or load_map(catalog.vocabularies.provinces)
    markers = place_markers(site, netherlands)
    per_province: dict[str, list[PlacedCase]] = defaultdict(list)
    for case, _ in placed_cases(site, netherlands):
        per_province[case.province].append(case)
    shapes = [ProvinceShape(shape.id, shape.label, shape.path, len(per_province.get(shape.id, [])),
                            urls.province(shape.id)) for shape in netherlands.provinces]
    names = [(shape.label, point) for shape in netherlands.provinces
             for point in [_label_position(shape, markers)] if point is not None]
    leaders = [marker for marker in markers
               if (marker.anchor.x, marker.anchor.y) != (marker.position.x, marker.position.y)]
    listings = [ProvinceListing(entry.label, urls.province(entry.id), province_anchor(entry.id),
                                per_province.get(entry.id, [])) for entry in catalog.vocabularies.provinces.entries]
    elsewhere = by_title([view for view in site.views.values() if view.province_id is None])
    return render(
        "overviews/map.md", MAP, case_count=len(catalog.cases) - len(elsewhere), elsewhere=elsewhere,
        markers=markers, shapes=shapes, names=names,
        leaders=leaders, places=sorted({(m.anchor.x, m.anchor.y) for m in markers}),
        has_clusters=any(marker.is_cluster for marker in markers),
        view_box=f"{-PADDING} {-PADDING} {netherlands.width + 2 * PADDING} {netherlands.height + 2 * PADDING}",
        marker_radius=MARKER_RADIUS, placed_total=sum(len(cases) for cases in per_province.values()),
        listings=[listing for listing in listings if listing.cases],
        without=[listing for listing in listings if not listing.cases],
        credit=MAP_CREDIT, licence=MAP_LICENCE, licence_url=MAP_LICENCE_URL, province_anchor=province_anchor)


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
