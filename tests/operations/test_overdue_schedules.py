"""The daily overdue check and the quarter's reminders: schedules evaluated with built contexts, the
jobs and assets run for real on a small published warehouse, the files they write read back."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dagster import DagsterInstance, RunRequest, build_schedule_context, materialize

from dagster_project.defs.overdue_schedules import (
    DUE_DATE_CRON,
    daily_completeness_schedule,
    ministry_reminders,
    quarter_reminders_schedule,
)
from dagster_project.defs.resources import TipstatHome
from tests.operations.conftest import FEED_FILES, PHONE
from tipstat.operations.overdue import quarter_due_on

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOT_DELIVERED_Q2 = {"consular_victims", "court_defendants", "procuracy_defendants", "social_victims"}


def _gaps(payload_items, key="period") -> set[tuple[str, str]]:
    return {(f"{i['feed']}_{i['entity']}", i[key]) for i in payload_items}


def test_daily_check_records_overdue_feeds_and_the_due_date_checks(ops_home, monkeypatch):
    from dagster_project.definitions import build_definitions

    monkeypatch.setenv("TIPSTAT_WAREHOUSE_PATH", "")  # build_definitions points dbt at the home
    context = build_schedule_context(scheduled_execution_time=datetime(2025, 10, 31, 7, tzinfo=VN))
    request = daily_completeness_schedule(context)
    assert isinstance(request, RunRequest) and request.run_key == "overdue-2025-10-31"

    job = build_definitions(ops_home).resolve_job_def("daily_completeness")
    result = job.execute_in_process(run_config=request.run_config, instance=DagsterInstance.ephemeral())
    assert result.success

    report = ops_home.root / "reports" / "overdue" / "2025-10-31.json"
    payload = json.loads(report.read_text(encoding="utf-8"))
    expected = {(f, "2025Q2") for f in NOT_DELIVERED_Q2 | {"police_suspects"}}
    expected |= {(f, "2025Q3") for f in FEED_FILES if f != "police_cases"}
    assert _gaps(payload["overdue"]) == expected
    suspects = next(i for i in payload["overdue"] if i["feed"] == "police" and i["period"] == "2025Q2")
    assert suspects["state"] == "REJECTED" and suspects["days_overdue"] == 93
    assert "personal_data" in suspects["why"] and "case_ref" in suspects["why"]
    text = (ops_home.root / "reports" / "overdue" / "2025-10-31.txt").read_text(encoding="utf-8")
    assert PHONE not in text and PHONE not in report.read_text(encoding="utf-8")
    assert "social_victims 2025Q2: due 2025-07-30 (93 days overdue), nothing received" in text

    checks = {e.asset_key.path[-1]: e for e in result.get_asset_check_evaluations()}
    assert set(checks) == {f.replace("_", "__", 1) for f in FEED_FILES}
    assert checks["police__cases"].passed
    assert not checks["police__suspects"].passed
    assert checks["police__suspects"].metadata["quarters_overdue"].value == 2
    assert checks["border__victims"].metadata["latest_quarter_in_force"].value == "2025Q2"
    assert checks["court__defendants"].metadata["quarters_overdue"].value == 2


def test_the_day_a_quarter_is_due_nothing_of_it_is_overdue_yet(ops_home, monkeypatch):
    from dagster_project.definitions import build_definitions

    monkeypatch.setenv("TIPSTAT_WAREHOUSE_PATH", "")
    request = daily_completeness_schedule(
        build_schedule_context(scheduled_execution_time=datetime(2025, 10, 30, 7, tzinfo=VN))
    )
    job = build_definitions(ops_home).resolve_job_def("daily_completeness")
    assert job.execute_in_process(run_config=request.run_config, instance=DagsterInstance.ephemeral()).success
    payload = json.loads((ops_home.root / "reports" / "overdue" / "2025-10-30.json").read_text())
    assert _gaps(payload["overdue"]) == {(f, "2025Q2") for f in NOT_DELIVERED_Q2 | {"police_suspects"}}


def test_reminders_on_the_due_date_list_per_ministry_what_is_missing_or_rejected(ops_home):
    assert DUE_DATE_CRON == "0 8 30 1,4,7,10 *"
    assert [quarter_due_on(date(2025, m, 30)) for m in (1, 4, 7, 10)] == [
        "2024Q4",
        "2025Q1",
        "2025Q2",
        "2025Q3",
    ]
    assert quarter_due_on(date(2025, 10, 29)) is None and quarter_due_on(date(2025, 11, 30)) is None

    context = build_schedule_context(scheduled_execution_time=datetime(2025, 10, 30, 8, tzinfo=VN))
    request = quarter_reminders_schedule(context)
    assert request.run_key == "reminders-2025-10-30"
    result = materialize(
        [ministry_reminders],
        resources={"tipstat": TipstatHome(root=str(ops_home.root))},
        run_config=request.run_config,
        instance=DagsterInstance.ephemeral(),
    )
    assert result.success
    path = ops_home.root / "reports" / "reminders" / "2025Q3_2025-10-30.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["quarter"] == "2025Q3"
    police = payload["ministries"]["Ministry of Public Security (Criminal Police Department)"]
    assert {(i["feed"] + "_" + i["entity"], i["quarter"]) for i in police} == {
        ("police_suspects", "2025Q2"),
        ("police_suspects", "2025Q3"),
        ("police_victims", "2025Q3"),
    }
    rejected = next(i for i in police if i["state"] == "REJECTED")
    assert rejected["rejected_file"] == "police_suspects_2025Q2.csv"
    assert rejected["why"].startswith("rejected: ") and "row 3" in rejected["why"]
    assert set(payload["ministries"]["Supreme People's Court"][0]) >= {"feed", "quarter", "why"}
    assert len(payload["ministries"]) == 6
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    assert PHONE not in text and PHONE not in path.read_text(encoding="utf-8")
    meta = result.asset_materializations_for_node("operations__ministry_reminders")[0].metadata
    assert meta["ministries"].value == 6 and meta["quarter"].value == "2025Q3"


def test_the_overdue_asset_called_directly_for_any_day(ops_home):
    from dagster import build_asset_context

    from dagster_project.defs.due_dates import AsOfConfig
    from dagster_project.defs.overdue_schedules import overdue_feeds

    result = overdue_feeds(
        build_asset_context(),
        config=AsOfConfig(as_of="2025-08-01"),
        tipstat=TipstatHome(root=str(ops_home.root)),
    )
    assert result.metadata["overdue"] == 5
    assert set(result.metadata["feeds_overdue"].value) == NOT_DELIVERED_Q2 | {"police_suspects"}
    assert (ops_home.root / "reports" / "overdue" / "2025-08-01.txt").exists()
