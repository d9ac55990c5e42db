"""Kill `tipstat run` with SIGKILL at many moments; the next run must end exactly where an
uninterrupted run ends, with every landing file archived or quarantined exactly once.

CI runs a few timed kills and every named fault point; `uv run pytest -m slow` runs the full
sweep (18 timed kills). Every planned kill must happen: a timed kill must find the run still
going, and a fault point must kill the run (exit by SIGKILL), or the test fails.
"""

from __future__ import annotations

import signal
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.reliability.harness import (
    copy_landing,
    filed_digests,
    kill_group,
    landing_digests,
    published_state,
    start_run,
    tipstat_run,
)

CI_TIMED_KILLS = 4
FULL_TIMED_KILLS = 18
# Timed kills fall in the first LATEST_KILL of the reference run's wall time, so each one finds
# the run still going (the crash runs go two at a time, hence no faster than the reference).
LATEST_KILL = 0.7
# `tipstat.faults.point(name)` calls: after the n-th file's load transaction, just after the commit
# point, and half-way through moving the n-th landing file (it is in landing and at its place).
FAULT_POINTS = ["after_load:1", "after_load:5", "after_publish", "mid_filing:1", "mid_filing:4"]


def _crash_then_recover(landing: Path, home: Path, delay: float | None, fault: str | None) -> dict:
    copy_landing(landing, home)
    env = {"TIPSTAT_FAULT": fault} if fault else None
    proc = start_run(home, env=env)
    if delay is not None:
        time.sleep(delay)
        killed = proc.poll() is None
        kill_group(proc)
    else:
        proc.communicate(timeout=300)
        killed = proc.returncode == -signal.SIGKILL
    recovery = tipstat_run(home)
    again = tipstat_run(home)
    return {"home": home, "killed": killed, "recovery": recovery, "again": again}


def _kill_sweep(small_landing: Path, reference_home: tuple[Path, float], tmp_path: Path, timed: int) -> None:
    ref_home, ref_seconds = reference_home
    expected = published_state(ref_home)
    expected_files = landing_digests(small_landing)
    assert filed_digests(ref_home) == expected_files

    # Kill moments spread over the run (start-up, registration, validation, load, dbt), plus the
    # named fault points for the short windows a timer rarely hits.
    cases = [(ref_seconds * LATEST_KILL * (i + 0.5) / timed, None) for i in range(timed)]
    cases += [(None, fault) for fault in FAULT_POINTS]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda item: _crash_then_recover(small_landing, tmp_path / f"crash{item[0]}", *item[1]),
                enumerate(cases),
            )
        )

    for (delay, fault), result in zip(cases, results, strict=True):
        label = f"kill after {delay:.1f}s" if delay is not None else f"fault {fault}"
        assert result["killed"], f"{label}: the planned kill did not happen (the run was not killed)"
        assert result["recovery"].returncode == 0, f"{label}: {result['recovery'].stderr[-2000:]}"
        assert result["again"].returncode == 0, label
        assert "Nothing new" in result["again"].stdout, f"{label}: second run after recovery changed things"
        assert published_state(result["home"]) == expected, label
        assert filed_digests(result["home"]) == expected_files, f"{label}: a file was lost or filed twice"
        assert not list((result["home"] / "landing").iterdir()), f"{label}: landing not emptied"


def test_sigkill_at_some_moments_and_every_fault_point_then_rerun_equals_an_uninterrupted_run(
    small_landing, reference_home, tmp_path
):
    _kill_sweep(small_landing, reference_home, tmp_path, CI_TIMED_KILLS)


@pytest.mark.slow
def test_sigkill_at_any_moment_then_rerun_equals_an_uninterrupted_run(
    small_landing, reference_home, tmp_path
):
    _kill_sweep(small_landing, reference_home, tmp_path, FULL_TIMED_KILLS)
