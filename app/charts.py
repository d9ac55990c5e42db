"""Plotly figures. They receive already-protected long data (see app.protect.chart_data):
a suppressed cell arrives as NaN with the text `<5`, so its true value never enters the figure.

Trend charts mark incomplete quarters (or years) with a hatched bar or a shaded band, and say so
in the legend. Nothing here fetches from a CDN (no map tiles): the app must run offline.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from app.i18n import t

PALETTE = ["#1f5c99", "#d9822b", "#3a923a", "#b8473d", "#7a5ea8", "#8c6d46", "#d36fb0", "#6f6f6f", "#a5a52e"]
HIGHLIGHT = "#c0392b"
MUTED = "#9aa5b1"
_AXIS = {"gridcolor": "#EBF0F8", "linecolor": "#EBF0F8", "zerolinecolor": "#EBF0F8", "zerolinewidth": 2}
# plotly_white's look, written out: the template itself is 7 KB in every figure sent to the page,
# which plotly.js works through on every plot, and it cost about 20 ms to attach on the server
STYLE = {
    "font": {"color": "#2a3f5f"},
    "paper_bgcolor": "white",
    "plot_bgcolor": "white",
    "hoverlabel": {"align": "left"},
    "xaxis": _AXIS,
    "yaxis": _AXIS,
}
NO_COUNTS = "no-counts"  # trace meta: values that are codes, not counts (for the disclosure scan)


def _values(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in series]


def separators(lang: str) -> str:
    """Plotly's decimal and thousands marks: vi `1.234,5`, en `1,234.5`."""
    return ",." if lang == "vi" else ".,"


def _headroom(values: pd.Series) -> float:
    """Axis end with room for the value labels written outside the bars."""
    top = values.max(skipna=True)
    return 5.0 if pd.isna(top) or top <= 0 else float(top) * 1.15


def _left_margin(labels: Sequence[str], y_title: str) -> int:
    """Room for the category names written left of a horizontal chart, and the axis title."""
    longest = max((len(str(x)) for x in labels), default=0)
    return int(min(300, max(64, 5.8 * longest + (34 if y_title else 14))))


def _layout(
    fig: go.Figure,
    title: str,
    x_title: str,
    y_title: str,
    height: int = 420,
    lang: str = "vi",
    left_labels: Sequence[str] = (),
) -> go.Figure:
    """Title, axes, legend above the plot, and fixed margins.

    Margins are set here, not by plotly's `automargin`: automargin lays the chart out, measures the
    labels and lays it out again, about 20 ms a chart in the browser on every draw (measured with
    the browser benchmark). The left margin fits `left_labels` (a horizontal chart's categories);
    the bottom one fits quarter labels turned upright on a phone and the axis title.
    """
    fig.update_layout(
        separators=separators(lang),
        title={"text": title},
        xaxis_title=x_title,
        yaxis_title=y_title,
        height=height,
        margin={"l": _left_margin(left_labels, y_title), "r": 20, "t": 60, "b": 84 if x_title else 64},
        # Above the plot: below it, the legend was drawn over the x-axis title on narrow screens.
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "xanchor": "left"},
        template="none",
        **STYLE,
    )
    fig.update_xaxes(automargin=False)
    fig.update_yaxes(automargin=False)
    return fig


def label_years(fig: go.Figure, years: Sequence[object], label) -> go.Figure:
    """Year categories written with their labels (a part year says which quarters it holds)."""
    ticks = [str(y) for y in years]
    fig.update_xaxes(tickmode="array", tickvals=ticks, ticktext=[label(y) for y in years])
    return fig


