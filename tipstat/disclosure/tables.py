"""Disclosure control for public figures (shared/spec/counting.md, "Disclosure control").

The one module the dashboard and the exports use. Rules:

- primary suppression: a count from 1 to threshold-1 (a total included) is shown as `<threshold`;
- secondary suppression: a table with its totals is a set of additive *lines* (each row and each
  column, the total row and the total column, each with its total as the last cell). A line with
  exactly one suppressed cell would give that cell away (total minus the others), so the next
  smallest non-zero unsuppressed cell of the line is suppressed too, repeated until no line has
  exactly one suppressed cell. Zero is shown as 0 and is no useful complement; when a line has no
  non-zero unsuppressed cell left, its total is suppressed;
- a rate or share whose numerator is suppressed is suppressed.

Secondary suppression is always computed as if the totals were published (they usually are, in
another table or chart), also when `margins=False` only hides them from the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tipstat.settings import disclosure_threshold

TOTAL = "Total"


def suppressed_label(threshold: int | None = None) -> str:
    """How a suppressed count is shown: `<5` for threshold 5."""
    return f"<{threshold if threshold is not None else disclosure_threshold()}"


SUPPRESSED_LABEL: str = suppressed_label()


@dataclass
class ProtectedTable:
    """A table of counts and what the public may see of it.

    `values` holds the exact integers (for statisticians), `suppressed` says which cells are
    hidden, `display` holds an int or the suppressed label per cell. All three have the same
    index and columns (with a `Total` row and column when margins were asked for).
    """

    values: pd.DataFrame
    suppressed: pd.DataFrame
    display: pd.DataFrame
    threshold: int

    @property
    def label(self) -> str:
        return suppressed_label(self.threshold)

    def public_value(self, row: object, col: object) -> int | None:
        """The cell as a number when shown, None when suppressed."""
        if bool(self.suppressed.loc[row, col]):
            return None
        return int(self.values.loc[row, col])


def label(value: object, suppressed: bool, threshold: int | None = None) -> str | int:
    """One cell for display: the suppressed label, or the count as an int."""
    if suppressed:
        return suppressed_label(threshold)
    return int(value)  # type: ignore[call-overload]


def suppress_rate(rate: float | None, numerator_suppressed: bool) -> float | None:
    """A rate or share is hidden (None) when its numerator is suppressed."""
    if numerator_suppressed or rate is None:
        return None
    return float(rate)


def is_disclosive(value: int, threshold: int | None = None) -> bool:
    """True for a count from 1 to threshold-1 (primary suppression)."""
    limit = threshold if threshold is not None else disclosure_threshold()
    return 0 < value < limit


# ---------------------------------------------------------------- the algorithm
def complete_lines(values: np.ndarray, suppressed: np.ndarray, lines: list[list[int]]) -> None:
    """Secondary suppression in place, on flat cell indices.

    Each line lists cell positions whose last position is the line's total. Runs until no line
    has exactly one suppressed cell. Terminates: every pass that changes something adds one
    suppressed cell, and there are finitely many.
    """
    changed = True
    while changed:
        changed = False
        for line in lines:
            if int(suppressed[line].sum()) != 1:
                continue
            members = line[:-1]
            candidates = [p for p in members if not suppressed[p] and values[p] != 0]
            if candidates:
                pick = min(candidates, key=lambda p: (values[p], p))
            else:
                # only the total is left (a lone suppressed member means total > 0). When the
                # lone suppressed cell is the total itself and every member is 0, the total holds
                # unpublished unknowns (SDG `_T`): nothing shown gives it away.
                pick = line[-1]
                if suppressed[pick] or values[pick] == 0:
                    continue
            suppressed[pick] = True
            changed = True


def protect_cells(
    values: Sequence[int], lines: Sequence[Sequence[int]], threshold: int | None = None
) -> list[bool]:
    """Suppression for cells of any shape (e.g. a cube: series x sex x age).

    `values` are the cells' counts; each line lists cell positions that add up to the line's
    last position (its total). Primary suppression of 1..threshold-1, then the same secondary
    rule as `protect_table` along every line. Returns one flag per cell.
    """
    limit = threshold if threshold is not None else disclosure_threshold()
    flat = np.asarray(values, dtype=np.int64)
    suppressed = (flat > 0) & (flat < limit)
    complete_lines(flat, suppressed, [list(line) for line in lines])
    return [bool(s) for s in suppressed]


def _protect_matrix(matrix: np.ndarray, threshold: int) -> np.ndarray:
    """Suppression mask for a matrix whose last row and last column are its totals."""
    values = matrix.astype(np.int64)
    nrows, ncols = values.shape
    flat = values.ravel()
    suppressed = (flat > 0) & (flat < threshold)
    lines: list[list[int]] = []
    for i in range(nrows):
        lines.append([i * ncols + j for j in range(ncols)])
    for j in range(ncols):
        lines.append([i * ncols + j for i in range(nrows)])
    complete_lines(flat, suppressed, lines)
    return suppressed.reshape(nrows, ncols)


def _result(values: pd.DataFrame, mask: np.ndarray, threshold: int) -> ProtectedTable:
    suppressed = pd.DataFrame(mask, index=values.index, columns=values.columns, dtype=bool)
    shown = suppressed_label(threshold)
    display = pd.DataFrame(
        [
            [shown if s else int(v) for v, s in zip(vrow, srow, strict=True)]
            for vrow, srow in zip(values.to_numpy(), mask, strict=True)
        ],
        index=values.index,
        columns=values.columns,
        dtype=object,
    )
    return ProtectedTable(values=values, suppressed=suppressed, display=display, threshold=threshold)


def protect_with_margins(
    table: pd.DataFrame, threshold: int | None = None, margins: bool = True
) -> ProtectedTable:
    """Protect a table that already carries its totals as its last row and last column.

    For tables whose published totals are not the plain sum of the cells shown (SDG 16.2.2: the
    `_T` totals also count victims of unknown sex or age): the totals are taken as given.
    """
    limit = threshold if threshold is not None else disclosure_threshold()
    values = table.fillna(0).astype("int64")
    mask = _protect_matrix(values.to_numpy(), limit)
    if not margins:
        values = values.iloc[:-1, :-1]
        mask = mask[:-1, :-1]
    return _result(values, mask, limit)


def _ordered(found: Sequence[object], order: Sequence[object] | None) -> list[object]:
    if order is None:
        return sorted(found, key=str)
    extra = [v for v in found if v not in order]
    return list(order) + sorted(extra, key=str)


def protect_table(
    df: pd.DataFrame,
    row_dim: str,
    col_dim: str | None,
    measure: str,
    threshold: int | None = None,
    margins: bool = True,
    *,
    row_order: Sequence[object] | None = None,
    col_order: Sequence[object] | None = None,
) -> ProtectedTable:
    """Pivot a long table to row_dim x col_dim (summing measure), add totals, protect.

    `df` has one row per combination (e.g. a reporting table filtered to one year). Rows and
    columns are sorted unless `row_order` / `col_order` give them (values listed there appear even
    when absent, as 0). With `col_dim=None` the result has one column named after `measure`.
    """
    if col_dim is None:
        sums = df.groupby(row_dim, dropna=False)[measure].sum() if len(df) else pd.Series(dtype="int64")
        rows = _ordered(list(sums.index), row_order)
        series = pd.Series([int(sums.get(r, 0)) for r in rows], index=rows, dtype="int64", name=measure)
        series.index.name = row_dim
        return protect_counts(series, total=margins, threshold=threshold)
    if len(df):
        sums = df.groupby([row_dim, col_dim], dropna=False)[measure].sum()
        pivot = sums.unstack(col_dim, fill_value=0)
    else:
        pivot = pd.DataFrame(dtype="int64")
    rows = _ordered(list(pivot.index), row_order)
    cols = _ordered(list(pivot.columns), col_order)
    pivot = pivot.reindex(index=rows, columns=cols, fill_value=0).fillna(0).astype("int64")
    full = pivot.copy()
    full[TOTAL] = full.sum(axis=1)
    full.loc[TOTAL] = full.sum(axis=0)
    full.index.name = row_dim
    full.columns.name = col_dim
    return protect_with_margins(full, threshold=threshold, margins=margins)


def protect_grouped_table(
    df: pd.DataFrame,
    row_dim: str,
    col_dim: str,
    measure: str,
    groups: Sequence[tuple[object, Sequence[object]]],
    threshold: int | None = None,
    *,
    col_order: Sequence[object] | None = None,
) -> ProtectedTable:
    """A table whose rows are grouped, with a subtotal row per group.

    `groups` lists (group key, member values of row_dim) in display order; a group whose key is
    its only member is shown as that member's row alone (no subtotal). Rows: each group's
    subtotal then its members, and `Total`; columns: col_dim values and `Total`. Protection
    runs on every additive line: each row, each group's members with their subtotal, and the
    top level (subtotals and lone members) with the total, in every column - so a subtotal
    cannot be used to work a hidden member back. Values of row_dim found in `df` but in no
    group are added as groups of their own.
    """
    limit = threshold if threshold is not None else disclosure_threshold()
    members_listed = [m for _, members in groups for m in members]
    if len(df):
        sums = df.groupby([row_dim, col_dim], dropna=False)[measure].sum().unstack(col_dim, fill_value=0)
    else:
        sums = pd.DataFrame(dtype="int64")
    extra = [v for v in sums.index if v not in members_listed]
    all_groups = [(key, list(members)) for key, members in groups] + [
        (v, [v]) for v in sorted(extra, key=str)
    ]
    cols = _ordered(list(sums.columns), col_order)
    members_all = [m for _, members in all_groups for m in members]
    body = sums.reindex(index=members_all, columns=cols, fill_value=0).fillna(0).astype("int64")

    row_keys: list[object] = []
    row_values: list[np.ndarray] = []
    member_pos: dict[int, list[int]] = {}  # subtotal row position -> member row positions
    top_level: list[int] = []
    for key, members in all_groups:
        if len(members) != 1 or key != members[0]:
            sub = len(row_keys)
            row_keys.append(key)
            row_values.append(body.loc[members].to_numpy().sum(axis=0) if members else np.zeros(len(cols)))
            member_pos[sub] = []
            for m in members:
                member_pos[sub].append(len(row_keys))
                row_keys.append(m)
                row_values.append(body.loc[m].to_numpy())
            top_level.append(sub)
        else:
            top_level.append(len(row_keys))
            row_keys.append(members[0])
            row_values.append(body.loc[members[0]].to_numpy())
    total_pos = len(row_keys)
    row_keys.append(TOTAL)
    row_values.append(body.to_numpy().sum(axis=0) if len(body) else np.zeros(len(cols), dtype=np.int64))
    matrix = np.array(row_values, dtype=np.int64).reshape(len(row_keys), len(cols))
    matrix = np.column_stack([matrix, matrix.sum(axis=1)])
    ncols = len(cols) + 1

    def at(i: int, j: int) -> int:
        return i * ncols + j

    lines: list[list[int]] = [[at(i, j) for j in range(ncols)] for i in range(len(row_keys))]
    for j in range(ncols):
        lines.append([at(i, j) for i in top_level] + [at(total_pos, j)])
        for sub, members in member_pos.items():
            lines.append([at(i, j) for i in members] + [at(sub, j)])
    flags = protect_cells(matrix.ravel().tolist(), lines, limit)
    values = pd.DataFrame(
        matrix, index=pd.Index(row_keys, name=row_dim), columns=pd.Index([*cols, TOTAL], name=col_dim)
    )
    return _result(values, np.array(flags, dtype=bool).reshape(matrix.shape), limit)


def protect_counts(series: pd.Series, total: bool = True, threshold: int | None = None) -> ProtectedTable:
    """The 1-D case: a list of counts and their total, as a one-column table.

    The total is always taken into account (as if published); `total=False` only leaves the
    `Total` row out of the result.
    """
    limit = threshold if threshold is not None else disclosure_threshold()
    column = series.name if series.name is not None else "value"
    counts = series.fillna(0).astype("int64")
    flat = np.append(counts.to_numpy(), int(counts.sum())).astype(np.int64)
    suppressed = (flat > 0) & (flat < limit)
    complete_lines(flat, suppressed, [list(range(len(flat)))])
    index = pd.Index([*counts.index, TOTAL], name=series.index.name)
    values = pd.DataFrame({column: flat}, index=index)
    mask = suppressed.reshape(-1, 1)
    if not total:
        values = values.iloc[:-1]
        mask = mask[:-1]
    return _result(values, mask, limit)
