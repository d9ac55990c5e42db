"""Reading landing files: what parses (into NFC-trimmed text), and what is a ParseError."""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pyarrow as pa
import pytest

from tests.intake.builders import contract_rows, render_bytes, write_file
from tipstat.contract import ALL_SPECS, FILE_SPECS
from tipstat.intake.readers import MAX_FIELD_CHARS, ROW_NUMBER, ParseError, read_file

POLICE = FILE_SPECS["police__victims"]
SOCIAL = FILE_SPECS["social__victims"]
CONSULAR = FILE_SPECS["consular__victims"]
COURT = FILE_SPECS["court__defendants"]
BORDER = FILE_SPECS["border__victims"]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _csv(spec_key: str = "police__victims", n: int = 3) -> bytes:
    spec = ALL_SPECS[spec_key]
    return render_bytes(spec, contract_rows(spec_key, "2025Q3", n=n))


def _parse_error(path: Path, spec) -> ParseError:
    with pytest.raises(ParseError) as info:
        read_file(path, spec)
    return info.value


# ---------------------------------------------------------------- what parses
@pytest.mark.parametrize("key", [k for k, s in ALL_SPECS.items()])
def test_every_contract_file_reads_with_row_numbers(tmp_path: Path, key: str) -> None:
    spec = ALL_SPECS[key]
    period = "2025" if spec.feed == "population" else "2025Q3"
    rows = contract_rows(key, period, n=4)
    path = write_file(tmp_path, spec.feed, spec.entity, period, rows=rows)
    table = read_file(path, spec)
    assert set(table.column_names) == {*spec.header, ROW_NUMBER}
    assert table.num_rows == len(rows)
    first = 1 if spec.ext == "jsonl" else 2
    assert table.column(ROW_NUMBER).to_pylist() == list(range(first, first + len(rows)))
    assert table.schema.field(ROW_NUMBER).type == pa.int64()
    assert all(table.schema.field(c).type == pa.string() for c in spec.header)
    key_col = spec.header[0]
    assert table.column(key_col).to_pylist() == [r[key_col] for r in rows]


def test_crlf_and_lf_read_the_same(tmp_path: Path) -> None:
    data = _csv()
    assert b"\r\n" in data
    crlf = read_file(_write(tmp_path, "a.csv", data), POLICE)
    lf = read_file(_write(tmp_path, "b.csv", data.replace(b"\r\n", b"\n")), POLICE)
    assert crlf.equals(lf)


def test_nfd_headers_and_values_are_nfc_and_trimmed(tmp_path: Path) -> None:
    rows = contract_rows("social__victims", "2025Q3", n=2)
    text = render_bytes(SOCIAL, rows).decode("utf-8")
    nfd = unicodedata.normalize("NFD", text).replace(";", " ; ")  # spaces around every field
    assert nfd != text
    table = read_file(_write(tmp_path, "s.csv", nfd.encode("utf-8")), SOCIAL)
    assert set(table.column_names) == {*SOCIAL.header, ROW_NUMBER}
    status = table.column("Tình trạng").to_pylist()
    assert status == [r["Tình trạng"] for r in rows]
    assert all(unicodedata.is_normalized("NFC", s) for s in status)


def test_empty_values_become_null(tmp_path: Path) -> None:
    rows = contract_rows("police__victims", "2025Q3", n=1)
    rows[0]["sex"] = "   "
    rows[0]["nationality"] = ""
    table = read_file(_write(tmp_path, "p.csv", render_bytes(POLICE, rows)), POLICE)
    assert table.column("sex").to_pylist() == [None]
    assert table.column("nationality").to_pylist() == [None]


def test_header_only_is_an_empty_quarter(tmp_path: Path) -> None:
    for name, data in {"lf.csv": b"", "crlf.csv": b"\r\n", "none.csv": None}.items():
        header = ",".join(POLICE.header).encode()
        body = header + data if data is not None else header
        table = read_file(_write(tmp_path, name, body), POLICE)
        assert table.num_rows == 0
        assert set(table.column_names) == {*POLICE.header, ROW_NUMBER}


