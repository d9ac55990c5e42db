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

from tipstat.contract import ALL_SPECS, FileSpec

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
