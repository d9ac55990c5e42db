"""Kill `tipstat run` with SIGKILL at many moments; the next run must end exactly where an
uninterrupted run ends, with every landing file archived or quarantined exactly once."""

from __future__ import annotations

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
