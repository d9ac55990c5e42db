"""How one figure is shown: a heading that wraps on phones, the chart (no toolbar over it), a
short definition, the unit and source, and a download of the data behind it.

Chart titles are taken out of the plotly figure and written as headings: plotly cannot wrap a
title, so on a 390 px phone it was cut, and its toolbar covered it.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app.i18n import code_label, t
from app.maps import ProvinceMap

# No toolbar (it covered titles on phones; the data download is below each chart), no logo,
# nothing fetched from a CDN.
PLOT_CONFIG = {"displayModeBar": False, "displaylogo": False, "responsive": True}

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
    "routes_sankey": ("help_routes", "unit_persons", VICTIM_FEEDS),
    "routes_channels": ("help_channels", "unit_cases", ("police",)),
    "justice_funnel": ("help_funnel", "unit_persons_stage", ("police", "procuracy", "court")),
    "justice_by_sex": ("help_funnel", "unit_persons_stage", ("police", "procuracy", "court")),
    "support_assisted": ("help_assisted", "unit_persons", ("social",)),
    "support_services": ("help_services", "unit_persons", ("social",)),
    "support_repatriations": ("help_repatriated", "unit_persons", ("consular",)),
    "quality_grid": ("help_delivery", "unit_files", ("police", "border", "social", "consular")),
}

T = TypeVar("T")
# Results worked out once per object: views are cached and shared (app.cache), so the same frame or
# figure comes back on every rerun, and what is derived from it (its CSV, its plotly dict) would
# otherwise be worked out again each time. An entry goes with its object.
_DERIVED: dict[tuple[int, str], tuple[weakref.ref, Any]] = {}
_DERIVED_LOCK = threading.Lock()


def _once(obj: object, what: str, build: Callable[[], T]) -> T:
    """`build()` for `obj`, computed on the first call for this very object (not an equal one)."""
    key = (id(obj), what)
    with _DERIVED_LOCK:
        entry = _DERIVED.get(key)
    if entry is not None and entry[0]() is obj:
        return entry[1]
    value = build()

    def forget(_ref: weakref.ref, key: tuple[int, str] = key) -> None:
        with _DERIVED_LOCK:
            if _DERIVED.get(key, (None,))[0] is _ref:
                del _DERIVED[key]

    with _DERIVED_LOCK:
        _DERIVED[key] = (weakref.ref(obj, forget), value)
    return value


class _Prepared(go.Figure):
    """A figure whose plotly dict was worked out once. st.plotly_chart asks the figure for
    `to_dict()` on every rerun: a deep copy of every point (about 10 ms for a province map)."""

    def __init__(self, spec: dict) -> None:
        super().__init__()
        self._spec = spec

    def to_dict(self) -> dict:
        return self._spec


_GROUPED = {"vi": re.compile(r"^-?\d{1,3}(\.\d{3})+$"), "en": re.compile(r"^-?\d{1,3}(,\d{3})+$")}


def source_text(feeds: tuple[str, ...], lang: str) -> str:
    return ", ".join(code_label("feed", f, lang) for f in feeds)


def csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    """The table as shown (suppressed cells stay `<5`), numbers without thousands marks, UTF-8 with
    a BOM so that spreadsheet programs read Vietnamese correctly."""
    return _once(frame, f"csv:{lang}", lambda: _csv_bytes(frame, lang))


def _csv_bytes(frame: pd.DataFrame, lang: str) -> bytes:
    grouped = _GROUPED["vi" if lang == "vi" else "en"]
    mark = "." if lang == "vi" else ","

    def plain(value: object) -> object:
        if isinstance(value, str) and grouped.match(value):
            return value.replace(mark, "")
        return value

    return frame.map(plain).to_csv(index=False).encode("utf-8-sig")


def _take_title(fig: go.Figure) -> str:
    """The figure's title, moved out of the figure (idempotent: views are cached and shared)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    title = fig.layout.title.text or meta.get("heading", "")
    if fig.layout.title.text:
        fig.update_layout(title=None, margin={"t": 24}, meta={**meta, "heading": title})
    return title


def _top_room(fig: go.Figure) -> None:
    """Room above the plot for a legend drawn there (no title any more)."""
    shown = [tr for tr in fig.data if getattr(tr, "showlegend", False) is not False]
    if len(shown) > 1 and fig.layout.legend.yanchor == "bottom":
        fig.update_layout(margin={"t": 56})


def chart(
    fig: go.Figure | None,
    key: str,
    lang: str,
    table: pd.DataFrame | None = None,
    *,
    container=None,
    title: str | None = None,
) -> None:
    """Heading, chart, definition, unit and source, and a CSV of `table` (the chart's data)."""
    box = container or st
    if fig is None:
        return
    heading = _take_title(fig)
    heading = title or heading
    _top_room(fig)
    if heading:
        box.subheader(heading, anchor=False)
    # the title and room changes above are idempotent, so the dict worked out once stays right
    box.plotly_chart(_once(fig, "spec", lambda: _Prepared(fig.to_dict())), key=key, config=PLOT_CONFIG)
    note(key, lang, table, container=box)


def province_map(
    shown: ProvinceMap, key: str, lang: str, table: pd.DataFrame | None = None, *, container=None
) -> None:
    """Heading, the map (an SVG picture, app.maps), definition, unit and source, and the data."""
    box = container or st
    box.subheader(shown.title, anchor=False)
    box.markdown(shown.svg, unsafe_allow_html=True)
    note(key, lang, table, container=box)


def note(key: str, lang: str, table: pd.DataFrame | None = None, *, container=None) -> None:
    """The definition, unit and source of figure `key`, and the download of its data."""
    box = container or st
    help_key, unit_key, feeds = NOTES[key]
    box.caption(t(help_key, lang))
    box.caption(f"{t('unit', lang)}: {t(unit_key, lang)} · {t('source', lang)}: {source_text(feeds, lang)}")
    if table is not None and not table.empty:
        box.download_button(
            t("download_data", lang),
            data=csv_bytes(table, lang),
            file_name=f"tipstat_{key}.csv",
            mime="text/csv",
            key=f"csv_{key}",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )


def table(frame: pd.DataFrame, container=None) -> None:
    """A table whose total column comes right after the labels (it stayed off-screen on phones)."""
    box = container or st
    box.dataframe(total_first(frame), hide_index=True, height="content")


def total_first(frame: pd.DataFrame) -> pd.DataFrame:
    totals = [c for c in frame.columns[1:] if c in (t("total", "vi"), t("total", "en"))]
    if not totals:
        return frame
    rest = [c for c in frame.columns if c not in totals]
    return frame[[rest[0], *totals, *rest[1:]]]
