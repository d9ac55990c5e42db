"""validate_files: many files, few GX calls, and for every file exactly what validating it alone gives."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from tests.intake.builders import contract_rows, set_mtime, write_file
from tipstat.contract import ALL_SPECS
from tipstat.intake import validation
from tipstat.intake.naming import parse_file_name
from tipstat.intake.pipeline import run_intake
from tipstat.intake.validation import ValidationOutcome, validate_file, validate_files
from tipstat.settings import Home

SECRETS = ("0123 4567 8901", "+84 912 345 678", "someone@example.org")


def _bad(key: str, period: str, n: int, seed: int, **changes: str | None) -> list[dict]:
    rows = contract_rows(key, period, n=n, seed=seed)
    for i, (column, value) in enumerate(changes.items(), start=1):
        rows[i % len(rows)][column] = value
    return rows


def _court() -> list[dict]:
    rows = contract_rows("court__defendants", "2025Q2", n=6, seed=8)
    rows[1].update(verdict="CONVICTED", sentence_months="241")
    rows[2]["event_date"] = "2025-09-01"
    return rows


def _landing(folder: Path) -> list[Path]:
    """Good and bad files of the same and of different feeds, in one folder."""
    paths = [
        write_file(folder, "police", "victims", "2025Q1", n=7, seed=1),
        write_file(
            folder,
            "police",
            "victims",
            "2025Q2",
            rows=_bad(
                "police__victims",
                "2025Q2",
                6,
                2,
                sex="X",
                identified_date="2025-07-01",
                birth_year="2026",
                nationality=SECRETS[0],
            ),
        ),
        write_file(folder, "police", "victims", "2025Q3", n=5, seed=3),
        write_file(
            folder,
            "police",
            "victims",
            "2025Q4",
            rows=_bad("police__victims", "2025Q4", 4, 4, identified_date="2025-02-30", birth_year="abc"),
        ),
        write_file(folder, "police", "victims", "2024Q4", rows=[]),  # header only
        write_file(folder, "consular", "victims", "2025Q3", n=6, seed=5),
        write_file(
            folder,
            "consular",
            "victims",
            "2025Q2",
            rows=_bad(
                "consular__victims",
                "2025Q2",
                5,
                6,
                identified_date="2025-05-03",  # ISO, not dd/mm/yyyy
                case_ref=SECRETS[2],
                exploitation_country=SECRETS[1],
            ),
        ),
        write_file(folder, "court", "defendants", "2025Q3", n=8, seed=7),
        write_file(folder, "court", "defendants", "2025Q2", rows=_court()),
        write_file(folder, "border", "victims", "2025Q3", n=4, seed=9),
        write_file(folder, "social", "victims", "2025Q3", n=5, seed=10),
        write_file(folder, "population", "population", "2025"),
    ]
    pop = contract_rows("population__population", "2024")
    pop[3]["year"] = "2023"
    pop.pop()
    paths.append(write_file(folder, "population", "population", "2024", rows=pop))
    dup = contract_rows("procuracy__defendants", "2025Q3", n=5, seed=11)
    dup[4]["record_id"] = dup[0]["record_id"]
    paths.append(write_file(folder, "procuracy", "defendants", "2025Q3", rows=dup))
    spec = ALL_SPECS["police__suspects"]
    extra = [*spec.header, "full_name"]
    rows = contract_rows("police__suspects", "2025Q3", n=3, seed=12)
    for r in rows:
        r["full_name"] = "Synthetic Person"
    paths.append(write_file(folder, "police", "suspects", "2025Q3", rows=rows, header=extra))
    broken = folder / "police_cases_2025Q3.csv"
    broken.write_bytes("case_ref\nĐ\n".encode("utf-16"))
    paths.append(broken)
    return paths


def _items(paths: list[Path]) -> list[tuple[Path, object]]:
    return [(p, parse_file_name(p.name)) for p in paths]


def _same(a: ValidationOutcome, b: ValidationOutcome) -> None:
    assert (a.ok, a.rows, a.counts) == (b.ok, b.rows, b.counts)
    assert a.findings == b.findings
    assert (a.table is None) == (b.table is None)
    if a.table is not None:
        assert a.table.equals(b.table)


def test_batch_gives_each_file_what_it_gets_alone(tmp_path: Path) -> None:
    paths = _landing(tmp_path)
    batch = validate_files(_items(paths))
    assert set(batch) == set(paths)
    for path in paths:
        _same(batch[path], validate_file(path, parse_file_name(path.name)))
    ok = {p.name for p in paths if batch[p].ok}
    assert ok == {
        "police_victims_2025Q1.csv",
        "police_victims_2025Q3.csv",
        "police_victims_2024Q4.csv",
        "consular_victims_2025Q3.csv",
        "court_defendants_2025Q3.jsonl",
        "border_victims_2025Q3.xlsx",
        "social_victims_2025Q3.csv",
        "population_2025.csv",
    }
    rules = {p.name: set(batch[p].counts) for p in paths if not batch[p].ok}
    assert rules["police_victims_2025Q2.csv"] >= {
        "code_list:sex",
        "in_quarter:identified_date",
        "range:birth_year",
        "personal_data",
    }
    assert rules["police_victims_2025Q4.csv"] == {
        "in_quarter:identified_date",
        "pattern:birth_year",
        "range:birth_year",
    }
    assert rules["consular_victims_2025Q2.csv"] >= {
        "in_quarter:identified_date",
        "personal_data",
        "pattern:case_ref",
    }
    assert rules["court_defendants_2025Q2.jsonl"] == {"range:sentence_months", "in_quarter:event_date"}
    assert rules["population_2024.csv"] == {"year:file_year", "population:missing_combination"}
    assert rules["procuracy_defendants_2025Q3.csv"] == {"unique:record_id"}
    assert rules["police_suspects_2025Q3.csv"] == {"columns:exact_set"}
    assert rules["police_cases_2025Q3.csv"] == {"parse"}


def test_a_bad_file_does_not_touch_the_good_ones(tmp_path: Path) -> None:
    good = [
        write_file(tmp_path, "police", "victims", "2025Q1", n=6, seed=1),
        write_file(tmp_path, "police", "victims", "2025Q3", n=6, seed=3),
    ]
    bad_rows = contract_rows("police__victims", "2025Q2", n=6, seed=1)
    bad_rows[0]["record_id"] = None  # required
    bad_rows[1]["record_id"] = contract_rows("police__victims", "2025Q1", n=6, seed=1)[0]["record_id"]
    bad_rows[2]["identified_date"] = "2025-01-15"  # a day of the good file's quarter, not its own
    bad = write_file(tmp_path, "police", "victims", "2025Q2", rows=bad_rows)
    together = validate_files(_items([good[0], bad, good[1]]))
    assert together[good[0]].ok and together[good[1]].ok
    assert not together[bad].ok
    assert {f.row for f in together[bad].findings if f.rule == "in_quarter:identified_date"} == {4}
    for path in good:
        _same(together[path], validate_file(path, parse_file_name(path.name)))


def test_findings_never_contain_values(tmp_path: Path) -> None:
    outcomes = validate_files(_items(_landing(tmp_path)))
    text = json.dumps(
        [[f.__dict__ for f in o.findings] for o in outcomes.values()] + [o.counts for o in outcomes.values()],
        ensure_ascii=False,
    )
    for secret in (*SECRETS, "012345678901", "912345678", "example", "Synthetic Person", "abc", "241"):
        assert secret not in text


@pytest.mark.parametrize("chunk_rows", [3, 7, 50])
def test_chunking_packs_and_splits_without_changing_outcomes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk_rows: int
) -> None:
    paths = _landing(tmp_path)
    alone = {p: validate_file(p, parse_file_name(p.name)) for p in paths}
    monkeypatch.setattr(validation, "CHUNK_ROWS", chunk_rows)
    batch = validate_files(_items(paths))
    for path in paths:
        _same(batch[path], alone[path])


def test_one_gx_pass_per_file_kind_and_a_second_only_for_what_failed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    first, second = validation._failing_rules, validation._run_suite
    monkeypatch.setattr(validation, "_failing_rules", lambda *a: calls.append("first") or first(*a))
    monkeypatch.setattr(validation, "_run_suite", lambda *a: calls.append("second") or second(*a))
    paths = [write_file(tmp_path, "police", "victims", f"2025Q{q}", n=5, seed=q) for q in (1, 2, 3)]
    paths += [write_file(tmp_path, "court", "defendants", f"2025Q{q}", n=5, seed=q) for q in (1, 2)]
    rows = contract_rows("procuracy__defendants", "2025Q1", n=4)
    rows[2]["article"] = "999"
    paths.append(write_file(tmp_path, "procuracy", "defendants", "2025Q1", rows=rows))
    outcomes = validate_files(_items(paths))
    assert calls.count("first") == 3 and calls.count("second") == 1
    assert [p.name for p in paths if not outcomes[p].ok] == ["procuracy_defendants_2025Q1.csv"]


def test_run_intake_validates_up_front_and_records_stage_timings(tmp_path: Path) -> None:
    home = Home(tmp_path / "home").ensure()
    landing_paths = _landing(home.landing)
    for path in landing_paths:  # all arrived before 2026
        set_mtime(path, datetime(2025, 12, 1, tzinfo=UTC))
    con = duckdb.connect(str(home.work_warehouse))
    try:
        result = run_intake(con, home, "run-1", datetime(2026, 1, 15, 3, 0, tzinfo=UTC))
        statuses = dict(con.execute("SELECT file_name, status FROM intake.submissions").fetchall())
    finally:
        con.close()
    assert result.counts["ACCEPTED"] == 8
    assert statuses["police_victims_2025Q2.csv"] == "REJECTED"
    assert statuses["police_victims_2025Q1.csv"] == "ACCEPTED"
    stages = json.loads((home.work_dir / "timings.json").read_text(encoding="utf-8"))
    assert {"registration", "validation", "load"} <= set(stages)
    assert not any((home.work_dir / "validated").rglob("*.arrow")), "spilled tables are removed once loaded"


def test_byte_bounded_batches_change_no_outcome(tmp_path: Path) -> None:
    """Memory is bounded by reading and validating a kind's files a few at a time."""
    paths = _landing(tmp_path)
    whole = validate_files(_items(paths))
    one_by_one = validate_files(_items(paths), batch_bytes=1)  # every file its own batch
    for path in paths:
        _same(one_by_one[path], whole[path])


