"""Kill `tipstat run` with SIGKILL at many moments; the next run must end exactly where an
uninterrupted run ends, with every landing file archived or quarantined exactly once."""

from __future__ import annotations

import os
import signal
import time
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

TIMED_KILLS = 18
FAULT_POINTS = ["after_load:1", "after_load:5", "after_publish", "mid_filing:1", "mid_filing:4"]


def _crash_then_recover(landing: Path, home: Path, delay: float | None, fault: str | None) -> dict:
    copy_landing(landing, home)
    env = {"TIPSTAT_FAULT": fault} if fault else None
    proc = start_run(home, env=env)
    if delay is not None:
        time.sleep(delay)
        killed_while_running = proc.poll() is None
        kill_group(proc)
    else:
        proc.communicate(timeout=300)
        killed_while_running = proc.returncode == -9
    recovery = tipstat_run(home)
    again = tipstat_run(home)
    return {
        "home": home,
        "killed_while_running": killed_while_running,
        "recovery": recovery,
        "again": again,
    }


@pytest.mark.slow
def test_sigkill_at_any_moment_then_rerun_equals_an_uninterrupted_run(
    small_landing, reference_home, tmp_path
):
    ref_home, ref_seconds = reference_home
    expected = published_state(ref_home)
    expected_files = landing_digests(small_landing)
    assert filed_digests(ref_home) == expected_files

    # Kill moments spread over the whole run (start-up, registration, validation, load, dbt,
    # publish), plus named fault points for the short windows a timer rarely hits.
    cases = [(ref_seconds * (i + 0.5) / TIMED_KILLS, None) for i in range(TIMED_KILLS)]
    cases += [(None, fault) for fault in FAULT_POINTS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda item: _crash_then_recover(small_landing, tmp_path / f"crash{item[0]}", *item[1]),
                enumerate(cases),
            )
        )

    killed = 0
    for (delay, fault), result in zip(cases, results, strict=True):
        label = f"kill after {delay:.1f}s" if delay is not None else f"fault {fault}"
        killed += result["killed_while_running"]
        assert result["recovery"].returncode == 0, f"{label}: {result['recovery'].stderr[-2000:]}"
        assert result["again"].returncode == 0, label
        assert "Nothing new" in result["again"].stdout, f"{label}: second run after recovery changed things"
        assert published_state(result["home"]) == expected, label
        assert filed_digests(result["home"]) == expected_files, f"{label}: a file was lost or filed twice"
        assert not [p for p in (result["home"] / "landing").iterdir()], f"{label}: landing not emptied"
    assert killed >= 20, f"only {killed} of {len(cases)} kills hit a running process"


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
    ref_home, _ = reference_home
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
