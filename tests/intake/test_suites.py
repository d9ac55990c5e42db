"""The GX suites: in sync with contract.py, and each rule catching what it should (real GX runs)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from tests.intake.builders import contract_rows, render_bytes, write_file
from tipstat.contract import ALL_SPECS, PERSONAL_DATA_RAW_RE
from tipstat.intake import gx_suites, validation
from tipstat.intake.naming import parse_file_name
from tipstat.intake.readers import ROW_NUMBER
from tipstat.intake.validation import ValidationOutcome, validate_file

QUARTER = "2025Q3"


def _period(key: str) -> str:
    return "2025" if key.startswith("population") else QUARTER


def _validate(
    tmp_path: Path, key: str, rows: list[dict], header: list[str] | None = None
) -> ValidationOutcome:
    spec = ALL_SPECS[key]
    path = write_file(tmp_path, spec.feed, spec.entity, _period(key), rows=rows, header=header)
    return validate_file(path, parse_file_name(path.name))


def _rules(outcome: ValidationOutcome) -> set[str]:
    return {f.rule for f in outcome.findings}


def _rows_of(outcome: ValidationOutcome, rule: str) -> set[int | None]:
    return {f.row for f in outcome.findings if f.rule == rule}


# ---------------------------------------------------------------- suites on disk
@pytest.mark.parametrize("key", list(ALL_SPECS))
def test_suite_on_disk_matches_generator_and_loads_in_gx(key: str) -> None:
    import great_expectations as gx

    spec = ALL_SPECS[key]
    on_disk = gx_suites.suite_path(spec).read_text(encoding="utf-8")
    assert on_disk == gx_suites.render(spec), "run: python -m tipstat.intake.gx_suites"
    suite = gx.ExpectationSuite(**json.loads(on_disk))
    assert len(suite.expectations) == len(gx_suites.build_suite(spec)["expectations"])
    rules = {e["meta"]["rule"] for e in json.loads(on_disk)["expectations"]}
    assert "columns:exact_set" in rules
    assert ("personal_data" in rules) == (spec.feed != "population")


def test_suite_personal_data_regex_is_the_contracts() -> None:
    fast, slow = re.compile(gx_suites.personal_data_regex()), re.compile(PERSONAL_DATA_RAW_RE)
    samples = [
        "012345678", "012 345 678 901", "0912.345.678", "+84 912 345 678", "+84912345678",
        "0912-345-678", "09123456789", "12345678", "a@b", "VNM", "1990", "2025-07-03", "VA-2025-000001",
        "012\u00a0345\u00a0678", "0\t9\t1\t2\t3\t4\t5\t6\t7\t8", "１２３４５６７８９", "",
    ]  # fmt: skip
    for value in samples:
        assert bool(fast.search(value)) == bool(slow.search(value)), value
    # validation.py runs the regex in DuckDB (RE2) to derive `_<col>__personal_data`
    con = duckdb.connect()
    found = con.execute(
        "SELECT v, regexp_matches(v, $re) FROM unnest($values) AS t(v)",
        {"re": gx_suites.personal_data_regex(), "values": samples},
    ).fetchall()
    for value, matched in found:
        assert matched == bool(slow.search(value)), value
    assert len(found) == len(samples)


# ---------------------------------------------------------------- good files pass
@pytest.mark.parametrize("key", list(ALL_SPECS))
def test_contract_file_passes(tmp_path: Path, key: str) -> None:
    rows = contract_rows(key, _period(key), n=12)
    outcome = _validate(tmp_path, key, rows)
    assert outcome.findings == []
    assert outcome.ok
    assert outcome.rows == len(rows)
    assert outcome.table is not None
    assert outcome.table.column_names == [*ALL_SPECS[key].header, ROW_NUMBER]


def test_header_only_file_passes_with_zero_rows(tmp_path: Path) -> None:
    outcome = _validate(tmp_path, "police__cases", [])
    assert outcome.ok and outcome.rows == 0 and outcome.table is not None


# ---------------------------------------------------------------- bad files fail with the rule
# Each change breaks one rule in one row (row i of the list); every change of a file kind goes
# into the same file, so a file also shows that the rules don't fire on each other's rows.


def _set(**values: str | None):
    def change(row: dict, rows: list[dict]) -> None:
        row.update(values)

    return change


def _duplicate_of_first(column: str):
    def change(row: dict, rows: list[dict]) -> None:
        row[column] = rows[0][column]

    return change


def _copy_of_first(row: dict, rows: list[dict]) -> None:
    row.update(rows[0])


BAD: dict[str, list[tuple[object, str]]] = {
    "police__cases": [
        (_set(province="10", code_version="VN34"), "province_for_code_version"),  # Lào Cai's VN63 code
        (_set(opened_date="2025-06-30"), "in_quarter:opened_date"),
        (_set(recruitment_channel="PHONE"), "code_list:recruitment_channel"),
        (_set(case_ref="VA-25-1"), "pattern:case_ref"),
    ],
    "police__victims": [
        (_set(identified_date="2025-09-31"), "in_quarter:identified_date"),
        (_set(birth_year="2026"), "range:birth_year"),
        (_set(victim_status=""), "required:victim_status"),
        (_duplicate_of_first("record_id"), "unique:record_id"),
    ],
    "police__suspects": [
        (_set(article="152"), "code_list:article"),
        (_set(case_ref=None), "required:case_ref"),
    ],
    "border__victims": [
        (_set(repatriated="true", returned_from=""), "required_when_repatriated:returned_from"),
        (_set(sex="X"), "code_list:sex"),
    ],
    "social__victims": [
        (_set(**{"Tình trạng": "CONFIRMED"}), "code_list:victim_status"),
        (_set(**{"Ngày tiếp nhận": "2025-08-10", "Ngày bắt đầu hỗ trợ": "2025-08-09"}),
         "support_not_before_identified"),
        (_set(**{"Ngày bắt đầu hỗ trợ": "", "Dịch vụ hỗ trợ": "SHELTER"}), "services_without_support"),
        (_set(**{"Ngày bắt đầu hỗ trợ": "2025-09-30", "Dịch vụ hỗ trợ": "CASH|SPA"}), "code_list:services"),
        (_set(**{"Ngày bắt đầu hỗ trợ": "2025-11-31"}), "date:support_start_date"),
    ],
    "consular__victims": [
        (_set(identified_date="2025-07-03"), "in_quarter:identified_date"),  # ISO, not dd/mm/yyyy
        (_set(identified_date="01/10/2025"), "in_quarter:identified_date"),
        (_set(repatriated="true", returned_from="THA", repatriation_date=""),
         "required_when_repatriated:repatriation_date"),
        (_set(repatriation_date="31/02/2026"), "date:repatriation_date"),
    ],
    "procuracy__defendants": [
        (_set(event_date="2025-10-01"), "in_quarter:event_date"),
        (_set(person_key="ABC"), "pattern:person_key"),
    ],
    "court__defendants": [
        (_set(verdict="CONVICTED", sentence_months=""), "sentence_when_convicted:sentence_months"),
        (_set(verdict="ACQUITTED", sentence_months="12"), "sentence_unless_convicted:sentence_months"),
        (_set(verdict="CONVICTED", sentence_months="241"), "range:sentence_months"),
        (_set(verdict="GUILTY", sentence_months=""), "code_list:verdict"),
    ],
    "population__population": [
        (_set(year="2024"), "year:file_year"),
        (_set(province="10"), "province_for_code_version"),
        (_copy_of_first, "unique:province_sex_age_group"),
    ],
}  # fmt: skip


@pytest.mark.parametrize("key", list(BAD))
def test_bad_file_fails_with_each_rule_on_its_row(tmp_path: Path, key: str) -> None:
    changes = BAD[key]
    rows = contract_rows(key, _period(key), n=len(changes) + 2)
    for i, (change, _) in enumerate(changes, start=1):
        change(rows[i], rows)
    outcome = _validate(tmp_path, key, rows)
    assert not outcome.ok and outcome.table is None
    first = 1 if ALL_SPECS[key].ext == "jsonl" else 2
    expected: dict[str, set[int]] = {}
    for i, (_, rule) in enumerate(changes, start=1):
        expected.setdefault(rule, set()).add(first + i)
    for rule, rows_expected in expected.items():
        assert _rows_of(outcome, rule) == rows_expected, (rule, outcome.findings)


def test_population_needs_every_combination(tmp_path: Path) -> None:
    rows = contract_rows("population__population", "2025")
    rows.pop()
    outcome = _validate(tmp_path, "population__population", rows)
    assert _rules(outcome) == {"population:missing_combination"}
    assert outcome.counts["population:missing_combination"] == 1


def test_rows_across_chunks_are_numbered_and_uniqueness_spans_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(validation, "CHUNK_ROWS", 4)
    rows = contract_rows("police__victims", QUARTER, n=10)
    rows[8]["record_id"] = rows[1]["record_id"]  # the repeat lives in the third chunk
    rows[6]["sex"] = "Z"
    outcome = _validate(tmp_path, "police__victims", rows)
    assert _rows_of(outcome, "unique:record_id") == {10}
    assert _rows_of(outcome, "code_list:sex") == {8}
    assert "row 3" in next(f.message for f in outcome.findings if f.rule == "unique:record_id")


# ---------------------------------------------------------------- columns and parse failures
def test_wrong_column_set_names_the_columns(tmp_path: Path) -> None:
    key = "police__suspects"
    rows = contract_rows(key, QUARTER, n=2)
    header = [h for h in ALL_SPECS[key].header if h != "nationality"] + ["full_name"]
    for r in rows:
        r["full_name"] = "Synthetic Person"
    outcome = _validate(tmp_path, key, rows, header=header)
    assert _rules(outcome) == {"columns:exact_set"}
    message = outcome.findings[0].message
    assert "nationality" in message and "full_name" in message


def test_wrong_delimiter_is_a_column_set_finding(tmp_path: Path) -> None:
    spec = ALL_SPECS["social__victims"]
    data = render_bytes(spec, contract_rows(spec.key, QUARTER, n=2)).replace(b";", b",")
    path = tmp_path / "social_victims_2025Q3.csv"
    path.write_bytes(data)
    outcome = validate_file(path, parse_file_name(path.name))
    assert _rules(outcome) == {"columns:exact_set"}
    assert "delimiter" in outcome.findings[0].message


def test_parse_error_is_a_finding_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "police_cases_2025Q3.csv"
    path.write_bytes("case_ref\nĐ\n".encode("utf-16"))
    outcome = validate_file(path, parse_file_name(path.name))
    assert not outcome.ok and outcome.table is None
    assert [f.rule for f in outcome.findings] == ["parse"]
    assert "UTF-16" in outcome.findings[0].message


# ---------------------------------------------------------------- personal data
def test_personal_data_rejects_without_echoing_values(tmp_path: Path) -> None:
    key = "police__victims"
    rows = contract_rows(key, QUARTER, n=5)
    id_like, phone, mail = "0123 4567 8901", "+84 912 345 678", "someone@example.org"
    rows[1]["nationality"] = id_like
    rows[3]["exploitation_country"] = phone
    rows[4]["case_ref"] = mail
    outcome = _validate(tmp_path, key, rows)
    assert not outcome.ok
    hits = {(f.row, f.column) for f in outcome.findings if f.rule == "personal_data"}
    assert hits == {(3, "nationality"), (5, "exploitation_country"), (6, "case_ref")}
    text = repr(outcome.findings) + repr(outcome.counts)
    for secret in (id_like, phone, mail, "012345678901", "912345678", "example"):
        assert secret not in text


def test_population_is_exempt_from_personal_data(tmp_path: Path) -> None:
    rows = contract_rows("population__population", "2025")
    rows[0]["population"] = "123456789"  # a 9-digit figure is a plausible count, not an ID
    outcome = _validate(tmp_path, "population__population", rows)
    assert outcome.ok, outcome.findings


def test_findings_are_capped_with_a_count(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validation, "MAX_ROW_FINDINGS", 5)
    rows = contract_rows("police__suspects", QUARTER, n=30)
    for r in rows:
        r["sex"] = "U"
    outcome = _validate(tmp_path, "police__suspects", rows)
    row_findings = [f for f in outcome.findings if f.row is not None]
    assert len(row_findings) == 5
    assert outcome.counts["code_list:sex"] == 30
    summary = [f for f in outcome.findings if f.row is None and f.rule == "code_list:sex"]
    assert summary and "30 row(s)" in summary[0].message


# ---------------------------------------------------------------- per-file rules as derived columns
BAD_DATE = {"pattern:identified_date", "in_quarter:identified_date"}
EDGES: list[tuple[str, str, str | None, set[str]]] = [
    ("police__victims", "identified_date", "2025-07-01", set()),
    ("police__victims", "identified_date", "2025-09-30", set()),
    ("police__victims", "identified_date", "2025-10-01", {"in_quarter:identified_date"}),
    ("police__victims", "identified_date", "2025-7-01", BAD_DATE),
    ("police__victims", "identified_date", None, {"required:identified_date"}),
    ("consular__victims", "identified_date", "03/07/2025", set()),
    ("consular__victims", "identified_date", "3/07/2025", BAD_DATE),
    ("consular__victims", "identified_date", "31/09/2025", {"in_quarter:identified_date"}),
    ("police__victims", "birth_year", "2025", set()),
    ("police__victims", "birth_year", "1900", set()),
    ("police__victims", "birth_year", "1899", {"range:birth_year"}),
    ("police__victims", "birth_year", "abc", {"pattern:birth_year", "range:birth_year"}),
    ("police__victims", "birth_year", None, set()),
    ("court__defendants", "event_date", "2025-06-30", {"in_quarter:event_date"}),
    ("population__population", "year", "2024", {"year:file_year"}),
    ("population__population", "year", None, {"required:year"}),
]  # fmt: skip


@pytest.mark.parametrize(("key", "column", "value", "rules"), EDGES)
def test_per_file_rules_on_derived_columns(
    tmp_path: Path, key: str, column: str, value: str | None, rules: set[str]
) -> None:
    rows = contract_rows(key, _period(key), n=3)
    rows[1][column] = value
    outcome = _validate(tmp_path, key, rows)
    assert set(outcome.counts) == rules, outcome.findings
    assert all(f.row == (1 if ALL_SPECS[key].ext == "jsonl" else 2) + 1 for f in outcome.findings if f.row)
