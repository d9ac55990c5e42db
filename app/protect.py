"""What a viewer may see of a table: the only bridge from `tipstat.disclosure` to the pages.

Public viewers see the public catalogue of the release shown to them (disclosure.md) and
nothing else: `cat_table` cuts a ProtectedTable out of one catalogue table, with `<5` on primary
cells and the secondary symbol (`x`) on cells hidden to protect them. Statisticians (by
configuration only) get exact values from the working figures (`table`, `counts`). This module
only adapts tables to labels, formatted strings and chart data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from app.i18n import fmt_int, fmt_percent, t
from tipstat.disclosure import TOTAL, ProtectedTable, protect_counts, protect_table, suppress_rate
from tipstat.disclosure.catalogue import Catalogue, read_catalogue
from tipstat.disclosure.policy import PRIMARY, SECONDARY, DisclosurePolicy

Labeler = Callable[[object], str]


# catalogue codes -> the codes the pages' labelers know
APP_UNKNOWN = {
    "sex": "U",
    "age_group": "UNKNOWN",
    "exploitation_form": "UNKNOWN",
    "recruitment_channel": "UNKNOWN",
    "citizenship": "UNK",
    "residence_province": "UNK",
    "exploitation_country": "UNK",
    "returned_from": "UNK",
}


def policy() -> DisclosurePolicy:
    """The disclosure policy of what the public sees (the shown catalogue's, else settings')."""
    cat = catalogue()
    return cat.policy if cat is not None else DisclosurePolicy.from_settings()


def catalogue() -> Catalogue | None:
    """The public catalogue of the release the public sees now (None: nothing released)."""
    shown = _shown_catalogue()
    return None if shown is None else _read_catalogue(*shown)


def _shown_catalogue() -> tuple[str, int] | None:
    """The folder of the shown release's public catalogue and its version (catalogue.json's
    mtime); None when nothing is released."""
    from app import data
    from tipstat.releases.store import public_dir

    release = data.shown_release().release
    if release is None:
        return None
    folder = public_dir(data.home(), release.id)
    return str(folder), (folder / "catalogue.json").stat().st_mtime_ns


@st.cache_resource(show_spinner=False, max_entries=4)
def _read_catalogue(folder: str, _stamp: int) -> Catalogue:
    return read_catalogue(folder)


@st.cache_resource(show_spinner=False, max_entries=64)
def _app_table(folder: str, stamp: int, name: str) -> tuple[dict[str, np.ndarray], pd.DataFrame]:
    """One catalogue table with its codes as the pages know them (converted once per catalogue
    version, not on every rerun), and its catalogue codes as text per dimension (for `fixed`).
    Shared by every viewer: read-only (cat_frame hands out copies)."""
    frame = _read_catalogue(folder, stamp).table(name)
    codes = {dim: frame[dim].astype(str).to_numpy() for dim in frame.columns if dim not in ("value", "flag")}
    out = frame.copy()
    for dim, values in codes.items():
        out[dim] = [_app_code(dim, c) for c in values]
    return codes, out


def _app_code(dim: str, code: str) -> object:
    if code == "_T":
        return TOTAL
    if code == "_U":
        return APP_UNKNOWN.get(dim, code)
    if dim == "year":
        return int(code)
    return code


def cat_frame(name: str, fixed: dict[str, object] | None = None) -> pd.DataFrame:
    """Rows of one catalogue table (codes as the pages know them), `value` (NaN when hidden),
    `flag`; `fixed` keeps the rows with these catalogue codes."""
    shown = _shown_catalogue()
    if shown is None:
        raise LookupError("no public release")
    codes, frame = _app_table(*shown, name)
    keep = np.ones(len(frame), dtype=bool)
    for dim, code in (fixed or {}).items():
        keep &= codes[dim] == str(code)
    return frame[keep].copy()


def cat_table(
    name: str,
    fixed: dict[str, object],
    row_dim: str,
    col_dim: str | None,
    *,
    margins: bool = True,
    row_order: Sequence[object] | None = None,
    col_order: Sequence[object] | None = None,
    measure: str = "victims",
) -> ProtectedTable:
    """A two-way (or one-way) cut of a catalogue table as the public sees it. Aggregate codes
    other than the totals (roll-ups) are left out; totals are the catalogue's own cells."""
    pol = policy()
    frame = cat_frame(name, fixed)
    cat = catalogue()
    lists = cat.lists if cat else {}

    def wanted(dim: str) -> set:
        cl = lists.get(dim)
        if cl is None:
            return set(frame[dim])
        return {_app_code(dim, c) for c in (*cl.leaves, "_T")}

    frame = frame[frame[row_dim].isin(wanted(row_dim))]
    if col_dim is None:
        frame = frame.assign(measure_column=measure)
        col_dim = "measure_column"
    else:
        frame = frame[frame[col_dim].isin(wanted(col_dim))]
    rows = [r for r in _order(frame[row_dim], row_order)]
    cols = [c for c in _order(frame[col_dim], col_order)]
    if not margins:
        rows = [r for r in rows if r != TOTAL]
        cols = [c for c in cols if c != TOTAL]
    return _grid(frame, row_dim, col_dim, rows, cols, pol, None if col_dim == "measure_column" else col_dim)


