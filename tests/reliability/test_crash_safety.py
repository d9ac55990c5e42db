"""Kill `tipstat run` with SIGKILL at many moments; the next run must end exactly where an
uninterrupted run ends, with every landing file archived or quarantined exactly once.

CI runs a kill in each of four stages and each kind of named fault point once; `uv run pytest -m
slow` runs the full sweep (18 timed kills, every fault point). Every planned kill must happen: a
timed kill must find the run still going, and a fault point must kill the run (exit by SIGKILL),
or the test fails.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pytest

from tests.reliability.harness import (
    alive_in_session,
    copy_landing,
    filed_digests,
    kill_group,
    landing_digests,
    published_state,
    start_run,
    tipstat_run,
)

# Timed kills: (stage, seconds). The kill comes that many seconds after the run shows it has
# reached the stage (a file the stage writes appears in the home), so each kill lands in its
# stage however fast or loaded the machine is, and every planned kill finds the run going.
STAGE_REACHED: dict[str, Callable[[Path], bool]] = {
    "start-up": lambda home: True,  # the process was just started: imports, then the lock
    "launch": lambda home: (home / ".work" / "timings.json").exists(),  # lock held, Dagster starting
    "intake": lambda home: (home / ".work" / "warehouse.duckdb").exists(),  # the work copy is open
    "validation": lambda home: any((home / ".work" / "validated").glob("*/*")),  # a file passed GX
    "dbt": lambda home: (home / ".work" / "dbt_target").exists(),  # dbt build is starting
}
CI_KILLS = [("start-up", 1.0), ("intake", 0.0), ("validation", 0.0), ("dbt", 0.5)]
FULL_KILLS = [
    *(("start-up", s) for s in (0.2, 1.0, 2.0, 3.0)),
    *(("launch", s) for s in (0.0, 0.5, 1.5)),
    *(("intake", s) for s in (0.0, 0.3)),
    *(("validation", s) for s in (0.0, 0.3, 0.8)),
    *(("dbt", s) for s in (0.0, 0.5, 1.0, 1.5, 2.0, 2.5)),
]
# `tipstat.faults.point(name)` calls: after the n-th file's load transaction, just after the commit
# point, and half-way through moving the n-th landing file (it is in landing and at its place).
FAULT_POINTS = ["after_load:1", "after_load:5", "after_publish", "mid_filing:1", "mid_filing:4"]
# CI: each kind of fault point once (the later file of a kind takes the same code path with more
# files behind it); the slow sweep takes them all. Two fewer recoveries: about 95 s of CI.
CI_FAULTS = ["after_load:1", "after_publish", "mid_filing:1"]


def _wait_for_stage(proc: subprocess.Popen, home: Path, stage: str) -> bool:
    """Poll until the run shows it reached `stage`; False if it ended first."""
    reached = STAGE_REACHED[stage]
    while proc.poll() is None:
        if reached(home):
            return True
        time.sleep(0.02)
    return False


def _crash_then_recover(
    landing: Path, home: Path, moment: tuple[str, float] | None, fault: str | None
) -> dict:
    copy_landing(landing, home)
    env = {"TIPSTAT_FAULT": fault} if fault else None
    proc = start_run(home, env=env)
    if moment is not None:
        stage, seconds = moment
        reached = _wait_for_stage(proc, home, stage)
        time.sleep(seconds)
        killed = reached and proc.poll() is None
        kill_group(proc)
    else:
        proc.communicate(timeout=300)
        killed = proc.returncode == -signal.SIGKILL
    recovery = tipstat_run(home)
    again = tipstat_run(home)
    return {"home": home, "killed": killed, "recovery": recovery, "again": again}


def _unrecorded_runs(home: Path) -> list[str]:
    """Published runs without their reports/runs/<run_id>.json (a kill after the commit point
    must not lose the record: the next run writes it)."""
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        runs = [r[0] for r in con.execute("SELECT run_id FROM reporting.publication").fetchall()]
    finally:
        con.close()
    return [r for r in runs if not (home / "reports" / "runs" / f"{r}.json").exists()]


def _kill_sweep(
    small_landing: Path,
    reference_home: Path,
    tmp_path: Path,
    moments: list[tuple[str, float]],
    faults: list[str],
) -> None:
    ref_home = reference_home
    expected = published_state(ref_home)
    expected_files = landing_digests(small_landing)
    assert filed_digests(ref_home) == expected_files

    # Kills spread over the run's stages, plus the named fault points for the short windows a
    # timed kill rarely hits (after a load transaction, after the commit point, mid-filing).
    cases = [(moment, None) for moment in moments]
    cases += [(None, fault) for fault in faults]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda item: _crash_then_recover(small_landing, tmp_path / f"crash{item[0]}", *item[1]),
                enumerate(cases),
            )
        )

    for (moment, fault), result in zip(cases, results, strict=True):
        label = f"kill {moment[1]}s into {moment[0]}" if moment is not None else f"fault {fault}"
        assert result["killed"], f"{label}: the planned kill did not happen (the run was not killed)"
        assert result["recovery"].returncode == 0, f"{label}: {result['recovery'].stderr[-2000:]}"
        assert result["again"].returncode == 0, label
        assert "Nothing new" in result["again"].stdout, f"{label}: second run after recovery changed things"
        assert published_state(result["home"]) == expected, label
        assert filed_digests(result["home"]) == expected_files, f"{label}: a file was lost or filed twice"
        assert not list((result["home"] / "landing").iterdir()), f"{label}: landing not emptied"
        assert _unrecorded_runs(result["home"]) == [], f"{label}: a published run has no run record"


def test_sigkill_at_some_moments_and_every_fault_point_then_rerun_equals_an_uninterrupted_run(
    small_landing, reference_home, tmp_path
):
    _kill_sweep(small_landing, reference_home, tmp_path, CI_KILLS, CI_FAULTS)


@pytest.mark.slow
def test_sigkill_at_any_moment_then_rerun_equals_an_uninterrupted_run(
    small_landing, reference_home, tmp_path
):
    _kill_sweep(small_landing, reference_home, tmp_path, FULL_KILLS, FAULT_POINTS)


# ---------------------------------------------------------------- kill of the main process only
def _hostile_files(landing: Path) -> list[str]:
    """One of each poison kind of issue 17, outside the demo's quarters."""
    from tests.intake.hostile import ESC_NAME, xlsx_far_cell, xlsx_shared_strings_bomb

    files = {
        "police_victims_0000Q1.csv": b"a,b\r\n",
        "police_victims_9999Q4.csv": b"a,b\r\n",
        "police_cases_2023Q1_v2000000000.csv": b"a,b\r\n",
        "police_victims_2023Q2_" + "x" * 214 + ".csv": b"a,b\r\n",
        ESC_NAME: b"a,b\r\n",
        "border_victims_2023Q1.xlsx": xlsx_far_cell(),
        "border_victims_2023Q2.xlsx": xlsx_shared_strings_bomb(),
    }
    for name, data in files.items():
        (landing / name).write_bytes(data)
    with open(os.path.join(os.fsencode(landing), b"police_victims_2023Q3_\xd0\xe3.csv"), "wb") as fh:
        fh.write(b"a,b\r\n")
    return [*files, "police_victims_2023Q3_\udcd0\udce3.csv"]


