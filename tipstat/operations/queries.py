"""Every query of the operations code on intake.submissions and intake.rejections, in one place.

Kept together so they can move to the module that owns the submissions table. No query returns a
value from a file: names, statuses, dates, counts and the reasons the intake already redacted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from tipstat.contract import DUE_DAYS, FILE_SPECS


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def has_submissions(con: duckdb.DuckDBPyConnection) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'intake' AND table_name = 'submissions'"
    ).fetchone()
    return bool(row and row[0])


def run_submissions(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """The files one run registered and their fate (the run summary)."""
    return _dicts(
        con.execute(
            """
            SELECT file_name, feed, entity, period, version, status, rows, on_time, reason
            FROM intake.submissions WHERE run_id = ? ORDER BY status, file_name
            """,
            [run_id],
        )
    )


def run_file_validation(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """Per file of a run with a feed and entity: its fate, rows, and per broken rule the number of
    rows and columns that broke it (from intake.rejections; never a value)."""
    return _dicts(
        con.execute(
            """
            WITH rules AS (
                SELECT submission_id, rule,
                       count(DISTINCT row_number) AS rows,
                       count(DISTINCT column_name) AS columns
                FROM intake.rejections GROUP BY ALL
            )
            SELECT CASE WHEN s.feed = 'population' THEN 'population'
                        ELSE s.feed || '__' || s.entity END AS raw_table, s.file_name, s.period, s.version,
                   s.status, s.rows,
                   coalesce(list({'rule': r.rule, 'rows': r.rows, 'columns': r.columns}
                                 ORDER BY r.rule) FILTER (WHERE r.rule IS NOT NULL), []) AS rules
            FROM intake.submissions s LEFT JOIN rules r USING (submission_id)
            WHERE s.run_id = ? AND s.feed IS NOT NULL AND s.entity IS NOT NULL
            GROUP BY ALL ORDER BY s.file_name
            """,
            [run_id],
        )
    )


def _feed_files_sql() -> str:
    pairs = sorted((spec.feed, spec.entity) for spec in FILE_SPECS.values())
    return "VALUES " + ", ".join(f"('{feed}', '{entity}')" for feed, entity in pairs)


def quarter_slots(con: duckdb.DuckDBPyConnection, as_of: date) -> list[dict[str, Any]]:
    """Every feed file of every quarter whose due date is on or before `as_of` (from the first
    quarter any feed file was received for), with what is in force and the last rejection.

    `state`: IN_FORCE (an accepted file), REJECTED (files arrived, none in force), MISSING."""
    if not has_submissions(con):
        return []
    return _dicts(
        con.execute(
            f"""
            WITH feed_files(feed, entity) AS ({_feed_files_sql()}),
            subs AS (
                SELECT s.*, try_cast(split_part(s.period, 'Q', 1) AS INTEGER) * 4
                            + try_cast(split_part(s.period, 'Q', 2) AS INTEGER) - 1 AS q
                FROM intake.submissions s JOIN feed_files USING (feed, entity)
            ),
            bounds AS (SELECT min(q) AS first_q FROM subs WHERE q IS NOT NULL),
            slots AS (
                SELECT f.feed, f.entity,
                       CAST(q // 4 AS INTEGER) AS year, CAST(q % 4 + 1 AS INTEGER) AS quarter
                FROM feed_files f, bounds, range(bounds.first_q, $today_q + 1) r(q)
            ),
            periods AS (
                SELECT *, CAST(year AS VARCHAR) || 'Q' || CAST(quarter AS VARCHAR) AS period,
                       CAST(last_day(make_date(year, quarter * 3, 1)) + INTERVAL {DUE_DAYS} DAY AS DATE)
                           AS due_date
                FROM slots
            ),
            last_rejection AS (
                SELECT feed, entity, period, file_name, reason
                FROM subs WHERE status = 'REJECTED'
                QUALIFY row_number() OVER (PARTITION BY feed, entity, period
                                           ORDER BY received_at DESC, file_name DESC) = 1
            ),
            per_slot AS (
                SELECT feed, entity, period, count(*) AS files,
                       count(*) FILTER (WHERE status = 'ACCEPTED') AS in_force
                FROM subs GROUP BY ALL
            )
            SELECT p.feed, p.entity, p.period, p.due_date,
                   CASE WHEN coalesce(x.in_force, 0) > 0 THEN 'IN_FORCE'
                        WHEN x.files IS NOT NULL THEN 'REJECTED' ELSE 'MISSING' END AS state,
                   coalesce(x.files, 0) AS files_received,
                   CASE WHEN coalesce(x.in_force, 0) = 0 THEN lr.file_name END AS rejected_file,
                   CASE WHEN coalesce(x.in_force, 0) = 0 THEN lr.reason END AS rejected_reason
            FROM periods p
            LEFT JOIN per_slot x USING (feed, entity, period)
            LEFT JOIN last_rejection lr USING (feed, entity, period)
            WHERE p.due_date <= $as_of
            ORDER BY p.feed, p.entity, p.year, p.quarter
            """,
            {"as_of": as_of, "today_q": as_of.year * 4 + (as_of.month - 1) // 3},
        )
    )


def table_exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = $s AND table_name = $t",
        {"s": schema, "t": table},
    ).fetchone()
    return bool(row and row[0])


def completeness_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """reporting.completeness (built by dbt): one row per feed file and expected quarter."""
    if not table_exists(con, "reporting", "completeness"):
        return []
    return _dicts(
        con.execute(
            "SELECT feed, entity, period, year, quarter, due_date, status FROM reporting.completeness "
            "ORDER BY feed, entity, year, quarter"
        )
    )


def submissions_source(con: duckdb.DuckDBPyConnection) -> str | None:
    for schema in ("reporting", "intake"):
        if table_exists(con, schema, "submissions"):
            return f"{schema}.submissions"
    return None


def feed_counts(con: duckdb.DuckDBPyConnection, source: str) -> list[dict[str, Any]]:
    """Files per feed file and status (the bad names under feed NULL)."""
    return _dicts(
        con.execute(
            f"""
            SELECT feed, entity,
                   count(*) FILTER (WHERE status = 'ACCEPTED') AS in_force,
                   count(*) FILTER (WHERE status = 'SUPERSEDED') AS superseded,
                   count(*) FILTER (WHERE status = 'REJECTED') AS rejected,
                   count(*) FILTER (WHERE status = 'DUPLICATE') AS duplicate,
                   count(*) FILTER (WHERE status = 'ACCEPTED' AND on_time = false) AS late_in_force
            FROM {source} GROUP BY ALL ORDER BY feed NULLS LAST, entity
            """
        )
    )


def recent_rejections(con: duckdb.DuckDBPyConnection, source: str, limit: int) -> list[dict[str, Any]]:
    return _dicts(
        con.execute(
            f"""
            SELECT file_name, status, received_at, reason FROM {source}
            WHERE status IN ('REJECTED', 'DUPLICATE')
            ORDER BY received_at DESC, file_name LIMIT {int(limit)}
            """
        )
    )