def test_spilled_tables_load_back_equal(tmp_path: Path) -> None:
    paths = _landing(tmp_path / "landing")
    spill = tmp_path / "spill"
    spill.mkdir()
    in_memory = validate_files(_items(paths))
    spilled = validate_files(_items(paths), spill_dir=spill)
    for path in paths:
        a, b = in_memory[path], spilled[path]
        assert b.table is None
        assert (b.table_path is not None) == a.ok
        loaded = b.load_table()
        assert (loaded is None) == (a.table is None)
        if a.table is not None:
            assert loaded.equals(a.table)
        assert (a.ok, a.rows, a.counts, a.findings) == (b.ok, b.rows, b.counts, b.findings)
    assert len(list(spill.iterdir())) == sum(o.ok for o in in_memory.values())


def test_validation_in_two_processes_gives_the_same_outcomes(tmp_path: Path) -> None:
    from tipstat.intake.parallel import units, validate_in_parallel

    paths = _landing(tmp_path / "landing")
    items = _items(paths)
    work = units(items, batch_bytes=1)
    assert sorted(p for unit in work for p, _ in unit) == sorted(paths)
    assert all(len({n.spec.key for _, n in unit}) == 1 for unit in work)  # one kind per unit
    spill = tmp_path / "spill"
    spill.mkdir()
    parallel = validate_in_parallel(items, spill, workers=2)
    alone = validate_files(items)
    assert set(parallel) == set(paths)
    for path in paths:
        a, b = alone[path], parallel[path]
        assert (a.ok, a.rows, a.counts, a.findings) == (b.ok, b.rows, b.counts, b.findings)
        if a.table is not None:
            assert b.load_table().equals(a.table)
    names = sorted(p.name for p in spill.iterdir())
    assert len(names) == len(set(names)) == sum(o.ok for o in alone.values())  # no file overwrote another
