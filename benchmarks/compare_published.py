"""Compare the published reporting tables of two homes, row for row.

    .venv/bin/python benchmarks/compare_published.py HOME_A HOME_B

Used when a change must leave the figures alone (a refactoring, an engine switch): build the demo
in two homes, one per version, and compare. Columns that record the run itself (run ids, load and
publication times, stored paths) are left out. Exit 0 when every table is equal, 1 otherwise.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

# columns that say when or by which run, not what the figures are
RUN_COLUMNS = {"published_at", "run_id", "registered_at", "received_at", "loaded_at", "stored_path"}


def published_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting' ORDER BY 1"
    ).fetchall()
    return [name for (name,) in rows]


def table_rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    cols = [
        name
        for (name,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'reporting' AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        if name not in RUN_COLUMNS
    ]
    select = ", ".join(f'"{c}"' for c in cols)
    return con.execute(f'SELECT {select} FROM reporting."{table}" ORDER BY ALL').fetchall()


def compare(home_a: Path, home_b: Path) -> list[str]:
    """Differences between the two homes' published tables, one line each (empty: equal)."""
    a = duckdb.connect(str(home_a / "warehouse.duckdb"), read_only=True)
    b = duckdb.connect(str(home_b / "warehouse.duckdb"), read_only=True)
    problems = []
    tables_a, tables_b = published_tables(a), published_tables(b)
    for name in sorted(set(tables_a) ^ set(tables_b)):
        problems.append(f"{name}: only in {'A' if name in tables_a else 'B'}")
    for name in sorted(set(tables_a) & set(tables_b)):
        rows_a, rows_b = table_rows(a, name), table_rows(b, name)
        if rows_a != rows_b:
            problems.append(f"{name}: {len(rows_a)} rows in A, {len(rows_b)} in B, contents differ")
    return problems


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    problems = compare(Path(argv[0]), Path(argv[1]))
    for line in problems:
        print(line)
    print("equal" if not problems else f"{len(problems)} tables differ")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