def test_bom_required_for_consular_tolerated_elsewhere(tmp_path: Path) -> None:
    with_bom = _csv("consular__victims")
    assert with_bom.startswith(b"\xef\xbb\xbf")
    assert read_file(_write(tmp_path, "c.csv", with_bom), CONSULAR).num_rows == 3
    error = _parse_error(_write(tmp_path, "c2.csv", with_bom[3:]), CONSULAR)
    assert "byte-order mark" in str(error)
    police = read_file(_write(tmp_path, "p.csv", b"\xef\xbb\xbf" + _csv()), POLICE)
    assert "record_id" in police.column_names


def test_jsonl_values_become_text(tmp_path: Path) -> None:
    rows = contract_rows("court__defendants", "2025Q3", n=1)
    obj = {h: rows[0][h] for h in COURT.header}
    obj |= {"birth_year": 1990, "sentence_months": 36, "verdict": "CONVICTED", "nationality": None, "sex": ""}
    data = (json.dumps(obj) + "\r\n" + json.dumps(obj | {"sentence_months": None}) + "\n\n").encode()
    table = read_file(_write(tmp_path, "c.jsonl", data), COURT)
    assert table.column("birth_year").to_pylist() == ["1990", "1990"]
    assert table.column("sentence_months").to_pylist() == ["36", None]
    assert table.column("nationality").to_pylist() == [None, None]
    assert table.column("sex").to_pylist() == [None, None]
    assert table.column(ROW_NUMBER).to_pylist() == [1, 2]


def _xlsx(tmp_path: Path, name: str = "b.xlsx", **tweak) -> Path:
    from openpyxl import Workbook

    rows = contract_rows("border__victims", "2025Q3", n=2)
    wb = Workbook()
    ws = wb.active
    ws.title = tweak.get("title", "victims")
    ws.append(BORDER.header)
    for r in rows:
        cells: list[object] = [r[h] or None for h in BORDER.header]
        cells[BORDER.header.index("identified_date")] = dt.datetime(2025, 8, 4)
        cells[BORDER.header.index("birth_year")] = 1990.0
        cells[BORDER.header.index("repatriated")] = True
        ws.append(cells)
    if "formula" in tweak:
        ws["G3"] = "=1900+90"
    if "merge" in tweak:
        ws.merge_cells("A2:A3")
    if "second_sheet" in tweak:
        wb.create_sheet("notes")
    buf = io.BytesIO()
    wb.save(buf)
    return _write(tmp_path, name, buf.getvalue())


def test_xlsx_cells_become_contract_text(tmp_path: Path) -> None:
    table = read_file(_xlsx(tmp_path), BORDER)
    assert table.column("identified_date").to_pylist() == ["2025-08-04", "2025-08-04"]
    assert table.column("birth_year").to_pylist() == ["1990", "1990"]
    assert table.column("repatriated").to_pylist() == ["true", "true"]
    assert table.column(ROW_NUMBER).to_pylist() == [2, 3]


