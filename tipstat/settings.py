"""Where tipstat keeps things and how it is configured: the one module that reads the environment.

`TIPSTAT_HOME` (default `./data`) holds landing/, archive/, quarantine/ and warehouse.duckdb
(shared/spec/reporting.md). Every command also takes `--home DIR`, which wins. The environment a
dbt process needs (`dbt_env`) is built here too, and is the only environment tipstat sets.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from tipstat.contract import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Home:
    """The folders and files under one TIPSTAT_HOME."""

    root: Path

    @classmethod
    def resolve(cls, home: str | Path | None = None) -> Home:
        raw = home if home is not None else os.environ.get("TIPSTAT_HOME", "./data")
        return cls(Path(raw).expanduser().resolve())

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        """The published warehouse: only ever replaced whole, never written in place."""
        return self.root / "warehouse.duckdb"

    @property
    def work_dir(self) -> Path:
        """Private to the running pipeline: the warehouse being built, dbt's target."""
        return self.root / ".work"

    @property
    def work_warehouse(self) -> Path:
        return self.work_dir / "warehouse.duckdb"

    @property
    def lock_file(self) -> Path:
        return self.root / ".tipstat.lock"

    @property
    def releases(self) -> Path:
        """Frozen releases for the public (releases.md): `<id>.duckdb`, `<id>.json`, `<id>/public/`."""
        return self.root / "releases"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def spark_dir(self) -> Path:
        """The Spark engine's files for a run (docs/scale-out.md): `sources/` (the dbt sources as
        Parquet) and `warehouse/` (the tables Spark builds), replaced by every Spark run."""
        return self.work_dir / "spark"

    def ensure(self) -> Home:
        for folder in (self.landing, self.archive, self.quarantine, self.work_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def disclosure_threshold() -> int:
    """Counts from 1 to threshold-1 are shown as `<threshold` to the public (counting.md)."""
    return _env_int("TIPSTAT_DISCLOSURE_THRESHOLD", 5)


def statistician_mode() -> bool:
    """Exact figures in the dashboard; set by configuration only, never by a URL parameter."""
    return os.environ.get("TIPSTAT_MODE", "public").strip().lower() == "statistician"


def validation_workers() -> int:
    """Processes that validate landing files side by side (GX runs on one core per process).
    `TIPSTAT_VALIDATION_WORKERS=1` validates in the running process."""
    return max(1, _env_int("TIPSTAT_VALIDATION_WORKERS", min(2, os.cpu_count() or 1)))


def settle_seconds() -> float:
    """TIPSTAT_SETTLE_SECONDS (default 60): how long a landing file must stay unchanged before the
    sensor starts a run for it (docs/operations.md)."""
    value = os.environ.get("TIPSTAT_SETTLE_SECONDS")
    return float(value) if value else 60.0


def sensor_interval() -> int:
    """TIPSTAT_SENSOR_INTERVAL (default 30 s): how often the landing sensor looks."""
    return _env_int("TIPSTAT_SENSOR_INTERVAL", 30)


def fault_plan() -> str | None:
    """`TIPSTAT_FAULT=<point>[:n]`: the crash tests' order to die at a named point (tipstat.faults)."""
    return os.environ.get("TIPSTAT_FAULT") or None


# Which engine builds the figures (docs/scale-out.md): DuckDB in the work copy (the default), or
# Apache Spark through the dbt target `spark` (dbt-spark, `uv sync --group spark`).
ENGINE_VAR = "TIPSTAT_ENGINE"
ENGINES = ("duckdb", "spark")


def engine() -> str:
    """`TIPSTAT_ENGINE`: `duckdb` (default) or `spark`. Anything else is refused, never ignored."""
    value = os.environ.get(ENGINE_VAR, "").strip().lower() or "duckdb"
    if value not in ENGINES:
        known = ", ".join(ENGINES)
        raise ValueError(f"{ENGINE_VAR}={value!r} is not an engine tipstat knows: use one of {known}")
    return value


def spark_target() -> str:
    """`TIPSTAT_SPARK_TARGET`: the dbt profile target a Spark run builds with (dbt/profiles.yml):
    `spark` (default: a local session in the dbt process) or `spark_thrift` (a cluster)."""
    return os.environ.get("TIPSTAT_SPARK_TARGET", "").strip() or "spark"


def spark_dir(home: Home) -> Path:
    """`TIPSTAT_SPARK_DIR`: where a Spark run puts the sources' Parquet files and Spark its tables;
    default the home's `.work/spark`. For a cluster, a path the tipstat host and every Spark node
    see alike (a shared file system or a mounted bucket, docs/scale-out.md)."""
    value = os.environ.get("TIPSTAT_SPARK_DIR", "").strip()
    return Path(value).expanduser().resolve() if value else home.spark_dir


# What a dbt process reads from its environment: the work copy it builds (dbt/profiles.yml and
# the plugin dbt/plugins/tipstat_work_copy.py) and the run's date (models/marts/completeness.sql).
# Environment variables, not `--vars`: dbt reuses its parse of the project only for the same vars.
WAREHOUSE_PATH_VAR = "TIPSTAT_WAREHOUSE_PATH"
AS_OF_DATE_VAR = "TIPSTAT_AS_OF_DATE"


PARENT_VAR = "TIPSTAT_PARENT_PID"


def die_with_me_env() -> dict[str, str]:
    """Variables that make a Python child process die with this one (tipstat/parent_watch.py: the
    hook folder first on its PYTHONPATH, this pid): dbt of a run, Streamlit of `tipstat dashboard`."""
    from tipstat.parent_watch import CHILD_HOOKS

    path = os.environ.get("PYTHONPATH")
    return {
        PARENT_VAR: str(os.getpid()),
        "PYTHONPATH": os.pathsep.join([str(CHILD_HOOKS), *([path] if path else [])]),
    }


def dbt_env(warehouse: Path, as_of: date | None = None) -> dict[str, str]:
    """The variables a dbt process needs on top of this process's environment; the dbt process
    dies with this one (`die_with_me_env`)."""
    env = {
        WAREHOUSE_PATH_VAR: str(warehouse),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        **die_with_me_env(),
    }
    if as_of is not None:
        env[AS_OF_DATE_VAR] = as_of.isoformat()
    return env


SPARK_SOURCES_VAR = "TIPSTAT_SPARK_SOURCES"
SPARK_WAREHOUSE_VAR = "TIPSTAT_SPARK_WAREHOUSE"


def spark_dbt_env(sources: Path, warehouse: Path) -> dict[str, str]:
    """What a dbt process on the Spark target needs on top of `dbt_env`: where the sources' Parquet
    files are (dbt/macros/sources.sql) and Spark's warehouse folder (dbt/profiles.yml)."""
    return {SPARK_SOURCES_VAR: str(sources), SPARK_WAREHOUSE_VAR: str(warehouse)}


def serve_env(home: Path, dagster_home: Path, code_root: Path) -> dict[str, str]:
    """The environment of `tipstat serve`'s daemon and web UI: this process's, the home, Dagster's
    instance folder, and this checkout on the import path."""
    path = os.pathsep.join(p for p in (str(code_root), os.environ.get("PYTHONPATH")) if p)
    return child_env({"TIPSTAT_HOME": str(home), "DAGSTER_HOME": str(dagster_home), "PYTHONPATH": path})


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of a child process (dbt, Streamlit): this process's, plus `extra`."""
    return {**os.environ, **extra}


@contextlib.contextmanager
def dbt_environment(values: Mapping[str, str]) -> Iterator[None]:
    """Set `values` (from `dbt_env`) in this process's environment for the block, then restore it.

    dagster-dbt starts dbt with a copy of this process's environment and takes no other, and the
    in-process `dbtRunner` reads it directly: start dbt inside this block."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def parent_pid() -> int | None:
    """In a child process: the pid of the tipstat process it must die with (`die_with_me_env`)."""
    value = os.environ.get(PARENT_VAR, "")
    return int(value) if value.isdigit() else None


def dbt_warehouse_path() -> str:
    """In a dbt process: the work copy `dbt_env` named (read by the dbt-duckdb plugin)."""
    try:
        return os.environ[WAREHOUSE_PATH_VAR]
    except KeyError:
        raise RuntimeError(f"{WAREHOUSE_PATH_VAR} is not set: start dbt with settings.dbt_env(...)") from None


def filing_group() -> str | None:
    """`TIPSTAT_GROUP`: a group that may read the archive and quarantine (files 0640, folders
    0750, owned by that group). Unset: the warehouse's own user only (files 0600, folders 0700),
    as exports.md ("Keeping") requires unless the operator configures a group."""
    return os.environ.get("TIPSTAT_GROUP", "").strip() or None


def now() -> datetime:
    """The current time, time-zone aware (UTC). `TIPSTAT_NOW` (an ISO time with its offset) stops
    the clock there: tests and rehearsals of an embargo use it instead of waiting."""
    fixed = os.environ.get("TIPSTAT_NOW", "").strip()
    if not fixed:
        return datetime.now(UTC)
    value = datetime.fromisoformat(fixed)
    if value.tzinfo is None:
        raise ValueError(f"TIPSTAT_NOW={fixed!r} needs a time-zone offset, e.g. 2026-03-15T09:00+07:00")
    return value.astimezone(UTC)
