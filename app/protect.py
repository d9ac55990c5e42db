"""What a viewer may see of a table: the bridge from `tipstat.disclosure` to the pages.

Public viewers get `disclosure.protect_table` / `protect_counts` output; statisticians (by
configuration only) get the exact values. This module only adapts the ProtectedTable to labels,
formatted strings and chart data: the suppression rule itself lives in disclosure.py alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from app.i18n import fmt_int, fmt_percent, t
from tipstat.disclosure import TOTAL, ProtectedTable, protect_counts, protect_table, suppress_rate

Labeler = Callable[[object], str]


def _exact(pt: ProtectedTable) -> ProtectedTable:
    """The same table with nothing suppressed (statistician mode)."""
    values = pt.values
    return ProtectedTable(
        values=values,
        suppressed=pd.DataFrame(False, index=values.index, columns=values.columns),
        display=values.astype(object),
        threshold=pt.threshold,
    )


def table(
    df: pd.DataFrame,
    row_dim: str,
    col_dim: str | None,
    measure: str,
    public: bool,
    *,
    margins: bool = True,
    row_order: Sequence[object] | None = None,
    col_order: Sequence[object] | None = None,
) -> ProtectedTable:
    pt = protect_table(
        df, row_dim, col_dim, measure, margins=margins, row_order=row_order, col_order=col_order
    )
    return pt if public else _exact(pt)


def counts(series: pd.Series, public: bool, total: bool = True) -> ProtectedTable:
    pt = protect_counts(series, total=total)
    return pt if public else _exact(pt)


@dataclass(frozen=True)
class Figure:
    """One number for a KPI: its exact value (None when hidden) and its text."""

    value: float | None
    text: str
    suppressed: bool


def single(n: int, public: bool, lang: str) -> Figure:
    pt = counts(pd.Series([int(n)], name="n"), public, total=False)
    hidden = bool(pt.suppressed.iloc[0, 0])
    return Figure(None if hidden else float(n), pt.label if hidden else fmt_int(int(n), lang), hidden)


def share(numerator: Figure, denominator: Figure, lang: str) -> Figure:
    """A share is hidden when its numerator is (counting.md); empty when there is no denominator."""
    if denominator.value in (None, 0.0):
        return Figure(None, "–", numerator.suppressed)
    num = None if numerator.value is None else numerator.value / denominator.value
    rate = suppress_rate(num, numerator.suppressed)
    if rate is None:
        return Figure(None, "–", True)
    return Figure(rate, fmt_percent(rate, lang), False)


def _label(labeler: Labeler | None, value: object, lang: str) -> str:
    if value == TOTAL:
        return t("total", lang)
    return labeler(value) if labeler else str(value)


def display_frame(
    pt: ProtectedTable,
    lang: str,
    row_labeler: Labeler | None = None,
    col_labeler: Labeler | None = None,
    row_header: str = "",
) -> pd.DataFrame:
    """The table as text for st.dataframe: language-formatted numbers, `<5`, translated labels."""
    shown = pt.display.map(lambda v: fmt_int(v, lang))
    shown.index = [_label(row_labeler, r, lang) for r in pt.display.index]
    shown.columns = [_label(col_labeler, c, lang) for c in pt.display.columns]
    shown.index.name = row_header or None
    return shown.reset_index() if row_header else shown


def chart_data(pt: ProtectedTable, lang: str, row: str = "row", col: str = "col") -> pd.DataFrame:
    """Long form without totals for plotting: `value` is NaN where suppressed, `text` is `<5`."""
    records = []
    for r in pt.values.index:
        if r == TOTAL:
            continue
        for c in pt.values.columns:
            if c == TOTAL:
                continue
            hidden = bool(pt.suppressed.loc[r, c])
            value = int(pt.values.loc[r, c])
            records.append(
                {
                    row: r,
                    col: c,
                    "value": np.nan if hidden else float(value),
                    "text": pt.label if hidden else fmt_int(value, lang),
                    "suppressed": hidden,
                }
            )
    return pd.DataFrame.from_records(records, columns=[row, col, "value", "text", "suppressed"])
