"""Loading one file: its rows into its raw table, its submission row and findings (docs/architecture.md).

The tables' DDL and every query of intake.* are in `tipstat.intake.tables`.

One DuckDB transaction per file: the validated Arrow table goes into `raw.<feed>__<entity>` with
its provenance, the submission row is written, and earlier accepted versions of the slot are
superseded, all or nothing. Values are NFC-normalized and trimmed, empty text becomes NULL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from tipstat.contract import FileSpec
from tipstat.intake import tables
from tipstat.intake.readers import normalize_text
from tipstat.intake.tables import PROVENANCE_COLUMNS, SubmissionRow, quote
from tipstat.render import safe_or_none


@dataclass(frozen=True)
class FindingRow:
    row: int | None
    column: str | None
    rule: str
    message: str


def redact(text: str | None) -> str | None:
    """`render.safe_text`, keeping None: names and messages are shown and stored only that way."""
    return safe_or_none(text)


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
            f"INSERT INTO raw.{quote(spec.raw_table)} ({', '.join(names)}, {provenance}) "
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
    tables.insert_rejections(con, data)


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
        tables.insert_submission(con, row)
        _insert_findings(con, row, findings)
        if row.status == "ACCEPTED":
            superseded = tables.supersede_others(con, row)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return superseded
