"""The province map, drawn from the boundaries tipstat ships (tipstat/geography) as one SVG picture
written here on the server: nothing is fetched from the internet (no tiles, no world basemap), so
the map draws on a ministry network with no internet access, prints as vector graphics and needs no
chart library in the browser.

Why not plotly: Streamlit's chart element plots every figure twice when it mounts, and a province
map (912 rings) cost 55-115 ms per plot in the browser; the two maps of the provinces page were
most of its 550-750 ms from click to settled page. The page shows the picture as an image
(app.blocks.province_map), like the charts (app.svg). The shapes never change, so their outlines
are worked out once; only the fills and the legend change with the figures.

Values are shown in classes (a legend a reader can compare), suppressed provinces hatched grey
with `<5`, provinces without a value white. Each province carries its name and figure (`<title>`)
and `data-province="<code>"`. The unknown province is not on the map: the page shows it apart.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import pandas as pd

from app.i18n import fmt_decimal, fmt_int, t
from tipstat.geography.boundaries import CREDIT, province_shapes

BLUES = ("#dbe9f6", "#a6c8e4", "#6aa3d0", "#2f76b5", "#0d4a8a")
ZERO = "#f4f4f4"
HIDDEN = "#c8ccd2"
HATCH = "#8a939c"
NONE = "#ffffff"
OUTLINE = "#7f8c99"
MAP_CLASS = "tipstat-map"  # the picture's class (page styles, browser tests)
# Longitude is shortened by cos(latitude) at Viet Nam's middle latitude (about 16° N).
ASPECT = 1 / math.cos(math.radians(16))
# The frame (longitude and latitude) and the drawing's units per degree of longitude.
WEST, EAST, SOUTH, NORTH = 101.9, 117.4, 6.6, 23.5
UNITS = 40
WIDTH = round((EAST - WEST) * UNITS)
HEIGHT = round((NORTH - SOUTH) * ASPECT * UNITS)
# Viet Nam's maps always show and name the two archipelagos (proper names, in both languages).
ARCHIPELAGOS = (("QĐ. Hoàng Sa", "(Đà Nẵng)", 111.9, 15.0), ("QĐ. Trường Sa", "(Khánh Hòa)", 114.4, 12.9))


@dataclass(frozen=True)
class ProvinceMap:
    """One map as shown: its heading, the legend's title and the SVG; `shown` is each province's
    code and the figure its tooltip shows (what a reader can see, for the disclosure scans)."""

    title: str
    measure: str
    svg: str
    shown: tuple[tuple[str, str], ...]


def _nice(value: float) -> float:
    if value <= 0:
        return 0.0
    exp = math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        nice = step * 10**exp
        if nice >= value:
            return nice
    return 10 ** (exp + 1)


def class_breaks(values: Sequence[float], classes: int = 5) -> list[float]:
    """Upper bounds of up to `classes` classes from the quantiles, rounded to readable numbers."""
    clean = sorted(v for v in values if v is not None and not pd.isna(v) and v > 0)
    if not clean:
        return []
    series = pd.Series(clean)
    bounds: list[float] = []
    for i in range(1, classes + 1):
        b = float(series.quantile(i / classes))
        b = _nice(b) if i < classes else max(_nice(b), float(series.max()))
        if not bounds or b > bounds[-1]:
            bounds.append(b)
    return bounds


def _fmt(value: float, lang: str, decimals: int) -> str:
    return fmt_decimal(value, lang, decimals) if decimals else fmt_int(int(round(value)), lang)


def _x(lon: float) -> float:
    return (lon - WEST) * UNITS


def _y(lat: float) -> float:
    return (NORTH - lat) * ASPECT * UNITS


def _num(tenths: int) -> str:
    """A coordinate in tenths, written as short as SVG allows: 3, .4, -.4, 12.5."""
    text = f"{tenths / 10:.1f}".rstrip("0").rstrip(".")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def _path(points: list[tuple[int, int]]) -> str:
    """One ring: the first point absolute, then relative steps (`l`), repeats dropped. About half
    the text of absolute coordinates, which the page's markdown renderer parses on every draw."""
    (x0, y0), numbers, prev = points[0], [], points[0]
    for x, y in points[1:]:
        if (x, y) != prev:
            numbers += [x - prev[0], y - prev[1]]
            prev = (x, y)
    text = f"M{_num(x0)} {_num(y0)}"
    if numbers:
        steps = [_num(n) for n in numbers]
        text += "l" + steps[0] + "".join(v if v.startswith("-") else " " + v for v in steps[1:])
    return text + "Z"


@cache
def _outlines() -> tuple[tuple[str, str, str], ...]:
    """(code, name, SVG path data) of every province, in code order; worked out once. Points are
    kept in tenths of a drawing unit (a tenth of a pixel at full size)."""
    outlines = []
    for shape in province_shapes():
        rings: list[str] = []
        ring: list[tuple[int, int]] = []
        for lon, lat in [*zip(shape.xs, shape.ys, strict=True), (None, None)]:
            if lon is None or lat is None:
                if ring:
                    rings.append(_path(ring))
                ring = []
                continue
            ring.append((round(_x(lon) * 10), round(_y(lat) * 10)))
        outlines.append((shape.code, shape.name, "".join(rings)))
    return tuple(outlines)


