"""The UNODC Global Report and ASEAN workbooks, opened with openpyxl; expected figures are worked
out by hand from tests/exports/hand_warehouse.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.exports.catalogue_check import check_workbook
from tests.exports.readers import (
    all_cells,
    cover_fields,
    cover_tables,
    latest_year,
    release_catalogue,
    sheet_marks,
    table_block,
)
from tests.release_helpers import publish_all
from tipstat.exports import ExportError, export_asean, export_glotip
from tipstat.exports.audit import read_audit
from tipstat.settings import Home

GIRLS, WOMEN, BOYS, MEN, UNKNOWN = (
    "Girls (F, 0-17)",
    "Women (F, 18+)",
    "Boys (M, 0-17)",
    "Men (M, 18+)",
    "Sex or age unknown",
)
NOT_FOR_PUBLICATION = "NOT FOR PUBLICATION — exact figures"
PUBLIC = "Public: disclosure control applied (threshold 5)"


@pytest.fixture
def glotip_exact(hand_home: Home, tmp_path: Path) -> Path:
    out = tmp_path / "glotip.xlsx"
    export_glotip(hand_home, 2024, out, public=False)
    return out


@pytest.fixture
def asean_exact(hand_home: Home, tmp_path: Path) -> Path:
    out = tmp_path / "asean.xlsx"
    export_asean(hand_home, 2024, out, public=False)
    return out


def test_glotip_sheets_cover_and_marking(glotip_exact: Path) -> None:
    marks = sheet_marks(glotip_exact)
    assert list(marks) == ["Cover", "Victims", "Offenders", "Repatriation", "Cases"]
    assert set(marks.values()) == {NOT_FOR_PUBLICATION}
    cover = cover_fields(glotip_exact)
    assert cover["Year"] == 2024
    assert cover["Period covered"] == "2024 (whole year)"  # Q4's file is missing, the quarter is due
    assert cover["Data as of"] == "2025-02-10 08:30:00"
    # Q2: the social file was rejected; Q4: the court file is missing; a late file counts (Q3)
    assert cover["Complete quarters"] == "Q1, Q3"
    assert cover["Incomplete quarters"] == "Q2, Q4"
    assert cover["Incomplete feeds"] == "court_defendants, social_victims"
    assert cover["Counting rules version"] == "2"  # rule 4 (reviewed linkage decisions) made it version 2
    assert cover["Marking"] == NOT_FOR_PUBLICATION
    tables = cover_tables(glotip_exact)
    assert list(tables) == ["T1", "T2", "T3", "T4", "T5", "T6"]
    assert tables["T1"][0] == "Victims" and "reporting.victims_detected" in tables["T1"][1]
    assert tables["T3"] == ("Offenders", "reporting.justice_funnel")
    assert "reporting.repatriations" in tables["T5"][1]
    assert tables["T6"] == ("Cases", "reporting.cases_quarterly")


def test_glotip_victims_by_hand(glotip_exact: Path) -> None:
    forms = table_block(glotip_exact, "Victims", "T1")
    assert forms["Sexual exploitation"][GIRLS] == 3
    assert forms["Sexual exploitation"][WOMEN] == 12
    assert forms["Sexual exploitation"][UNKNOWN] == 4
    assert forms["Sexual exploitation"]["Total"] == 19
    assert forms["Forced labour"][MEN] == 20
    # Other forms: marriage 7 (women), criminality 2 and organ removal 5 (men), begging 1 (boy)
    assert forms["Other forms (subtotal)"]["Total"] == 15
    assert forms["Other forms (subtotal)"][MEN] == 7
    assert forms["Forced marriage"][WOMEN] == 7
    assert forms["Removal of organs"]["Global Report category"] == "Other forms"
    assert forms["Not established"][WOMEN] == 6
    assert forms["Total"] == {
        "Global Report category": None,
        GIRLS: 3,
        WOMEN: 25,
        BOYS: 1,
        MEN: 27,
        UNKNOWN: 4,
        "Total": 60,
    }
    citizenship = table_block(glotip_exact, "Victims", "T2")
    assert citizenship["Nationals: Viet Nam (VNM)"]["Total"] == 52
    assert citizenship["Foreigners (subtotal)"]["Total"] == 8
    assert citizenship["China (CHN)"][WOMEN] == 6
    assert citizenship["Cambodia (KHM)"][MEN] == 2
    assert citizenship["Total"]["Total"] == 60


def test_glotip_offenders_repatriation_cases_by_hand(glotip_exact: Path) -> None:
    by_sex = table_block(glotip_exact, "Offenders", "T3")
    assert by_sex["Women (F, 18+)"] == {"Suspected": 8, "Prosecuted": 6, "Convicted": 4}
    assert by_sex["Men (M, 18+)"] == {"Suspected": 33, "Prosecuted": 24, "Convicted": 20}
    assert by_sex["Boys (M, 0-17)"]["Convicted"] == 1
    assert by_sex["Total"] == {"Suspected": 41, "Prosecuted": 30, "Convicted": 25}  # not added across
    by_citizenship = table_block(glotip_exact, "Offenders", "T4")
    assert by_citizenship["Nationals: Viet Nam (VNM)"] == {"Suspected": 38, "Prosecuted": 28, "Convicted": 23}
    assert by_citizenship["China (CHN)"] == {"Suspected": 3, "Prosecuted": 2, "Convicted": 2}
    repatriated = table_block(glotip_exact, "Repatriation", "T5")
    assert repatriated["China (CHN)"] == {GIRLS: 3, WOMEN: 14, BOYS: 0, MEN: 0, UNKNOWN: 0, "Total": 17}
    assert repatriated["Cambodia (KHM)"]["Total"] == 11
    assert repatriated["Malaysia (MYS)"][WOMEN] == 1
    assert repatriated["Total"]["Total"] == 35  # confirmed and presumed
    cases = table_block(glotip_exact, "Cases", "T6")
    assert cases["Art. 150 Trafficking in persons"] == {"Q1": 7, "Q2": 10, "Q3": 0, "Q4": 12, "Year": 29}
    assert cases["Art. 151 Trafficking in persons under 16"]["Year"] == 5
    assert cases["Total"]["Year"] == 34


def test_asean_areas_by_hand(asean_exact: Path) -> None:
    marks = sheet_marks(asean_exact)
    assert list(marks) == ["Cover", "Prevention", "Protection", "Law enforcement", "Cooperation"]
    assert set(marks.values()) == {NOT_FOR_PUBLICATION}
    channels = table_block(asean_exact, "Prevention", "A1")
    assert channels["Online"]["Total"] == 19
    assert channels["Broker"]["Art. 151 Trafficking in persons under 16"] == 2
    assisted = table_block(asean_exact, "Protection", "P3")
    assert assisted["Victims assisted (persons)"]["Victims"] == 38
    assert assisted["Shelter"]["Victims"] == 30
    assert assisted["Legal aid"]["Victims"] == 4
    assert assisted["Education"]["Victims"] == 0
    assert table_block(asean_exact, "Protection", "P1")["Total"]["Total"] == 60
    prosecuted = table_block(asean_exact, "Law enforcement", "L2")
    assert prosecuted["Total"] == {"Prosecuted": 30, "Convicted": 25}
    assert table_block(asean_exact, "Law enforcement", "L1")["Total"]["Year"] == 34
    assert (
        table_block(asean_exact, "Cooperation", "C1")["Lao People's Democratic Republic (LAO)"]["Total"] == 6
    )
    texts = [v for _, v in all_cells(asean_exact) if isinstance(v, str)]
    assert any("Median days from identification to support: 12.5 days" in t for t in texts)
    assert set(cover_tables(asean_exact)) == {"A1", "P1", "P2", "P3", "L1", "L2", "L3", "C1"}


@pytest.mark.parametrize("export", [export_glotip, export_asean], ids=["glotip", "asean"])
def test_public_workbook(export, published_home: Home, tmp_path: Path) -> None:
    """Every figure of every sheet is its cell of the release's public catalogue (`<5` on primary,
    `x` on secondary cells); no count from 1 to 4 anywhere."""
    public = tmp_path / "public.xlsx"
    year = latest_year(published_home)
    result = export(published_home, year, public, public=True)
    for sheet, value in all_cells(public):
        assert not (isinstance(value, int | float) and 0 < value < 5), (sheet, value)
    assert set(sheet_marks(public).values()) == {PUBLIC}
    seen = check_workbook(public, release_catalogue(published_home), year)
    assert seen["<5"] > 0 and seen["shown"] > 0
    assert result.observations == seen["shown"] + seen["<5"] + seen["x"]
    assert result.suppressed == seen["<5"] + seen["x"]


def test_public_glotip_by_hand(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "public.xlsx"
    export_glotip(hand_home, 2024, out, public=True)
    forms = table_block(out, "Victims", "T1")
    # 3 girls in sexual exploitation and 4 of unknown sex: `<5`; the form's 19 and the 60 stay
    assert forms["Sexual exploitation"][GIRLS] == "<5"
    assert forms["Sexual exploitation"]["Sex unknown"] == "<5"
    assert forms["Sexual exploitation"]["Total"] == 19
    assert forms["Total"]["Total"] == 60
    # the 1 boy begging; no `<5` on a count of 5 or more (12 women: shown, or hidden as `x`)
    assert forms["Forced begging"][BOYS] == "<5"
    assert forms["Sexual exploitation"][WOMEN] in (12, "x")
    assert any(v == "x" for _, v in all_cells(out))
    legend = "x: a figure hidden so that no count from 1 to 4 can be worked out"
    assert legend in str(cover_fields(out)["Disclosure control"])
    assert "public catalogue of release" in str(cover_fields(out)["Figures from"])
    # cases by quarter: 34 cases in the year (7 + 10 + 2 + 15)
    assert table_block(out, "Cases", "T6")["Total"]["Year"] == 34


def test_threshold_is_the_releases(
    hand_warehouse_only: Home, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release made with threshold 10 is published with threshold 10."""
    monkeypatch.setenv("TIPSTAT_DISCLOSURE_THRESHOLD", "10")
    publish_all(hand_warehouse_only)
    out = tmp_path / "public10.xlsx"
    export_glotip(hand_warehouse_only, 2024, out, public=True)
    assert set(sheet_marks(out).values()) == {"Public: disclosure control applied (threshold 10)"}
    for sheet, value in all_cells(out):
        assert not (isinstance(value, int) and 0 < value < 10), (sheet, value)
    assert "<10" in [v for _, v in all_cells(out)]
    assert read_audit(hand_warehouse_only).iloc[-1]["disclosure_threshold"] == 10


