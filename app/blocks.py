"""How one figure is shown: a heading that wraps on phones, the chart (an SVG picture drawn on the
server, app.svg), a short definition, the unit and source, and a download of the data behind it.

Heading, picture and notes are one HTML element, and a table is one HTML table: each element a
page has costs the browser time to mount (Streamlit's chart and data-grid elements about 35-100 ms
each, measured in benchmarks/README.md), and a page view must settle within 300 ms.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Sequence

import pandas as pd
import streamlit as st

from app import svg, tables
from app.charts import Chart
from app.derived import once
from app.i18n import code_label, t
from app.maps import MAP_CLASS, ProvinceMap

FIGURE_CLASS = "tipstat-figure"  # one figure: heading, picture(s), notes (page styles, tests)

# chart key -> (definition text key, unit text key, feeds the figure comes from)
VICTIM_FEEDS = ("police", "border", "consular", "social")
NOTES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "overview_quarter": ("help_detected", "unit_persons", VICTIM_FEEDS),
    "overview_year": ("help_detected", "unit_persons", VICTIM_FEEDS),
    "victims_sex_age": ("help_detected", "unit_persons", VICTIM_FEEDS),
    "victims_form_sex": ("help_form", "unit_persons", VICTIM_FEEDS),
    "victims_citizenship": ("help_detected", "unit_persons", VICTIM_FEEDS),
    "victims_status": ("help_presumed", "unit_persons", VICTIM_FEEDS),
    "provinces_map": ("help_province_map", "unit_persons", VICTIM_FEEDS),
    "provinces_rate_map": ("help_rate", "unit_rate", (*VICTIM_FEEDS, "population")),
    "routes_top": ("help_routes", "unit_persons", VICTIM_FEEDS),
    "routes_channels": ("help_channels", "unit_cases", ("police",)),
    "justice_funnel": ("help_funnel", "unit_persons_stage", ("police", "procuracy", "court")),
    "justice_by_sex": ("help_funnel", "unit_persons_stage", ("police", "procuracy", "court")),
    "support_assisted": ("help_assisted", "unit_persons", ("social",)),
    "support_services": ("help_services", "unit_persons", ("social",)),
    "support_repatriations": ("help_repatriated", "unit_persons", ("consular",)),
    "quality_grid": ("help_delivery", "unit_files", ("police", "border", "social", "consular")),
}

_GROUPED = {"vi": re.compile(r"^-?\d{1,3}(\.\d{3})+$"), "en": re.compile(r"^-?\d{1,3}(,\d{3})+$")}


def source_text(feeds: tuple[str, ...], lang: str) -> str:
    return ", ".join(code_label("feed", f, lang) for f in feeds)


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """The table as shown (suppressed cells stay `<5`), numbers without thousands marks, UTF-8 with
    a BOM so that spreadsheet programs read Vietnamese correctly."""
    return once(frame, f"csv:{lang}", lambda: _csv_bytes(frame, lang))


def _csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    grouped = _GROUPED["vi" if lang == "vi" else "en"]
    mark = "." if lang == "vi" else ","

    def plain(value: object) -> object:
        if isinstance(value, str) and grouped.match(value):
            return value.replace(mark, "")
        return value

    return frame.map(plain).to_csv(index=False).encode("utf-8-sig")


def chart(
    fig: Chart | None,
    key: str,
    lang: str,
    table: pd.DataFrame | None = None,
    *,
    container=None,
    title: str | None = None,
    with_table: str | None = None,
    table_title: str | None = None,
) -> None:
    """Heading, chart, definition, unit and source, and a CSV of `table`.

    `with_table="beside"` (or `"below"`) also shows `table`, headed `table_title`, beside the
    chart (one column on a phone) or under it: the figure and its table are one HTML element.
    """
    if fig is None:
        return
    box = container or st
    shown = table if with_table else None
    box.html(
        once(
            fig,
            f"html:{key}:{title}:{with_table}:{table_title}",
            lambda: _figure_html(fig, key, lang, title, shown, with_table, table_title),
        )
    )
    download(key, lang, table, container=box)


def _figure_html(
    fig: Chart,
    key: str | None,
    lang: str,
    title: str | None,
    table: pd.DataFrame | None = None,
    place: str | None = None,
    table_title: str | None = None,
) -> str:
    drawn = svg.pictures(fig)
    attrs = (f' data-chart="{key}"' if key else "") + ("" if fig.counts else ' data-counts="no"')
    figure = (
        f'<div class="{FIGURE_CLASS}"{attrs}><h3>{html.escape(title or fig.title)}</h3>{_legend_html(fig)}'
        f'<div class="tipstat-wide">{drawn.wide}</div><div class="tipstat-narrow">{drawn.narrow}</div>'
        f"{_notes_html(key, lang) if key else ''}</div>"
    )
    if table is None:
        return figure
    shown = f"<div>{tables.table_html(tables.total_first(table), table_title)}</div>"
    return f'<div class="tipstat-{place}">{figure}{shown}</div>'


def _legend_html(fig: Chart) -> str:
    """The chart's legend as HTML (it wraps on a phone, in the page's font)."""
    if not fig.legend:
        return ""
    keys = "".join(
        f'<span><span class="tipstat-key" style="background:{color}"></span>{html.escape(label)}</span>'
        for label, color in fig.legend
    )
    return f'<div class="tipstat-legend">{keys}</div>'


def kpi_cards(cards: Sequence[tuple[str, str, str | None, str]], lang: str) -> None:
    """Headline figures (label, figure, change, definition) as one HTML element: cards that flow
    three to a row on a desktop and one on a phone, each with its definition a tap away. (Six
    st.metric elements cost the overview page about 55 ms more to mount, benchmarks/README.md.)"""
    summary = html.escape(t("definition", lang))
    items = []
    for label, figure, change, definition in cards:
        delta = f'<p class="tipstat-kpi-delta{_trend(change)}">{html.escape(change)}</p>' if change else ""
        items.append(
            f'<div class="tipstat-kpi"><p class="tipstat-kpi-label">{html.escape(label)}</p>'
            f'<p class="tipstat-kpi-value">{html.escape(figure)}</p>{delta}'
            f"<details><summary>{summary}</summary><p>{html.escape(definition)}</p></details></div>"
        )
    st.html(f'<div class="tipstat-kpis">{"".join(items)}</div>')


def _trend(change: str) -> str:
    """The arrow class of a change ("+12 (+3,4 %) …" goes up); none for no change."""
    return " up" if change.startswith("+") else " down" if change[:1] in ("-", "−") else ""


def picture(fig: Chart, lang: str) -> None:
    """A chart with its heading and no notes (a statistician's working chart)."""
    st.html(once(fig, "picture", lambda: _figure_html(fig, None, lang, None)))


def _notes_html(key: str, lang: str) -> str:
    help_key, unit_key, feeds = NOTES[key]
    unit = f"{t('unit', lang)}: {t(unit_key, lang)} · {t('source', lang)}: {source_text(feeds, lang)}"
    return "".join(f'<p class="tipstat-note">{html.escape(text)}</p>' for text in (t(help_key, lang), unit))


def province_map(
    shown: ProvinceMap, key: str, lang: str, table: pd.DataFrame | None = None, *, container=None
) -> None:
    """Heading, the map (an SVG picture, app.maps), definition, unit and source, and the data."""
    box = container or st
    box.html(once(shown, f"map:{key}", lambda: _map_html(shown, key, lang)))
    download(key, lang, table, container=box)


def _map_html(shown: ProvinceMap, key: str, lang: str) -> str:
    data = base64.b64encode(shown.svg.encode("utf-8")).decode("ascii")
    return (
        f'<div class="{FIGURE_CLASS}" data-chart="{key}"><h3>{html.escape(shown.title)}</h3>'
        f'<img class="tipstat-chart {MAP_CLASS}" src="data:image/svg+xml;base64,{data}" '
        f'alt="{html.escape(shown.title)}" style="width:100%;height:auto;max-height:600px">'
        f"{_notes_html(key, lang)}</div>"
    )


def download(key: str, lang: str, table: pd.DataFrame | None, *, container=None) -> None:
    """The download of a figure's data (the table as shown)."""
    if table is None or table.empty:
        return
    (container or st).download_button(
        t("download_data", lang),
        data=csv_bytes(table, lang),
        file_name=f"tipstat_{key}.csv",
        mime="text/csv",
        key=f"csv_{key}",
        on_click="ignore",
        icon=":material/download:",
        type="tertiary",
    )


def table(frame: pd.DataFrame, container=None, *, title: str | None = None) -> None:
    """A table as one HTML element, its total column right after the labels (it stayed off-screen
    on phones); numbers right-aligned. `title`: a heading above it, in the same element."""
    box = container or st
    box.html(once(frame, f"table:{title}", lambda: tables.table_html(tables.total_first(frame), title)))
