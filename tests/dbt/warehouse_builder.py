"""Builds a DuckDB warehouse with the intake's raw and intake tables, and runs the real dbt build.

The tables are the intake's own (`tipstat.intake.tables.ensure_schema`); rows are written by hand
in the tests (synthetic, no personal data), through the intake's `insert_submission`.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from tipstat.contract import FILE_SPECS, POPULATION_SPEC
from tipstat.intake import tables
from tipstat.settings import DBT_PROJECT_DIR, child_env, dbt_env

DBT_BIN = Path(sys.executable).with_name("dbt")
EXT = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl"}


def _quarter_end(period: str) -> date | None:
    if "Q" not in period:
        return None
    year, quarter = (int(p) for p in period.split("Q"))
    if quarter == 4:
        return date(year, 12, 31)
    return date(year, 3 * quarter + 1, 1) - timedelta(days=1)


@dataclass
class Warehouse:
    """A DuckDB file with the intake's tables, filled file by file."""

    path: Path
    _seq: int = field(default=0)

    def __post_init__(self) -> None:
        with duckdb.connect(str(self.path)) as con:
            tables.ensure_schema(con)

    def add_file(
        self,
        feed: str,
        entity: str,
        period: str,
        rows: list[dict[str, str | None]],
        *,
        version: int = 1,
        status: str = "ACCEPTED",
        received_at: datetime | None = None,
        reason: str | None = None,
    ) -> str:
        """Record one file in intake.submissions and, unless rejected, its rows in raw.*.

        Row dicts use the file's own header names (Vietnamese for social); missing keys are NULL.
        """
        spec = POPULATION_SPEC if feed == "population" else FILE_SPECS[f"{feed}__{entity}"]
        self._seq += 1
        suffix = f"_v{version}" if version > 1 else ""
        if feed == "population":
            file_name = f"population_{period}{suffix}.csv"
        else:
            file_name = f"{feed}_{entity}_{period}{suffix}.{EXT[spec.ext]}"
        sha = hashlib.sha256(json.dumps([file_name, rows, self._seq]).encode()).hexdigest()
        submission_id = sha[:16]
        due = _quarter_end(period)
        due_date = due + timedelta(days=30) if due else None
        if received_at is None:
            received_at = datetime.combine(due_date or date(int(period[:4]), 12, 31), datetime.min.time())
        on_time = None if due_date is None else received_at.date() <= due_date
        unknown = {k for row in rows for k in row} - set(spec.header)
        assert not unknown, f"columns not in the contract for {spec.key}: {unknown}"
        with duckdb.connect(str(self.path)) as con:
            row = tables.SubmissionRow(
                submission_id=submission_id,
                feed=feed,
                entity=entity,
                period=period,
                version=version,
                file_name=file_name,
                sha256=sha,
                received_at=received_at,
                status=status,
                rows=len(rows),
                due_date=due_date,
                on_time=on_time,
                reason=reason,
                size_bytes=100,
                mtime_ns=0,
                stored_path=f"archive/{feed}/{file_name}",
                registered_at=received_at,
                run_id="test-run",
            )
            tables.insert_submission(con, row)
            if status in ("ACCEPTED", "SUPERSEDED"):
                table = spec.raw_table
                cols = [*spec.header, *(name for name, _ in tables.PROVENANCE_COLUMNS)]
                placeholders = ", ".join("?" for _ in cols)
                col_sql = ", ".join(f'"{c}"' for c in cols)
                con.executemany(
                    f'INSERT INTO raw."{table}" ({col_sql}) VALUES ({placeholders})',
                    [
                        [row.get(c) for c in spec.header]
                        + [submission_id, file_name, sha, i + 2, received_at]
                        for i, row in enumerate(rows)
                    ],
                )
        return submission_id

    def supersede(self, submission_id: str) -> None:
        """Mark an accepted file as replaced by a correction (its rows stay in raw)."""
        with duckdb.connect(str(self.path)) as con:
            con.execute(
                "UPDATE intake.submissions SET status = 'SUPERSEDED' WHERE submission_id = ?", [submission_id]
            )

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()


def run_dbt(
    warehouse: Path, work_dir: Path, command: str = "build", extra: list[str] | None = None
) -> subprocess.CompletedProcess:
    """Run the real dbt CLI on the project against `warehouse`, with private target and log paths."""
    env = child_env(dbt_env(warehouse))
    args = [
        str(DBT_BIN),
        command,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        *(extra or []),
    ]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
