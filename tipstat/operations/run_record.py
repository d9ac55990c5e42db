"""The record of one published run, the same whoever started it (`tipstat run`, the sensor, the UI).

`reports/runs/<run_id>.json`: when, which files and their fate (name, feed, quarter, status, rows,
on time, reason; names and reasons redacted as the intake stores them). `tipstat run` prints its
summary from this record.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from tipstat.exports.data import publication
from tipstat.intake.loading import redact
from tipstat.intake.tables import run_files
from tipstat.operations.files import reports_dir, write_atomic
from tipstat.settings import Home


def record_path(home: Home, run_id: str) -> Path:
    return reports_dir(home) / "runs" / f"{run_id}.json"


def record_run(
    con: duckdb.DuckDBPyConnection,
    home: Home,
    run_id: str,
    started_by: str,
    published_at: datetime | None = None,
) -> Path:
    files = run_files(con, run_id)
    for row in files:
        row["file_name"] = redact(row["file_name"])
        row["reason"] = redact(row["reason"])
    record = {
        "run_id": run_id,
        "started_by": started_by,
        "published_at": (published_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "home": str(home.root),
        "files": files,
    }
    return write_atomic(
        record_path(home, run_id), json.dumps(record, indent=2, ensure_ascii=False, default=str)
    )


def read_run(home: Home, run_id: str) -> dict[str, Any] | None:
    try:
        return json.loads(record_path(home, run_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def record_killed_run(con: duckdb.DuckDBPyConnection, home: Home, by_run: str) -> Path | None:
    """The record of a run killed between its commit point and its record (the published
    warehouse is its figures, so the record can be written from it); None when nothing is missing.
    The next run calls this, as it finishes the filing that run left."""
    latest = publication(con)
    if latest.run_id is None or latest.published_at is None or read_run(home, latest.run_id) is not None:
        return None
    run_id, published_at = latest.run_id, latest.published_at
    return record_run(
        con,
        home,
        run_id,
        f"unknown (killed after publishing; recorded by run {by_run})",
        published_at.replace(tzinfo=UTC),
    )