def trend_bars(
    data: pd.DataFrame, x: str, incomplete: Sequence[str], lang: str, title: str, x_title: str, y_title: str
) -> go.Figure:
    """One bar per period; incomplete periods hatched and named in the legend; `<5` as text."""
    data = data.copy()
    data[x] = data[x].astype(str)
    bad = data[x].isin([str(p) for p in incomplete])
    fig = go.Figure()
    for name, part, color, pattern in (
        (y_title, data[~bad], PALETTE[0], ""),
        (t("incomplete_marker", lang), data[bad], MUTED, "/"),
    ):
        if part.empty:
            continue
        fig.add_bar(
            x=list(part[x]),
            y=_values(part["value"]),
            name=name,
            marker={
                "color": color,
                "pattern": {"shape": pattern, "fillmode": "overlay", "size": 10, "solidity": 0.2},
            },
            customdata=list(part["text"]),
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    hidden = data[data["suppressed"]]
    if not hidden.empty:
        fig.add_scatter(
            x=list(hidden[x]),
            y=[0] * len(hidden),
            mode="text",
            text=list(hidden["text"]),
            textposition="top center",
            showlegend=False,
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=sorted(data[x].unique()))
    fig.update_yaxes(tickformat=",d")
    return _layout(fig, title, x_title, y_title, lang=lang)


def grouped_bars(
    data: pd.DataFrame,
    x: str,
    group: str,
    lang: str,
    title: str,
    x_title: str,
    y_title: str,
    group_labels: dict[object, str] | None = None,
    x_labels: dict[object, str] | None = None,
    horizontal: bool = False,
    incomplete: Sequence[str] = (),
) -> go.Figure:
    """Bars per category and group; categories listed in `incomplete` are shaded (trend charts)."""
    fig = go.Figure()
    for i, (key, part) in enumerate(data.groupby(group, sort=False)):
        cats = [x_labels.get(v, str(v)) if x_labels else str(v) for v in part[x]]
        vals = _values(part["value"])
        fig.add_bar(
            x=vals if horizontal else cats,
            y=cats if horizontal else vals,
            orientation="h" if horizontal else "v",
            name=(group_labels or {}).get(key, str(key)),
            marker={"color": PALETTE[i % len(PALETTE)]},
            text=list(part["text"]),
            textposition="outside",
            customdata=list(part["text"]),
            hovertemplate="%{"
            + ("y" if horizontal else "x")
            + "}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    fig.update_layout(barmode="group")
    (fig.update_xaxes if horizontal else fig.update_yaxes)(
        tickformat=",d", range=[0, _headroom(data["value"])]
    )
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    elif incomplete:
        categories = list(dict.fromkeys(str(v) for v in data[x]))
        _mark_periods(fig, categories, [str(p) for p in incomplete], lang)
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=categories)
    labels = [x_labels.get(v, str(v)) if x_labels else str(v) for v in data[x]] if horizontal else ()
    height = max(420, 28 * data[x].nunique() + 160)
    return _layout(fig, title, x_title, y_title, height=height, lang=lang, left_labels=labels)


def ranked_bars(data: pd.DataFrame, label: str, title: str, x_title: str, lang: str) -> go.Figure:
    """Horizontal bars, largest first; suppressed ones keep their row with `<5` written in it."""
    data = data.assign(_sort=data["value"].fillna(0)).sort_values("_sort", ascending=False)
    fig = go.Figure(
        go.Bar(
            x=_values(data["value"]),
            y=list(data[label]),
            orientation="h",
            marker={"color": PALETTE[0]},
            text=list(data["text"]),
            textposition="outside",
            customdata=list(data["text"]),
            hovertemplate="%{y}: %{customdata}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(tickformat=",d", range=[0, _headroom(data["value"])])
    height = max(420, 24 * len(data) + 140)
    return _layout(fig, title, x_title, "", height=height, lang=lang, left_labels=list(data[label]))


def channel_lines(
    data: pd.DataFrame,
    incomplete: Sequence[str],
    lang: str,
    labels: dict[object, str],
    title: str,
    x_title: str,
    y_title: str,
    highlight: str = "ONLINE",
) -> go.Figure:
    """Cases per quarter and recruitment channel; the highlighted channel drawn thick and red."""
    periods = sorted(data["period"].astype(str).unique())
    fig = go.Figure()
    for i, (channel, part) in enumerate(data.groupby("channel", sort=False)):
        part = part.set_index(part["period"].astype(str)).reindex(periods)
        strong = channel == highlight
        fig.add_scatter(
            x=periods,
            y=_values(part["value"]),
            mode="lines+markers",
            name=labels.get(channel, str(channel)),
            line={
                "color": HIGHLIGHT if strong else PALETTE[(i + 1) % len(PALETTE)],
                "width": 5 if strong else 1.5,
            },
            opacity=1.0 if strong else 0.75,
            customdata=[str(v) if isinstance(v, str) else "" for v in part["text"]],
            hovertemplate="%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        )
    _mark_periods(fig, periods, incomplete, lang)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods)
    fig.update_yaxes(tickformat=",d", rangemode="tozero")
    return _layout(fig, title, x_title, y_title, lang=lang)


def _mark_periods(fig: go.Figure, periods: list[str], incomplete: Sequence[str], lang: str) -> None:
    """Shade each incomplete period and add a legend entry that says what the shading means."""
    marked = [p for p in periods if p in set(incomplete)]
    for p in marked:
        pos = periods.index(p)
        fig.add_vrect(x0=pos - 0.5, x1=pos + 0.5, fillcolor=MUTED, opacity=0.25, line_width=0, layer="below")
    if marked:
        fig.add_scatter(
            x=[marked[0]],
            y=[None],
            mode="markers",
            marker={"symbol": "square", "size": 14, "color": MUTED},
            name=t("incomplete_marker", lang),
            hoverinfo="skip",
        )


def sankey(
    flows: pd.DataFrame, source_labels: dict[object, str], target_labels: dict[object, str], title: str
) -> go.Figure:
    """Residence province -> country of exploitation. `flows` holds only flows shown in full."""
    sources = list(dict.fromkeys(flows["source"]))
    targets = list(dict.fromkeys(flows["target"]))
    nodes = [source_labels.get(s, str(s)) for s in sources] + [target_labels.get(x, str(x)) for x in targets]
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": nodes,
                "pad": 12,
                "thickness": 14,
                "color": [PALETTE[0]] * len(sources) + [PALETTE[1]] * len(targets),
            },
            textfont={"color": "#1b1f24", "size": 13, "shadow": "none"},
            link={
                "source": [sources.index(s) for s in flows["source"]],
                "target": [len(sources) + targets.index(x) for x in flows["target"]],
                "value": _values(flows["value"]),
                "customdata": list(flows["text"]),
                "hovertemplate": "%{source.label} → %{target.label}: %{customdata}<extra></extra>",
                "color": "rgba(31, 92, 153, 0.25)",
            },
        )
    )
    fig.update_layout(
        title={"text": title}, height=max(480, 22 * len(nodes)), margin={"l": 20, "r": 20, "t": 60}
    )
    return fig


