"""`pseudonymize` end to end: synthetic register in, contract export out, validated by the warehouse."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from tests.pseudonymize.synthetic_register import (
    QUARTER,
    SyntheticRegister,
    file_texts,
    listing,
    make_register,
)
from tipstat.contract import FILE_SPECS, KEY_RE
from tipstat.intake.naming import Period, parse_file_name
from tipstat.intake.readers import read_file
from tipstat.intake.validation import validate_file
from tipstat.pseudonymize import PseudonymizeError, PseudonymizeResult, pseudonymize
from tipstat.pseudonymize.keys import load_key

FEEDS = [tuple(key.split("__")) for key in FILE_SPECS]


def _run(
    key_file: Path, register: SyntheticRegister, feed: str, entity: str, out: Path, **options: object
) -> PseudonymizeResult:
    source_dir = (out if out.is_dir() else out.parent).parent / "registers"
    source_dir.mkdir(exist_ok=True)
    source = register.write_csv(source_dir / f"{feed}_{entity}.csv")
    return pseudonymize(key_file, feed, entity, source, out, **options)  # type: ignore[arg-type]


def _assert_no_secrets(register: SyntheticRegister, *texts: str) -> None:
    for text in texts:
        for secret in register.secrets():
            assert secret not in text


def _key_of(key_file: Path, digits: str) -> str:
    return hmac.new(load_key(key_file), digits.encode("ascii"), hashlib.sha256).hexdigest()


@pytest.mark.parametrize(("feed", "entity"), FEEDS)
def test_every_feed_becomes_a_valid_export(key_file: Path, out_dir: Path, feed: str, entity: str) -> None:
    register = make_register(feed, entity, n=15)
    result = _run(key_file, register, feed, entity, out_dir)
    spec = FILE_SPECS[f"{feed}__{entity}"]

    assert result.out_path == out_dir / f"{feed}_{entity}_2025Q3.{spec.ext}"
    assert listing(out_dir) == [result.out_path.name]
    assert result.rows == 15 and result.bad_ids == 0 and result.empty_ids == 0
    outcome = validate_file(result.out_path, parse_file_name(result.out_path.name))
    assert outcome.ok, [(f.row, f.column, f.rule) for f in outcome.findings]
    assert outcome.rows == 15
    table = read_file(result.out_path, spec)
    assert [n for n in table.column_names if not n.startswith("_")] == spec.header
    if spec.entity != "cases":
        assert set(result.dropped_columns) == {"full_name", "national_id", "phone", "address"}
        key_name = next(c.name for c in spec.columns if c.kind == "key")
        keys = table.column(key_name).to_pylist()
        assert keys == [_key_of(key_file, i) for i in register.ids]
        assert all(re.fullmatch(KEY_RE, k) for k in keys)
    _assert_no_secrets(register, *file_texts(out_dir).values())


def test_same_person_same_key_in_victims_and_suspects(key_file: Path, tmp_path: Path) -> None:
    ids = [f"0010950012{i:02d}" for i in range(6)]
    victims = make_register("police", "victims", n=6, ids=ids)
    suspects = make_register("court", "defendants", n=6, seed=99, ids=list(reversed(ids)))
    social = make_register("social", "victims", n=6, seed=5, ids=[f"{i[:3]} {i[3:6]}.{i[6:]}" for i in ids])
    out = tmp_path / "out"
    out.mkdir()
    v = _run(key_file, victims, "police", "victims", out)
    s = _run(key_file, suspects, "court", "defendants", out)
    x = _run(key_file, social, "social", "victims", out)
    victim_keys = read_file(v.out_path, FILE_SPECS["police__victims"]).column("victim_key").to_pylist()
    person_keys = read_file(s.out_path, FILE_SPECS["court__defendants"]).column("person_key").to_pylist()
    social_keys = read_file(x.out_path, FILE_SPECS["social__victims"]).column("Mã nạn nhân").to_pylist()
    assert victim_keys == list(reversed(person_keys)) == social_keys
    assert len(set(victim_keys)) == 6


def test_another_national_key_gives_other_keys(key_file: Path, tmp_path: Path) -> None:
    from tipstat.pseudonymize import generate_key_file

    other = tmp_path / "other.key"
    generate_key_file(other)
    register = make_register("police", "suspects", n=3)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    first = _run(key_file, register, "police", "suspects", a)
    second = _run(other, register, "police", "suspects", b)
    spec = FILE_SPECS["police__suspects"]
    keys_a = read_file(first.out_path, spec).column("person_key").to_pylist()
    keys_b = read_file(second.out_path, spec).column("person_key").to_pylist()
    assert not set(keys_a) & set(keys_b)


def test_bad_and_empty_ids_are_counted_never_shown(
    key_file: Path, out_dir: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    ids = ["001095001234", "12345678901", "", "0010950012345", "001-095-001-299", "Nguyen Van Z9"]
    register = make_register("police", "victims", n=6, ids=ids)
    result = _run(key_file, register, "police", "victims", out_dir)
    assert (result.rows, result.bad_ids, result.empty_ids) == (6, 3, 1)
    keys = read_file(result.out_path, FILE_SPECS["police__victims"]).column("victim_key").to_pylist()
    assert keys[0] == _key_of(key_file, "001095001234")
    assert keys[4] == _key_of(key_file, "001095001299")
    assert keys[1] is None and keys[2] is None and keys[3] is None and keys[5] is None
    print(result.summary())
    captured = capsys.readouterr()
    assert "ID numbers not 12 digits (kept without a key): 3" in captured.out
    _assert_no_secrets(
        register, captured.out, captured.err, caplog.text, repr(result), *file_texts(out_dir).values()
    )


def test_key_file_readable_by_others_is_refused(key_file: Path, out_dir: Path) -> None:
    key_file.chmod(0o644)
    register = make_register("police", "victims", n=2)
    with pytest.raises(PseudonymizeError, match="mode 0644"):
        _run(key_file, register, "police", "victims", out_dir)
    assert listing(out_dir) == []


def test_a_rejected_export_raises_without_values_and_leaves_nothing(
    key_file: Path, out_dir: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    register = make_register("police", "victims", n=5)
    register.rows[2]["case_ref"] = register.phones[2]  # a phone number typed into a contract column
    register.rows[3]["sex"] = "X"
    with pytest.raises(PseudonymizeError) as info:
        _run(key_file, register, "police", "victims", out_dir)
    message = str(info.value)
    assert "row 4" in message and "case_ref" in message
    assert "row 5" in message and "sex" in message
    assert listing(out_dir) == []
    captured = capsys.readouterr()
    _assert_no_secrets(register, message, repr(info.value), captured.out, captured.err, caplog.text)


def test_social_register_with_vietnamese_headers_and_values(key_file: Path, out_dir: Path) -> None:
    spec = FILE_SPECS["social__victims"]
    register = make_register("social", "victims", n=6)
    to_vietnamese = {c.canonical: c.name for c in spec.columns}
    register.header = ["Họ và tên", "Số định danh", "Số điện thoại"] + [
        to_vietnamese.get(h, h) for h in register.header[3:]
    ]
    for i, row in enumerate(register.rows):
        renamed = {"Họ và tên": row.pop("full_name"), "Số định danh": row.pop("national_id")}
        renamed["Số điện thoại"] = row.pop("phone")
        renamed |= {to_vietnamese.get(k, k): v for k, v in row.items()}
        if i % 2:
            renamed["Tình trạng"] = "Nạn nhân" if renamed["Tình trạng"] == "CONFIRMED" else "Đang xác minh"
            renamed["Giới tính"] = {"F": "Nữ", "M": "Nam"}[str(renamed["Giới tính"])]
        renamed["Ngày tiếp nhận"] = date.fromisoformat(str(renamed["Ngày tiếp nhận"])).strftime("%d/%m/%Y")
        register.rows[i] = renamed
    source = register.write_csv(out_dir.parent / "register.csv", delimiter=";", bom=True)
    result = pseudonymize(key_file, "social", "victims", source, out_dir)
    table = read_file(result.out_path, spec)
    assert set(table.column("Tình trạng").to_pylist()) == {"Nạn nhân", "Đang xác minh"}
    assert set(table.column("Giới tính").to_pylist()) == {"Nữ", "Nam"}
    assert all(d.startswith("2025-") for d in table.column("Ngày tiếp nhận").to_pylist())
    assert set(result.dropped_columns) == {"Họ và tên", "Số định danh", "Số điện thoại", "address"}
    _assert_no_secrets(register, *file_texts(out_dir).values())


def test_xlsx_register_with_date_cells_and_number_ids(key_file: Path, out_dir: Path) -> None:
    ids = ["001095001234", "079195001235", "123456789012"]
    register = make_register("consular", "victims", n=3, ids=ids)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(register.header)
    for row in register.rows:
        cells = dict(row)
        cells["national_id"] = int(str(cells["national_id"]))  # Excel drops the leading zeros
        cells["identified_date"] = datetime.fromisoformat(str(cells["identified_date"]))
        cells["birth_year"] = float(str(cells["birth_year"]))
        sheet.append([cells[h] for h in register.header])
    workbook.save(out_dir.parent / "register.xlsx")
    result = pseudonymize(key_file, "consular", "victims", out_dir.parent / "register.xlsx", out_dir)
    assert result.bad_ids == 0
    table = read_file(result.out_path, FILE_SPECS["consular__victims"])
    assert table.column("victim_key").to_pylist() == [_key_of(key_file, i) for i in ids]
    assert table.column("identified_date").to_pylist()[0] == "01/07/2025"
    assert table.column("birth_year").to_pylist()[0] == "1980"
    assert result.out_path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_quarter_is_inferred_given_or_refused(key_file: Path, out_dir: Path) -> None:
    register = make_register("police", "suspects", n=4, quarter=Period(2024, 4))
    assert (
        _run(key_file, register, "police", "suspects", out_dir).out_path.name == "police_suspects_2024Q4.csv"
    )
    register.rows[0]["event_date"] = "2025-01-02"
    with pytest.raises(PseudonymizeError, match=r"several quarters \(2024Q4, 2025Q1\)"):
        _run(key_file, register, "police", "suspects", out_dir, version=2)
    register.rows[0]["event_date"] = "2024-12-31"
    result = _run(key_file, register, "police", "suspects", out_dir, quarter="2024Q4", version=2)
    assert result.out_path.name == "police_suspects_2024Q4_v2.csv"
    with pytest.raises(PseudonymizeError, match="not of the form"):
        _run(key_file, register, "police", "suspects", out_dir, quarter="2024-Q4")


def test_out_may_name_the_file(key_file: Path, out_dir: Path) -> None:
    register = make_register("procuracy", "defendants", n=3)
    target = out_dir / "procuracy_defendants_2025Q3_v3.csv"
    result = _run(key_file, register, "procuracy", "defendants", target)
    assert result.out_path == target and target.is_file()
    with pytest.raises(PseudonymizeError, match="already exists"):
        _run(key_file, register, "procuracy", "defendants", target)
    with pytest.raises(PseudonymizeError, match="not a procuracy_defendants file name"):
        _run(key_file, register, "procuracy", "defendants", out_dir / "court_defendants_2025Q3.jsonl")
    with pytest.raises(PseudonymizeError, match="does not follow"):
        _run(key_file, register, "procuracy", "defendants", out_dir / "export.csv")
    with pytest.raises(PseudonymizeError, match="does not match --quarter"):
        _run(
            key_file,
            register,
            "procuracy",
            "defendants",
            out_dir / "procuracy_defendants_2025Q4.csv",
            quarter="2025Q3",
        )
    assert listing(out_dir) == [target.name]


def test_unknown_feed_is_refused(key_file: Path, out_dir: Path) -> None:
    register = make_register("police", "victims", n=1)
    with pytest.raises(PseudonymizeError, match="unknown feed/entity 'border/suspects'"):
        _run(key_file, register, "border", "suspects", out_dir)


def test_the_intake_accepts_the_export(key_file: Path, tmp_path: Path) -> None:
    from tipstat.intake.pipeline import run_intake
    from tipstat.settings import Home

    home = Home.resolve(tmp_path / "home").ensure()
    registers = {
        ("police", "victims"): make_register("police", "victims", n=8),
        ("court", "defendants"): make_register("court", "defendants", n=8),
        ("border", "victims"): make_register("border", "victims", n=8),
    }
    for (feed, entity), register in registers.items():
        _run(key_file, register, feed, entity, home.landing)
    con = duckdb.connect(str(tmp_path / "work.duckdb"))
    try:
        now = datetime.combine(QUARTER.end + timedelta(days=10), datetime.min.time(), tzinfo=UTC)
        result = run_intake(con, home, "test-run", now)
        statuses = {r["file_name"]: r["status"] for r in result.new_submissions}
        assert statuses == {
            "police_victims_2025Q3.csv": "ACCEPTED",
            "court_defendants_2025Q3.jsonl": "ACCEPTED",
            "border_victims_2025Q3.xlsx": "ACCEPTED",
        }
        loaded = con.execute("SELECT count(*), count(victim_key) FROM raw.police__victims").fetchone()
        assert loaded == (8, 8)
    finally:
        con.close()


def test_an_empty_register_makes_an_empty_export_for_the_given_quarter(key_file: Path, out_dir: Path) -> None:
    register = make_register("police", "victims", n=0)
    with pytest.raises(PseudonymizeError, match="give --quarter"):
        _run(key_file, register, "police", "victims", out_dir)
    result = _run(key_file, register, "police", "victims", out_dir, quarter="2025Q3")
    assert result.rows == 0
    assert result.out_path.read_text(encoding="utf-8").splitlines() == [
        ",".join(FILE_SPECS["police__victims"].header)
    ]


def test_unnamed_and_optional_columns_are_reported_by_name(key_file: Path, out_dir: Path) -> None:
    register = make_register("police", "suspects", n=3)
    register.header = [h for h in register.header if h != "nationality"] + [""]
    for row in register.rows:
        row.pop("nationality")
        row[""] = "ghi chú"
    result = _run(key_file, register, "police", "suspects", out_dir)
    assert result.filled_columns == ("nationality",)
    assert result.dropped_columns[-1] == f"<column {len(register.header)}>"
    assert "nationality" in result.summary() and "ghi chú" not in result.summary()
