"""The dbt manifest Dagster reads to build the asset graph; parsed again when the project changes."""

from __future__ import annotations

import os
from pathlib import Path

from dagster_project.settings import DBT_PROJECT_DIR

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"
MANIFEST_PATH = MANIFEST_TARGET / "manifest.json"
_SOURCES = ("models", "macros", "seeds", "tests", "snapshots", "analyses")


def _newest_source_mtime() -> float:
    newest = max((DBT_PROJECT_DIR / name).stat().st_mtime for name in ("dbt_project.yml", "profiles.yml"))
    for folder in _SOURCES:
        root = DBT_PROJECT_DIR / folder
        if root.exists():
            for path in root.rglob("*"):
                if path.is_file():
                    newest = max(newest, path.stat().st_mtime)
    return newest


def ensure_manifest() -> Path:
    """Return target/manifest.json, running `dbt parse` first if it is missing or stale."""
    if MANIFEST_PATH.exists() and MANIFEST_PATH.stat().st_mtime >= _newest_source_mtime():
        return MANIFEST_PATH
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("TIPSTAT_WAREHOUSE_PATH", str(MANIFEST_TARGET / "parse-only.duckdb"))
    result = dbtRunner().invoke(
        [
            "parse",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(MANIFEST_TARGET),
            "--quiet",
        ]
    )
    if not result.success or not MANIFEST_PATH.exists():
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    return MANIFEST_PATH
