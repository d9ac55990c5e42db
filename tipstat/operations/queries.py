"""The operations code's queries of the published reporting tables (`tipstat status`).

Queries of intake.submissions and intake.rejections live with their owner, tipstat.intake.tables.
No query returns a value from a file: names, statuses, dates, counts and redacted reasons.
"""

from __future__ import annotations

from typing import Any

import duckdb


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


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
