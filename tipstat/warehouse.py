"""The published warehouse file: one run at a time, a private work copy, an atomic publish.

Readers (dashboard, exports, status) open `warehouse.duckdb` read-only. A run never writes it:
it copies it to `.work/warehouse.duckdb`, builds there, checkpoints, closes every connection and
`os.replace`s the copy over the published file (stack notes: DuckDB allows one writer or many
readers of a file, not both). A reader therefore sees the old figures or the new, never a mix,
and a run killed at any moment leaves the last published state intact.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from tipstat import atomic
from tipstat.contract import CONTRACT_VERSION, COUNTING_RULES_VERSION
from tipstat.intake import tables
from tipstat.settings import Home

# The tables of schema `reporting`: the published tables reporting.md names, then the marts the
# dashboard and the exports read (docs/architecture.md), then the publication stamp.
PUBLISHED_TABLES = (
    "victims_detected",
    "sdg_16_2_2",
    "justice_funnel",
    "cases",
    "repatriations",
    "assistance",
    "submissions",
    "linkage_quality",
)
REPORTING_TABLES = (
    *PUBLISHED_TABLES,
    "hidden_victims_estimate",  # estimation.md (statistician mode; public through a release)
    "capture_histories",
    "linkage_estimate",
    "linkage_candidates",
    "completeness",
    "victims_quarterly",
    "victim_routes",
    "cases_quarterly",
    "assistance_services",
    "repatriations_by_status",
    "provinces",
    "population_by_province",
    "publication",
)

LOCKED_EXIT_CODE = 75  # EX_TEMPFAIL: try again later


class RunLocked(RuntimeError):
    """Another `tipstat run` holds the home."""


_held_locks: dict[Path, int] = {}


@contextlib.contextmanager
def run_lock(home: Home, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the home's run lock; re-entrant within one process (CLI then Dagster asset)."""
    path = home.lock_file
    if path in _held_locks:
        yield
        return
    home.root.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise
            if time.monotonic() >= deadline:
                holder = _read_holder(path)
                os.close(fd)
                raise RunLocked(
                    f"another tipstat run is using {home.root}{holder}; "
                    "wait for it to finish (or pass --wait SECONDS) and run again"
                ) from None
            time.sleep(0.2)
    os.ftruncate(fd, 0)
    os.write(fd, f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S}Z\n".encode())
    _held_locks[path] = fd
    try:
        yield
    finally:
        del _held_locks[path]
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_holder(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


def prepare_work_copy(home: Home) -> Path:
    """Start a run's private copy from the published warehouse (or empty on a new home).

    Any copy a killed run left behind is discarded: the published file is the last good state.
    """
    home.ensure()
    work = home.work_warehouse
    for leftover in (work, work.with_name(work.name + ".wal"), work.with_name(work.name + ".tmp")):
        leftover.unlink(missing_ok=True)
    if home.warehouse.exists():
        tmp = work.with_name(work.name + ".tmp")
        shutil.copyfile(home.warehouse, tmp)
        os.replace(tmp, work)
    return work


def publish(home: Home, run_id: str, files_in_force: int | None = None) -> datetime:
    """Commit point: stamp the work copy, checkpoint it and replace the published file with it."""
    published_at = datetime.now(UTC).replace(tzinfo=None)
    work = home.work_warehouse
    con = duckdb.connect(str(work))
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS reporting")
        con.execute(
            """
            CREATE OR REPLACE TABLE reporting.publication (
                published_at TIMESTAMP, run_id VARCHAR, counting_rules_version VARCHAR,
                contract_version VARCHAR, files_in_force INTEGER)
            """
        )
        if files_in_force is None:
            files_in_force = tables.files_in_force(con)
        con.execute(
            "INSERT INTO reporting.publication VALUES (?, ?, ?, ?, ?)",
            [published_at, run_id, COUNTING_RULES_VERSION, CONTRACT_VERSION, files_in_force],
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    atomic.replace(work, home.warehouse)
    return published_at


def connect_published(home: Home) -> duckdb.DuckDBPyConnection:
    """The one way to open the published warehouse: read-only (dashboard, exports, status, runs).

    Keep it short-lived: the pipeline replaces the file whole, and an open connection keeps
    reading the replaced one. FileNotFoundError before the first publish."""
    if not home.warehouse.exists():
        raise FileNotFoundError(f"no published warehouse at {home.warehouse}: run `tipstat run` first")
    return connect_read_only(home.warehouse)


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only connection to a warehouse file that is never written in place: the published
    warehouse, or a release's frozen copy (tipstat.releases.snapshot)."""
    return duckdb.connect(str(path), read_only=True)


@contextlib.contextmanager
def read_published(home: Home) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived read-only connection to the published warehouse."""
    con = connect_published(home)
    try:
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def open_work(home: Home) -> Iterator[duckdb.DuckDBPyConnection]:
    """The running pipeline's read-write connection to its private copy."""
    con = duckdb.connect(str(home.work_warehouse))
    try:
        yield con
    finally:
        con.close()
