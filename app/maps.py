"""The province map, drawn from the boundaries tipstat ships (tipstat/geography): each province is
a filled SVG shape (plotly scatter, `fill="toself"`), so nothing is fetched from the internet (no
tiles, no world basemap) and the map draws on a ministry network with no internet access.

Values are shown in classes (a legend a reader can compare), suppressed provinces hatched grey
with `<5`, provinces without a value white. The unknown province is not on the map: the page shows
it apart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from app.charts import separators
from app.i18n import fmt_decimal, fmt_int, t
from tipstat.geography.boundaries import CREDIT, province_shapes

BLUES = ("#dbe9f6", "#a6c8e4", "#6aa3d0", "#2f76b5", "#0d4a8a")
ZERO = "#f4f4f4"
HIDDEN = "#c8ccd2"
NONE = "#ffffff"
MAP_META = "province:"  # trace meta prefix, one trace per province (tests count them)
# Longitude is shortened by cos(latitude) at Viet Nam's middle latitude (about 16° N).
ASPECT = 1 / math.cos(math.radians(16))
# Viet Nam's maps always show and name the two archipelagos (proper names, in both languages).
ARCHIPELAGOS = (("QĐ. Hoàng Sa<br>(Đà Nẵng)", 111.9, 15.0), ("QĐ. Trường Sa<br>(Khánh Hòa)", 114.4, 12.9))


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


def province_map(values: pd.DataFrame, lang: str, title: str, measure: str, decimals: int = 0) -> go.Figure:
    """`values`: one row per province code (`province`, `value`, `text`, `suppressed`, `label`)."""
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
    fig = go.Figure()
    shown: set[str] = set()
    for shape in province_shapes():
        row = rows.get(shape.code)
        pattern = None
        if row is None or (not row.suppressed and pd.isna(row.value)):
            color, legend, text = NONE, t("map_no_value", lang), "–"
        elif row.suppressed:
            color, legend, text = HIDDEN, t("map_hidden", lang, label=row.text), row.text
            pattern = {"shape": "/", "fgcolor": "#8a939c", "bgcolor": HIDDEN, "size": 6}
        elif row.value == 0:
            color, legend, text = ZERO, "0", row.text
        else:
            k = next((i for i, b in enumerate(breaks) if row.value <= b), len(breaks) - 1)
            color, legend, text = BLUES[min(k, len(BLUES) - 1)], class_names[k], row.text
        name = row.label if row is not None else shape.name
        fig.add_scatter(
            x=list(shape.xs),
            y=list(shape.ys),
            mode="lines",
            fill="toself",
            fillcolor=color,
            fillpattern=pattern,
            line={"color": "#7f8c99", "width": 0.5},
            hoveron="fills",
            hoverinfo="text",
            text=f"{name}: {text}",
            name=legend,
            legendgroup=legend,
            legendrank=_legend_rank(legend, class_names, lang),
            showlegend=legend not in shown,
            meta=f"{MAP_META}{shape.code}",
        )
        shown.add(legend)
    fig.update_xaxes(visible=False, range=[101.9, 117.4])
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=ASPECT, range=[6.6, 23.5])
    fig.update_layout(
        separators=separators(lang),
        title={"text": title},
        template="plotly_white",
        height=560,
        margin={"l": 0, "r": 0, "t": 40, "b": 30},
        legend={
            "title": {"text": measure},
            "orientation": "v",
            "x": 0.62,
            "y": 0.98,
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        dragmode=False,
        annotations=[
            *[
                {
                    "text": name,
                    "x": x,
                    "y": y,
                    "showarrow": False,
                    "font": {"size": 10, "color": "#4d5966"},
                    "xanchor": "center",
                }
                for name, x, y in ARCHIPELAGOS
            ],
            {
                "text": CREDIT,
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.03,
                "xanchor": "left",
                "font": {"size": 9, "color": "#6f6f6f"},
            },
        ],
    )
    return fig


def _legend_rank(legend: str, class_names: list[str], lang: str) -> int:
    if legend in class_names:
        return 100 + class_names.index(legend)
    if legend == "0":
        return 99
    return 200 if legend == t("map_no_value", lang) else 300
