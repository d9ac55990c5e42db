"""A small published warehouse for the operations tests: real files, real intake (GX), real publish.

Delivered (arrival times in brackets): police cases 2025Q2 (10 Jul) and 2025Q3 (20 Oct), police
victims 2025Q2 (20 Jul), border victims 2025Q2 late (15 Aug), police suspects 2025Q2 rejected (a
phone number in a value, 25 Jul). Nothing from social, consular, procuracy or court.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from tests.intake.builders import contract_rows, write_file
from tipstat.intake.pipeline import run_intake
from tipstat.settings import Home
from tipstat.warehouse import prepare_work_copy, publish

PHONE = "0912 345 678"
RUN_ID = "ops-run-1"
FEED_FILES = (
    "border_victims",
    "consular_victims",
    "court_defendants",
    "police_cases",
    "police_suspects",
    "police_victims",
    "procuracy_defendants",
    "social_victims",
)


@pytest.fixture(scope="session")
def ops_home(tmp_path_factory) -> Home:
    home = Home.resolve(tmp_path_factory.mktemp("ops_home")).ensure()
    land = home.landing
    write_file(land, "police", "cases", "2025Q2", mtime=datetime(2025, 7, 10, 3))
    write_file(land, "police", "cases", "2025Q3", mtime=datetime(2025, 10, 20, 3))
    write_file(land, "police", "victims", "2025Q2", mtime=datetime(2025, 7, 20, 3))
    write_file(land, "border", "victims", "2025Q2", mtime=datetime(2025, 8, 15, 3))
    rows = contract_rows("police__suspects", "2025Q2", n=3)
    rows[1]["case_ref"] = PHONE
    write_file(land, "police", "suspects", "2025Q2", rows=rows, mtime=datetime(2025, 7, 25, 3))
    prepare_work_copy(home)
    con = duckdb.connect(str(home.work_warehouse))
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("TIPSTAT_VALIDATION_WORKERS", "1")  # five tiny files: no worker processes
            run_intake(con, home, RUN_ID, datetime(2025, 10, 25, 3, tzinfo=UTC))
        con.execute("CHECKPOINT")
    finally:
        con.close()
    publish(home, RUN_ID)
    return home