@pytest.mark.slow
def test_sigkill_of_the_main_process_leaves_no_process_and_hostile_files_stop_nothing(
    small_landing, reference_home, tmp_path
):
    """`kill -9 <main pid>` (as the OOM killer does) during validation: no worker or resource
    tracker of the run survives. Then, with one of each poison file of issue 17 in landing, the
    next run completes, files every hostile file in quarantine and publishes the rest."""
    ref_home = reference_home  # the fixture is the home folder (tests/reliability/conftest.py)
    home = tmp_path / "home"
    copy_landing(small_landing, home)
    hostile = _hostile_files(home / "landing")
    proc = start_run(home)
    deadline = time.monotonic() + 240
    workers: list[str] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = [p for p in alive_in_session(proc.pid) if "spawn_main" in p]
        if len(workers) >= 2:
            break
        time.sleep(0.2)
    assert proc.poll() is None and len(workers) >= 2, f"the run never started its workers: {workers}"
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its process group
    proc.communicate(timeout=60)
    survivors = alive_in_session(proc.pid)
    deadline = time.monotonic() + 15
    while survivors and time.monotonic() < deadline:
        time.sleep(0.25)
        survivors = alive_in_session(proc.pid)
    assert survivors == [], f"processes of the killed run still alive: {survivors}"

    recovery = tipstat_run(home)
    assert recovery.returncode == 0, recovery.stderr[-3000:]
    assert "\x1b" not in recovery.stdout + recovery.stderr  # the ESC name is shown escaped
    again = tipstat_run(home)
    assert again.returncode == 0 and "Nothing new" in again.stdout
    assert [p.name for p in (home / "landing").iterdir()] == []
    expected = published_state(ref_home)
    state = published_state(home)
    for table, rows in expected.items():
        if "submissions" in table or "completeness" in table:
            continue  # these list the hostile files too
        assert state[table] == rows, table
    from tipstat.render import safe_text

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        statuses = dict(con.execute("SELECT file_name, status FROM intake.submissions").fetchall())
    finally:
        con.close()
    for name in hostile:
        assert statuses[safe_text(name)] == "REJECTED", name
    assert len(filed_digests(home)) == len(landing_digests(small_landing)) + len(hostile)


