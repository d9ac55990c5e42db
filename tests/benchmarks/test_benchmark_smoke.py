"""The benchmark script runs end to end at a tiny scale and writes every field (no timing checks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "run_benchmarks.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "latest.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--scales",
            "0.2",
            "--quick",
            "--quarters",
            "2",
            "--repetitions",
            "2",
            "--out",
            str(out),
            "--work-dir",
            str(tmp / "work"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=2400,
    )
    assert out.exists(), proc.stderr[-4000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr[-4000:] + json.dumps(data.get("results"), default=str)[:4000]
    return data


def test_machine_and_date(report):
    assert report["date"]
    assert report["machine"]["cpu_count"] >= 1
    assert report["machine"]["memory_total_mb"] > 0
    assert "VmRSS" in report["memory_measure"]


def test_every_field_of_a_scale(report):
    (result,) = report["results"]
    assert "error" not in result, result.get("error")
    assert result["scale"] == 0.2
    assert result["generation_seconds"] >= 0
    assert result["landing_files"] > 0
    counts = result["record_counts"]
    for table in (
        "police__victims",
        "police__cases",
        "border__victims",
        "social__victims",
        "consular__victims",
        "police__suspects",
        "procuracy__defendants",
        "court__defendants",
        "population",
        "files_accepted",
    ):
        assert table in counts
    assert counts["police__victims"] > 0

    full = result["full_run"]
    assert full["seconds"] > 0 and full["peak_rss_mb"] > 0
    assert "stages" in full  # a dict of stage -> seconds, or None when the run writes no timings
    if full["stages"] is not None:
        assert all(isinstance(v, float) for v in full["stages"].values())

    for run in ("incremental_run", "nothing_new_run"):
        assert result[run]["seconds"] > 0
        assert result[run]["pct_of_full"] > 0
        assert result[run]["peak_rss_mb"] > 0
    assert result["incremental_run"]["added_files"] > 0

    dash = result["dashboard"]
    assert dash["queries"] > 0 and dash["p50_ms"] > 0 and dash["p95_ms"] >= dash["p50_ms"]
    assert not dash["failed"], dash["failed"]

    floor = result["floor"]
    assert floor["sql_seconds"] > 0 and floor["seconds"] >= floor["sql_seconds"]
    assert floor["border_xlsx_to_csv_seconds"] >= 0
    assert set(floor["table_rows"]) == {
        "victims_detected",
        "sdg_16_2_2",
        "justice_funnel",
        "cases",
        "repatriations",
        "assistance",
        "linkage_quality",
    }
    assert isinstance(floor["matches_published"], bool)
    assert result["ratio_full_to_floor"] > 0


def test_targets_listed(report):
    assert isinstance(report["targets"], list)
    for row in report["targets"]:
        assert set(row) == {"target", "scale", "value", "limit", "pass"}
