"""Charts drawn to SVG pictures on the server with vl-convert (Vega-Lite, no browser needed).

The picture goes to the page as an image (`<img>` with the SVG in a data URL): Streamlit's
st.html removes inline SVG, and st.markdown, which keeps it, parses the whole picture as
markdown on every draw (slow).

Each chart is drawn twice: at the width of its place on a desktop page and at a phone's width
(390 px), so that its text stays readable on both; the page shows one of the two (app.style).
A picture scales down with its place (`max-width`), never up. Vega writes each mark's values
into its `aria-label` (the disclosure checks read them there); the image's `alt` is its title,
and the table beside each chart holds its numbers for screen readers.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from typing import Any

import vl_convert as vlc

from app.charts import LABEL_ROOM, NARROW, Chart
from app.derived import once

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
# A picture shown as an image is written in the viewer's system fonts: Arial (Windows, macOS) or
# Liberation Sans (Linux; Arial's metric twin, and the face vl-convert carries and measures with:
# a system font such as DejaVu Sans doubled the time of a drawing, 32 -> 74 ms). Where neither is
# installed the browser substitutes a wider face (DejaVu Sans, about 8 % wider): the room left of
# a horizontal chart's names (charts.LABEL_ROOM) keeps them inside the picture.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
NARROW_LABELS = 150  # longest category name on a phone, in pixels (longer ones end in "…")
LOCALES = {
    "vi": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
}
TEXT = "#2a3f5f"
CONFIG: dict[str, Any] = {
    "font": FONT,
    "background": None,
    # room right for values set in a wider face than measured (charts.LABEL_ROOM);
    # a chart's own `padding` wins
    "padding": {"left": 8, "right": LABEL_ROOM, "top": 5, "bottom": 5},
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": 12,
        "titleFontSize": 12,
        "titleFontWeight": "normal",
        "labelColor": TEXT,
        "titleColor": TEXT,
        "gridColor": "#EBF0F8",
        "domainColor": "#c8ccd2",
        "tickColor": "#c8ccd2",
    },
    "text": {"color": "#1b1f24"},
    "bar": {"color": "#1f5c99"},
}
_SIZE = re.compile(r'^<svg([^>]*?) width="([\d.]+)" height="([\d.]+)"')


@dataclass(frozen=True)
class Pictures:
    """A chart drawn for its place (`wide`) and for a phone (`narrow`), as `<img>` elements."""

    wide: str
    narrow: str


def pictures(chart: Chart) -> Pictures:
    """The chart's two pictures, drawn once per chart object (views are cached per published
    version, so a chart is drawn once per version, language and year; app.warm draws them ahead)."""
    return once(chart, "pictures", lambda: Pictures(draw(chart, chart.width), draw(chart, NARROW)))


def draw(chart: Chart, width: int) -> str:
    """The chart as an `<img>` `width` pixels wide at most, scaling down with its place."""
    lang = chart.lang
    spec = {
        "$schema": SCHEMA,
        **chart.spec,
        "width": width,
        "height": chart.height,
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": CONFIG,
    }
    if width <= NARROW:
        spec = _cap_labels(spec, NARROW_LABELS)
    svg = vlc.vegalite_to_svg(spec, format_locale=LOCALES.get(lang, LOCALES["en"]))
    return _scalable(svg, chart.title)


def _cap_labels(node: Any, limit: int) -> Any:
    """For a phone: shorter category names."""
    if isinstance(node, dict):
        return {
            k: (min(v, limit) if k == "labelLimit" and isinstance(v, int | float) else _cap_labels(v, limit))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_cap_labels(v, limit) for v in node]
    return node


def _scalable(svg: str, title: str) -> str:
    """The picture as an `<img>` (st.html keeps no inline SVG) as wide as its place, at most
    its own width, keeping its aspect ratio."""
    match = _SIZE.match(svg)
    if match is None:
        raise ValueError("vl-convert returned an SVG without a width and height")
    width, height = match.group(2), match.group(3)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<img class="tipstat-chart" src="data:image/svg+xml;base64,{data}" alt="{html.escape(title)}" '
        f'width="{width}" height="{height}" style="width:100%;max-width:{width}px;height:auto">'
    )


def warm_up() -> None:
    """Start vl-convert's JavaScript engine (about a second, once per process)."""
    vlc.vegalite_to_svg({"$schema": SCHEMA, "data": {"values": [{"a": 1}]}, "mark": "point"})
