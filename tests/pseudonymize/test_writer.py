"""Each feed's output format, read back byte for byte where the contract fixes the bytes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

from tipstat.contract import FILE_SPECS
from tipstat.pseudonymize.writer import write_export

KEY = "a" * 64


def _row(spec_key: str) -> dict[str, str]:
    spec = FILE_SPECS[spec_key]
    return {c.name: f"v{i}" for i, c in enumerate(spec.columns)}


def test_police_csv_is_comma_utf8_without_bom(tmp_path: Path) -> None:
    spec = FILE_SPECS["police__victims"]
    path = tmp_path / "police_victims_2025Q3.csv"
    write_export(path, spec, [_row(spec.key)])
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert rows[0] == spec.header and rows[1] == [f"v{i}" for i in range(len(spec.header))]


def test_social_csv_is_semicolon_with_vietnamese_header(tmp_path: Path) -> None:
    spec = FILE_SPECS["social__victims"]
    path = tmp_path / "social_victims_2025Q3.csv"
    write_export(path, spec, [_row(spec.key)])
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == ";".join(spec.header) and first_line.startswith("Mã hồ sơ;Mã nạn nhân")


def test_consular_csv_has_a_bom(tmp_path: Path) -> None:
    spec = FILE_SPECS["consular__victims"]
    path = tmp_path / "consular_victims_2025Q3.csv"
    write_export(path, spec, [_row(spec.key)])
    assert path.read_bytes().startswith(b"\xef\xbb\xbfrecord_id,")


def test_border_xlsx_one_sheet_named_victims(tmp_path: Path) -> None:
    spec = FILE_SPECS["border__victims"]
    path = tmp_path / "border_victims_2025Q3.xlsx"
    row = _row(spec.key) | {"case_ref": ""}
    write_export(path, spec, [row])
    workbook = load_workbook(path, read_only=True)
    assert workbook.sheetnames == ["victims"]
    values = list(workbook["victims"].iter_rows(values_only=True))
    assert list(values[0]) == spec.header
    assert values[1][spec.header.index("case_ref")] is None
    assert values[1][0] == "v0"


def test_court_jsonl_has_every_key_and_null_for_missing(tmp_path: Path) -> None:
    spec = FILE_SPECS["court__defendants"]
    path = tmp_path / "court_defendants_2025Q3.jsonl"
    rows = [
        {"record_id": "TA-1", "person_key": KEY, "birth_year": "1990", "sentence_months": "36"},
        {"record_id": "TA-2", "person_key": "", "birth_year": "", "sentence_months": ""},
    ]
    write_export(path, spec, rows)
    objects = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [list(o) for o in objects] == [spec.header, spec.header]
    assert objects[0]["birth_year"] == 1990 and objects[0]["sentence_months"] == 36
    assert objects[1]["person_key"] is None and objects[1]["verdict"] is None
