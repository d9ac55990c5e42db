"""The published warehouse: one run at a time, and a publish that readers see whole or not at all."""

from __future__ import annotations

import multiprocessing
import time

import duckdb
import pytest

from tipstat.settings import Home
from tipstat.warehouse import (
    RunLocked,
    open_work,
    prepare_work_copy,
    publish,
    read_published,
    run_lock,
)


def _hold_lock(root: str, ready, release) -> None:
    with run_lock(Home.resolve(root)):
        ready.set()
        release.wait(30)


def test_second_run_is_refused_while_the_lock_is_held(tmp_path):
    home = Home.resolve(tmp_path)
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    try:
        assert ready.wait(30)
        with pytest.raises(RunLocked, match="another tipstat run"), run_lock(home, wait_seconds=0.3):
            pass
    finally:
        release.set()
        holder.join(30)
    with run_lock(home, wait_seconds=5):  # free again once the holder is gone
        pass


def test_waiting_run_gets_the_lock_when_the_first_finishes(tmp_path):
    home = Home.resolve(tmp_path)
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), ready, release))
    holder.start()
    assert ready.wait(30)
    start = time.monotonic()
    release.set()
    with run_lock(home, wait_seconds=20):  # waits for the holder instead of refusing
        waited = time.monotonic() - start
    holder.join(30)
    assert waited < 20


def test_publish_replaces_the_file_and_an_open_reader_keeps_its_snapshot(tmp_path):
    home = Home.resolve(tmp_path).ensure()
    prepare_work_copy(home)
    with open_work(home) as con:
        con.execute("CREATE SCHEMA reporting; CREATE TABLE reporting.t AS SELECT 1 AS v")
    publish(home, "run-1")
    reader = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        prepare_work_copy(home)
        with open_work(home) as con:
            con.execute("UPDATE reporting.t SET v = 2")
        publish(home, "run-2")
        assert reader.execute("SELECT v FROM reporting.t").fetchone() == (1,)  # old snapshot, whole
    finally:
        reader.close()
    with read_published(home) as con:
        assert con.execute("SELECT v FROM reporting.t").fetchone() == (2,)
        assert con.execute("SELECT run_id FROM reporting.publication").fetchone() == ("run-2",)


def test_a_killed_run_leaves_no_trace_in_the_next_work_copy(tmp_path):
    home = Home.resolve(tmp_path).ensure()
    prepare_work_copy(home)
    with open_work(home) as con:
        con.execute("CREATE TABLE t AS SELECT 1 AS v")
    publish(home, "run-1")
    prepare_work_copy(home)
    with open_work(home) as con:  # a run that dies before publishing
        con.execute("INSERT INTO t VALUES (99)")
    prepare_work_copy(home)  # the next run starts again from the published file
    with open_work(home) as con:
        assert con.execute("SELECT list(v) FROM t").fetchone() == ([1],)
