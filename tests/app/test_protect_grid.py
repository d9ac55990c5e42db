"""Catalogue cells laid out as a table (app.protect._grid) and back to chart rows (chart_data).

`_grid` places the cells by position in one step; the reference below places them one by one, as
the pages did before. Both must give the same three frames on any cut: hidden cells (primary or
secondary) with their symbol and no count, cells the catalogue lacks as 0, rows outside the cut
left out, and the total row and column where the catalogue has them.
"""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from app import protect
from tipstat.disclosure import TOTAL
from tipstat.disclosure.policy import PRIMARY, SECONDARY, DisclosurePolicy

POLICY = DisclosurePolicy()


def _reference(frame: pd.DataFrame, rows: list, cols: list) -> tuple[pd.DataFrame, ...]:
    values = pd.DataFrame(0, index=rows, columns=cols, dtype="int64")
    hidden = pd.DataFrame(False, index=rows, columns=cols)
    display = pd.DataFrame(0, index=rows, columns=cols, dtype=object)
    for r, c, value, flag in zip(frame["row"], frame["col"], frame["value"], frame["flag"], strict=True):
        if r not in rows or c not in cols:
            continue
        if flag in (PRIMARY, SECONDARY):
            hidden.loc[r, c] = True
            display.loc[r, c] = POLICY.symbol(flag)
        else:
            values.loc[r, c] = display.loc[r, c] = int(value)
    return values, hidden, display


def _catalogue_cut(seed: int) -> tuple[pd.DataFrame, list, list]:
    rng = random.Random(seed)
    row_codes = ["F", "M", "U", TOTAL]
    col_codes = [2023, 2024, 2025, TOTAL]
    records = []
    for r in [*row_codes, "ROLLUP"]:  # a code outside the cut
        for c in col_codes:
            if rng.random() < 0.2:  # a cell the catalogue does not hold
                continue
            flag = rng.choice(["", "", "", PRIMARY, SECONDARY])
            value = np.nan if flag else float(rng.randint(0, 900))
            records.append({"row": r, "col": c, "value": value, "flag": flag})
    rng.shuffle(records)
    return pd.DataFrame.from_records(records), row_codes, col_codes


@pytest.mark.parametrize("seed", range(12))
def test_cells_land_where_the_cell_by_cell_layout_put_them(seed: int) -> None:
    frame, rows, cols = _catalogue_cut(seed)
    got = protect._grid(frame, "row", "col", rows, cols, POLICY, "col")
    want_values, want_hidden, want_display = _reference(frame, rows, cols)
    assert got.values.to_numpy().tolist() == want_values.to_numpy().tolist()
    assert got.values.dtypes.eq("int64").all()
    assert got.suppressed.to_numpy().tolist() == want_hidden.to_numpy().tolist()
    assert got.display.to_numpy().tolist() == want_display.to_numpy().tolist()
    for shown in got.display.to_numpy().ravel():  # counts as Python ints, hidden cells as text
        assert type(shown) in (int, str)
    assert list(got.values.index) == rows and list(got.values.columns) == cols
    assert got.values.index.name == "row" and got.values.columns.name == "col"
    assert got.threshold == POLICY.threshold


def test_a_hidden_cell_shows_its_symbol_and_no_count() -> None:
    frame = pd.DataFrame(
        {
            "row": ["F", "F", "M", "M"],
            "col": ["CHILD", "ADULT", "CHILD", "ADULT"],
            "value": [3.0, np.nan, 120.0, 7.0],
            "flag": [PRIMARY, SECONDARY, "", ""],
        }
    )
    got = protect._grid(frame, "row", "col", ["F", "M"], ["CHILD", "ADULT"], POLICY, "col")
    assert got.display.loc["F", "CHILD"] == "<5" and got.display.loc["F", "ADULT"] == "x"
    assert got.values.loc["F", "CHILD"] == 0 and got.values.loc["F", "ADULT"] == 0
    assert got.display.loc["M", "CHILD"] == 120 and got.values.loc["M", "ADULT"] == 7

    long = protect.chart_data(got, "en", row="sex", col="age")
    assert long[["sex", "age", "text", "suppressed"]].to_dict("records") == [
        {"sex": "F", "age": "CHILD", "text": "<5", "suppressed": True},
        {"sex": "F", "age": "ADULT", "text": "x", "suppressed": True},
        {"sex": "M", "age": "CHILD", "text": "120", "suppressed": False},
        {"sex": "M", "age": "ADULT", "text": "7", "suppressed": False},
    ]
    assert long["value"].isna().tolist() == [True, True, False, False]  # a hidden count never enters
    assert long["value"].iloc[2:].tolist() == [120.0, 7.0]


def test_chart_rows_leave_out_the_totals() -> None:
    frame, rows, cols = _catalogue_cut(3)
    table = protect._grid(frame, "row", "col", rows, cols, POLICY, "col")
    long = protect.chart_data(table, "vi", row="sex", col="year")
    assert TOTAL not in set(long["sex"]) and TOTAL not in set(long["year"])
    assert len(long) == (len(rows) - 1) * (len(cols) - 1)
    for rec in long.itertuples():
        assert rec.suppressed == bool(table.suppressed.loc[rec.sex, rec.year])
        if not rec.suppressed:
            assert rec.value == table.values.loc[rec.sex, rec.year]
