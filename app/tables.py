"""Tables as one HTML element each: labels in the first column, the total column right after
them (it stayed off-screen on phones), numbers right-aligned on one line, text wrapped.

An HTML table costs the browser a few milliseconds; Streamlit's data grid (st.dataframe) cost
about 35 ms a table on every page view (benchmarks/README.md).
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from app.i18n import t

TABLE_CLASS = "tipstat-table"


def table_html(frame: pd.DataFrame, title: str | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False):
        cells = [f"<th>{html.escape(_cell(values[0]))}</th>"]
        cells += [_td(_cell(v)) for v in values[1:]]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    heading = f"<h3>{html.escape(title)}</h3>" if title else ""
    return (
        f'{heading}<div class="tipstat-table-wrap"><table class="{TABLE_CLASS}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


_NUMBER = re.compile(r"^[-+−]?[\d.,\s%]*\d[\d.,\s%]*$|^(<\d+|x|–|-)?$")


def _td(text: str) -> str:
    """A number (or a hidden cell's symbol) right-aligned on one line; text left-aligned, wrapped."""
    kind = "" if _NUMBER.match(text) else ' class="text"'
    return f"<td{kind}>{html.escape(text)}</td>"


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def total_first(frame: pd.DataFrame) -> pd.DataFrame:
    totals = [c for c in frame.columns[1:] if c in (t("total", "vi"), t("total", "en"))]
    if not totals:
        return frame
    rest = [c for c in frame.columns if c not in totals]
    return frame[[rest[0], *totals, *rest[1:]]]
