"""Charts as Vega-Lite specifications, drawn to SVG on the server (app.svg), never in the browser.

Why not plotly in the browser: every plotly chart cost about 100 ms of the browser's time on each
page view (Streamlit's chart element plots each figure two or three times when it mounts), which
kept the chart pages far from the 300 ms target of issue 16; a chart drawn on the server costs the
browser only the laying out of an SVG picture (benchmarks/README.md, "Dashboards in a browser").

The builders receive already-protected long data (app.protect.chart_data): a suppressed cell
arrives as NaN with the text `<5` (or `x`), so its true value never enters the chart. Every bar
carries its value written beside it, so a reader (and a printout) needs no pointer to read it.
Trend charts mark incomplete quarters or part years (a muted bar, or a shaded band) and say so in
the legend. Nothing here fetches anything: the app runs offline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from app.i18n import t

PALETTE = ["#1f5c99", "#d9822b", "#3a923a", "#b8473d", "#7a5ea8", "#8c6d46", "#d36fb0", "#6f6f6f", "#a5a52e"]
HIGHLIGHT = "#c0392b"
MUTED = "#9aa5b1"
STATUS_COLORS = {"ON_TIME": "#3a923a", "LATE": "#e0b030", "REJECTED": "#b8473d", "MISSING": "#c8ccd2"}
# Drawing widths in pixels: a chart across the page, in one of two columns, on a phone (390 px
# less the page's margins). A chart is drawn for its place and for a phone (app.svg).
WIDE = 760
COLUMN = 480
NARROW = 350
ROW_STEP = 22  # pixels per bar of a horizontal chart
# Room left of a horizontal chart's category names and right of values and legends, for a browser
# that draws them in a face wider than the one they were measured with (app.svg.FONT): about 10 %
# of the longest allowed name.
LABEL_ROOM = 30
ROUTE_STEP = 34  # a route's name takes two lines


@dataclass(eq=False)
class Chart:
    """One chart: its heading (written as HTML above the picture, so that it wraps on phones) and
    its Vega-Lite specification without a width (app.svg draws it at `width` and at a phone's).

    `width` is the width of the place it is designed for (WIDE, or COLUMN for a chart that sits
    in one of two columns), `height` the plot's height at any width, `lang` the language of its
    labels and number marks. `legend` (label, colour) is written as HTML above the picture: it
    wraps on a phone and is set in the page's font (a legend inside the picture is placed from
    the plot's left edge and ran off a phone's picture). `counts` is False for a chart whose
    values are codes, not counts (the delivery grid); the page marks it so for the disclosure
    checks.
    """

    title: str
    spec: dict[str, Any]
    height: int
    lang: str = "vi"
    counts: bool = True
    width: int = WIDE
    legend: tuple[tuple[str, str], ...] = ()

    def placed(self, width: int) -> Chart:
        """This chart, to be drawn `width` pixels wide (views: COLUMN for a chart in a column)."""
        self.width = width
        return self


def _value(v: object) -> float | None:
    return None if pd.isna(v) else float(v)


def _headroom(values: pd.Series) -> float:
    """Axis end with room for the value labels written outside the bars."""
    top = values.max(skipna=True)
    return 5.0 if pd.isna(top) or top <= 0 else float(top) * 1.15


def _color(domain: Sequence[str], colors: Sequence[str], title: str | None = None) -> dict:
    return {
        "field": "g",
        "type": "nominal",
        "title": title,
        "scale": {"domain": list(domain), "range": list(colors)},
        "legend": None,  # written as HTML above the picture (Chart.legend, app.blocks)
    }


def _legend(color: dict) -> tuple[tuple[str, str], ...]:
    """A colour scale's entries (label, colour), when there is more than one."""
    domain, colors = color["scale"]["domain"], color["scale"]["range"]
    return tuple(zip(domain, colors, strict=True)) if len(domain) > 1 else ()


def _counts_axis(title: str, top: float, field: str = "v") -> dict:
    return {
        "field": field,
        "type": "quantitative",
        "title": title,
        "scale": {"domain": [0, top], "nice": False},
        "axis": {"format": ",d", "tickMinStep": 1},
    }


def _category(order: Sequence[str], title: str, horizontal: bool, angle: int = 0) -> dict:
    """A category axis in the given order (an explicit list: it holds across layers)."""
    axis: dict[str, Any] = {"labelLimit": 240} if horizontal else {"labelAngle": angle, "labelLimit": 120}
    if angle:
        axis["labelOverlap"] = "greedy"  # many quarters on a phone: every other label
    elif not horizontal:  # "Trẻ em (0-17)", "2026 (Q1–Q3, …)": the bracket on a second line
        cut = "indexof(datum.label, ' (')"
        axis["labelExpr"] = (
            f"{cut} > 0 ? [substring(datum.label, 0, {cut}), substring(datum.label, {cut} + 1)] : datum.label"
        )
    return {"field": "x", "type": "nominal", "title": title, "sort": list(order), "axis": axis}