# ---------------------------------------------------------------- what is a ParseError
def _variants(tmp_path: Path) -> dict[str, tuple[Path, object, str, int | None]]:
    good = _csv()
    lines = good.split(b"\r\n")
    row2 = lines[1]
    header = lines[0]
    cp1258 = row2.replace(b"PV-", "Đ".encode("cp1258") + b"-", 1)  # 0xD0: not UTF-8
    obj = {h: "x" for h in COURT.header}
    return {
        "cp1258": (_write(tmp_path, "w.csv", header + b"\n" + row2 + b"\n" + cp1258), POLICE, "UTF-8", 3),
        "utf16": (_write(tmp_path, "u.csv", good.decode().encode("utf-16")), POLICE, "UTF-16", None),
        "utf16le_no_bom": (_write(tmp_path, "u2.csv", good.decode().encode("utf-16-le")), POLICE, "NUL", 1),
        "binary": (_write(tmp_path, "g.csv", bytes(range(256)) * 4), POLICE, "NUL", 1),
        "empty": (_write(tmp_path, "e.csv", b""), POLICE, "empty", None),
        "truncated": (_write(tmp_path, "t.csv", good.rstrip(b"\r\n")[:-20]), POLICE, "field(s)", 4),
        "stray_quote_open": (
            _write(tmp_path, "q.csv", header + b"\n" + b'"' + row2 + b"\n" + row2 + b"\n"),
            POLICE,
            "field(s)",
            2,
        ),
        "stray_quote_inside": (
            _write(tmp_path, "q2.csv", header + b"\n" + row2 + b"\n" + row2.replace(b"-", b'-"', 1) + b"\n"),
            POLICE,
            "double quote",
            3,
        ),
        "duplicate_header": (
            _write(tmp_path, "d.csv", header + b",sex\n" + row2 + b",F\n"),
            POLICE,
            "more than once",
            1,
        ),
        "extra_field": (_write(tmp_path, "x.csv", header + b"\n" + row2 + b",F\n"), POLICE, "field(s)", 2),
        "blank_line_inside": (_write(tmp_path, "b.csv", header + b"\n\n" + row2 + b"\n"), POLICE, "empty", 2),
        "huge_field": (
            _write(tmp_path, "h.csv", header + b"\n" + row2.replace(b"-", b"A" * MAX_FIELD_CHARS, 1) + b"\n"),
            POLICE,
            "longer than",
            2,
        ),
        "broken_json": (
            _write(tmp_path, "j.jsonl", (json.dumps(obj) + "\n" + json.dumps(obj)[:-4] + "\n").encode()),
            COURT,
            "not valid JSON",
            2,
        ),
        "json_not_object": (_write(tmp_path, "j2.jsonl", b'["a", 1]\n'), COURT, "not a JSON object", 1),
        "json_missing_key": (
            _write(tmp_path, "j3.jsonl", (json.dumps(obj) + "\n" + json.dumps(obj | {"x": 1})).encode()),
            COURT,
            "keys differ",
            2,
        ),
        "json_nested": (
            _write(tmp_path, "j4.jsonl", json.dumps(obj | {"verdict": ["CONVICTED"]}).encode()),
            COURT,
            "object or array",
            1,
        ),
        "corrupt_xlsx": (_write(tmp_path, "c.xlsx", b"PK\x03\x04 not a workbook"), BORDER, "XLSX", None),
        "truncated_xlsx": (
            _write(tmp_path, "c2.xlsx", _xlsx(tmp_path, "ok.xlsx").read_bytes()[:700]),
            BORDER,
            "XLSX",
            None,
        ),
        "wrong_sheet": (_xlsx(tmp_path, "s.xlsx", title="Sheet1"), BORDER, "exactly one sheet", None),
        "two_sheets": (_xlsx(tmp_path, "s2.xlsx", second_sheet=True), BORDER, "exactly one sheet", None),
        "formula": (_xlsx(tmp_path, "f.xlsx", formula=True), BORDER, "formula", 3),
        "merged": (_xlsx(tmp_path, "m.xlsx", merge=True), BORDER, "merged", 2),
    }


CASES = [
    "cp1258", "utf16", "utf16le_no_bom", "binary", "empty", "truncated", "stray_quote_open",
    "stray_quote_inside", "duplicate_header", "extra_field", "blank_line_inside", "huge_field",
    "broken_json", "json_not_object", "json_missing_key", "json_nested", "corrupt_xlsx",
    "truncated_xlsx", "wrong_sheet", "two_sheets", "formula", "merged",
]  # fmt: skip


@pytest.mark.parametrize("case", CASES)
def test_parse_errors_name_the_reason_and_row(tmp_path: Path, case: str) -> None:
    path, spec, reason, row = _variants(tmp_path)[case]
    error = _parse_error(path, spec)
    assert reason in str(error)
    assert error.row == row
    if row is not None:
        assert str(error).startswith(f"row {row}:")


def test_parse_error_never_quotes_the_file(tmp_path: Path) -> None:
    rows = contract_rows("police__victims", "2025Q3", n=2)
    rows[1]["sex"] = '"0912345678'
    lines = [",".join(POLICE.header)] + [",".join(r[h] or "" for h in POLICE.header) for r in rows]
    path = _write(tmp_path, "p.csv", ("\n".join(lines) + "\n").encode())
    error = _parse_error(path, POLICE)
    assert error.row == 3
    assert "0912345678" not in str(error)
    assert rows[1]["record_id"] not in str(error)
