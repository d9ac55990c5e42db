"""run_intake end to end: real files, real validation (GX), a real DuckDB file. One test per rule."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from tests.intake.builders import contract_rows, file_name, write_file
from tipstat.contract import ALL_SPECS
from tipstat.intake.loading import FindingRow
from tipstat.intake.pipeline import IntakeResult, run_intake, summarize_findings
from tipstat.intake.tables import RAW_TABLES
from tipstat.settings import Home

NOW = datetime(2026, 1, 15, 3, 0, tzinfo=UTC)  # 2025Q4 has ended in Viet Nam, 2026Q1 has not
ON_TIME = datetime(2025, 10, 20, 4, 0, tzinfo=UTC)  # before 2025Q3's due date (2025-10-30)


@pytest.fixture
def home(tmp_path: Path) -> Home:
    return Home(tmp_path / "home").ensure()


@pytest.fixture
def con(home: Home) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(home.work_warehouse))
    yield connection
    connection.close()


def intake(
    con: duckdb.DuckDBPyConnection, home: Home, run_id: str = "run-1", now: datetime = NOW
) -> IntakeResult:
    return run_intake(con, home, run_id, now)


def subs(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    cur = con.execute("SELECT * FROM intake.submissions")
    cols = [d[0] for d in cur.description]
    return {row[cols.index("file_name")]: dict(zip(cols, row, strict=True)) for row in cur.fetchall()}


def raw_count(con: duckdb.DuckDBPyConnection, table: str, name: str | None = None) -> int:
    where = "" if name is None else " WHERE _file_name = $n"
    return con.execute(f"SELECT count(*) FROM raw.{table}{where}", {"n": name} if name else {}).fetchone()[0]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    tables = con.execute(
        "SELECT table_schema || '.' || table_name FROM information_schema.tables "
        "WHERE table_schema IN ('raw', 'intake') ORDER BY 1"
    ).fetchall()
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall())) for (t,) in tables}


def bad_rows(key: str, period: str, column: str, value: str, n: int = 3, seed: int = 0) -> list[dict]:
    rows = contract_rows(key, period, n=n, seed=seed)
    rows[1][column] = value
    return rows


def test_every_feed_loads_and_a_second_run_changes_nothing(con, home: Home) -> None:
    for spec in ALL_SPECS.values():
        period = "2024" if spec.feed == "population" else "2025Q3"
        write_file(home.landing, spec.feed, spec.entity, period, n=4, mtime=ON_TIME)
    result = intake(con, home)
    assert result.counts["ACCEPTED"] == len(ALL_SPECS) and result.submissions_changed
    assert (
        result.changed_raw_tables
        == set(RAW_TABLES)
        == {
            "police__cases",
            "police__victims",
            "police__suspects",
            "border__victims",
            "social__victims",
            "consular__victims",
            "procuracy__defendants",
            "court__defendants",
            "population",
        }
    )
    rows = subs(con)
    victims = rows["police_victims_2025Q3.csv"]
    assert (victims["feed"], victims["entity"], victims["period"], victims["version"]) == (
        "police",
        "victims",
        "2025Q3",
        1,
    )
    assert victims["due_date"] == date(2025, 10, 30) and victims["on_time"] is True
    assert victims["received_at"] == ON_TIME.replace(tzinfo=None)
    assert victims["stored_path"] == "archive/police/police_victims_2025Q3.csv"
    assert raw_count(con, "police__victims") == 4 == victims["rows"]
    population = rows["population_2024.csv"]
    assert (population["feed"], population["period"], population["due_date"], population["on_time"]) == (
        "population",
        "2024",
        None,
        None,
    )
    assert raw_count(con, "population") == 136

    before = snapshot(con)
    again = intake(con, home, "run-2")
    assert not again.submissions_changed and not again.changed_raw_tables and not again.changed
    assert again.new_submissions == [] and len(again.already_registered) == len(ALL_SPECS)
    assert snapshot(con) == before
    assert result.counts["ACCEPTED"] == 9 and "police__victims" in result.changed_raw_tables


def test_bad_name_is_rejected_not_ignored(con, home: Home) -> None:
    write_file(home.landing, "police", "victims", "2025Q3", name="police_victims_2025Q3.xlsx")
    write_file(home.landing, "police", "victims", "2025Q3", name="Police victims Q3.csv")
    result = intake(con, home)
    rows = subs(con)
    assert result.counts["REJECTED"] == 2
    wrong_ext = rows["police_victims_2025Q3.xlsx"]
    assert wrong_ext["status"] == "REJECTED" and "must be .csv" in wrong_ext["reason"]
    assert (wrong_ext["feed"], wrong_ext["period"], wrong_ext["due_date"]) == ("police", "2025Q3", None)
    assert rows["Police victims Q3.csv"]["feed"] is None
    assert rows["Police victims Q3.csv"]["stored_path"].startswith("quarantine/")
    assert raw_count(con, "police__victims") == 0 and not result.changed_raw_tables


def test_same_bytes_again_is_a_duplicate_and_changes_nothing(con, home: Home) -> None:
    first = write_file(home.landing, "police", "cases", "2025Q3", mtime=ON_TIME)
    shutil.copyfile(first, home.landing / "police_cases_2025Q3_v2.csv")  # same run
    intake(con, home)
    later = home.landing / "later"
    later.mkdir()
    shutil.copyfile(first, later / "police_cases_2025Q4.csv")
    first.unlink()
    (home.landing / "police_cases_2025Q3_v2.csv").unlink()
    shutil.move(later / "police_cases_2025Q4.csv", home.landing / "police_cases_2025Q4.csv")
    later.rmdir()
    result = intake(con, home, "run-2")  # a later run, after the first files were filed away
    rows = subs(con)
    assert rows["police_cases_2025Q3_v2.csv"]["status"] == "DUPLICATE"
    assert rows["police_cases_2025Q3_v2.csv"]["reason"] == "same bytes as police_cases_2025Q3.csv"
    assert rows["police_cases_2025Q4.csv"]["status"] == "DUPLICATE"
    assert rows["police_cases_2025Q3.csv"]["status"] == "ACCEPTED"
    assert raw_count(con, "police__cases") == 3 and not result.changed_raw_tables


def test_same_name_other_bytes_after_acceptance_is_rejected(con, home: Home) -> None:
    path = write_file(home.landing, "police", "suspects", "2025Q3", seed=1)
    intake(con, home)
    path.unlink()
    write_file(home.landing, "police", "suspects", "2025Q3", seed=2)
    intake(con, home, "run-2")
    rows = con.execute(
        "SELECT status, reason FROM intake.submissions WHERE file_name = 'police_suspects_2025Q3.csv' "
        "ORDER BY registered_at, run_id"
    ).fetchall()
    assert [s for s, _ in rows] == ["ACCEPTED", "REJECTED"]
    assert "a correction must carry a higher version" in rows[1][1]
    assert raw_count(con, "police__suspects") == 3


def test_unfinished_quarter_and_future_population_year_are_rejected(con, home: Home) -> None:
    write_file(home.landing, "court", "defendants", "2026Q1")
    write_file(home.landing, "population", "population", "2027")
    write_file(home.landing, "court", "defendants", "2025Q4")
    intake(con, home)
    rows = subs(con)
    assert rows["court_defendants_2026Q1.jsonl"]["status"] == "REJECTED"
    assert "has not ended" in rows["court_defendants_2026Q1.jsonl"]["reason"]
    assert rows["population_2027.csv"]["status"] == "REJECTED"
    assert rows["court_defendants_2025Q4.jsonl"]["status"] == "ACCEPTED"


def test_correction_supersedes_and_both_versions_keep_their_rows(con, home: Home) -> None:
    write_file(home.landing, "social", "victims", "2025Q3", n=3, mtime=ON_TIME)
    write_file(home.landing, "social", "victims", "2025Q3", version=2, n=5, seed=1)
    result = intake(con, home)
    rows = subs(con)
    assert rows["social_victims_2025Q3.csv"]["status"] == "SUPERSEDED"
    assert "superseded by social_victims_2025Q3_v2.csv" in rows["social_victims_2025Q3.csv"]["reason"]
    assert rows["social_victims_2025Q3_v2.csv"]["status"] == "ACCEPTED"
    assert [r["status"] for r in result.new_submissions] == ["SUPERSEDED", "ACCEPTED"]  # final states
    assert raw_count(con, "social__victims") == 8
    assert result.changed_raw_tables == {"social__victims"}


def test_lower_version_never_replaces_the_version_in_force(con, home: Home) -> None:
    write_file(home.landing, "consular", "victims", "2025Q3", version=2, seed=2)
    intake(con, home)
    write_file(home.landing, "consular", "victims", "2025Q3", seed=1)  # v1 arrives late, valid
    write_file(home.landing, "consular", "victims", "2025Q2", version=1, seed=1)  # other slot
    bad = bad_rows("consular__victims", "2025Q3", "sex", "X", seed=3)
    write_file(home.landing, "consular", "victims", "2025Q3", rows=bad, name="consular_victims_2025Q3_v1.csv")
    intake(con, home, "run-2")
    rows = subs(con)
    assert rows["consular_victims_2025Q3_v2.csv"]["status"] == "ACCEPTED"
    assert rows["consular_victims_2025Q3.csv"]["status"] == "SUPERSEDED"
    assert rows["consular_victims_2025Q3.csv"]["reason"] == "older than version in force v2"
    assert rows["consular_victims_2025Q3_v1.csv"]["status"] == "REJECTED"
    assert rows["consular_victims_2025Q2.csv"]["status"] == "ACCEPTED"


def test_version_gap_is_accepted_and_noted(con, home: Home) -> None:
    write_file(home.landing, "procuracy", "defendants", "2025Q3", version=3)
    intake(con, home)
    row = subs(con)["procuracy_defendants_2025Q3_v3.csv"]
    assert row["status"] == "ACCEPTED" and row["version"] == 3
    assert row["reason"] == "version gap: v1, v2 never received"


def test_failing_file_adds_zero_rows_and_leaves_the_version_in_force(con, home: Home) -> None:
    write_file(home.landing, "police", "victims", "2025Q3", n=3)
    rows_v2 = bad_rows("police__victims", "2025Q3", "identified_date", "2025-12-01", n=4, seed=1)
    write_file(home.landing, "police", "victims", "2025Q3", version=2, rows=rows_v2)
    result = intake(con, home)
    rows = subs(con)
    v2 = rows["police_victims_2025Q3_v2.csv"]
    assert v2["status"] == "REJECTED" and v2["stored_path"].startswith("quarantine/")
    assert "in column identified_date" in v2["reason"] and "2025-12-01" not in v2["reason"]
    assert rows["police_victims_2025Q3.csv"]["status"] == "ACCEPTED"
    assert raw_count(con, "police__victims", "police_victims_2025Q3_v2.csv") == 0
    assert raw_count(con, "police__victims") == 3
    findings = con.execute(
        "SELECT column_name, rule FROM intake.rejections WHERE file_name = 'police_victims_2025Q3_v2.csv'"
    ).fetchall()
    assert findings and all(c == "identified_date" for c, _ in findings if c)
    assert result.counts == {"ACCEPTED": 1, "REJECTED": 1, "SUPERSEDED": 0, "DUPLICATE": 0}
    new = {row["file_name"]: row for row in result.new_submissions}
    assert "identified_date" in new["police_victims_2025Q3_v2.csv"]["reason"]
    assert "2025-12-01" not in str(result.new_submissions)


def test_correction_of_a_rejected_file_is_accepted(con, home: Home) -> None:
    bad = bad_rows("police__cases", "2025Q3", "article", "999")
    path = write_file(home.landing, "police", "cases", "2025Q3", rows=bad)
    intake(con, home)
    assert subs(con)["police_cases_2025Q3.csv"]["status"] == "REJECTED"
    path.unlink()
    write_file(home.landing, "police", "cases", "2025Q3")  # fixed, same name: the first was never accepted
    write_file(
        home.landing,
        "police",
        "cases",
        "2025Q2",
        version=2,
        rows=bad_rows("police__cases", "2025Q2", "article", "999"),
    )
    intake(con, home, "run-2")
    statuses = con.execute(
        "SELECT file_name, status FROM intake.submissions ORDER BY registered_at, run_id, file_name"
    ).fetchall()
    assert ("police_cases_2025Q3.csv", "ACCEPTED") in statuses
    assert ("police_cases_2025Q3.csv", "REJECTED") in statuses
    assert raw_count(con, "police__cases") == 3


def test_late_file_is_processed_and_marked_by_the_date_in_viet_nam(con, home: Home) -> None:
    # due 2025-10-30: 16:59 UTC that day is still the 30th in Viet Nam, 17:00 UTC is the 31st.
    write_file(home.landing, "border", "victims", "2025Q3", mtime=datetime(2025, 10, 30, 16, 59, tzinfo=UTC))
    write_file(home.landing, "police", "victims", "2025Q3", mtime=datetime(2025, 10, 30, 17, 0, tzinfo=UTC))
    intake(con, home)
    rows = subs(con)
    assert rows["border_victims_2025Q3.xlsx"]["on_time"] is True
    assert rows["police_victims_2025Q3.csv"]["on_time"] is False
    assert rows["police_victims_2025Q3.csv"]["status"] == "ACCEPTED"


def test_quarter_that_ended_in_viet_nam_but_not_in_utc_is_accepted(con, home: Home) -> None:
    write_file(home.landing, "police", "cases", "2025Q4")
    intake(con, home, now=datetime(2025, 12, 31, 17, 30, tzinfo=UTC))  # 2026-01-01 00:30 in Viet Nam
    assert subs(con)["police_cases_2025Q4.csv"]["status"] == "ACCEPTED"


def test_header_only_files_count_for_each_quarter(con, home: Home) -> None:
    write_file(home.landing, "court", "defendants", "2025Q2", rows=[])
    write_file(home.landing, "court", "defendants", "2025Q3", rows=[])
    assert (home.landing / file_name("court", "defendants", "2025Q3")).read_bytes() == b""
    write_file(home.landing, "police", "suspects", "2025Q2", rows=[])
    write_file(home.landing, "police", "suspects", "2025Q3", rows=[])
    intake(con, home)
    rows = subs(con)
    assert rows["police_suspects_2025Q2.csv"]["status"] == "ACCEPTED"
    assert rows["police_suspects_2025Q3.csv"]["status"] == "ACCEPTED"
    assert rows["police_suspects_2025Q3.csv"]["rows"] == 0


def test_intake_tables_build_in_dbt_and_status_reads_the_marts(con, home: Home, tmp_path: Path) -> None:
    """The real dbt models read intake.submissions as written here; `tipstat status` shows them."""
    from rich.console import Console

    from tipstat.intake.status import status_report
    from tipstat.settings import DBT_PROJECT_DIR, child_env, dbt_env

    write_file(home.landing, "police", "victims", "2025Q3", mtime=ON_TIME)
    write_file(
        home.landing, "police", "victims", "2025Q4", rows=bad_rows("police__victims", "2025Q4", "sex", "X")
    )
    write_file(home.landing, "border", "victims", "2025Q3", mtime=datetime(2025, 11, 20, tzinfo=UTC))
    intake(con, home)
    con.execute("CHECKPOINT")
    con.close()
    dbt = Path(sys.executable).with_name("dbt")
    env = child_env(dbt_env(home.work_warehouse))
    done = subprocess.run(
        [
            str(dbt),
            "build",
            "--select",
            "+completeness",
            "+submissions",
            "--vars",
            '{"as_of_date": "2026-01-15"}',
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    with duckdb.connect(str(home.work_warehouse), read_only=True) as ro, open(os.devnull, "w") as sink:
        status = dict(
            ro.execute(
                "SELECT feed || '_' || entity || '_' || period, status FROM reporting.completeness"
            ).fetchall()
        )
        console = Console(width=220, record=True, file=sink)
        console.print(status_report(ro))
    assert status["police_victims_2025Q3"] == "ON_TIME" and status["border_victims_2025Q3"] == "LATE"
    assert status["police_victims_2025Q4"] == "REJECTED" and status["social_victims_2025Q3"] == "MISSING"
    text = console.export_text()
    assert "Completeness by feed" in text and "police_victims_2025Q4.csv" in text
    assert "code_list:sex in column sex" in text


def test_rejection_reason_groups_findings_by_rule_and_column() -> None:
    findings = [
        FindingRow(r, "recruitment_channel", "code_list:recruitment_channel", "not in list")
        for r in (4, 2, 3, 9)
    ]
    findings += [FindingRow(None, "recruitment_channel", "code_list:recruitment_channel", "82 rows in total")]
    findings += [FindingRow(66, "case_ref", "personal_data", "looks like an ID number")]
    findings += [
        FindingRow(None, None, "columns:exact_set", "missing: x"),
        FindingRow(5, "sex", "code_list:sex", ""),
    ]
    reason = summarize_findings(findings, {"code_list:recruitment_channel": 82, "personal_data": 1})
    assert reason == (
        "code_list:recruitment_channel in column recruitment_channel at rows 2, 3, 4 (82 rows); "
        "personal_data in column case_ref at row 66; columns:exact_set: missing: x; and 1 more rule(s)"
    )
    assert summarize_findings([]) == "failed validation"
