"""One run configuration: the pipeline job of the definitions (the UI's, the sensor's, `tipstat
run`'s) holds the home's run lock for the whole run, and refuses to start when another run has it."""

from __future__ import annotations

import fcntl
import os

from dagster import DagsterInstance

from dagster_project.defs.pipeline import PIPELINE_JOB_NAME
from tests.intake.builders import write_file
from tipstat.settings import Home


def test_a_run_from_the_ui_while_another_holds_the_home_fails_and_changes_nothing(tmp_path, monkeypatch):
    from dagster_project.definitions import build_definitions, defs

    monkeypatch.setenv("TIPSTAT_WAREHOUSE_PATH", "")
    home = Home.resolve(tmp_path / "home").ensure()
    landed = write_file(home.landing, "police", "cases", "2025Q3")
    job = build_definitions(home).resolve_job_def(PIPELINE_JOB_NAME)
    assert {"pipeline_lock", "tipstat", "dbt"} <= set(job.resource_defs)
    # the module's definitions (the UI's) run the very same job
    assert set(defs.resolve_job_def(PIPELINE_JOB_NAME).graph.node_names()) == set(job.graph.node_names())
    fd = os.open(home.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with DagsterInstance.ephemeral() as instance:
            result = job.execute_in_process(instance=instance, raise_on_error=False)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert not result.success
    said = " ".join(f"{e.message} {e.event_specific_data}" for e in result.all_events)
    assert "RESOURCE_INIT_FAILURE" in {e.event_type_value for e in result.all_events}
    assert "another tipstat run is using" in said
    assert not result.get_step_success_events()
    assert not home.warehouse.exists() and not home.work_warehouse.exists()
    assert list(home.landing.iterdir()) == [landed]
