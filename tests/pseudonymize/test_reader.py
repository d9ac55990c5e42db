"""Reading register extracts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tipstat.pseudonymize import PseudonymizeError
from tipstat.pseudonymize.reader import detect_delimiter, read_register


def test_delimiter_detection() -> None:
    assert detect_delimiter("a;b;c") == ";"
    assert detect_delimiter("a,b,c") == ","
    assert detect_delimiter('"x;y",b,c') == ","


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", False), (";", True), (",", True)])
def test_csv_comma_or_semicolon_with_or_without_bom(tmp_path: Path, delimiter: str, bom: bool) -> None:
    path = tmp_path / "r.csv"
    lines = [
        delimiter.join(["Mã hồ sơ", "b"]),
        delimiter.join(["XH-1", "2"]),
        "",
        delimiter.join(["XH-2", ""]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig" if bom else "utf-8")
    register = read_register(path)
    assert register.header == ["Mã hồ sơ", "b"]
    assert register.rows == [["XH-1", "2"], ["XH-2", ""]]
    assert register.row_numbers == [2, 4]


def test_short_rows_are_padded_and_long_rows_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("a,b,c\n1\n", encoding="utf-8")
    assert read_register(path).rows == [["1", "", ""]]
    path.write_text("a,b\n1,2,Nguyen Van A1\n", encoding="utf-8")
    with pytest.raises(PseudonymizeError, match="row 2") as info:
        read_register(path)
    assert "Nguyen" not in str(info.value)


def test_non_utf8_is_refused_without_quoting_bytes(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_bytes("a,name\n1,Nguyễn Văn A1\n".encode("cp1258", errors="replace") + b"\xff\xfe")
    with pytest.raises(PseudonymizeError, match="not UTF-8") as info:
        read_register(path)
    assert "Nguy" not in str(info.value) and info.value.__cause__ is None


def test_xlsx_keeps_cell_types(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["record_id", "identified_date", "national_id", None])
    sheet.append(["PV-1", datetime(2025, 7, 1), 1095001234, None])
    sheet.append([None, None, None, None])
    sheet.append(["PV-2", "01/07/2025", "001095001235", None])
    workbook.save(tmp_path / "r.xlsx")
    register = read_register(tmp_path / "r.xlsx")
    assert register.header == ["record_id", "identified_date", "national_id"]
    assert register.rows[0] == ["PV-1", datetime(2025, 7, 1), 1095001234]
    assert register.rows[1][1] == "01/07/2025"
    assert register.row_numbers == [2, 4]
    assert "1095001234" not in repr(register)


def test_other_formats_and_broken_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "r.ods").write_bytes(b"x")
    with pytest.raises(PseudonymizeError, match="only .csv and .xlsx"):
        read_register(tmp_path / "r.ods")
    (tmp_path / "r.xlsx").write_bytes(b"not a zip")
    with pytest.raises(PseudonymizeError, match="not a readable XLSX"):
        read_register(tmp_path / "r.xlsx")
    with pytest.raises(PseudonymizeError, match="not a file"):
        read_register(tmp_path / "absent.csv")
