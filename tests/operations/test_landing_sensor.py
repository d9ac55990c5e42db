"""The landing sensor, evaluated with built contexts: files arriving, a file still growing, the
cursor after a restart, a run already in progress (Dagster's or `tipstat run`'s lock)."""

from __future__ import annotations

import fcntl
import os
import time

import pytest
from dagster import DagsterInstance, DagsterRun, DagsterRunStatus, build_sensor_context

from dagster_project.defs.landing_sensor import landing_sensor
from dagster_project.defs.pipeline import PIPELINE_JOB_NAME
from dagster_project.defs.resources import TipstatHome
from tipstat.settings import Home

SETTLE = 0.4


@pytest.fixture
def home(tmp_path, monkeypatch) -> Home:
    monkeypatch.setenv("TIPSTAT_SETTLE_SECONDS", str(SETTLE))
    return Home.resolve(tmp_path / "home").ensure()


@pytest.fixture
def instance():
    with DagsterInstance.ephemeral() as instance:
        yield instance


def tick(home: Home, instance, cursor: str | None):
    context = build_sensor_context(
        instance=instance, cursor=cursor, resources={"tipstat": TipstatHome(root=str(home.root))}
    )
    return landing_sensor.evaluate_tick(context)


def test_files_arriving_start_one_run_once_settled_and_never_again(home, instance):
    data = tick(home, instance, None)
    assert not data.run_requests and data.skip_message == "nothing new in landing"
    (home.landing / "police_cases_2025Q3.csv").write_text("case_ref\n", encoding="utf-8")
    (home.landing / ".police_victims_2025Q3.csv.part").write_text("uploading", encoding="utf-8")
    data = tick(home, instance, data.cursor)
    assert not data.run_requests and data.skip_message == "waiting for 1 file(s) to stop changing"
    time.sleep(SETTLE + 0.1)
    data = tick(home, instance, data.cursor)
    assert len(data.run_requests) == 1 and data.run_requests[0].run_key
    first_key = data.run_requests[0].run_key
    # the same file is not asked for again while it waits in landing
    time.sleep(SETTLE + 0.1)
    again = tick(home, instance, data.cursor)
    assert not again.run_requests and again.skip_message == "nothing new in landing"
    # the run filed it; a new delivery then starts a new run with another key
    (home.landing / "police_cases_2025Q3.csv").unlink()
    (home.landing / "police_victims_2025Q3.csv").write_text("record_id\n", encoding="utf-8")
    later = tick(home, instance, again.cursor)
    time.sleep(SETTLE + 0.1)
    later = tick(home, instance, later.cursor)
    assert len(later.run_requests) == 1 and later.run_requests[0].run_key != first_key


def test_a_file_still_growing_holds_the_run_back(home, instance):
    (home.landing / "police_cases_2025Q3.csv").write_text("case_ref\n", encoding="utf-8")
    growing = home.landing / "border_victims_2025Q3.xlsx"
    growing.write_bytes(b"PK" * 10)
    data = tick(home, instance, None)
    for _ in range(3):
        time.sleep(SETTLE / 2 + 0.05)
        with growing.open("ab") as fh:
            fh.write(b"more bytes")
        data = tick(home, instance, data.cursor)
        assert not data.run_requests
    assert "waiting for 1 still changing" in data.skip_message
    assert data.skip_message.startswith("1 file(s) ready")
    time.sleep(SETTLE + 0.1)
    data = tick(home, instance, data.cursor)
    assert len(data.run_requests) == 1


def test_the_cursor_survives_a_restart(home, instance):
    path = home.landing / "court_defendants_2025Q3.jsonl"
    path.write_text("", encoding="utf-8")
    seen = tick(home, instance, None)
    time.sleep(SETTLE + 0.1)
    # the daemon restarted: a new instance and context, the sensor's stored cursor
    with DagsterInstance.ephemeral() as restarted:
        asked = tick(home, restarted, seen.cursor)
        assert len(asked.run_requests) == 1
    with DagsterInstance.ephemeral() as restarted_again:
        after = tick(home, restarted_again, asked.cursor)
        assert not after.run_requests and after.skip_message == "nothing new in landing"
    # a file touched after it was asked for is a new arrival (new mtime): asked for once more
    os.utime(path, (time.time() + 5, time.time() + 5))
    data = tick(home, instance, after.cursor)
    time.sleep(SETTLE + 0.1)
    data = tick(home, instance, data.cursor)
    assert len(data.run_requests) == 1


def test_a_run_in_progress_means_skip_with_the_reason_and_the_files_wait(home, instance):
    (home.landing / "police_cases_2025Q3.csv").write_text("case_ref\n", encoding="utf-8")
    data = tick(home, instance, None)
    time.sleep(SETTLE + 0.1)
    # `tipstat run` holds the home's lock (another open file description, as another process would)
    fd = os.open(home.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        locked = tick(home, instance, data.cursor)
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert not locked.run_requests
    assert locked.skip_message.startswith("a run is already in progress: another tipstat run is using")
    # a pipeline run queued or running in Dagster
    run = instance.add_run(DagsterRun(job_name=PIPELINE_JOB_NAME, status=DagsterRunStatus.STARTED))
    busy = tick(home, instance, locked.cursor)
    assert not busy.run_requests and run.run_id in busy.skip_message
    instance.report_run_canceled(run)
    # the run is over: the files that waited are asked for now
    free = tick(home, instance, busy.cursor)
    assert len(free.run_requests) == 1
