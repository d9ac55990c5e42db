"""The shipped 34-province boundaries, as plain rings ready to draw (no GIS library needed)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

BOUNDARIES = Path(__file__).resolve().parent / "vn34_provinces.geojson"
CREDIT = "Ranh giới / Boundaries: Talia Cao, Vietnam-Shape-Map (MIT), từ / from Open Development Vietnam"


@dataclass(frozen=True)
class ProvinceShape:
    code: str
    name: str
    xs: tuple[float | None, ...]  # longitudes, rings separated by None
    ys: tuple[float | None, ...]  # latitudes, rings separated by None
    centre: tuple[float, float]  # (lon, lat) of the largest ring's vertex mean, for labels


@cache
def province_shapes(path: Path = BOUNDARIES) -> tuple[ProvinceShape, ...]:
    """One shape per province, in code order."""
    collection = json.loads(path.read_text(encoding="utf-8"))
    shapes = []
    for feature in collection["features"]:
        geom = feature["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        xs: list[float | None] = []
        ys: list[float | None] = []
        largest: list[list[float]] = []
        for poly in polys:
            for ring in poly:
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
                if len(ring) > len(largest):
                    largest = ring
        centre = (sum(p[0] for p in largest) / len(largest), sum(p[1] for p in largest) / len(largest))
        props = feature["properties"]
        shapes.append(ProvinceShape(str(props["code"]), str(props["name"]), tuple(xs), tuple(ys), centre))
    return tuple(sorted(shapes, key=lambda s: s.code))
