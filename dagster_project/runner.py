"""`tipstat run`'s orchestration: one in-process Dagster run over the whole asset graph."""

from __future__ import annotations

import contextlib
import logging

from dagster import AssetKey, DagsterInstance, ExecuteInProcessResult, materialize

from dagster_project.definitions import ASSETS, build_resources
from tipstat import runs
from tipstat.intake import tables
from tipstat.runs import RunOutcome
from tipstat.settings import Home
from tipstat.warehouse import read_published

PUBLISHED_KEY_PATH = ["published", "warehouse"]


def run_pipeline(home: Home, wait_seconds: float = 0.0) -> RunOutcome:
    """`tipstat.runs.run_pipeline` with the Dagster launcher (tests and scripts call this)."""
    return runs.run_pipeline(home, launch, wait_seconds=wait_seconds)


def launch(home: Home) -> RunOutcome:
    """Materialize every asset for `home` in this process and say what happened."""
    result = _materialize(home)
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


def _materialize(home: Home) -> ExecuteInProcessResult:
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


def _run_submissions(home: Home, run_id: str) -> list[dict]:
    with read_published(home) as con:
        return tables.run_files(con, run_id)
