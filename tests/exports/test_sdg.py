"""SDG 16.2.2 SDMX-CSV export, on the hand-written published warehouse (figures worked out by hand
from tests/exports/hand_warehouse.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import pytest
from pysdmx.io.csv.sdmx20.reader import read as read_sdmx_csv

from tests.exports.readers import (
    catalogue_cell,
    latest_year,
    release_catalogue,
    sdg_codes,
    sdmx_header,
    sdmx_rows,
    sdmx_values,
)
from tipstat.exports import ExportError, export_sdg
from tipstat.exports.audit import read_audit
from tipstat.exports.sdg import check_sdmx_csv
from tipstat.settings import Home

EXPECTED_HEADER = [
    "STRUCTURE",
    "STRUCTURE_ID",
    "ACTION",
    "FREQ",
    "REPORTING_TYPE",
    "SERIES",
    "REF_AREA",
    "SEX",
    "AGE",
    "TIME_PERIOD",
    "OBS_VALUE",
    "UNIT_MEASURE",
    "URBANISATION",
    "INCOME_WEALTH_QUANTILE",
    "EDUCATION_LEV",
    "OCCUPATION",
    "CUST_BREAKDOWN",
    "COMPOSITE_BREAKDOWN",
    "DISABILITY_STATUS",
    "ACTIVITY",
    "PRODUCT",
]
SERIES = ["VC_HTF_DETV", "VC_HTF_DETVSX", "VC_HTF_DETVFL", "VC_HTF_DETVOG", "VC_HTF_DETVOP"]


def test_exact_file_structure_and_codes(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "sdg.csv"
    result = export_sdg(hand_home, 2024, out, public=False, user="tester")
    assert sdmx_header(out) == EXPECTED_HEADER
    rows = sdmx_rows(out)
    # 5 series x 3 sexes x 3 ages, as counts and as rates (population known for every cell)
    assert len(rows) == 90 == result.observations
    for r in rows:
        assert r["STRUCTURE"] == "dataflow"
        assert r["STRUCTURE_ID"] == "IAEG-SDGs:DF_SDG_GLH(1.12)"
        assert (r["ACTION"], r["FREQ"], r["REPORTING_TYPE"], r["REF_AREA"], r["TIME_PERIOD"]) == (
            "I",
            "A",
            "N",
            "704",
            "2024",
        )
        assert r["SEX"] in {"F", "M", "_T"} and r["AGE"] in {"Y0T17", "Y_GE18", "_T"}
        assert all(r[d] == "_T" for d in EXPECTED_HEADER[12:])
        if r["SERIES"] in SERIES:
            assert r["UNIT_MEASURE"] == "NUMBER" and r["OBS_VALUE"].isdigit()
        else:
            assert r["SERIES"][:-1] in SERIES and r["SERIES"].endswith("R")
            assert r["UNIT_MEASURE"] == "PER_100000_POP"
            assert len(r["OBS_VALUE"].split(".")[1]) == 4
    # pysdmx reads it as one SDMX-CSV 2.0 dataset of the dataflow
    datasets = read_sdmx_csv(out.read_text(encoding="utf-8"))
    assert len(datasets) == 1 and datasets[0].short_urn == "Dataflow=IAEG-SDGs:DF_SDG_GLH(1.12)"
    assert len(datasets[0].data) == 90


def test_exact_figures_by_hand(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "sdg.csv"
    export_sdg(hand_home, 2024, out, public=False)
    v = sdmx_values(out)
    # confirmed 2024 victims: 12+3+7+20+2+1+6+4+5 = 60 (the 9 presumed and the 2023 row excluded)
    assert v[("VC_HTF_DETV", "_T", "_T")] == "60"
    assert v[("VC_HTF_DETV", "F", "_T")] == "28"  # 12+3+7+6
    assert v[("VC_HTF_DETV", "M", "_T")] == "28"  # 20+2+1+5
    assert v[("VC_HTF_DETV", "F", "Y0T17")] == "3"
    assert v[("VC_HTF_DETV", "_T", "Y0T17")] == "4"  # 3 girls + 1 boy
    assert v[("VC_HTF_DETV", "_T", "Y_GE18")] == "52"  # the 4 of unknown sex and age only in _T/_T
    assert v[("VC_HTF_DETVSX", "_T", "_T")] == "19"  # 12+3+4
    assert v[("VC_HTF_DETVFL", "M", "Y_GE18")] == "20"
    assert v[("VC_HTF_DETVOG", "_T", "_T")] == "5"  # organ removal
    assert v[("VC_HTF_DETVOP", "_T", "_T")] == "10"  # marriage 7 + criminality 2 + begging 1
    assert v[("VC_HTF_DETVOP", "M", "Y0T17")] == "1"
    # rates per 100,000: population F 50M, M 50M, F child 10M, M adult 39M, all 100M
    assert v[("VC_HTF_DETVR", "_T", "_T")] == "0.0600"
    assert v[("VC_HTF_DETVR", "F", "_T")] == "0.0560"
    assert v[("VC_HTF_DETVR", "F", "Y0T17")] == "0.0300"
    assert v[("VC_HTF_DETVFLR", "M", "Y_GE18")] == "0.0513"  # 20 / 39M x 100,000 = 0.05128...


def test_exact_matches_the_published_table(published_home: Home, tmp_path: Path) -> None:
    """Every count in the file is the published victims figure (also on the real pipeline)."""
    con = duckdb.connect(str(published_home.warehouse), read_only=True)
    try:
        year = con.execute("select max(year) from reporting.sdg_16_2_2 where victims > 0").fetchone()[0]
        table = {
            (s, x, a): (n, r)
            for s, x, a, n, r in con.execute(
                "select series, sex, age, victims, rate_per_100k from reporting.sdg_16_2_2 where year = ?",
                [year],
            ).fetchall()
        }
    finally:
        con.close()
    out = tmp_path / "sdg.csv"
    export_sdg(published_home, int(year), out, public=False)
    values = sdmx_values(out)
    for (series, sex, age), (victims, rate) in table.items():
        assert values[(series, sex, age)] == str(victims)
        if rate is not None:
            assert float(values[(f"{series}R", sex, age)]) == pytest.approx(round(rate, 4), abs=1e-9)


def test_public_file_is_the_catalogue(published_home: Home, tmp_path: Path) -> None:
    """Every count shown is the exact one and a published cell of the release's catalogue; every
    count left out is hidden there; no count from 1 to 4; a rate only beside its shown count."""
    year = latest_year(published_home)
    exact, public = tmp_path / "exact.csv", tmp_path / "public.csv"
    export_sdg(published_home, year, exact, public=False)
    result = export_sdg(published_home, year, public, public=True)
    ev, pv = sdmx_values(exact), sdmx_values(public)
    cat = release_catalogue(published_home)
    hidden = set()
    for key in (k for k in ev if k[0] in SERIES):
        value, flag = catalogue_cell(cat, "victims_form_sex_age", year, sdg_codes(key))
        if flag in ("P", "S"):
            hidden.add(key)
            assert key not in pv and (f"{key[0]}R", key[1], key[2]) not in pv, key
        else:
            assert pv[key] == ev[key] == str(value), key
            assert not 0 < int(pv[key]) < 5
    assert hidden, "the hand warehouse has small counts: something must be hidden"
    for key in pv:
        if key[0] not in SERIES:
            assert (key[0][:-1], key[1], key[2]) in pv  # a rate only beside its shown count
    assert result.suppressed == len(hidden)


def test_public_file_by_hand(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "public.csv"
    result = export_sdg(hand_home, 2024, out, public=True)
    pv = sdmx_values(out)
    # 3 girls: hidden, with their rate; the 60 victims in total stay, with their rate
    assert ("VC_HTF_DETV", "F", "Y0T17") not in pv and ("VC_HTF_DETVR", "F", "Y0T17") not in pv
    assert pv[("VC_HTF_DETV", "_T", "_T")] == "60"
    assert pv[("VC_HTF_DETVR", "_T", "_T")] == "0.0600"
    # the 1 boy (begging) is hidden in DETVOP and in DETV; 28 men and 52 adults stay
    assert ("VC_HTF_DETVOP", "M", "Y0T17") not in pv and ("VC_HTF_DETV", "M", "Y0T17") not in pv
    assert pv[("VC_HTF_DETV", "M", "_T")] == "28"
    assert pv[("VC_HTF_DETV", "_T", "Y_GE18")] == "52"
    assert pv[("VC_HTF_DETVR", "_T", "Y_GE18")] == f"{round(52 * 100000 / 79_000_000, 4):.4f}"
    assert result.suppressed > 0


def test_public_needs_a_public_release(hand_warehouse_only: Home, tmp_path: Path) -> None:
    out = tmp_path / "sdg.csv"
    with pytest.raises(ExportError, match="no release is public yet"):
        export_sdg(hand_warehouse_only, 2024, out, public=True)
    assert not out.exists()


def test_year_without_data_and_missing_warehouse(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "sdg.csv"
    with pytest.raises(ExportError, match="no published data for 2019"):
        export_sdg(hand_home, 2019, out, public=False)
    assert not out.exists()
    empty = Home.resolve(tmp_path / "nothing")
    with pytest.raises(ExportError, match="no published warehouse"):
        export_sdg(empty, 2024, out, public=False)
    assert not out.exists()
    assert read_audit(hand_home).empty


def test_structure_check_refuses_a_bad_file(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "sdg.csv"
    export_sdg(hand_home, 2024, out, public=False)
    good = out.read_text(encoding="utf-8")
    assert check_sdmx_csv(good, 2024, public=False, threshold=5) == 90
    bad_sex = good.replace(",704,F,", ",704,X,", 1)
    with pytest.raises(ExportError, match="SEX='X'"):
        check_sdmx_csv(bad_sex, 2024, public=False, threshold=5)
    with pytest.raises(ExportError, match="duplicate"):
        lines = good.splitlines()
        check_sdmx_csv("\n".join([*lines, lines[1]]) + "\n", 2024, public=False, threshold=5)
    with pytest.raises(ExportError, match="count below 5"):
        check_sdmx_csv(good, 2024, public=True, threshold=5)  # the exact file holds 3s and 1s
    with pytest.raises(ExportError, match="columns"):
        check_sdmx_csv(good.replace("UNIT_MEASURE", "UNIT", 1), 2024, public=False, threshold=5)


def test_audit_row(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "sdg.csv"
    result = export_sdg(hand_home, 2024, out, public=True, user="analyst1")
    audit = read_audit(hand_home)
    assert len(audit) == 1
    row = audit.iloc[0]
    assert row["kind"] == "sdg" and int(row["year"]) == 2024 and bool(row["public"])
    assert row["exported_by"] == "analyst1"
    assert row["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest() == result.sha256
    assert row["out_path"] == str(out.resolve())
    assert int(row["disclosure_threshold"]) == 5
    assert (hand_home.root / "audit.duckdb").exists()
    # the published warehouse was not written to
    con = duckdb.connect(str(hand_home.warehouse), read_only=True)
    try:
        schemas = {
            r[0] for r in con.execute("select schema_name from information_schema.schemata").fetchall()
        }
    finally:
        con.close()
    assert "audit" not in schemas