def test_workbook_errors_and_audit(hand_home: Home, tmp_path: Path) -> None:
    out = tmp_path / "g.xlsx"
    with pytest.raises(ExportError, match="no published data for 2030"):
        export_glotip(hand_home, 2030, out, public=False)
    with pytest.raises(ExportError, match="does not exist"):
        export_asean(hand_home, 2024, tmp_path / "missing" / "a.xlsx", public=False)
    assert not out.exists() and read_audit(hand_home).empty
    first = export_glotip(hand_home, 2024, out, public=False, user="statistician")
    second = export_asean(hand_home, 2024, tmp_path / "a.xlsx", public=True)
    audit = read_audit(hand_home)
    assert list(audit["kind"]) == ["glotip", "asean"]
    assert list(audit["public"]) == [False, True]
    assert audit.iloc[0]["exported_by"] == "statistician"
    assert audit.iloc[0]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest() == first.sha256
    assert audit.iloc[1]["sha256"] == second.sha256
    assert audit.iloc[0]["disclosure_threshold"] is None or audit["disclosure_threshold"].isna().iloc[0]
    # no temp file left beside the exports
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_part_year_is_named_as_such_on_the_cover() -> None:
    import pandas as pd

    from tipstat.exports.data import YearCompleteness

    part = YearCompleteness([1, 2, 3], [], [], [], pd.DataFrame(), covered_quarters=(1, 2, 3))
    assert part.period_covered(2026) == "2026Q1–2026Q3 (part year)"
    nothing = YearCompleteness([], [1, 2, 3, 4], [], [], pd.DataFrame(), covered_quarters=())
    assert nothing.period_covered(2027) == "2027 (no quarter covered)"