def province_map(
    values: pd.DataFrame, lang: str, title: str, measure: str, decimals: int = 0, key: str = "map"
) -> ProvinceMap:
    """`values`: one row per province code (`province`, `value`, `text`, `suppressed`, `label`).
    `key` makes the picture's pattern ids unique on a page with two maps."""
    rows = {str(r.province): r for r in values.itertuples(index=False)}
    breaks = class_breaks([r.value for r in rows.values() if not r.suppressed])
    class_names = []
    for i, hi in enumerate(breaks):
        if i == 0:
            class_names.append(f"≤ {_fmt(hi, lang, decimals)}")
        elif decimals:
            class_names.append(f"{_fmt(breaks[i - 1], lang, decimals)} – {_fmt(hi, lang, decimals)}")
        else:
            class_names.append(f"{_fmt(breaks[i - 1] + 1, lang, 0)} – {_fmt(hi, lang, 0)}")
    hatch = f"{key}-hatch"
    paths: list[str] = []
    legend: dict[str, str] = {}
    shown: list[tuple[str, str]] = []
    for code, shape_name, outline in _outlines():
        row = rows.get(code)
        if row is None or (not row.suppressed and pd.isna(row.value)):
            fill, entry, text = NONE, t("map_no_value", lang), "–"
        elif row.suppressed:
            fill, entry, text = f"url(#{hatch})", t("map_hidden", lang, label=row.text), row.text
        elif row.value == 0:
            fill, entry, text = ZERO, "0", row.text
        else:
            k = next((i for i, b in enumerate(breaks) if row.value <= b), len(breaks) - 1)
            fill, entry, text = BLUES[min(k, len(BLUES) - 1)], class_names[k], row.text
        name = row.label if row is not None else shape_name
        legend.setdefault(entry, fill)
        shown.append((code, str(text)))
        paths.append(
            f'<path data-province="{code}" fill="{fill}" d="{outline}">'
            f"<title>{_esc(f'{name}: {text}')}</title></path>"
        )
    ordered = sorted(legend.items(), key=lambda item: _legend_rank(item[0], class_names, lang))
    svg = "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'class="{MAP_CLASS}" data-map="{_esc(key)}" data-measure="{_esc(measure)}" '
            f'aria-label="{_esc(title)}" style="width:100%;height:auto;max-height:600px" '
            'font-family="sans-serif">',
            f"<title>{_esc(title)}</title>",
            f'<defs><pattern id="{hatch}" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{HIDDEN}"/>'
            f'<line x1="1" y1="0" x2="1" y2="6" stroke="{HATCH}" stroke-width="1.5"/></pattern></defs>',
            f'<g stroke="{OUTLINE}" stroke-width="0.6" stroke-linejoin="round">',
            *paths,
            "</g>",
            *_archipelagos(),
            *_legend(measure, ordered),
            f'<text x="4" y="{HEIGHT - 6}" font-size="11" fill="#6f6f6f">{_esc(CREDIT)}</text>',
            "</svg>",
        ]
    )
    return ProvinceMap(title=title, measure=measure, svg=svg, shown=tuple(shown))


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _archipelagos() -> list[str]:
    return [
        f'<text x="{_x(lon):.0f}" y="{_y(lat):.0f}" font-size="14" fill="#4d5966" text-anchor="middle">'
        f'{_esc(name)}<tspan x="{_x(lon):.0f}" dy="16">{_esc(province)}</tspan></text>'
        for name, province, lon, lat in ARCHIPELAGOS
    ]


def _legend(measure: str, entries: list[tuple[str, str]]) -> list[str]:
    """The legend in the sea's top-right corner: a swatch and a label per class shown."""
    x, y, row = WIDTH * 0.6, 24.0, 25
    height = 30 + row * len(entries)
    parts = [
        f'<rect x="{x - 8:.0f}" y="4" width="{WIDTH - x:.0f}" height="{height}" fill="#ffffff" '
        'fill-opacity="0.85"/>',
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="17" font-weight="bold" fill="#262730">'
        f"{_esc(measure)}</text>",
    ]
    for i, (label, fill) in enumerate(entries):
        top = y + 10 + i * row
        parts.append(
            f'<rect x="{x:.0f}" y="{top:.0f}" width="20" height="17" fill="{fill}" stroke="{OUTLINE}" '
            'stroke-width="0.6"/>'
            f'<text x="{x + 28:.0f}" y="{top + 14:.0f}" font-size="16" fill="#262730">{_esc(label)}</text>'
        )
    return parts


def _legend_rank(legend: str, class_names: list[str], lang: str) -> int:
    if legend in class_names:
        return 100 + class_names.index(legend)
    if legend == "0":
        return 99
    return 200 if legend == t("map_no_value", lang) else 300
