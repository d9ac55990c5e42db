"""Assembles the Dagster definitions (`dagster dev -m dagster_project.definitions`); nothing else.

`build_definitions(home)` is the one source of a run's configuration: the web UI and the daemon
load `defs` (the home from TIPSTAT_HOME), `tipstat run` executes the same job of
`build_definitions(home)` in process (dagster_project/runner.py). Same assets, resources, lock,
executor and run record either way.
"""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from dagster_project.defs.due_dates import due_date_checks
from dagster_project.defs.landing_sensor import landing_sensor
from dagster_project.defs.overdue_schedules import (
    daily_completeness_job,
    daily_completeness_schedule,
    ministry_reminders,
    overdue_feeds,
    quarter_reminders_job,
    quarter_reminders_schedule,
)
from dagster_project.defs.pipeline import PIPELINE_ASSETS, pipeline_job
from dagster_project.defs.release_assets import approved_releases_intact, releases
from dagster_project.defs.resources import PipelineLock, TipstatHome, dbt_resource
from tipstat.settings import Home

ASSETS = PIPELINE_ASSETS


def build_resources(home: Home) -> dict:
    return {
        "tipstat": TipstatHome(root=str(home.root)),
        "pipeline_lock": PipelineLock(root=str(home.root)),
        "dbt": dbt_resource(),
    }


def build_definitions(home: Home) -> Definitions:
    return Definitions(
        # releases are made by statisticians (`tipstat release`), not by a run: in the UI only
        assets=[*PIPELINE_ASSETS, releases, overdue_feeds, ministry_reminders],
        asset_checks=[due_date_checks, approved_releases_intact],
        jobs=[pipeline_job, daily_completeness_job, quarter_reminders_job],
        sensors=[landing_sensor],
        schedules=[daily_completeness_schedule, quarter_reminders_schedule],
        resources=build_resources(home),
        # one process per run: the run lock (a resource) is held from the first step to the last
        executor=in_process_executor,
    )


defs = build_definitions(Home.resolve())
