"""One pipeline run for one home: the lock, the no-op shortcut and the outcome it reports.

The orchestration itself (an in-process Dagster run) is passed in as `launch`, so this module
stays free of Dagster; `dagster_project.runner.launch` is the real one.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import duckdb

from tipstat import timings
from tipstat.settings import Home, validation_workers
from tipstat.warehouse import run_lock


@dataclass
class RunOutcome:
    success: bool
    run_id: str
    published: bool
    submissions: list[dict] = field(default_factory=list)
    error: str | None = None


Launcher = Callable[[Home], RunOutcome]


def run_pipeline(home: Home, launch: Launcher, wait_seconds: float = 0.0) -> RunOutcome:
    """Run intake → dbt → publish for one home; raises RunLocked if another run holds it."""
    home.ensure()
    with run_lock(home, wait_seconds=wait_seconds):
        timings.reset(home)
        if home.warehouse.exists() and not deliveries_waiting(home):
            # an empty landing folder cannot change anything: skip Dagster's start-up as well
            return RunOutcome(success=True, run_id="-", published=False)
        from tipstat.intake.parallel import warm_pool

        # the validation workers import GX while `launch` starts Dagster
        with warm_pool(validation_workers()):
            return launch(home)


def deliveries_waiting(home: Home) -> bool:
    """Anything a run would look at: a landing file (names starting with '.' are upload temp
    files) or review decisions the published figures have not used yet."""
    from tipstat.linkage.decisions import decisions_changed_since_publication

    return any(
        not entry.name.startswith(".") for entry in os.scandir(home.landing)
    ) or decisions_changed_since_publication(home)


def changes_this_run(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Files registered and decision files loaded by this run; none means the figures cannot change."""
    from tipstat.linkage.decisions import LOADS_TABLE

    files = con.execute("select count(*) from intake.submissions where run_id = ?", [run_id]).fetchall()
    loads = con.execute(f"select count(*) from {LOADS_TABLE} where run_id = ?", [run_id]).fetchall()
    return int(files[0][0]) + int(loads[0][0])
