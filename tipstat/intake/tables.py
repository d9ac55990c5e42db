"""The intake's tables: the raw table list and DDL, `intake.submissions` and `intake.rejections`.

The one owner of these tables on the Python side: their DDL (docs/architecture.md, "Raw tables"
and "intake.submissions") and every query tipstat makes of `intake.submissions` and
`intake.rejections`. dbt reads them as sources (dbt/models/staging); the tests build their
warehouses with `ensure_schema`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import duckdb
import pyarrow as pa

from tipstat.contract import ALL_SPECS, DUE_DAYS, FILE_SPECS, FileSpec

SUBMISSIONS = "intake.submissions"

# Every raw table the intake loads, by name in schema `raw` (`police__victims`, ..., `population`).
RAW_TABLES: dict[str, FileSpec] = {spec.raw_table: spec for spec in ALL_SPECS.values()}

PROVENANCE_COLUMNS = (
    ("_submission_id", "VARCHAR"),
    ("_file_name", "VARCHAR"),
    ("_sha256", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_loaded_at", "TIMESTAMP"),
)

SUBMISSIONS_DDL = """
CREATE TABLE IF NOT EXISTS intake.submissions (
    submission_id VARCHAR PRIMARY KEY,
    feed VARCHAR,
    entity VARCHAR,
    period VARCHAR,
    version INTEGER,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    status VARCHAR NOT NULL,
    rows BIGINT,
    due_date DATE,
    on_time BOOLEAN,
    reason VARCHAR,
    size_bytes BIGINT,
    mtime_ns BIGINT,
    stored_path VARCHAR,
    registered_at TIMESTAMP,
    run_id VARCHAR
)"""

REJECTIONS_DDL = """
CREATE TABLE IF NOT EXISTS intake.rejections (
    submission_id VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    row_number BIGINT,
    column_name VARCHAR,
    rule VARCHAR NOT NULL,
    message VARCHAR
)"""


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Every table dbt reads as a source, empty when new: raw.*, intake.submissions and
    intake.rejections, and the linkage review decisions (linkage.md)."""
    from tipstat.linkage.decisions import ensure_tables as ensure_linkage_tables

    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute("CREATE SCHEMA IF NOT EXISTS intake")
    for table, spec in RAW_TABLES.items():
        columns = [f"{quote(c)} VARCHAR" for c in spec.header]
        columns += [f"{name} {kind}" for name, kind in PROVENANCE_COLUMNS]
        con.execute(f"CREATE TABLE IF NOT EXISTS raw.{quote(table)} ({', '.join(columns)})")
    con.execute(SUBMISSIONS_DDL)
    con.execute(REJECTIONS_DDL)
    ensure_linkage_tables(con)


def has_intake_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """Both intake.submissions and intake.rejections exist (a home that has had a run)."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_schema = 'intake' AND table_name IN ('submissions', 'rejections')"
    ).fetchone()
    return bool(row and row[0] == 2)


@dataclass
class SubmissionRow:
    """One row of intake.submissions (column order as in the table)."""

    submission_id: str
    feed: str | None
    entity: str | None
    period: str | None
    version: int | None
    file_name: str
    sha256: str
    received_at: datetime
    status: str
    rows: int | None
    due_date: date | None
    on_time: bool | None
    reason: str | None
    size_bytes: int
    mtime_ns: int
    stored_path: str
    registered_at: datetime
    run_id: str


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, values, strict=True)) for values in cur.fetchall()]


# Writing (inside the caller's per-file transaction, loading.record_submission)


def insert_submission(con: duckdb.DuckDBPyConnection, row: SubmissionRow) -> None:
    values = asdict(row)
    columns = ", ".join(values)
    placeholders = ", ".join(f"${k}" for k in values)
    con.execute(f"INSERT INTO intake.submissions ({columns}) VALUES ({placeholders})", values)


def supersede_others(con: duckdb.DuckDBPyConnection, row: SubmissionRow) -> list[tuple[str, str]]:
    """Mark every other ACCEPTED file of row's slot SUPERSEDED; return their (submission_id, file_name)."""
    return [
        (sid, name)
        for sid, name in con.execute(
            "UPDATE intake.submissions SET status = 'SUPERSEDED', "
            "reason = concat_ws('; ', reason, 'superseded by ' || $name) "
            "WHERE feed = $feed AND entity = $entity AND period = $period "
            "AND status = 'ACCEPTED' AND submission_id <> $sid "
            "RETURNING submission_id, file_name",
            {
                "name": row.file_name,
                "feed": row.feed,
                "entity": row.entity,
                "period": row.period,
                "sid": row.submission_id,
            },
        ).fetchall()
    ]


