"""The benchmark script runs end to end at a tiny scale and writes every field (no timing checks).

×2 in the issue's units (generator scale 0.1), 2 quarters, without the demo row (`--no-demo`): the
demo row is a cold run of the whole bundled demo, minutes on this machine, so it is only checked
through `targets` and `markdown` on a hand-made row below.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.run_benchmarks import GENERATOR_SCALE_PER_X, OFFENDER_SCALE, markdown, targets
from tipstat.warehouse import PUBLISHED_TABLES

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "run_benchmarks.py"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "latest.json"
    proc = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            "--scales",
            "2",
            "--quick",
            "--quarters",
            "2",
            "--repetitions",
            "2",
            "--out",
            str(out),
            "--work-dir",
            str(tmp / "work"),
            "--no-demo",
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
    assert report["scale_unit"]["generator_scale_per_x"] == GENERATOR_SCALE_PER_X
    assert report["scale_unit"]["offender_scale"] == OFFENDER_SCALE
    assert report["demo"] is None  # --no-demo


def test_every_field_of_a_scale(report):
    (result,) = report["results"]
    assert "error" not in result, result.get("error")
    assert result["scale"] == 2
    assert result["generator_scale"] == pytest.approx(2 * GENERATOR_SCALE_PER_X)
    assert result["offender_scale"] == OFFENDER_SCALE
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
    victims = ("police__victims", "border__victims", "social__victims", "consular__victims")
    offenders = ("police__suspects", "procuracy__defendants", "court__defendants")
    assert result["victim_records"] == sum(counts[t] for t in victims) > 0
    assert result["offender_records"] == sum(counts[t] for t in offenders) > 0

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
    assert set(floor["table_rows"]) == set(PUBLISHED_TABLES) - {"submissions"}
    assert isinstance(floor["matches_published"], bool)
    assert result["ratio_full_to_floor"] > 0


def test_targets_listed(report):
    assert isinstance(report["targets"], list)
    for row in report["targets"]:
        assert set(row) == {"target", "scale", "value", "limit", "pass"}


def test_markdown_has_the_new_columns(report):
    text = markdown(report)
    assert "| victim records | offender records |" in text
    assert "| ×2 | 0.1 |" in text


def _demo_row() -> dict:
    counts = {"police__victims": 10, "border__victims": 2, "social__victims": 3, "consular__victims": 1}
    counts |= {"police__suspects": 5, "procuracy__defendants": 4, "court__defendants": 3, "files_accepted": 9}
    return {
        "label": "demo",
        "scale": 20.0,
        "generator_scale": 1.0,
        "generation_seconds": 3.0,
        "record_counts": counts,
        "victim_records": 16,
        "offender_records": 12,
        "full_run": {"seconds": 40.0, "peak_rss_mb": 700.0, "stages": {"validation": 10.0}},
        "nothing_new_run": {"seconds": 0.8, "peak_rss_mb": 90.0, "stages": None, "pct_of_full": 2.0},
        "load_average_at_start": [1.0, 1.0, 1.0],
        "load_average_at_end": [1.0, 1.0, 1.0],
    }


def test_demo_row_targets_and_markdown():
    """The demo row carries the cold-run and nothing-new targets; ×1 only nothing new."""
    demo = _demo_row()
    rows = targets([], demo)
    assert [(r["target"], r["scale"], r["pass"]) for r in rows] == [
        ("demo ×1 cold run < 30 s", "demo", False),
        ("nothing new < 5 s", "demo", True),
    ]
    report = {
        "date": "2026-11-30",
        "machine": {"cpu_count": 2, "memory_total_mb": 1, "python": "3", "duckdb": "1"},
        "demo": demo,
        "results": [],
        "targets": rows,
    }
    text = markdown(report)
    assert "| demo (×20) | 1 | 16 | 12 |" in text
    assert "| demo ×1 cold run < 30 s | demo | 40.0 | 30 | MISS |" in text
    assert targets([], {"label": "demo", "error": "boom"}) == []
