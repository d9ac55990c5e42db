"""Capture histories from the warehouse and the table `reporting.hidden_victims_estimate`.

Reads `reporting.capture_histories` (a dbt mart: persons per year, status and combination of
victim lists) and writes one row per year and status (`all`, `confirmed`) with the estimate of
estimation.md. Runs inside the pipeline on the work copy, before the publish step.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from tipstat.estimates.estimate import Estimate, estimate_population, not_estimable
from tipstat.estimates.histories import CaptureTable

LISTS = ("police", "border", "social", "consular")  # the victim feeds, in the spec's order
STATUSES = ("all", "confirmed")
TABLE = "reporting.hidden_victims_estimate"


@dataclass
class YearTable:
    table: CaptureTable
    keyless_persons: int

    @property
    def keyless_share(self) -> float | None:
        observed = self.table.observed
        return self.keyless_persons / observed if observed else None


def capture_table(con: duckdb.DuckDBPyConnection, year: int, status: str = "all") -> YearTable:
    """The year's persons by capture history; `confirmed` keeps CONFIRMED persons only."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    columns = ", ".join(LISTS)
    rows = con.execute(
        f"""
        SELECT {columns}, sum(persons)::BIGINT, sum(keyless_persons)::BIGINT
        FROM reporting.capture_histories
        WHERE year = ? AND (? = 'all' OR status = 'CONFIRMED')
        GROUP BY ALL
        """,
        [year, status],
    ).fetchall()
    counts = {tuple(int(flag) for flag in row[: len(LISTS)]): int(row[len(LISTS)]) for row in rows}
    keyless = sum(int(row[len(LISTS) + 1]) for row in rows)
    return YearTable(CaptureTable.from_rows(LISTS, counts), keyless)


def estimate_year(
    con: duckdb.DuckDBPyConnection, year: int, status: str = "all", bootstrap: int = 0, seed: int = 2026
) -> tuple[Estimate, YearTable]:
    data = capture_table(con, year, status)
    if data.table.observed == 0:
        return not_estimable(data.table, f"no victim person was identified in {year}"), data
    return estimate_population(data.table, bootstrap=bootstrap, seed=seed), data


def has_capture_histories(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'reporting' AND table_name = 'capture_histories'"
    ).fetchone()
    return bool(row and row[0])


def rebuild_estimates_table(con: duckdb.DuckDBPyConnection) -> int:
    """Replace `reporting.hidden_victims_estimate` with every year and status; rows written."""
    years = [
        int(r[0])
        for r in con.execute("SELECT DISTINCT year FROM reporting.capture_histories ORDER BY year").fetchall()
    ]
    rows = []
    for year in years:
        for status in STATUSES:
            result, _ = estimate_year(con, year, status)
            rows.append(
                (
                    year,
                    status,
                    result.lists,
                    result.observed,
                    result.estimate,
                    result.ci_low,
                    result.ci_high,
                    result.terms,
                    result.method or None,
                    result.estimable,
                    result.reason,
                )
            )
    con.execute("BEGIN")
    con.execute(
        f"""
        CREATE OR REPLACE TABLE {TABLE} (
            year INTEGER NOT NULL, status VARCHAR NOT NULL, lists VARCHAR[], observed BIGINT,
            estimate DOUBLE, ci_low DOUBLE, ci_high DOUBLE, terms VARCHAR[], method VARCHAR,
            estimable BOOLEAN NOT NULL, reason VARCHAR, PRIMARY KEY (year, status))
        """
    )
    if rows:
        con.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    con.execute("COMMIT")
    return len(rows)
