"""`tipstat run`: one in-process Dagster run over the whole asset graph, then a summary."""

from __future__ import annotations

import contextlib
import logging
import os
from dataclasses import dataclass, field
from typing import Any

from dagster_project import timings
from dagster_project.settings import Home, validation_workers
from dagster_project.warehouse import read_published, run_lock

PUBLISHED_KEY_PATH = ["published", "warehouse"]


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    published: bool
    submissions: list[dict] = field(default_factory=list)
    error: str | None = None


def run_pipeline(home: Home, wait_seconds: float = 0.0) -> RunOutcome:
    """Run intake → dbt → publish for one home; raises RunLocked if another run holds it."""
    home.ensure()
    with run_lock(home, wait_seconds=wait_seconds):
        timings.reset(home)
        if home.warehouse.exists() and not _deliveries_waiting(home):
            # an empty landing folder cannot change anything: skip Dagster's start-up as well
            return RunOutcome(success=True, run_id="-", published=False)
        from dagster_project.intake.parallel import warm_pool

        # the validation workers import GX while this process starts Dagster
        with warm_pool(validation_workers()):
            result = _materialize(home)
    from dagster import AssetKey

    published = any(
        event.asset_key == AssetKey(PUBLISHED_KEY_PATH)
        for event in result.all_events
        if event.event_type_value == "ASSET_MATERIALIZATION"
    )
    error = None
    if not result.success:
        failures = [e for e in result.all_events if e.is_step_failure]
        error = (
            "; ".join(
                f"{e.step_key}: {e.step_failure_data.error.message.strip()}"
                for e in failures
                if e.step_failure_data and e.step_failure_data.error
            )
            or "the run failed"
        )
    return RunOutcome(
        success=result.success,
        run_id=result.run_id,
        published=published,
        submissions=_run_submissions(home, result.run_id) if published else [],
        error=error,
    )


def _materialize(home: Home) -> Any:
    from dagster import DagsterInstance, materialize

    from dagster_project.definitions import ASSETS, build_resources

    logging.getLogger("dagster").setLevel(logging.WARNING)
    # dbt's and Dagster's own log lines go to a file the engineer can read, not the terminal
    with (
        open(home.work_dir / "last_run.log", "w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
    ):
        return materialize(
            ASSETS,
            resources=build_resources(home),
            instance=DagsterInstance.ephemeral(),
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        )


def _deliveries_waiting(home: Home) -> bool:
    """Anything in landing a run would look at (names starting with '.' are upload temp files)."""
    return any(not entry.name.startswith(".") for entry in os.scandir(home.landing))


def _run_submissions(home: Home, run_id: str) -> list[dict]:
    with read_published(home) as con:
        cur = con.execute(
            """
            SELECT file_name, feed, entity, period, version, status, rows, on_time, reason
            FROM intake.submissions WHERE run_id = ? ORDER BY status, file_name
            """,
            [run_id],
        )
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