def _shade(order: Sequence[str], marked: Sequence[str], color: dict, top: float) -> dict:
    """A band behind each marked category (an incomplete period), named in the legend."""
    label = color["scale"]["domain"][-1]
    return {
        "data": {"values": [{"x": c, "g": label} for c in marked]},
        "mark": {"type": "bar", "opacity": 0.28, "aria": False},
        "encoding": {
            "x": _category(order, "", False),
            "y": {"datum": top, "type": "quantitative", "scale": {"domain": [0, top], "nice": False}},
            "y2": {"datum": 0},
            "color": color,
        },
    }


def _bars(
    rows: list[dict],
    order: Sequence[str],
    color: dict,
    x_title: str,
    y_title: str,
    top: float,
    horizontal: bool,
    offset: Sequence[str] = (),
    shade: Sequence[str] = (),
    angle: int = 0,
) -> dict:
    """Bars (side by side within a category when `offset` names the groups) with their values
    written at their ends; `shade`: categories with a band behind them (color's last entry)."""
    pos, length = ("y", "x") if horizontal else ("x", "y")
    value_title = x_title if horizontal else y_title
    common: dict[str, Any] = {pos: _category(order, y_title if horizontal else x_title, horizontal, angle)}
    if len(offset) > 1:
        common[f"{pos}Offset"] = {"field": "g", "type": "nominal", "sort": list(offset)}
    label_mark = (
        {"type": "text", "align": "left", "dx": 3, "baseline": "middle", "fontSize": 11, "aria": False}
        if horizontal
        else {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 11, "aria": False}
    )
    if angle:  # many narrow bars (quarters): values written upright, so that neighbours never meet
        label_mark = {"type": "text", "angle": -90, "align": "left", "baseline": "middle", "dx": 3}
        label_mark |= {"fontSize": 10, "aria": False}
    for row in rows:  # what a screen reader says of a bar (the value as written: `<5` stays `<5`)
        row["desc"] = (
            f"{row['x']}, {row['g']}: {row['text']}" if len(offset) > 1 else f"{row['x']}: {row['text']}"
        )
    layers = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                **common,
                length: _counts_axis(value_title, top),
                "color": color,
                "description": {"field": "desc"},
            },
        },
        {
            "mark": label_mark,
            "encoding": {
                **common,
                length: _counts_axis(value_title, top, "pos"),
                "text": {"field": "text"},
                "color": {"value": "#1b1f24"},
            },
        },
    ]
    return {
        **(
            {"padding": {"left": LABEL_ROOM, "right": LABEL_ROOM, "top": 5, "bottom": 5}}
            if horizontal
            else {}
        ),
        "data": {"values": rows},
        "transform": [{"calculate": "isValid(datum.v) ? datum.v : 0", "as": "pos"}],
        "layer": ([_shade(order, shade, color, top)] if shade else []) + layers,
    }


def trend_bars(
    data: pd.DataFrame,
    x: str,
    incomplete: Sequence[str],
    lang: str,
    title: str,
    x_title: str,
    y_title: str,
    x_labels: Mapping[str, str] | None = None,
    incomplete_label: str | None = None,
) -> Chart:
    """One bar per period; incomplete periods muted and named in the legend; `<5` written in place."""
    marked = {str(p) for p in incomplete}
    label = incomplete_label or t("incomplete_marker", lang)
    keys = sorted(data[x].astype(str).unique())
    order = [(x_labels or {}).get(k, k) for k in keys]
    rows = [
        {
            "x": (x_labels or {}).get(str(k), str(k)),
            "v": _value(v),
            "text": text,
            "g": label if str(k) in marked else y_title,
        }
        for k, v, text in zip(data[x], data["value"], data["text"], strict=True)
    ]
    groups = [y_title] + ([label] if marked & set(keys) else [])
    color = _color(groups, [PALETTE[0], MUTED])
    angle = -90 if len(order) > 8 else 0
    top = _headroom(data["value"]) * (1.1 if angle else 1.0)  # room above for upright values
    spec = _bars(rows, order, color, x_title, y_title, top, False, angle=angle)
    return Chart(title, spec, 300, lang, legend=_legend(color))


