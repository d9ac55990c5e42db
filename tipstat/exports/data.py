"""Reading the published warehouse (schema `reporting`) for the exports, read-only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from tipstat.exports.common import ExportError
from tipstat.exports.release_source import ReleaseStamp, open_release
from tipstat.settings import Home
from tipstat.warehouse import connect_published

# Published tables an export may read (reporting.md and docs/architecture.md).
YEAR_TABLES = (
    "victims_detected",
    "sdg_16_2_2",
    "justice_funnel",
    "cases",
    "cases_quarterly",
    "repatriations",
    "repatriations_by_status",
    "assistance",
    "assistance_services",
    "completeness",
)


@contextmanager
def published(home: Home, release: ReleaseStamp | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to the published warehouse, or to a release's frozen
    copy when `release` is given."""
    if release is not None:
        with open_release(home, release) as con:
            yield con
        return
    try:
        con = connect_published(home)
    except FileNotFoundError as exc:
        raise ExportError(str(exc)) from None
    except duckdb.Error as exc:
        raise ExportError(f"cannot open the published warehouse {home.warehouse}: {exc}") from exc
    try:
        yield con
    finally:
        con.close()


def has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    found = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'reporting' and table_name = ?",
        [table],
    ).fetchone()
    return bool(found and found[0])


def read_year(con: duckdb.DuckDBPyConnection, table: str, year: int) -> pd.DataFrame:
    """All rows of one published table for one year (an empty frame when the table is absent)."""
    if table not in YEAR_TABLES:
        raise ValueError(f"not a published table with a year: {table}")
    if not has_table(con, table):
        raise ExportError(f"the published warehouse has no table reporting.{table}")
    return con.execute(f'select * from reporting."{table}" where year = ?', [year]).df()


@dataclass(frozen=True)
class Publication:
    published_at: datetime | None
    run_id: str | None
    counting_rules_version: str | None
    contract_version: str | None


def publication(con: duckdb.DuckDBPyConnection) -> Publication:
    """The latest publication row (the data's as-of time)."""
    if not has_table(con, "publication"):
        return Publication(None, None, None, None)
    row = con.execute(
        "select published_at, run_id, counting_rules_version, contract_version "
        "from reporting.publication order by published_at desc limit 1"
    ).fetchone()
    if row is None:
        return Publication(None, None, None, None)
    return Publication(*row)


def require_year(con: duckdb.DuckDBPyConnection, year: int, tables: tuple[str, ...]) -> None:
    """Refuse a year for which none of `tables` holds a row."""
    for table in tables:
        if has_table(con, table):
            found = con.execute(f'select count(*) from reporting."{table}" where year = ?', [year]).fetchone()
            if found and found[0]:
                return
    years = available_years(con, tables)
    listed = ", ".join(str(y) for y in years) if years else "none"
    raise ExportError(f"no published data for {year} (years with data: {listed})")


def available_years(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> list[int]:
    years: set[int] = set()
    for table in tables:
        if has_table(con, table):
            years.update(
                int(r[0]) for r in con.execute(f'select distinct year from reporting."{table}"').fetchall()
            )
    return sorted(years)


@dataclass(frozen=True)
class YearCompleteness:
    """Which quarters and feeds were complete (every expected file in force) for a year."""

    complete_quarters: list[int]
    incomplete_quarters: list[int]
    complete_feeds: list[str]
    incomplete_feeds: list[str]
    detail: pd.DataFrame  # feed, entity, quarter, status
    covered_quarters: tuple[int, ...] = (1, 2, 3, 4)  # the quarters of the year the data cover

    def period_covered(self, year: int) -> str:
        """`2024 (whole year)`, or `2026Q1–2026Q3 (part year)`: a part year is never shown as a
        whole one (dashboards issue: honest time, exports' covers included)."""
        quarters = self.covered_quarters
        if tuple(quarters) == (1, 2, 3, 4):
            return f"{year} (whole year)"
        if not quarters:
            return f"{year} (no quarter covered)"
        return f"{year}Q{quarters[0]}–{year}Q{quarters[-1]} (part year)"


def completeness(con: duckdb.DuckDBPyConnection, year: int) -> YearCompleteness:
    """Read reporting.completeness: a quarter or feed is complete when no expected file of it
    is MISSING or REJECTED (late files count: they arrived)."""
    frame = read_year(con, "completeness", year) if has_table(con, "completeness") else pd.DataFrame()
    if frame.empty:
        return YearCompleteness([], [1, 2, 3, 4], [], [], frame, covered_quarters=())
    if "expected" in frame.columns:
        frame = frame[frame["expected"].fillna(True).astype(bool)]
    frame = frame.assign(
        feed_entity=frame["feed"].astype(str) + "_" + frame["entity"].astype(str),
        ok=frame["status"].isin(["ON_TIME", "LATE"]),
    )
    quarters_ok = frame.groupby("quarter")["ok"].all()
    feeds_ok = frame.groupby("feed_entity")["ok"].all()
    seen_quarters = {int(q) for q in quarters_ok.index}
    return YearCompleteness(
        complete_quarters=sorted(int(q) for q, ok in quarters_ok.items() if ok),
        incomplete_quarters=sorted(
            [int(q) for q, ok in quarters_ok.items() if not ok]
            + [q for q in (1, 2, 3, 4) if q not in seen_quarters]
        ),
        complete_feeds=sorted(str(f) for f, ok in feeds_ok.items() if ok),
        incomplete_feeds=sorted(str(f) for f, ok in feeds_ok.items() if not ok),
        detail=frame[["feed", "entity", "quarter", "status"]].sort_values(["quarter", "feed", "entity"]),
        covered_quarters=tuple(sorted(seen_quarters)),
    )