@pytest.mark.parametrize("engine", ["duckdb", pytest.param("spark", marks=pytest.mark.spark)])
def test_sigkill_of_the_main_process_during_dbt_leaves_no_dbt_running(small_landing, tmp_path, engine):
    """`kill -9 <main pid>` while `dbt build` runs: dbt is the run's child (dagster-dbt starts it),
    and it dies with the run (tipstat/parent_watch.py), on Spark with its JVM, instead of building
    on, re-parented, while the next run starts (on Spark, writing into the folder the next run
    reads: without the watchdog dbt and its JVM were still running 10 s after the kill). The next
    run on the same engine completes."""
    if engine == "spark":
        from tests.engines.test_spark_build import _missing

        if reason := _missing():
            pytest.skip(reason)
    env = {"TIPSTAT_ENGINE": engine}
    home = tmp_path / "home"
    copy_landing(small_landing, home)
    proc = start_run(home, env)
    # DuckDB: kill once dbt runs; Spark: once its JVM runs too
    wanted = ("/dbt ",) if engine == "duckdb" else ("/dbt ", "SparkSubmit")
    deadline = time.monotonic() + 300
    running: list[str] = []
    started = False
    while time.monotonic() < deadline and proc.poll() is None:
        running = [p for p in alive_in_session(proc.pid) if any(w in p for w in wanted)]
        started = all(any(w in p for p in running) for w in wanted)
        if started:
            break
        time.sleep(0.05)
    assert proc.poll() is None and started, f"dbt did not start: {running}"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)  # the main process only, not its process group
    proc.communicate(timeout=60)
    survivors = alive_in_session(proc.pid)
    deadline = time.monotonic() + 5  # the watchdog looks twice a second
    while survivors and time.monotonic() < deadline:
        time.sleep(0.25)
        survivors = alive_in_session(proc.pid)
    assert survivors == [], f"processes of the killed run still alive: {survivors}"
    # A whole run on Spark: in CI it shares the two cores with the Spark build of
    # tests/engines/test_spark_build.py, and once took longer than the harness's 300 s.
    recovery = tipstat_run(home, env=env, timeout=900 if engine == "spark" else 300)
    assert recovery.returncode == 0, recovery.stderr[-3000:]
