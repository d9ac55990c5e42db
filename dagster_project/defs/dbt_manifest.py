"""The dbt manifest Dagster reads to build the asset graph; parsed again when the project changes.

The same `dbt parse` leaves target/partial_parse.msgpack, which every run starts from (see
`seed_partial_parse`): dbt then parses only the files changed since, if any, instead of the whole
project (3-5 s per run). dbt reuses a parse only when the profile's connection settings and the
`--vars` are the same: the profile is the same for every home (see profiles.yml), and a run passes
no vars (its date is the env var TIPSTAT_AS_OF_DATE, read by completeness.sql only at run time).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from tipstat.settings import DBT_PROJECT_DIR, Home

MANIFEST_TARGET = DBT_PROJECT_DIR / "target"
MANIFEST_PATH = MANIFEST_TARGET / "manifest.json"
PARTIAL_PARSE_PATH = MANIFEST_TARGET / "partial_parse.msgpack"
PARSED_FOR_PATH = MANIFEST_TARGET / "parsed_for_project_dir.txt"
# The file name of a run's work copy names the database in the profile: the parse must use it too
# for the runs to reuse the parse.
WORK_WAREHOUSE_NAME = Home(DBT_PROJECT_DIR).work_warehouse.name
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


def _parsed_here() -> bool:
    """The parse was made for this checkout: dbt keeps the project's path in it (seeds are read
    from there), and a partial parse does not update it, so a moved project needs a new parse."""
    try:
        return PARSED_FOR_PATH.read_text(encoding="utf-8") == str(DBT_PROJECT_DIR)
    except OSError:
        return False


def ensure_manifest() -> Path:
    """Return target/manifest.json, running `dbt parse` first if it is missing or stale."""
    parsed_here = _parsed_here()
    if (
        parsed_here
        and MANIFEST_PATH.exists()
        and PARTIAL_PARSE_PATH.exists()
        and MANIFEST_PATH.stat().st_mtime >= _newest_source_mtime()
    ):
        return MANIFEST_PATH
    from dbt.cli.main import dbtRunner

    # No connection is opened: the path only gives the profile the runs' database name.
    previous = os.environ.get("TIPSTAT_WAREHOUSE_PATH")
    os.environ["TIPSTAT_WAREHOUSE_PATH"] = str(MANIFEST_TARGET / WORK_WAREHOUSE_NAME)
    try:
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
                *([] if parsed_here else ["--no-partial-parse"]),
            ]
        )
    finally:
        if previous is None:
            os.environ.pop("TIPSTAT_WAREHOUSE_PATH", None)
        else:
            os.environ["TIPSTAT_WAREHOUSE_PATH"] = previous
    if not result.success or not MANIFEST_PATH.exists():
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    PARSED_FOR_PATH.write_text(str(DBT_PROJECT_DIR), encoding="utf-8")
    return MANIFEST_PATH


def seed_partial_parse(target_path: Path) -> None:
    """Start a run's dbt from this checkout's parse of the project, replacing the one its target
    kept from the home's last run (which may come from another checkout or an older project). A
    missing or unusable file only costs dbt a full parse."""
    with contextlib.suppress(OSError):
        target_path.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PARTIAL_PARSE_PATH, target_path / PARTIAL_PARSE_PATH.name)