def grouped_bars(
    data: pd.DataFrame,
    x: str,
    group: str,
    lang: str,
    title: str,
    x_title: str,
    y_title: str,
    group_labels: Mapping[object, str] | None = None,
    x_labels: Mapping[object, str] | None = None,
    horizontal: bool = False,
    incomplete: Sequence[str] = (),
) -> Chart:
    """Bars per category and group; categories listed in `incomplete` are shaded (trend charts)."""
    keys = list(dict.fromkeys(data[x]))
    labels = [x_labels.get(k, str(k)) if x_labels else str(k) for k in keys]
    groups = [(group_labels or {}).get(g, str(g)) for g in dict.fromkeys(data[group])]
    rows = [
        {
            "x": labels[keys.index(k)],
            "g": (group_labels or {}).get(g, str(g)),
            "v": _value(v),
            "text": text,
        }
        for k, g, v, text in zip(data[x], data[group], data["value"], data["text"], strict=True)
    ]
    top = _headroom(data["value"])
    domain, colors = list(groups), [PALETTE[i % len(PALETTE)] for i in range(len(groups))]
    wanted = {str(p) for p in incomplete}
    marked = [] if horizontal else [labels[keys.index(k)] for k in keys if str(k) in wanted]
    if marked:
        domain, colors = [*domain, t("incomplete_marker", lang)], [*colors, MUTED]
    color = _color(domain, colors)
    spec = _bars(rows, labels, color, x_title, y_title, top, horizontal, offset=groups, shade=marked)
    height = len(keys) * (ROW_STEP * len(groups) + 8) if horizontal else 300
    return Chart(title, spec, max(140, height), lang, legend=_legend(color))


def ranked_bars(data: pd.DataFrame, label: str, title: str, x_title: str, lang: str) -> Chart:
    """Horizontal bars, largest first; suppressed ones keep their row with `<5` written in it."""
    data = data.assign(_sort=data["value"].fillna(0)).sort_values("_sort", ascending=False, kind="stable")
    rows = [
        {"x": str(k), "g": x_title, "v": _value(v), "text": text}
        for k, v, text in zip(data[label], data["value"], data["text"], strict=True)
    ]
    order = list(dict.fromkeys(r["x"] for r in rows))
    color = _color([x_title], [PALETTE[0]])
    spec = _bars(rows, order, color, x_title, "", _headroom(data["value"]), True)
    height = max(120, ROW_STEP * len(order))
    return Chart(title, spec, height, lang)


def channel_lines(
    data: pd.DataFrame,
    incomplete: Sequence[str],
    lang: str,
    labels: Mapping[object, str],
    title: str,
    x_title: str,
    y_title: str,
    highlight: str = "ONLINE",
) -> Chart:
    """Cases per quarter and recruitment channel; the highlighted channel drawn thick and red."""
    periods = sorted(data["period"].astype(str).unique())
    channels = list(dict.fromkeys(data["channel"]))
    names = [labels.get(c, str(c)) for c in channels]
    colors = [
        HIGHLIGHT if c == highlight else PALETTE[(i + 1) % len(PALETTE)] for i, c in enumerate(channels)
    ]
    rows = [
        {
            "x": str(p),
            "g": labels.get(c, str(c)),
            "v": _value(v),
            "strong": c == highlight,
            "desc": f"{p}, {labels.get(c, str(c))}: {text}",
        }
        for p, c, v, text in zip(data["period"], data["channel"], data["value"], data["text"], strict=True)
    ]
    top = max(5.0, float(data["value"].max(skipna=True) or 0) * 1.05) if data["value"].notna().any() else 5.0
    marked = [p for p in periods if p in {str(q) for q in incomplete}]
    domain, rng = list(names), list(colors)
    if marked:
        domain, rng = [*domain, t("incomplete_marker", lang)], [*rng, MUTED]
    color = _color(domain, rng)
    line = {
        "mark": {"type": "line", "point": {"size": 18}},
        "encoding": {
            "x": {**_category(periods, x_title, False, -90)},
            "y": _counts_axis(y_title, top),
            "color": color,
            "description": {"field": "desc"},
            "strokeWidth": {
                "field": "strong",
                "type": "nominal",
                "scale": {"domain": [True, False], "range": [4, 1.5]},
                "legend": None,
            },
        },
    }
    layers = ([_shade(periods, marked, color, top)] if marked else []) + [line]
    spec = {"data": {"values": rows}, "layer": layers}
    return Chart(title, spec, 320, lang, legend=_legend(color))


