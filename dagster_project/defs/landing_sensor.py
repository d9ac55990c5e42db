"""The landing sensor: a pipeline run when files have arrived in landing/ and stopped changing.

The decision (settled files, the cursor) is `tipstat.operations.landing_watch`; here it meets
Dagster: the cursor is the sensor's, a run already queued or running (in Dagster, or a `tipstat
run` holding the home's lock) means a skip with the reason, and the run key names the files so the
same files never start a second run.
"""

import time

from dagster import (
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorEvaluationContext,
    SkipReason,
    sensor,
)

from dagster_project.defs.pipeline import PIPELINE_JOB_NAME, pipeline_job
from dagster_project.defs.resources import TipstatHome
from tipstat.operations import landing_watch
from tipstat.settings import sensor_interval, settle_seconds

IN_PROGRESS = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]


@sensor(
    name="landing_sensor",
    job=pipeline_job,
    minimum_interval_seconds=sensor_interval(),
    default_status=DefaultSensorStatus.RUNNING,
    description="Starts a pipeline run when files in landing/ have settled (TIPSTAT_SETTLE_SECONDS)",
)
def landing_sensor(context: SensorEvaluationContext, tipstat: TipstatHome):
    home = tipstat.home
    watch = landing_watch.look(home.landing, context.cursor, time.time(), settle_seconds())
    # the observations are kept whatever happens next, so settling goes on counting
    context.update_cursor(watch.cursor)
    if not watch.ready:
        if watch.changing:
            return SkipReason(f"waiting for {len(watch.changing)} file(s) to stop changing")
        return SkipReason("nothing new in landing")
    if watch.changing:
        return SkipReason(
            f"{len(watch.ready)} file(s) ready, waiting for {len(watch.changing)} still changing "
            "(a run takes every file in landing)"
        )
    running = context.instance.get_runs(RunsFilter(job_name=PIPELINE_JOB_NAME, statuses=IN_PROGRESS), limit=1)
    if running:
        return SkipReason(f"a run is already in progress (run {running[0].run_id}); will look again")
    locked = landing_watch.run_in_progress(home)
    if locked:
        return SkipReason(f"a run is already in progress: {locked}")
    context.update_cursor(landing_watch.picked(watch))
    context.log.info(f"{len(watch.ready)} settled file(s) in landing: asking for a run")
    return RunRequest(run_key=watch.run_key, tags={"tipstat/landing_files": str(len(watch.ready))})
