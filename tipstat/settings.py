"""Where tipstat keeps things: the one place that reads the environment.

`TIPSTAT_HOME` (default `./data`) holds landing/, archive/, quarantine/ and warehouse.duckdb
(shared/spec/reporting.md). Every command also takes `--home DIR`, which wins.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
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
