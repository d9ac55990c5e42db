"""One run at a time, and readers that never see an error or half-published figures."""

from __future__ import annotations

import multiprocessing
import shutil
import time
from pathlib import Path

import duckdb

from tests.reliability.harness import (
    copy_landing,
    filed_digests,
    landing_digests,
    published_state,
    start_run,
    tipstat_run,
)
from tipstat.warehouse import PUBLISHED_TABLES


def test_a_second_run_is_refused_clearly_and_the_first_finishes_intact(
    small_landing, reference_home, tmp_path
):
    ref_home = reference_home
    home = tmp_path / "home"
    copy_landing(small_landing, home)
    first = start_run(home)
    lock = home / ".tipstat.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.05)
    second = tipstat_run(home)
    out, errors = first.communicate(timeout=300)
    assert first.returncode == 0, errors[-2000:]
    assert second.returncode == 75
    assert "another tipstat run is using" in second.stderr
    assert published_state(home) == published_state(ref_home)
    assert filed_digests(home) == landing_digests(small_landing)


def _read_continuously(warehouse: str, stop, results) -> None:
    """What the dashboard does: open read-only, read several published tables, close; again."""
    reads, errors, inconsistent = 0, [], 0
    while not stop.is_set():
        try:
            con = duckdb.connect(warehouse, read_only=True)
        except duckdb.IOException as exc:  # no warehouse published yet
            if "No such file" not in str(exc) and "does not exist" not in str(exc):
                errors.append(repr(exc))
            time.sleep(0.02)
            continue
        except Exception as exc:  # noqa: BLE001 - every failure is what this test counts
            errors.append(repr(exc))
            continue
        try:
            in_force = con.execute("SELECT files_in_force FROM reporting.publication").fetchone()[0]
            accepted = con.execute(
                "SELECT count(*) FROM reporting.submissions WHERE status = 'ACCEPTED'"
            ).fetchone()[0]
            detected = con.execute(
                "SELECT coalesce(sum(victims), 0) FROM reporting.victims_detected WHERE status = 'CONFIRMED'"
            ).fetchone()[0]
            sdg_total = con.execute(
                "SELECT coalesce(sum(victims), 0) FROM reporting.sdg_16_2_2 "
                "WHERE series = 'VC_HTF_DETV' AND sex = '_T' AND age = '_T'"
            ).fetchone()[0]
            reads += 1
            # a snapshot is complete when its parts agree with each other
            if in_force != accepted or detected != sdg_total:
                inconsistent += 1
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            con.close()
        time.sleep(0.01)  # a dashboard's pace, not a busy loop: the runs get the cores they need
    results.put({"reads": reads, "errors": errors, "inconsistent": inconsistent})


def test_readers_see_no_error_and_only_whole_snapshots_while_runs_write(small_landing, tmp_path):
    home = tmp_path / "home"
    (home / "landing").mkdir(parents=True)
    files = sorted(small_landing.iterdir(), key=lambda p: p.name)
    ctx = multiprocessing.get_context("spawn")
    stop, results = ctx.Event(), ctx.Queue()
    reader = ctx.Process(target=_read_continuously, args=(str(home / "warehouse.duckdb"), stop, results))
    reader.start()
    try:
        # two runs, each bringing half of the deliveries (the second replaces a published file
        # the reader has open), then one with nothing new
        for batch in (files[::2], files[1::2], []):
            for path in batch:
                shutil.copy2(path, home / "landing" / path.name)
            done = tipstat_run(home)
            assert done.returncode == 0, done.stderr[-2000:]
    finally:
        stop.set()
        outcome = results.get(timeout=60)
        reader.join(30)
    assert outcome["errors"] == []
    assert outcome["inconsistent"] == 0
    assert outcome["reads"] > 10
    assert sorted(filed_digests(home)) == landing_digests(small_landing)


def test_published_state_helper_sees_every_reporting_table(reference_home):
    ref_home = reference_home
    state = published_state(Path(ref_home))
    for table in PUBLISHED_TABLES:
        assert table in state
