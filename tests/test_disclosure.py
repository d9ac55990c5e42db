"""Disclosure control (counting.md): primary and secondary suppression, rates, labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tipstat.disclosure import (
    SUPPRESSED_LABEL,
    TOTAL,
    label,
    protect_cells,
    protect_counts,
    protect_grouped_table,
    protect_table,
    protect_with_margins,
    suppress_rate,
    suppressed_label,
)

# counts biased to the interesting range: zeros, small values, a few large ones
small_counts = st.one_of(st.just(0), st.integers(1, 6), st.integers(7, 60))


def _long(matrix: list[list[int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"r": f"r{i}", "c": f"c{j}", "n": v} for i, row in enumerate(matrix) for j, v in enumerate(row)]
    )


def _lines(frame: pd.DataFrame) -> list[pd.Series]:
    return [frame.loc[i] for i in frame.index] + [frame[c] for c in frame.columns]


@st.composite
def matrices(draw: st.DrawFn) -> list[list[int]]:
    nrows = draw(st.integers(1, 5))
    ncols = draw(st.integers(1, 5))
    return [[draw(small_counts) for _ in range(ncols)] for _ in range(nrows)]


@settings(max_examples=150, deadline=None)
@given(matrices(), st.integers(2, 11))
def test_table_properties(matrix: list[list[int]], threshold: int) -> None:
    table = protect_table(_long(matrix), "r", "c", "n", threshold=threshold)
    exact = np.array(matrix)
    # .values are the exact figures, with sums as margins
    assert (table.values.iloc[:-1, :-1].to_numpy() == exact).all()
    assert (table.values.loc[TOTAL, TOTAL]) == exact.sum()
    assert (table.values[TOTAL].iloc[:-1].to_numpy() == exact.sum(axis=1)).all()
    # no displayed cell from 1 to threshold-1; zero is always shown as 0
    for r in table.display.index:
        for c in table.display.columns:
            v, shown = int(table.values.loc[r, c]), table.display.loc[r, c]
            if table.suppressed.loc[r, c]:
                assert shown == suppressed_label(threshold)
                assert v != 0
            else:
                assert shown == v
                assert not 0 < v < threshold
    # every line (rows, columns, total row, total column) has 0 or >= 2 suppressed cells
    for line in _lines(table.suppressed):
        assert int(line.sum()) != 1
    # in particular: where the total is shown, 0 or >= 2 suppressed interior cells
    interior = table.suppressed.iloc[:-1, :-1]
    for r in interior.index:
        if not table.suppressed.loc[r, TOTAL]:
            assert int(interior.loc[r].sum()) == 0 or int(interior.loc[r].sum()) >= 2
    for c in interior.columns:
        if not table.suppressed.loc[TOTAL, c]:
            assert int(interior[c].sum()) == 0 or int(interior[c].sum()) >= 2


@settings(max_examples=100, deadline=None)
@given(st.lists(small_counts, min_size=1, max_size=8), st.integers(2, 11))
def test_counts_properties(counts: list[int], threshold: int) -> None:
    series = pd.Series(counts, index=[f"k{i}" for i in range(len(counts))], name="n")
    table = protect_counts(series, threshold=threshold)
    assert table.values["n"].tolist() == [*counts, sum(counts)]
    suppressed = table.suppressed["n"]
    assert int(suppressed.sum()) != 1
    for v, s in zip(table.values["n"], suppressed, strict=True):
        assert not (0 < v < threshold and not s)
        assert not (v == 0 and s)


def test_hand_example_secondary_picks_next_smallest_nonzero() -> None:
    # row a: 3 is primary; 0 is no complement; 7 is the next smallest non-zero -> suppressed.
    # then column y has only 7 suppressed -> next smallest non-zero in column y: 9 (row b).
    # row b then has 9 suppressed alone -> its next smallest non-zero: 20.
    # column x: 3 and 20 suppressed (2) - fine; column z: 0 and 30, nothing suppressed.
    df = _long([[3, 7, 0, 50], [20, 9, 30, 40]])
    table = protect_table(df, "r", "c", "n", threshold=5)
    got = table.suppressed.iloc[:-1, :-1].to_numpy().tolist()
    assert got == [[True, True, False, False], [True, True, False, False]]
    assert table.display.loc["r0", TOTAL] == 60
    assert table.display.loc["r0", "c2"] == 0
    assert table.display.loc[TOTAL, TOTAL] == 159


def test_hand_example_total_when_no_complement_left() -> None:
    # row a: 2 then zeros: the only way to protect it is to hide the row total (2, primary anyway)
    # column total of c0 = 2 + 10 = 12 shown -> column c0 has 2 alone -> 10 suppressed as well.
    table = protect_table(_long([[2, 0], [10, 6]]), "r", "c", "n", threshold=5)
    assert table.display.loc["r0", "c0"] == "<5"
    assert table.display.loc["r0", TOTAL] == "<5"
    assert table.display.loc["r1", "c0"] == "<5"
    # the total column then has only r0's total hidden -> its next smallest non-zero: r1's total
    # (16); row r1 then has 10 and 16 hidden (6 stays shown), so nothing else is needed.
    assert table.display.loc["r1", TOTAL] == "<5"
    assert table.display.loc["r1", "c1"] == 6
    assert int(table.suppressed.to_numpy().sum()) == 4
    for line in _lines(table.suppressed):
        assert int(line.sum()) != 1


def test_one_dimensional_and_order() -> None:
    series = pd.Series({"VNM": 40, "KHM": 3, "LAO": 8, "CHN": 0}, name="victims")
    table = protect_counts(series)
    assert table.display["victims"].tolist() == [40, "<5", "<5", 0, 51]
    no_total = protect_counts(series, total=False)
    assert TOTAL not in no_total.display.index
    assert no_total.suppressed["victims"].tolist() == [False, True, True, False]
    one_d = protect_table(
        series.rename_axis("country").reset_index(), "country", None, "victims", row_order=["VNM"]
    )
    assert one_d.display.index.tolist() == ["VNM", "CHN", "KHM", "LAO", TOTAL]


def test_margins_false_still_protects_against_totals() -> None:
    table = protect_table(_long([[3, 50], [60, 70]]), "r", "c", "n", margins=False)
    assert TOTAL not in table.display.index and TOTAL not in table.display.columns
    assert int(table.suppressed.to_numpy().sum()) == 4  # 3, then 50 and 60, then 70


def test_given_totals_are_kept() -> None:
    # SDG style: the totals count unknowns too, so they are more than the sum of the cells
    frame = pd.DataFrame(
        [[10, 2, 13], [20, 30, 52], [31, 32, 70]], index=["F", "M", "_T"], columns=["C", "A", "_T"]
    )
    table = protect_with_margins(frame)
    assert table.values.loc["_T", "_T"] == 70
    assert table.suppressed.loc["F", "A"] and table.suppressed.loc["F", "C"]
    assert table.suppressed.loc["M", "A"] and table.suppressed.loc["M", "C"]
    assert not table.suppressed.loc["_T"].any()


def test_empty_table() -> None:
    table = protect_table(pd.DataFrame({"r": [], "c": [], "n": []}), "r", "c", "n", col_order=["x"])
    assert table.display.loc[TOTAL, TOTAL] == 0


def test_rate_and_label() -> None:
    assert suppress_rate(1.25, numerator_suppressed=True) is None
    assert suppress_rate(1.25, numerator_suppressed=False) == 1.25
    assert suppress_rate(None, numerator_suppressed=False) is None
    assert label(3, True) == SUPPRESSED_LABEL == "<5"
    assert label(3, True, threshold=10) == "<10"
    assert label(np.int64(0), False) == 0


@st.composite
def grouped_tables(draw: st.DrawFn) -> tuple[list[tuple[str, list[str]]], list[list[int]]]:
    sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=4))
    ncols = draw(st.integers(1, 4))
    groups, k = [], 0
    for g, size in enumerate(sizes):
        members = [f"m{k + i}" for i in range(size)]
        k += size
        # a group whose key is its only member has no subtotal row
        key = members[0] if size == 1 and draw(st.booleans()) else f"g{g}"
        groups.append((key, members))
    matrix = [[draw(small_counts) for _ in range(ncols)] for _ in range(k)]
    return groups, matrix


@settings(max_examples=150, deadline=None)
@given(grouped_tables())
def test_grouped_table_properties(case: tuple[list[tuple[str, list[str]]], list[list[int]]]) -> None:
    groups, matrix = case
    df = pd.DataFrame(
        [{"r": f"m{i}", "c": f"c{j}", "n": v} for i, row in enumerate(matrix) for j, v in enumerate(row)]
    )
    table = protect_grouped_table(df, "r", "c", "n", groups, threshold=5)
    values, hidden = table.values, table.suppressed
    assert int(values.loc[TOTAL, TOTAL]) == int(np.array(matrix).sum())
    lines: list[list[object]] = []
    top: list[object] = []
    for key, members in groups:
        if key != members[0] or len(members) != 1:
            assert (values.loc[key] == values.loc[members].sum()).all()
            lines.append([*members, key])
            top.append(key)
        else:
            top.append(key)
    lines.append([*top, TOTAL])
    for col in values.columns:
        for line in lines:
            assert int(hidden.loc[line, col].sum()) != 1, (col, line)
    for row in values.index:
        assert int(hidden.loc[row].sum()) != 1
        for col in values.columns:
            v = int(values.loc[row, col])
            assert not (0 < v < 5 and not hidden.loc[row, col])
            assert not (v == 0 and hidden.loc[row, col])


def test_protect_cells_on_a_cube() -> None:
    # two 1-D lines sharing a cell: [2, 10 | 12] and [10, 7 | 17]
    flags = protect_cells([2, 10, 12, 7, 17], [[0, 1, 2], [1, 3, 4]], threshold=5)
    # 2 hidden -> 10 hidden (next smallest non-zero of line 1) -> line 2 has 10 alone -> 7 hidden
    assert flags == [True, True, False, True, False]