def _grid(
    frame: pd.DataFrame,
    row_dim: str,
    col_dim: str,
    rows: list[object],
    cols: list[object],
    pol: DisclosurePolicy,
    col_name: str | None,
) -> ProtectedTable:
    """Catalogue cells laid out as rows x cols: a hidden cell is flagged and shows its symbol; a
    cell with no catalogue row stays 0. Placed by position in one step, not cell by cell."""
    row_index, col_index = pd.Index(rows, dtype=object), pd.Index(cols, dtype=object)
    ri = row_index.get_indexer(frame[row_dim])
    ci = col_index.get_indexer(frame[col_dim])
    inside = (ri >= 0) & (ci >= 0)
    flags = frame["flag"].to_numpy()[inside]
    ri, ci = ri[inside], ci[inside]
    is_hidden = np.isin(flags, [PRIMARY, SECONDARY])
    shown = ~is_hidden
    values = np.zeros((len(rows), len(cols)), dtype="int64")
    hidden = np.zeros((len(rows), len(cols)), dtype=bool)
    display = np.zeros((len(rows), len(cols)), dtype=object)
    counts = frame["value"].to_numpy()[inside][shown]
    values[ri[shown], ci[shown]] = counts.astype("int64")
    hidden[ri[is_hidden], ci[is_hidden]] = True
    display[ri[shown], ci[shown]] = np.array([int(v) for v in counts], dtype=object)
    display[ri[is_hidden], ci[is_hidden]] = np.array([pol.symbol(f) for f in flags[is_hidden]], dtype=object)
    row_index.name, col_index.name = row_dim, col_name

    def frame_of(array: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(array, index=row_index.copy(), columns=col_index.copy())

    return ProtectedTable(
        values=frame_of(values),
        suppressed=frame_of(hidden),
        display=frame_of(display),
        threshold=pol.threshold,
    )


def _order(found: pd.Series, order: Sequence[object] | None) -> list[object]:
    present = list(dict.fromkeys(found))
    rest = sorted((v for v in present if v != TOTAL and (order is None or v not in order)), key=str)
    head = [v for v in (order or []) if v in present]
    return head + rest + ([TOTAL] if TOTAL in present else [])


def cat_long(
    frame: pd.DataFrame,
    row_dim: str,
    col_dim: str,
    *,
    row_order: Sequence[object] | None = None,
    col_order: Sequence[object] | None = None,
    col_total: bool = False,
) -> ProtectedTable:
    """Catalogue rows of several tables side by side: no total over the rows (they count
    different units); the total over the columns (each table's own `_T` cell) with `col_total`."""
    pol = policy()
    frame = frame[(frame[row_dim] != TOTAL) & ((frame[col_dim] != TOTAL) | col_total)]
    cat = catalogue()
    cl = cat.lists.get(row_dim) if cat else None
    if cl is not None:
        frame = frame[frame[row_dim].isin({_app_code(row_dim, c) for c in cl.leaves})]
    rows, cols = _order(frame[row_dim], row_order), _order(frame[col_dim], col_order)
    return _grid(frame, row_dim, col_dim, rows, cols, pol, None)


def cat_series(frame: pd.DataFrame, row: str, measure: str = "victims") -> ProtectedTable:
    """A one-column table from catalogue rows (`value`, `flag`) keyed by the column `row`."""
    pol = policy()
    index = pd.Index(list(frame[row]), name=row)
    hidden = frame["flag"].isin([PRIMARY, SECONDARY]).to_list()
    shown = [0 if h else int(v) for v, h in zip(frame["value"], hidden, strict=True)]
    symbols = [pol.symbol(f) if h else v for v, f, h in zip(shown, frame["flag"], hidden, strict=True)]
    return ProtectedTable(
        values=pd.DataFrame({measure: shown}, index=index),
        suppressed=pd.DataFrame({measure: hidden}, index=index),
        display=pd.DataFrame({measure: symbols}, index=index, dtype=object),
        threshold=pol.threshold,
    )


def cat_figure(pt: ProtectedTable, row: object, col: object, lang: str) -> Figure:
    """One cell of a catalogue cut as a KPI figure (its symbol when hidden)."""
    if row not in pt.values.index or col not in pt.values.columns:
        return Figure(0.0, "0", False)
    if bool(pt.suppressed.loc[row, col]):
        return Figure(None, str(pt.display.loc[row, col]), True)
    value = int(pt.values.loc[row, col])
    return Figure(float(value), fmt_int(value, lang), False)


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
    values, hidden, display = (f.to_numpy() for f in (pt.values, pt.suppressed, pt.display))
    rows = [i for i, r in enumerate(pt.values.index) if r != TOTAL]
    cols = [j for j, c in enumerate(pt.values.columns) if c != TOTAL]
    records = [
        (
            pt.values.index[i],
            pt.values.columns[j],
            np.nan if hidden[i, j] else float(values[i, j]),
            str(display[i, j]) if hidden[i, j] else fmt_int(int(values[i, j]), lang),
            bool(hidden[i, j]),
        )
        for i in rows
        for j in cols
    ]
    return pd.DataFrame.from_records(records, columns=[row, col, "value", "text", "suppressed"])
