"""Loading: the raw tables, intake.submissions and intake.rejections (docs/architecture.md).

One DuckDB transaction per file: the validated Arrow table goes into `raw.<feed>__<entity>` with
its provenance, the submission row is written, and earlier accepted versions of the slot are
superseded, all or nothing. Values are NFC-normalized and trimmed, empty text becomes NULL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime

import duckdb
import pyarrow as pa

from tipstat.contract import ALL_SPECS, FileSpec
from tipstat.intake.readers import normalize_text

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


def raw_table_name(spec: FileSpec) -> str:
    """`police__victims`, ... and `population` (architecture: `raw.population`)."""
    return "population" if spec.feed == "population" else spec.raw_table


RAW_TABLES: dict[str, FileSpec] = {raw_table_name(s): s for s in ALL_SPECS.values()}


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


@dataclass(frozen=True)
class FindingRow:
    row: int | None
    column: str | None
    rule: str
    message: str


_LONG_NUMBER = re.compile(r"\+?\d(?:[\s.\-]*\d){8,}")
_EMAIL = re.compile(r"\S*@\S*")


def redact(text: str | None) -> str | None:
    """Blank anything that looks like an ID or phone number or an e-mail address (long digit
    runs, '@'): messages and names are shown and stored, values never are."""
    if text is None:
        return None
    return _EMAIL.sub("[redacted]", _LONG_NUMBER.sub("[redacted]", text))


def _insert_raw(con: duckdb.DuckDBPyConnection, spec: FileSpec, table: pa.Table, row: SubmissionRow) -> int:
    view = "_tipstat_incoming"
    # NFC, trimmed, '' -> NULL (the reader's own normalization, repeated for any other caller):
    # Arrow kernels, about 3 ms a file less than the same functions in the INSERT
    incoming = pa.table(
        {c: normalize_text(table.column(c).cast(pa.string())) for c in spec.header}
        | {"_row_number": table.column("_row_number").cast(pa.int64())}
    )
    con.register(view, incoming)
    try:
        names = [quote(c) for c in spec.header]
        provenance = ", ".join(name for name, _ in PROVENANCE_COLUMNS)
        con.execute(
            f"INSERT INTO raw.{quote(raw_table_name(spec))} ({', '.join(names)}, {provenance}) "
            f"SELECT {', '.join(names)}, $sid, $name, $sha, _row_number, $loaded FROM {view}",
            {"sid": row.submission_id, "name": row.file_name, "sha": row.sha256, "loaded": row.registered_at},
        )
    finally:
        con.unregister(view)
    return table.num_rows


def _insert_findings(
    con: duckdb.DuckDBPyConnection, row: SubmissionRow, findings: Sequence[FindingRow]
) -> None:
    if not findings:
        return
    data = pa.table(
        {
            "submission_id": pa.array([row.submission_id] * len(findings), pa.string()),
            "file_name": pa.array([row.file_name] * len(findings), pa.string()),
            "row_number": pa.array([f.row for f in findings], pa.int64()),
            "column_name": pa.array([f.column for f in findings], pa.string()),
            "rule": pa.array([f.rule for f in findings], pa.string()),
            "message": pa.array([redact(f.message) for f in findings], pa.string()),
        }
    )
    view = "_tipstat_findings"
    con.register(view, data)
    try:
        con.execute(f"INSERT INTO intake.rejections SELECT * FROM {view}")
    finally:
        con.unregister(view)


def record_submission(
    con: duckdb.DuckDBPyConnection,
    row: SubmissionRow,
    *,
    spec: FileSpec | None = None,
    table: pa.Table | None = None,
    findings: Sequence[FindingRow] = (),
) -> list[tuple[str, str]]:
    """Write one file's outcome in one transaction; return (submission_id, file_name) superseded.

    `table` (with `spec`) is loaded into the raw table; an ACCEPTED row supersedes every other
    ACCEPTED row of its slot."""
    superseded: list[tuple[str, str]] = []
    con.begin()
    try:
        if table is not None and spec is not None:
            _insert_raw(con, spec, table, row)
        values = asdict(row)
        columns = ", ".join(values)
        placeholders = ", ".join(f"${k}" for k in values)
        con.execute(f"INSERT INTO intake.submissions ({columns}) VALUES ({placeholders})", values)
        _insert_findings(con, row, findings)
        if row.status == "ACCEPTED":
            superseded = [
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
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return superseded