def insert_rejections(con: duckdb.DuckDBPyConnection, findings: pa.Table) -> None:
    """Rows of intake.rejections, as an Arrow table with its columns in order (messages redacted)."""
    view = "_tipstat_findings"
    con.register(view, findings)
    try:
        con.execute(f"INSERT INTO intake.rejections SELECT * FROM {view}")
    finally:
        con.unregister(view)


# Reading


def history(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    """(submission_id, file_name, sha256, status, feed, entity, period, version, rows) of every file
    seen, in the order they were registered (registry.Ledger)."""
    return con.execute(
        "SELECT submission_id, file_name, sha256, status, feed, entity, period, version, rows "
        "FROM intake.submissions ORDER BY registered_at, received_at, file_name"
    ).fetchall()


def rows_by_id(con: duckdb.DuckDBPyConnection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Whole rows of these submissions, in the order of `ids`."""
    return _dicts(
        con.execute(
            "SELECT s.* FROM intake.submissions s JOIN unnest($ids) WITH ORDINALITY AS i(id, n) "
            "ON s.submission_id = i.id ORDER BY i.n",
            {"ids": list(ids)},
        )
    )


def to_file(con: duckdb.DuckDBPyConnection, landing_names: Sequence[str]) -> list[dict[str, Any]]:
    """Whole rows of the files named in landing, and of every rejected or duplicate file (whose
    quarantine report may be missing), by arrival (filing.finish_filing)."""
    return _dicts(
        con.execute(
            "SELECT * FROM intake.submissions WHERE file_name IN (SELECT unnest($names::VARCHAR[])) "
            "OR status IN ('REJECTED', 'DUPLICATE') ORDER BY received_at, file_name",
            {"names": list(landing_names)},
        )
    )


def findings(con: duckdb.DuckDBPyConnection, submission_id: str) -> list[tuple]:
    """(row_number, column_name, rule, message) of one file's findings, by row, column and rule."""
    return con.execute(
        "SELECT row_number, column_name, rule, message FROM intake.rejections "
        "WHERE submission_id = $sid ORDER BY row_number NULLS FIRST, column_name, rule",
        {"sid": submission_id},
    ).fetchall()


def registered_in_run(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Files a run registered; none means the published figures cannot have changed."""
    row = con.execute("SELECT count(*) FROM intake.submissions WHERE run_id = ?", [run_id]).fetchone()
    return int(row[0]) if row else 0


def status_counts(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """Files a run registered, by status."""
    rows = con.execute(
        "SELECT status, count(*) FROM intake.submissions WHERE run_id = ? GROUP BY status", [run_id]
    ).fetchall()
    return {status: int(n) for status, n in rows}


def run_files(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict[str, Any]]:
    """What the run summary shows of each file a run registered."""
    return _dicts(
        con.execute(
            """
            SELECT file_name, feed, entity, period, version, status, rows, on_time, reason
            FROM intake.submissions WHERE run_id = ? ORDER BY status, file_name
            """,
            [run_id],
        )
    )


def rows_in_force(con: duckdb.DuckDBPyConnection, raw_table: str) -> int:
    """Rows of a raw table that come from files in force (ACCEPTED)."""
    row = con.execute(
        f"SELECT count(*) FROM raw.{quote(raw_table)} r JOIN intake.submissions s "
        "ON r._submission_id = s.submission_id WHERE s.status = 'ACCEPTED'"
    ).fetchone()
    return int(row[0]) if row else 0


def files_seen(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute("SELECT count(*) FROM intake.submissions").fetchone()
    return int(row[0]) if row else 0


def files_in_force(con: duckdb.DuckDBPyConnection) -> int:
    """ACCEPTED files (0 before the first intake)."""
    try:
        row = con.execute("SELECT count(*) FROM intake.submissions WHERE status = 'ACCEPTED'").fetchone()
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row else 0


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
    if not has_intake_tables(con):
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
