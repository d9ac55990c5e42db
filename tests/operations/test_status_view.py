"""`tipstat status` at 80 columns, --json and --overdue, and the file validation check results,
on the real demo warehouse (session fixture) and the small operations warehouse."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from dagster_project.defs.intake_assets import file_validation_result
from tests.operations.conftest import FEED_FILES, PHONE, RUN_ID
from tipstat.intake.tables import run_file_validation


def _tipstat(home, *args: str) -> str:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "tipstat"), "status", "--home", str(home.root), *args],
        env={**os.environ, "COLUMNS": "80", "TERM": "dumb"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_status_fits_80_columns_with_every_feed_and_a_legend(demo_home):
    text = _tipstat(demo_home)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in text  # nothing cut
    header = next(line for line in lines if line.startswith("feed file"))
    quarters = [word for word in header.split() if len(word) == 4 and word[2] == "Q"]
    assert len(quarters) == 8 and "in force" in header and "overdue" in header
    for feed_file in FEED_FILES:
        assert any(line.startswith(feed_file + " ") for line in lines), feed_file
    assert "✓ on time" in text and "L late" in text and "✗ missing" in text
    assert "Rejected and duplicate files" in text

    wide = _tipstat(demo_home, "--json")
    data = json.loads(wide)
    assert {r["status"] for r in data["completeness"]} <= {
        "ON_TIME",
        "LATE",
        "REJECTED",
        "MISSING",
        "NOT_DUE",
    }
    assert len({(r["feed"], r["entity"]) for r in data["completeness"]}) == 8
    assert data["rejections"] and all(r["reason"] for r in data["rejections"])
    overdue = json.loads(_tipstat(demo_home, "--overdue", "--json"))
    assert overdue["kind"] == "overdue" and overdue["as_of"] == data["as_of"]
    assert {(o["feed"], o["entity"], o["period"]) for o in overdue["overdue"]} == {
        (o["feed"], o["entity"], o["period"]) for o in data["overdue"]
    }
    overdue_text = _tipstat(demo_home, "--overdue")
    assert max(len(line) for line in overdue_text.splitlines()) <= 80


def test_file_validation_results_name_rule_rows_and_columns_never_a_value(ops_home):
    with duckdb.connect(str(ops_home.warehouse), read_only=True) as con:
        files = run_file_validation(con, RUN_ID)
    suspects = file_validation_result(
        "police__suspects", [f for f in files if f["raw_table"] == "police__suspects"]
    )
    assert not suspects.passed
    assert suspects.metadata["rejected"].value == 1 and suspects.metadata["files_this_run"].value == 1
    (shown,) = suspects.metadata["files"].value
    assert shown["status"] == "REJECTED" and shown["columns"] == 8
    rules = {r["rule"]: (r["rows"], r["columns"]) for r in shown["broken_rules"]}
    assert rules["personal_data"] == (1, 1)
    assert PHONE not in json.dumps(suspects.metadata["files"].value) + suspects.metadata["results"].value
    cases = file_validation_result("police__cases", [f for f in files if f["raw_table"] == "police__cases"])
    assert cases.passed and cases.metadata["accepted"].value == 2
    empty = file_validation_result("court__defendants", [])
    assert empty.passed and empty.metadata["files_this_run"].value == 0
