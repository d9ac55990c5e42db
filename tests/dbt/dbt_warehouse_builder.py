"""Builds a DuckDB warehouse with the intake's raw and intake tables, and runs the real dbt build.

The schemas come from the export contract (`tipstat.contract`), exactly as
docs/architecture.md says the intake writes them: contract header names, all VARCHAR, plus the
provenance columns; `intake.submissions` and `intake.rejections` as documented. Rows are written
by hand in the tests (synthetic, no personal data).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb

from tipstat.contract import FILE_SPECS, POPULATION_SPEC, FileSpec
from tipstat.linkage.decisions import ensure_tables as ensure_linkage_tables

REPO_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = REPO_ROOT / "dbt"
DBT_BIN = REPO_ROOT / ".venv" / "bin" / "dbt"

PROVENANCE = (
    ("_submission_id", "VARCHAR"),
    ("_file_name", "VARCHAR"),
    ("_sha256", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_loaded_at", "TIMESTAMP"),
)

SUBMISSIONS_DDL = """
CREATE TABLE IF NOT EXISTS intake.submissions (
    submission_id VARCHAR, feed VARCHAR, entity VARCHAR, period VARCHAR, version INTEGER,
    file_name VARCHAR, sha256 VARCHAR, received_at TIMESTAMP, status VARCHAR, rows BIGINT,
    due_date DATE, on_time BOOLEAN, reason VARCHAR, size_bytes BIGINT, mtime_ns BIGINT,
    stored_path VARCHAR, registered_at TIMESTAMP, run_id VARCHAR
)"""
REJECTIONS_DDL = """
CREATE TABLE IF NOT EXISTS intake.rejections (
    submission_id VARCHAR, file_name VARCHAR, row_number BIGINT, column_name VARCHAR,
    rule VARCHAR, message VARCHAR
)"""

EXT = {"csv": "csv", "xlsx": "xlsx", "jsonl": "jsonl"}


def raw_table_name(spec: FileSpec) -> str:
    # docs/architecture.md names the population table `raw.population`.
    return "population" if spec is POPULATION_SPEC else spec.raw_table


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the (empty) raw and intake tables, as the intake does at start."""
    con.execute("CREATE SCHEMA IF NOT EXISTS raw")
    con.execute("CREATE SCHEMA IF NOT EXISTS intake")
    for spec in (*FILE_SPECS.values(), POPULATION_SPEC):
        cols = [f'"{name}" VARCHAR' for name in spec.header]
        cols += [f'"{name}" {kind}' for name, kind in PROVENANCE]
        con.execute(f'CREATE TABLE IF NOT EXISTS raw."{raw_table_name(spec)}" ({", ".join(cols)})')
    con.execute(SUBMISSIONS_DDL)
    con.execute(REJECTIONS_DDL)
    ensure_linkage_tables(con)


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
            create_schema(con)

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
            con.execute(
                f"INSERT INTO intake.submissions VALUES ({', '.join('?' * 18)})",
                [
                    submission_id,
                    feed,
                    entity,
                    period,
                    version,
                    file_name,
                    sha,
                    received_at,
                    status,
                    len(rows),
                    due_date,
                    on_time,
                    reason,
                    100,
                    0,
                    f"archive/{feed}/{file_name}",
                    received_at,
                    "test-run",
                ],
            )
            if status in ("ACCEPTED", "SUPERSEDED"):
                table = raw_table_name(spec)
                cols = [*spec.header, "_submission_id", "_file_name", "_sha256", "_row_number", "_loaded_at"]
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
    env = {**os.environ, "TIPSTAT_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
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