def route_bars(
    flows: pd.DataFrame, source_labels, target_labels, title: str, x_title: str, top_n: int, lang: str
) -> Chart:
    """The `top_n` largest routes (residence province -> country of exploitation), largest first.
    `flows` holds only flows shown in full; the table under the chart lists every route."""
    ranked = flows.sort_values("value", ascending=False, kind="stable").head(top_n)
    data = pd.DataFrame(
        {
            "label": [
                f"{source_labels.get(s, str(s))} → {target_labels.get(x, str(x))}"
                for s, x in zip(ranked["source"], ranked["target"], strict=True)
            ],
            "value": ranked["value"].to_numpy(),
            "text": ranked["text"].to_numpy(),
        }
    )
    chart = ranked_bars(data, "label", title, x_title, lang)
    # two lines per route (province, then "→ country"): whole names, also on a phone
    axis = chart.spec["layer"][0]["encoding"]["y"]["axis"]
    axis["labelExpr"] = "[split(datum.label, ' → ')[0], '→ ' + split(datum.label, ' → ')[1]]"
    chart.height = max(120, ROUTE_STEP * len(data))
    return chart


def completeness_grid(
    grid: pd.DataFrame, status_codes: Sequence[str], status_labels: Mapping[str, str], title: str
) -> Chart:
    """Quarter × feed, coloured by delivery status (codes, not counts)."""
    quarters = [str(q) for q in grid.index]
    feeds = [str(c) for c in grid.columns]
    rows = [
        {
            "q": quarters[i],
            "f": feeds[j],
            "g": status_labels.get(v, v),
            "desc": f"{feeds[j]}, {quarters[i]}: {status_labels.get(v, v)}",
        }
        for i, row in enumerate(grid.to_numpy())
        for j, v in enumerate(row)
        if not pd.isna(v)
    ]
    codes = list(status_codes)
    spec = {
        # room right and above for the turned feed names (drawn wider than measured, app.svg.FONT)
        "padding": {"left": 8, "right": LABEL_ROOM, "top": LABEL_ROOM, "bottom": 5},
        "data": {"values": rows},
        "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
        "encoding": {
            "description": {"field": "desc"},
            "y": {"field": "q", "type": "nominal", "title": None, "sort": quarters},
            "x": {
                "field": "f",
                "type": "nominal",
                "title": None,
                "sort": feeds,
                "axis": {"orient": "top", "labelAngle": -40, "labelLimit": 200},
            },
            "color": _color(
                [status_labels.get(c, c) for c in codes], [STATUS_COLORS.get(c, MUTED) for c in codes]
            ),
        },
    }
    legend = _legend(spec["encoding"]["color"])
    return Chart(title, spec, max(200, 20 * len(quarters)), counts=False, legend=legend)


def estimate_bars(merged: pd.DataFrame, lang: str) -> Chart:
    """Detected victims (bars) and the estimate with its interval (points and error bars)."""
    detected, estimate = t("est_detected", lang), t("est_estimate_interval", lang)
    rows = [
        {
            "x": str(int(r.year)),
            "d": _value(r.detected),
            "e": _value(r.estimate) if bool(r.estimable) else None,
            "lo": _value(r.ci_low) if bool(r.estimable) else None,
            "hi": _value(r.ci_high) if bool(r.estimable) else None,
        }
        for r in merged.itertuples()
    ]
    tops = [v for r in rows for v in (r["d"], r["hi"]) if v is not None]
    top = max(tops, default=5.0) * 1.1 or 5.0
    y = {
        "type": "quantitative",
        "title": t("victims", lang),
        "scale": {"domain": [0, top], "nice": False},
        "axis": {"format": ",d"},
    }
    x = _category([r["x"] for r in rows], t("year", lang), False)
    color = {"scale": {"domain": [detected, estimate], "range": [PALETTE[0], HIGHLIGHT]}, "legend": None}
    spec = {
        "data": {"values": rows},
        "encoding": {"x": x},
        "layer": [
            {"mark": "bar", "encoding": {"y": {**y, "field": "d"}, "color": {**color, "datum": detected}}},
            {
                "transform": [{"filter": "isValid(datum.e)"}],
                "mark": {"type": "rule", "strokeWidth": 2},
                "encoding": {"y": {**y, "field": "lo"}, "y2": {"field": "hi"}, "color": {"value": HIGHLIGHT}},
            },
            {
                "transform": [{"filter": "isValid(datum.e)"}],
                "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 90},
                "encoding": {"y": {**y, "field": "e"}, "color": {**color, "datum": estimate}},
            },
        ],
    }
    return Chart(t("est_chart_title", lang), spec, 300, lang, legend=_legend(color))
