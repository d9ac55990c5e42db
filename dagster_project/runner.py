"""`tipstat run`'s orchestration: the definitions' pipeline job, executed in this process.

The job, resources and executor are those of `build_definitions(home)`, the ones the web UI and
the landing sensor run; the run's record (reports/runs/<run_id>.json) is written by the publish
asset, and the summary is read back from it.
"""

from __future__ import annotations

import contextlib
import logging

from dagster import AssetKey, DagsterInstance, ExecuteInProcessResult

from dagster_project.definitions import build_definitions
from dagster_project.defs.pipeline import PIPELINE_JOB_NAME
from dagster_project.defs.publish_assets import PUBLISHED_KEY, STARTED_BY_TAG
from tipstat import runs
from tipstat.runs import RunOutcome
from tipstat.settings import Home


def run_pipeline(home: Home, wait_seconds: float = 0.0) -> RunOutcome:
    """`tipstat.runs.run_pipeline` with the Dagster launcher (tests and scripts call this)."""
    return runs.run_pipeline(home, launch, wait_seconds=wait_seconds)


def launch(home: Home) -> RunOutcome:
    """Execute the pipeline job for `home` in this process and say what happened."""
    from tipstat.operations.run_record import read_run

    result = _execute(home)
    published = any(
        event.asset_key == PUBLISHED_KEY
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
    record = read_run(home, result.run_id) if published else None
    return RunOutcome(
        success=result.success,
        run_id=result.run_id,
        published=published,
        submissions=record["files"] if record else [],
        error=error,
    )


def _execute(home: Home) -> ExecuteInProcessResult:
    logging.getLogger("dagster").setLevel(logging.WARNING)
    job = build_definitions(home).resolve_job_def(PIPELINE_JOB_NAME)
    # dbt's and Dagster's own log lines go to a file the engineer can read, not the terminal
    with (
        open(home.work_dir / "last_run.log", "w", encoding="utf-8") as log,
        contextlib.redirect_stdout(log),
        contextlib.redirect_stderr(log),
    ):
        return job.execute_in_process(
            instance=DagsterInstance.ephemeral(),
            raise_on_error=False,
            run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
            tags={STARTED_BY_TAG: "tipstat run"},
        )


__all__ = ["AssetKey", "launch", "run_pipeline"]
