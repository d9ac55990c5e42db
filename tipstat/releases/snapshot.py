"""The frozen file of a release: `releases/<id>.duckdb`, the `reporting` schema as the run
published it, cut at `--through`, plus a `release` schema describing itself and its revisions.

Written beside under a temporary name, checkpointed, fsynced and renamed: a prepare killed at
any moment leaves at most a temporary file, which the next release action removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tipstat.releases.coverage import row_filter
from tipstat.releases.ids import Quarter


class SnapshotError(RuntimeError):
    """The working figures cannot be frozen (no warehouse, or no figures in the period)."""


@dataclass(frozen=True)
class Made:
    run_id: str | None
    published_at: str | None
    last_period: str | None


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_columns(con: duckdb.DuckDBPyConnection, catalog: str, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'reporting' "
        "AND table_name = ? ORDER BY column_index",
        [catalog, table],
    ).fetchall()
    return [r[0] for r in rows]


def reporting_tables(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'reporting' "
        "ORDER BY table_name",
        [catalog],
    ).fetchall()
    return [r[0] for r in rows]


@contextlib.contextmanager
def attached(**files: tuple[Path, bool]) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory connection with each file attached under its name (`name=(path, read_only)`)."""
    con = duckdb.connect()
    try:
        for name, (path, read_only) in files.items():
            mode = " (READ_ONLY)" if read_only else ""
            con.execute(f"ATTACH '{str(path).replace(chr(39), chr(39) * 2)}' AS {name}{mode}")
        yield con
    finally:
        con.close()


def copy_reporting(con: duckdb.DuckDBPyConnection, through: Quarter) -> Made:
    """Copy `src.reporting` into `cur.reporting`, cut at `through`, each table in a fixed order."""
    tables = reporting_tables(con, "src")
    if not tables:
        raise SnapshotError("the working warehouse has no reporting tables: run `tipstat run` first")
    con.execute("CREATE SCHEMA IF NOT EXISTS cur.reporting")
    for table in tables:
        columns = table_columns(con, "src", table)
        where = row_filter(table, columns, through)
        con.execute(
            f"CREATE TABLE cur.reporting.{quote(table)} AS "
            f"SELECT * FROM src.reporting.{quote(table)} WHERE {where} ORDER BY ALL"
        )
    run_id = published_at = last_period = None
    if "publication" in tables:
        row = con.execute(
            "SELECT run_id, strftime(published_at, '%Y-%m-%dT%H:%M:%S') FROM src.reporting.publication "
            "ORDER BY published_at DESC LIMIT 1"
        ).fetchone()
        if row:
            run_id, published_at = row[0], (f"{row[1]}+00:00" if row[1] else None)
    if "completeness" in tables:
        row = con.execute(
            "SELECT max(year * 4 + quarter - 1) FROM src.reporting.completeness WHERE quarter IS NOT NULL"
        ).fetchone()
        if row and row[0] is not None:
            last_period = str(Quarter(int(row[0]) // 4, int(row[0]) % 4 + 1))
    return Made(run_id, published_at, last_period)


def new_temp(folder: Path, release_id: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{release_id}.duckdb.", suffix=".tmp", dir=folder)
    os.close(fd)
    os.unlink(name)  # DuckDB makes the file itself
    return Path(name)


def finish(tmp: Path, final: Path) -> str:
    """Checkpointed and closed before: fsync, rename into place, return its SHA-256."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    Path(str(tmp) + ".wal").unlink(missing_ok=True)
    digest = sha256_of(tmp)
    os.replace(tmp, final)
    return digest


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path: Path, sha256: str) -> bool:
    return path.exists() and sha256_of(path) == sha256