def completeness_grid(
    grid: pd.DataFrame, status_codes: Sequence[str], status_labels: dict[str, str], title: str, x_title: str
) -> go.Figure:
    """Feed × quarter, coloured by delivery status (codes, not counts)."""
    colors = {"ON_TIME": "#3a923a", "LATE": "#e0b030", "REJECTED": "#b8473d", "MISSING": "#c8ccd2"}
    codes = list(status_codes)
    n = len(codes)
    scale = []
    for i, code in enumerate(codes):
        scale += [[i / n, colors.get(code, MUTED)], [(i + 1) / n, colors.get(code, MUTED)]]
    z = [[None if pd.isna(v) else codes.index(v) for v in row] for row in grid.to_numpy()]
    text = [["" if pd.isna(v) else status_labels.get(v, v) for v in row] for row in grid.to_numpy()]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[str(c) for c in grid.columns],
            y=[str(i) for i in grid.index],
            text=text,
            hovertemplate="%{y} %{x}: %{text}<extra></extra>",
            colorscale=scale,
            zmin=-0.5,
            zmax=n - 0.5,
            xgap=2,
            ygap=2,
            meta=NO_COUNTS,
            colorbar={
                "tickvals": list(range(n)),
                "ticktext": [status_labels.get(c, c) for c in codes],
                "title": {"text": ""},
            },
        )
    )
    fig.update_xaxes(type="category")
    fig.update_yaxes(type="category", autorange="reversed")
    _layout(fig, title, x_title, "", height=max(360, 34 * len(grid) + 160))
    # one chart on its page, labels turned at the top: plotly fits its margins itself
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig
