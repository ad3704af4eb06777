"""The map of the Netherlands that the overview map draws on, read from site_builder/website/geodata/.

Runs inside the MkDocs build, when the map page is rendered (overviews/province_map.py). It
reads three files that are kept in the repository, so nothing is fetched at
build or view time: the province outlines (`netherlands.svg`, from the npm
package @svg-maps/netherlands, CC BY 4.0; see geodata/README.md), how a place
in degrees lands on that drawing (`kaart.yml`) and where each municipality lies
(`gemeenten.yml`). Province names in the drawing are resolved through the
provinces vocabulary, so "Friesland" in the drawing is Fryslân on the site.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..content.vocabulary import Vocabulary, fold
from ..errors import GeodataError

GEODATA = Path(__file__).resolve().parent / "geodata"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"

# How the map is credited wherever it is shown (the licence asks for it).
MAP_CREDIT = "provinciegrenzen uit @svg-maps/netherlands 1.0.0 (Zubayer Rahman, naar MapSVG)"
MAP_LICENCE = "CC BY 4.0"
MAP_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class ProvinceShape:
    id: str  # the provinces vocabulary id, e.g. "fryslan"
    label: str  # the vocabulary label, e.g. "Fryslân"
    path: str  # SVG path data, as in the drawing
    centre: Point  # inside the province's largest part; where unplaced cases go


@dataclass(frozen=True)
class NetherlandsMap:
    width: float
    height: float
    provinces: tuple[ProvinceShape, ...]
    # Extent of the drawing and the geographic extremes it stands for.
    drawn: tuple[float, float, float, float]  # min x, min y, max x, max y
    west: float
    east: float
    south: float
    north: float
    municipalities: dict[str, tuple[float, float]]  # folded name -> (latitude, longitude)

    def project(self, latitude: float, longitude: float) -> Point:
        """A place in degrees (WGS84) as a point on the drawing."""
        min_x, min_y, max_x, max_y = self.drawn
        x = min_x + (longitude - self.west) / (self.east - self.west) * (max_x - min_x)
        y = min_y + (self.north - latitude) / (self.north - self.south) * (max_y - min_y)
        return Point(round(x, 1), round(y, 1))

    def municipality(self, name: str) -> Point | None:
        """Where a municipality lies on the drawing, or None if geodata does not know it."""
        place = self.municipalities.get(fold(name))
        return self.project(*place) if place else None

    def province(self, province_id: str) -> ProvinceShape | None:
        return next((shape for shape in self.provinces if shape.id == province_id), None)


def load_map(provinces: Vocabulary, folder: Path = GEODATA) -> NetherlandsMap:
    """Read the drawing, its projection and the municipalities from `folder`."""
    settings = _read_yaml(folder / "kaart.yml")
    try:
        drawing = ElementTree.parse(folder / settings["tekening"]).getroot()
        _, _, width, height = (float(n) for n in drawing.attrib["viewBox"].split())
    except (OSError, KeyError, ValueError, ElementTree.ParseError) as error:
        raise GeodataError(f"{folder}: kan de kaarttekening niet lezen: {error}") from error
    shapes = []
    all_points: list[tuple[float, float]] = []
    for element in drawing.iter(f"{SVG_NAMESPACE}path"):
        name, data = element.get("name", ""), element.get("d", "")
        entry = provinces.resolve(name)
        if entry is None:
            raise GeodataError(f"{folder}: provincie '{name}' uit de tekening staat niet in schema/provincies.yml")
        rings = path_rings(data)
        all_points.extend(point for ring in rings for point in ring)
        largest = max(rings, key=lambda ring: abs(_area(ring)))
        shapes.append(ProvinceShape(entry.id, entry.label, " ".join(data.split()), _centroid(largest)))
    if {shape.id for shape in shapes} != set(provinces.ids):
        missing = sorted(set(provinces.ids) - {shape.id for shape in shapes})
        raise GeodataError(f"{folder}: de tekening mist provincie(s) {', '.join(missing)}")
    order = {province_id: n for n, province_id in enumerate(provinces.ids)}
    xs, ys = [p[0] for p in all_points], [p[1] for p in all_points]
    return NetherlandsMap(
        width=width, height=height,
        provinces=tuple(sorted(shapes, key=lambda shape: order[shape.id])),
        drawn=(min(xs), min(ys), max(xs), max(ys)),
        west=float(settings["west"]), east=float(settings["oost"]),
        south=float(settings["zuid"]), north=float(settings["noord"]),
        municipalities=load_municipalities(folder / "gemeenten.yml"),
    )


def load_municipalities(path: Path) -> dict[str, tuple[float, float]]:
    """Folded name (and aliases) -> (latitude, longitude)."""
    places: dict[str, tuple[float, float]] = {}
    for item in _read_yaml(path):
        place = (float(item["breedte"]), float(item["lengte"]))
        for name in (item["naam"], *item.get("aliassen", [])):
            places[fold(name)] = place
    return places


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise GeodataError(f"{path}: kan het bestand niet lezen: {error}") from error


_PATH_TOKEN = re.compile(r"[MmLlZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def path_rings(data: str) -> list[list[tuple[float, float]]]:
    """The closed rings of an SVG path made of moveto/lineto/closepath commands."""
    if re.search(r"[A-DF-KN-Yac-df-kn-y]", data):
        raise GeodataError("kaartpad met krommen of andere commando's dan M, L en Z wordt niet ondersteund")
    rings: list[list[tuple[float, float]]] = []
    x = y = 0.0
    command, numbers, ring = "M", [], []
    for token in _PATH_TOKEN.findall(data):
        if token in "MmLlZz":
            if token in "Zz":
                if ring:
                    rings.append(ring)
                    x, y = ring[0]
                ring = []
            command = token
            continue
        numbers.append(float(token))
        if len(numbers) < 2:
            continue
        dx, dy = numbers
        numbers = []
        relative = command.islower()
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm" and ring:
            rings.append(ring)
            ring = []
        ring.append((x, y))
        # Coordinate pairs after a moveto are implicit linetos of the same kind.
        command = {"M": "L", "m": "l"}.get(command, command)
    if ring:
        rings.append(ring)
    return rings


def _area(ring: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _centroid(ring: list[tuple[float, float]]) -> Point:
    area = _area(ring)
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]))
    return Point(round(cx / (6 * area), 1), round(cy / (6 * area), 1))
