"""Shared-border-aware simplification of province polygons (no GIS dependency).

Rings are cut into arcs at the points where the set of rings sharing a vertex changes (the
junctions, as TopoJSON does), and each arc is simplified once with Douglas-Peucker, keeping its
ends. A border shared by two provinces is therefore simplified identically on both sides: no
gaps or overlaps appear between neighbours. A ring never falls below a triangle, so small
islands (Hoàng Sa, Trường Sa) are kept.

Rebuild the shipped file with `python -m tipstat.geography.simplify SOURCE OUT [TOLERANCE]`.
"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

Point = tuple[int, int]  # coordinates × 10^4 (the source is rounded to 4 decimals)
SCALE = 10_000


def _dp(points: list[Point], tol: float) -> list[Point]:
    """Douglas-Peucker on an open polyline, ends kept (iterative)."""
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - x1) - dx * (py - y1)) / norm if norm else math.hypot(px - x1, py - y1)
            if d > best:
                best, index = d, i
        if index > 0 and best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _rings(feature: dict) -> list[list[list[tuple[float, float]]]]:
    geom = feature["geometry"]
    return geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]


def simplify_collection(collection: dict, tolerance: float) -> dict:
    """A copy of the FeatureCollection with every ring simplified (`tolerance` in degrees)."""
    tol = tolerance * SCALE
    polygons = [
        [
            [[(round(x * SCALE), round(y * SCALE)) for x, y in ring[:-1]] for ring in poly]
            for poly in _rings(f)
        ]
        for f in collection["features"]
    ]
    owners: dict[Point, set[int]] = defaultdict(set)
    ring_id = 0
    for poly_list in polygons:
        for poly in poly_list:
            for ring in poly:
                for p in ring:
                    owners[p].add(ring_id)
                ring_id += 1
    done: dict[tuple[Point, ...], list[Point]] = {}

    def arc(points: list[Point]) -> list[Point]:
        key, rev = tuple(points), tuple(reversed(points))
        if rev < key:
            return list(reversed(arc(list(rev))))
        if key not in done:
            done[key] = _dp(points, tol)
        return done[key]

    features = []
    for feature, poly_list in zip(collection["features"], polygons, strict=True):
        out_polys = []
        for poly in poly_list:
            out_rings = []
            for ring in poly:
                n = len(ring)
                nodes = [
                    i
                    for i in range(n)
                    if owners[ring[i]] != owners[ring[i - 1]] or owners[ring[i]] != owners[ring[(i + 1) % n]]
                ]
                if len(nodes) < 2:
                    far = max(
                        range(n),
                        key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2,
                    )
                    nodes = sorted({0, far})
                kept: list[Point] = []
                for a, b in zip(nodes, nodes[1:] + [nodes[0] + n], strict=True):
                    piece = [ring[i % n] for i in range(a, b + 1)]
                    kept += arc(piece)[:-1]
                if len(set(kept)) < 3:
                    kept = [ring[0], ring[n // 3], ring[2 * n // 3]]
                kept.append(kept[0])
                out_rings.append([[x / SCALE, y / SCALE] for x, y in kept])
            out_polys.append(out_rings)
        geometry = (
            {"type": "Polygon", "coordinates": out_polys[0]}
            if len(out_polys) == 1
            else {"type": "MultiPolygon", "coordinates": out_polys}
        )
        features.append({**feature, "geometry": geometry})
    return {**collection, "features": features}


def main(argv: list[str]) -> None:
    source, out = Path(argv[0]), Path(argv[1])
    tolerance = float(argv[2]) if len(argv) > 2 else 0.01
    result = simplify_collection(json.loads(source.read_text(encoding="utf-8")), tolerance)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    print(f"{out}: {len(text.encode()):,} bytes (tolerance {tolerance}°)")


if __name__ == "__main__":
    main(sys.argv[1:])
