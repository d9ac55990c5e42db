"""Collect every number an AppTest run shows, to check public pages for disclosure.

Looks at metrics, dataframes, the data arrays of every plotly chart (decoding plotly's base64
typed arrays) and the figure each province of a map (an SVG picture) shows. Columns whose header
says they hold no counts (year, shares, median days) and chart traces marked `meta="no-counts"`
(code-coloured grids) are skipped.
"""

from __future__ import annotations

import base64
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.charts import NO_COUNTS
from app.i18n import LANGUAGES, non_count_headers, t
from app.maps import MAP_CLASS
from tipstat.disclosure import SUPPRESSED_LABEL

SUPPRESSED = SUPPRESSED_LABEL
HIDDEN = (SUPPRESSED_LABEL, "x")  # primary `<5`, secondary `x` (the catalogue's symbols)
_INT_TEXT = {
    "vi": re.compile(r"^\d{1,3}(\.\d{3})*$"),
    "en": re.compile(r"^\d{1,3}(,\d{3})*$"),
}
_TRACE_KEYS = ("x", "y", "z", "value", "values", "text", "customdata")
_DTYPES = {
    "f8": "<f8",
    "f4": "<f4",
    "i1": "i1",
    "i2": "<i2",
    "i4": "<i4",
    "u1": "u1",
    "u2": "<u2",
    "u4": "<u4",
}


@dataclass(frozen=True)
class Shown:
    where: str
    value: float


def parse_count(text: str, lang: str) -> int | None:
    """A cell written as an integer in `lang` (`1.234` in vi, `1,234` in en), else None."""
    text = text.strip()
    if _INT_TEXT[lang].match(text):
        return int(re.sub(r"[.,]", "", text))
    return None


def _numbers(value: object, lang: str) -> Iterator[float]:
    if value is None:
        return
    if isinstance(value, bool):
        return
    if isinstance(value, int | float):
        if not np.isnan(value):
            yield float(value)
    elif isinstance(value, str):
        n = parse_count(value, lang)
        if n is not None:
            yield float(n)
    elif isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=_DTYPES[value["dtype"]])
        yield from (float(v) for v in array.ravel() if not np.isnan(v))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _numbers(item, lang)


def chart_numbers(spec: str, lang: str, where: str) -> list[Shown]:
    figure = json.loads(spec)
    found = []
    for i, trace in enumerate(figure.get("data", [])):
        if trace.get("meta") == NO_COUNTS:
            continue
        parts = [trace] + [trace[k] for k in ("link", "node") if isinstance(trace.get(k), dict)]
        for part in parts:
            for key in _TRACE_KEYS:
                found += [Shown(f"{where} trace {i} {key}", v) for v in _numbers(part.get(key), lang)]
    return found


SVG = "{http://www.w3.org/2000/svg}"


def province_maps(at) -> list[tuple[str, dict[str, str]]]:
    """Every province map on the page: (its legend's title, province code -> figure shown)."""
    found = []
    for element in at.markdown:
        body = str(element.value)
        if not body.startswith("<svg") or f'class="{MAP_CLASS}"' not in body:
            continue
        root = ET.fromstring(body)
        shown = {}
        for path in root.iter(f"{SVG}path"):
            code = path.get("data-province")
            if code is not None:
                # the tooltip is "<province name>: <figure>"
                shown[code] = path.findtext(f"{SVG}title", "").rsplit(": ", 1)[-1]
        found.append((root.get("data-measure", ""), shown))
    return found


def frame_numbers(df: pd.DataFrame, lang: str, where: str) -> list[Shown]:
    skip = non_count_headers()
    found = []
    for column in df.columns:
        if str(column) in skip:
            continue
        for value in df[column]:
            found += [Shown(f"{where} column {column!r}", v) for v in _numbers(value, lang)]
    return found


def page_numbers(at, lang: str, page: str) -> list[Shown]:
    found = []
    for m in at.metric:
        if "%" not in str(m.value) and m.label not in non_count_headers():
            found += [Shown(f"{page} metric {m.label!r}", v) for v in _numbers(str(m.value), lang)]
    for i, df in enumerate(at.dataframe):
        found += frame_numbers(df.value, lang, f"{page} dataframe {i}")
    for i, chart in enumerate(at.get("plotly_chart")):
        found += chart_numbers(chart.proto.spec, lang, f"{page} chart {i}")
    for i, (_measure, shown) in enumerate(province_maps(at)):
        for code, text in shown.items():
            found += [Shown(f"{page} map {i} province {code}", v) for v in _numbers(text, lang)]
    return found


def small_counts(found: list[Shown], threshold: int = 5) -> list[Shown]:
    return [s for s in found if 0 < s.value < threshold]


def derivable_cells(df: pd.DataFrame) -> list[str]:
    """Lines (rows/columns) of a table with totals that hold exactly one `<5` beside a shown total."""
    totals = {t("total", lang) for lang in LANGUAGES}
    label_col = df.columns[0]
    problems = []
    total_rows = df[df[label_col].astype(str).isin(totals)]
    body = df[~df[label_col].astype(str).isin(totals)]
    value_cols = [c for c in df.columns[1:] if str(c) not in totals]
    total_col = next((c for c in df.columns[1:] if str(c) in totals), None)
    if total_col is not None:
        for _, row in body.iterrows():
            hidden = sum(str(row[c]) in HIDDEN for c in value_cols)
            if hidden == 1 and str(row[total_col]) not in HIDDEN:
                problems.append(f"row {row[label_col]!r}")
    if len(total_rows):
        total_row = total_rows.iloc[0]
        for c in [*value_cols, *([total_col] if total_col is not None else [])]:
            hidden = sum(str(v) in HIDDEN for v in body[c])
            if hidden == 1 and str(total_row[c]) not in HIDDEN:
                problems.append(f"column {c!r}")
    return problems
