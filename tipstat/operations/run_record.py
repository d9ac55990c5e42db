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

from tipstat.intake.loading import redact
from tipstat.intake.tables import run_files
from tipstat.operations.files import reports_dir, write_atomic
from tipstat.settings import Home


def record_path(home: Home, run_id: str) -> Path:
    return reports_dir(home) / "runs" / f"{run_id}.json"


def record_run(con: duckdb.DuckDBPyConnection, home: Home, run_id: str, started_by: str) -> Path:
    files = run_files(con, run_id)
    for row in files:
        row["file_name"] = redact(row["file_name"])
        row["reason"] = redact(row["reason"])
    record = {
        "run_id": run_id,
        "started_by": started_by,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
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
