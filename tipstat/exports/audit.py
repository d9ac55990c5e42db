"""The export audit: one row per export written, in `<home>/audit.duckdb`, table `audit.exports`.

The published warehouse is replaced whole by each pipeline run and is read-only for everyone
else, so the audit lives in its own small DuckDB file beside it, created on first use.
"""

from __future__ import annotations

import getpass
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from tipstat.exports.common import ExportError, ExportResult
from tipstat.settings import Home

AUDIT_FILE = "audit.duckdb"
# The file's catalog is named after it (`audit`), like its schema: hence audit.audit.exports.

_DDL = """
create schema if not exists audit.audit;
create sequence if not exists audit.audit.exports_seq;
create table if not exists audit.audit.exports (
    export_id BIGINT PRIMARY KEY DEFAULT nextval('audit.audit.exports_seq'),
    exported_at TIMESTAMP NOT NULL,  -- UTC
    exported_by VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,           -- sdg | glotip | asean
    year INTEGER NOT NULL,
    out_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    public BOOLEAN NOT NULL,
    disclosure_threshold INTEGER,    -- NULL when not public
    observations BIGINT,
    suppressed BIGINT
);
"""


def audit_path(home: Home) -> Path:
    return home.root / AUDIT_FILE


def current_user(user: str | None = None) -> str:
    if user:
        return user
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): still audit, as unknown
        return "unknown"


def connect_audit(path: Path, wait_seconds: float = 10.0) -> duckdb.DuckDBPyConnection:
    """Open the audit store (`audit.duckdb`: exports, linkage decisions) read-write, waiting
    briefly if another writer holds it."""
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def record_export(home: Home, result: ExportResult, threshold: int | None) -> int:
    """Append one audit row; returns its export_id."""
    path = audit_path(home)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = connect_audit(path)
    except duckdb.Error as exc:
        raise ExportError(f"cannot write the export audit {path}: {exc}") from exc
    try:
        con.execute(_DDL)
        row = con.execute(
            "insert into audit.audit.exports (exported_at, exported_by, kind, year, out_path, sha256, "
            "public, disclosure_threshold, observations, suppressed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "returning export_id",
            [
                datetime.now(UTC).replace(tzinfo=None),
                result.user,
                result.kind,
                result.year,
                str(Path(result.path).resolve()),
                result.sha256,
                result.public,
                threshold if result.public else None,
                result.observations,
                result.suppressed,
            ],
        ).fetchone()
        con.execute("checkpoint")
    finally:
        con.close()
    assert row is not None
    return int(row[0])


def record_or_remove(home: Home, result: ExportResult, threshold: int | None) -> int:
    """No export without its audit row: if the audit cannot be written, the file goes."""
    try:
        return record_export(home, result, threshold)
    except Exception:
        Path(result.path).unlink(missing_ok=True)
        raise


def read_audit(home: Home) -> pd.DataFrame:
    """Every audit row, oldest first (empty when nothing was exported yet)."""
    path = audit_path(home)
    if not path.exists():
        return pd.DataFrame()
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("select * from audit.audit.exports order by export_id").df()
    finally:
        con.close()
