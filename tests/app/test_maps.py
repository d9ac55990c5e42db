"""The province map as an SVG picture (app/maps.py): every province, its figure, its legend."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pandas as pd

from app import maps
from app.i18n import t
from tipstat.geography.boundaries import province_shapes

SVG = "{http://www.w3.org/2000/svg}"


def _values(overrides: dict[str, tuple[float, str, bool]]) -> pd.DataFrame:
    rows = []
    for i, shape in enumerate(province_shapes()):
        value, text, hidden = overrides.get(shape.code, (float(10 * (i + 1)), str(10 * (i + 1)), False))
        rows.append(
            {"province": shape.code, "value": value, "text": text, "suppressed": hidden, "label": shape.name}
        )
    return pd.DataFrame(rows)


def _provinces(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # well-formed XML: every name and label is escaped
    return {p.get("data-province"): p for p in root.iter(f"{SVG}path") if p.get("data-province")}


def test_every_province_is_drawn_once_with_its_figure() -> None:
    shapes = province_shapes()
    drawn = maps.province_map(_values({}), "en", "Victims, 2025", "Victims", key="victims")
    paths = _provinces(drawn.svg)
    assert sorted(paths) == sorted(s.code for s in shapes) and len(paths) == 34
    for shape in shapes:
        assert paths[shape.code].findtext(f"{SVG}title").startswith(f"{shape.name}: ")
    assert dict(drawn.shown) == {
        code: p.findtext(f"{SVG}title").rsplit(": ", 1)[-1] for code, p in paths.items()
    }
    root = ET.fromstring(drawn.svg)
    assert root.get("data-measure") == "Victims" and root.get("aria-label") == "Victims, 2025"
    assert "UNK" not in paths


def test_hidden_zero_and_missing_provinces_and_the_legend() -> None:
    codes = [s.code for s in province_shapes()]
    values = _values({codes[0]: (float("nan"), "<5", True), codes[1]: (0.0, "0", False)})
    values = values[values["province"] != codes[2]]  # no figure at all
    drawn = maps.province_map(values, "vi", "Bản đồ", "Nạn nhân", key="rates")
    paths = _provinces(drawn.svg)
    assert paths[codes[0]].get("fill") == "url(#rates-hatch)"
    assert paths[codes[0]].findtext(f"{SVG}title").endswith(": <5")
    assert paths[codes[1]].get("fill") == maps.ZERO
    assert paths[codes[2]].get("fill") == maps.NONE and paths[codes[2]].findtext(f"{SVG}title").endswith(
        ": –"
    )
    legend = [e.text for e in ET.fromstring(drawn.svg).iter(f"{SVG}text")]
    assert t("map_hidden", "vi", label="<5") in legend
    assert t("map_no_value", "vi") in legend and "0" in legend
    # the legend reads upwards: zero, the classes, then no figure and hidden
    classes = [x for x in legend if x and x.startswith("≤")]
    order = [
        legend.index(x) for x in ("0", classes[0], t("map_no_value", "vi"), t("map_hidden", "vi", label="<5"))
    ]
    assert order == sorted(order), legend


def test_two_maps_on_one_page_have_their_own_pattern() -> None:
    a = maps.province_map(_values({}), "en", "A", "Victims", key="victims")
    b = maps.province_map(_values({}), "en", "B", "Rate", key="rates")
    ids = [ET.fromstring(m.svg).find(f"{SVG}defs/{SVG}pattern").get("id") for m in (a, b)]
    assert ids == ["victims-hatch", "rates-hatch"]


def test_names_are_text_not_markup() -> None:
    code = province_shapes()[0].code
    values = _values({})
    values.loc[values["province"] == code, "label"] = '<script>alert("x")</script> & co'
    drawn = maps.province_map(values, "en", "<b>Title</b>", "Victims")
    assert "<script>" not in drawn.svg and "<b>" not in drawn.svg
    assert (
        _provinces(drawn.svg)[code].findtext(f"{SVG}title").startswith('<script>alert("x")</script> & co: ')
    )


def _decode(path: str) -> list[list[tuple[int, int]]]:
    """SVG path data of app.maps (M, then relative `l` steps, Z per ring) back to points in tenths."""
    rings = []
    for ring in path.split("Z")[:-1]:
        head = re.match(r"M(-?[\d.]+) (-?[\d.]+)(?:l(.*))?$", ring)
        assert head, ring[:40]
        x, y = round(float(head.group(1)) * 10), round(float(head.group(2)) * 10)
        points = [(x, y)]
        steps = [round(float(v) * 10) for v in re.findall(r"-?\d*\.?\d+", head.group(3) or "")]
        assert len(steps) % 2 == 0
        for dx, dy in zip(steps[::2], steps[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        rings.append(points)
    return rings


def test_outlines_trace_every_boundary_point_to_a_tenth() -> None:
    """The short path text (relative steps) still draws each province's boundary exactly."""
    for (code, _name, path), shape in zip(maps._outlines(), province_shapes(), strict=True):
        assert code == shape.code
        want: list[list[tuple[int, int]]] = []
        ring: list[tuple[int, int]] = []
        for lon, lat in [*zip(shape.xs, shape.ys, strict=True), (None, None)]:
            if lon is None or lat is None:
                if ring:
                    want.append(ring)
                ring = []
                continue
            point = (round(maps._x(lon) * 10), round(maps._y(lat) * 10))
            if not ring or ring[-1] != point:
                ring.append(point)
        assert _decode(path) == want, code
