"""The audit of disclosure.md on hand-made catalogues: known leaks are caught and named without
their values; a protected version of the same tables passes."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from tipstat.disclosure.catalogue import read_catalogue

SEX = {"codes": ["F", "M", "_U"], "aggregates": {"_T": ["F", "M", "_U"]}}
AGE = {"codes": ["CHILD", "ADULT", "_U"], "aggregates": {"_T": ["CHILD", "ADULT", "_U"]}}
QUARTER = {"codes": ["Q1", "Q2", "Q3", "Q4"], "aggregates": {"_T": ["Q1", "Q2", "Q3", "Q4"]}}


def _write(folder: Path, tables: dict[str, tuple[list[str], list[tuple]]]) -> Path:
    """tables: name -> (dims, rows of (codes..., value or None, flag)); one universe."""
    folder.mkdir()
    entries = []
    for name, (dims, rows) in tables.items():
        frame = pd.DataFrame(rows, columns=[*dims, "value", "flag"])
        frame["value"] = frame["value"].astype("Int64")
        frame.to_csv(folder / f"{name}.csv", index=False)
        entries.append(
            {
                "name": name,
                "title_vi": name,
                "title_en": name,
                "universe": "victims",
                "dims": dims,
                "file": f"{name}.csv",
            }
        )
    meta = {
        "release": "test",
        "method": "suppression",
        "threshold": 5,
        "max_perturbation": 0,
        "tables": entries,
        "codelists": {"sex": SEX, "age_group": AGE, "quarter": QUARTER},
    }
    (folder / "catalogue.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


def test_one_table_leak_named_without_value(tmp_path: Path) -> None:
    # F 10, M hidden (3), _U 0, total 13: M = 13 - 10 - 0
    rows = [(2025, "F", 10, ""), (2025, "M", None, "P"), (2025, "_U", 0, ""), (2025, "_T", 13, "")]
    report = read_catalogue(_write(tmp_path / "c", {"by_sex": (["year", "sex"], rows)})).audit()
    assert {str(f) for f in report.findings} == {
        "victims 2025: by_sex: sex=M",
        "victims 2025: hypercube: sex=M",
    }
    assert "3" not in str(report.findings[0]).replace("2025", "")


def test_leak_across_two_tables(tmp_path: Path) -> None:
    # by sex alone is protected (two hidden cells in its line) but the sex x age table gives
    # F = 6 + 0 + 0 and the total, so M (2) follows by subtraction across tables.
    by_sex = [(2025, "F", None, "S"), (2025, "M", None, "P"), (2025, "_U", 0, ""), (2025, "_T", 8, "")]
    by_sex_age = [
        (2025, s, a, v, f)
        for s, a, v, f in [
            ("F", "CHILD", 6, ""),
            ("F", "ADULT", 0, ""),
            ("F", "_U", 0, ""),
            ("F", "_T", 6, ""),
            ("M", "CHILD", None, "P"),
            ("M", "ADULT", 0, ""),
            ("M", "_U", 0, ""),
            ("M", "_T", None, "P"),
            ("_U", "CHILD", 0, ""),
            ("_U", "ADULT", 0, ""),
            ("_U", "_U", 0, ""),
            ("_U", "_T", 0, ""),
            ("_T", "CHILD", None, "S"),
            ("_T", "ADULT", 0, ""),
            ("_T", "_U", 0, ""),
            ("_T", "_T", None, "S"),
        ]
    ]
    folder = _write(
        tmp_path / "c",
        {"by_sex": (["year", "sex"], by_sex), "by_sex_age": (["year", "sex", "age_group"], by_sex_age)},
    )
    report = read_catalogue(folder).audit()
    where = {str(f) for f in report.findings}
    assert "victims 2025: by_sex: sex=M; by_sex_age: sex=M, age_group=_T" in where
    assert any("by_sex_age: sex=M, age_group=CHILD" in w for w in where)
    # each table alone is fine: the leak is only in the two together
    for name, dims, rows in (
        ("by_sex", ["year", "sex"], by_sex),
        ("by_sex_age", ["year", "sex", "age_group"], by_sex_age),
    ):
        alone = read_catalogue(_write(tmp_path / f"alone_{name}", {name: (dims, rows)})).audit()
        assert alone.clean, (name, [str(f) for f in alone.findings])


def test_hidden_pair_in_a_line_passes(tmp_path: Path) -> None:
    rows = [(2025, "F", None, "S"), (2025, "M", None, "P"), (2025, "_U", 0, ""), (2025, "_T", 13, "")]
    report = read_catalogue(_write(tmp_path / "c", {"by_sex": (["year", "sex"], rows)})).audit()
    assert report.clean
    assert report.lps >= 1


@pytest.mark.parametrize("shown", [[10, 1, 0, 11], [10, 0, 0, 12]])
def test_shown_small_count_or_inconsistent_catalogue_is_not_clean(tmp_path: Path, shown: list[int]) -> None:
    """A count of 1 shown is a disclosure; published cells that do not add up cannot be vouched for."""
    rows = [(2025, c, v, "") for c, v in zip(["F", "M", "_U", "_T"], shown, strict=True)]
    report = read_catalogue(_write(tmp_path / "c", {"by_sex": (["year", "sex"], rows)})).audit()
    assert not report.clean


def test_a_partial_year_adds_up_to_its_published_quarters(tmp_path: Path) -> None:
    """A release through Q3 has no Q4 row: the year's total is Q1 + Q2 + Q3, so a lone hidden
    quarter is worked back (the audit must not take the missing Q4 for an unknown); two hidden
    quarters pass."""
    leak = [(2026, "Q1", None, "P"), (2026, "Q2", 10, ""), (2026, "Q3", 12, ""), (2026, "_T", 25, "")]
    report = read_catalogue(_write(tmp_path / "leak", {"by_quarter": (["year", "quarter"], leak)})).audit()
    assert {str(f) for f in report.findings} >= {"victims 2026: by_quarter: quarter=Q1"}
    safe = [(2026, "Q1", None, "P"), (2026, "Q2", None, "S"), (2026, "Q3", 12, ""), (2026, "_T", 25, "")]
    assert (
        read_catalogue(_write(tmp_path / "safe", {"by_quarter": (["year", "quarter"], safe)})).audit().clean
    )
