"""Loading: schema, one transaction per file, provenance, normalization, superseding."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tests.intake.builders import contract_rows, write_file
from tipstat.contract import FILE_SPECS, POPULATION_SPEC
from tipstat.intake.loading import FindingRow, record_submission, redact
from tipstat.intake.naming import parse_file_name
from tipstat.intake.tables import SubmissionRow, ensure_schema
from tipstat.intake.validation import validate_file

RAW_TABLES = {
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


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_schema(connection)
    yield connection
    connection.close()


def _submission(sid: str, name: str, status: str = "ACCEPTED", period: str = "2025Q3") -> SubmissionRow:
    return SubmissionRow(
        submission_id=sid,
        feed="social",
        entity="victims",
        period=period,
        version=1,
        file_name=name,
        sha256=sid * 4,
        received_at=datetime(2025, 10, 3, 2, 0),
        status=status,
        rows=2,
        due_date=date(2025, 10, 30),
        on_time=True,
        reason=None,
        size_bytes=100,
        mtime_ns=1,
        stored_path=f"archive/social/{name}",
        registered_at=datetime(2026, 1, 15),
        run_id="r1",
    )


def _social_table(rows: list[dict[str, str | None]]) -> pa.Table:
    spec = FILE_SPECS["social__victims"]
    data = {c: pa.array([r.get(c) for r in rows], pa.string()) for c in spec.header}
    data["_row_number"] = pa.array(range(2, len(rows) + 2), pa.int64())
    return pa.table(data)


def test_schema_has_every_raw_table_with_contract_headers_and_provenance(con) -> None:
    tables = {
        t
        for (t,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema='raw'"
        ).fetchall()
    }
    assert tables == RAW_TABLES
    cols = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema='raw' AND table_name='social__victims' ORDER BY ordinal_position"
    ).fetchall()
    assert [c for c, _ in cols] == [*FILE_SPECS["social__victims"].header] + [
        "_submission_id",
        "_file_name",
        "_sha256",
        "_row_number",
        "_loaded_at",
    ]
    assert "Mã hồ sơ" in [c for c, _ in cols]
    assert dict(cols)["_row_number"] == "BIGINT"
    pop = [
        c
        for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name='population' ORDER BY ordinal_position"
        ).fetchall()
    ]
    assert pop[:5] == POPULATION_SPEC.header
    ensure_schema(con)  # idempotent
    for table in ("submissions", "rejections"):
        assert con.execute(f"SELECT count(*) FROM intake.{table}").fetchone() == (0,)


def test_load_normalizes_text_and_records_provenance(con) -> None:
    rows = contract_rows("social__victims", "2025Q3", n=2)
    rows[0]["Giới tính"] = unicodedata.normalize("NFD", "Nữ")
    rows[0]["Quốc tịch"] = "  VNM "
    rows[1]["Số vụ án"] = ""
    record_submission(
        con,
        _submission("a" * 16, "social_victims_2025Q3.csv"),
        spec=FILE_SPECS["social__victims"],
        table=_social_table(rows),
    )
    got = con.execute(
        'SELECT "Giới tính", "Quốc tịch", "Số vụ án", _submission_id, _file_name, _row_number, _loaded_at '
        "FROM raw.social__victims ORDER BY _row_number"
    ).fetchall()
    assert got[0][0] == unicodedata.normalize("NFC", "Nữ") and got[0][1] == "VNM"
    assert got[1][2] is None
    assert [g[5] for g in got] == [2, 3]
    assert {g[3:5] for g in got} == {("a" * 16, "social_victims_2025Q3.csv")}
    assert got[0][6] == datetime(2026, 1, 15)


def test_a_load_that_fails_adds_zero_rows_anywhere(con) -> None:
    rows = contract_rows("social__victims", "2025Q3", n=3)
    broken = _social_table(rows).drop_columns(["Năm sinh"])  # a contract column missing: the load fails
    with pytest.raises((duckdb.Error, KeyError)):
        record_submission(
            con,
            _submission("b" * 16, "social_victims_2025Q3.csv"),
            spec=FILE_SPECS["social__victims"],
            table=broken,
        )
    for table in ("raw.social__victims", "intake.submissions", "intake.rejections"):
        assert con.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)


def test_accepting_supersedes_every_earlier_accepted_version_of_the_slot(con) -> None:
    spec = FILE_SPECS["social__victims"]
    table = _social_table(contract_rows("social__victims", "2025Q3", n=2))
    record_submission(con, _submission("1" * 16, "social_victims_2025Q3.csv"), spec=spec, table=table)
    record_submission(
        con, _submission("4" * 16, "social_victims_2025Q4.csv", period="2025Q4"), spec=spec, table=table
    )
    v2 = replace(_submission("2" * 16, "social_victims_2025Q3_v2.csv"), version=2)
    assert record_submission(con, v2, spec=spec, table=table) == [("1" * 16, "social_victims_2025Q3.csv")]
    status = dict(con.execute("SELECT file_name, status FROM intake.submissions").fetchall())
    assert status == {
        "social_victims_2025Q3.csv": "SUPERSEDED",
        "social_victims_2025Q3_v2.csv": "ACCEPTED",
        "social_victims_2025Q4.csv": "ACCEPTED",
    }
    # rows of the superseded file stay for traceability
    assert con.execute("SELECT count(*) FROM raw.social__victims").fetchone() == (6,)


def test_rejection_findings_are_stored_without_values(con) -> None:
    row = _submission("c" * 16, "social_victims_2025Q3.csv", status="REJECTED")
    findings = [
        FindingRow(5, "Mã hồ sơ", "pattern:record_id", "does not match the record id pattern"),
        FindingRow(7, None, "personal_data", "looks like a phone number: 090 123 4567 or a@b.vn"),
    ]
    record_submission(con, row, findings=findings)
    got = con.execute(
        "SELECT row_number, column_name, rule, message FROM intake.rejections ORDER BY 1"
    ).fetchall()
    assert got[0] == (5, "Mã hồ sơ", "pattern:record_id", "does not match the record id pattern")
    assert "4567" not in got[1][3] and "@" not in got[1][3]


def test_redact_keeps_rows_and_years_but_not_numbers_like_ids() -> None:
    assert redact("row 12, year 2025, column Năm sinh") == "row 12, year 2025, column Năm sinh"
    assert "123456789" not in (redact("value 123.456.789 here") or "").replace(".", "")
    assert redact("+84 912 345 678") == "[redacted]"


def test_validated_file_loads_with_sender_row_numbers(con, tmp_path: Path) -> None:
    path = write_file(tmp_path, "border", "victims", "2025Q3", n=4)
    file_name = parse_file_name(path.name)
    outcome = validate_file(path, file_name)
    assert outcome.ok, outcome.findings
    row = replace(_submission("d" * 16, path.name), feed="border", stored_path="archive/border/" + path.name)
    record_submission(con, row, spec=file_name.spec, table=outcome.table)
    got = con.execute(
        "SELECT _row_number, identified_date FROM raw.border__victims ORDER BY _row_number"
    ).fetchall()
    assert [r for r, _ in got] == [2, 3, 4, 5]
    assert all(date.fromisoformat(d) for _, d in got)  # XLSX date cells become yyyy-mm-dd text
