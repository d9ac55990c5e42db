"""The published figures, from hand-written raw rows through the real `dbt build`.

One small synthetic fixture (no real personal data) is loaded into a temporary DuckDB file with
the intake's exact raw and intake schemas; the real dbt project is built on it (seeds, models,
unit tests, data tests); the published tables are compared with numbers worked out by hand from
the rows below. Each expected figure says where it comes from.

The persons of the fixture (keys are SHA-256 of a made-up label):
  A  keyed; police 2024-02-10 CONFIRMED F b.2008 VNM VN63 "10" SEXUAL CHN case 1 (file v2 in force;
     the superseded v1 said sex M), border 2024-04-20 repatriated from CHN, social 2024-05-03
     with support from 2024-05-13 (SHELTER|MEDICAL).
     -> 2024, F, CHILD (2024-2008=16), VNM, province 15 (VN63 10 Lào Cai -> VN34 15), SEXUAL.
  B  keyed police 2024-08-01 PRESUMED M b.1990 VNM VN63 "27" form UNKNOWN, case 2; a keyless
     consular record 2024-11-05 CONFIRMED M 1990 case 2 FORCED_LABOUR, repatriated 10/01/2025 from
     THA joins B (its one keyed match).
     -> 2024, M, ADULT, VNM, province 24 (VN63 27 Bắc Ninh -> 24), FORCED_LABOUR (UNKNOWN
        skipped), CONFIRMED (one record CONFIRMED), 2 records, 1 keyless.
  C, D keyed police 2024-07-05 CONFIRMED F b.1995 VNM VN63 "72" (-> 80), case 3; C SEXUAL,
     D FORCED_LABOUR.
  G  keyless social 2025-01-20 CONFIRMED F 1995 case 3, VN34 "80", support 2025-02-01 (LEGAL):
     matches both C and D -> a person of its own, an ambiguous link; 2025, F, ADULT, UNK, 80,
     UNKNOWN form.
  E  keyless social 2024-06-01 PRESUMED F, no birth year, case 1 -> a person of its own (not
     linked to A); support from 2024-06-11 (SHELTER).
  F  keyed border 2024-06-15 PRESUMED M b.2010 VNM VN63 "89" (-> 91) FORCED_CRIMINALITY,
     repatriated from KHM.
  H  keyed police 2025-08-01 CONFIRMED, sex empty, b.2000 VNM VN34 "15" (-> 15) SEXUAL.
  Z  only in the superseded police file: never counted.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest

from tests.dbt.dbt_warehouse_builder import DBT_PROJECT_DIR, Warehouse, create_schema, run_dbt

AS_OF_DATE = "2025-10-15"  # last full quarter: 2025Q3


def key(label: str) -> str:
    return hashlib.sha256(f"synthetic-{label}".encode()).hexdigest()


def victim(
    record_id,
    identified_date,
    status,
    *,
    victim_key=None,
    case_ref=None,
    sex=None,
    birth_year=None,
    nationality=None,
    province=None,
    code_version="VN63",
    form=None,
    country=None,
    **extra,
):
    row = {
        "record_id": record_id,
        "victim_key": victim_key,
        "case_ref": case_ref,
        "identified_date": identified_date,
        "victim_status": status,
        "sex": sex,
        "birth_year": birth_year,
        "nationality": nationality,
        "residence_province": province,
        "code_version": code_version,
        "exploitation_form": form,
        "exploitation_country": country,
    }
    row.update(extra)
    return row


def social(
    record_id,
    received,
    status_vi,
    *,
    victim_key=None,
    case_ref=None,
    sex_vi=None,
    birth_year=None,
    nationality=None,
    province=None,
    code_version="VN63",
    form=None,
    support=None,
    services=None,
):
    return {
        "Mã hồ sơ": record_id,
        "Mã nạn nhân": victim_key,
        "Số vụ án": case_ref,
        "Ngày tiếp nhận": received,
        "Tình trạng": status_vi,
        "Giới tính": sex_vi,
        "Năm sinh": birth_year,
        "Quốc tịch": nationality,
        "Tỉnh cư trú": province,
        "Phiên bản mã": code_version,
        "Hình thức bóc lột": form,
        "Ngày bắt đầu hỗ trợ": support,
        "Dịch vụ hỗ trợ": services,
    }


def offender(
    record_id,
    event_date,
    *,
    person_key=None,
    case_ref="VA-2024-000001",
    sex=None,
    birth_year=None,
    nationality=None,
    article="150",
    **extra,
):
    row = {
        "record_id": record_id,
        "person_key": person_key,
        "case_ref": case_ref,
        "event_date": event_date,
        "sex": sex,
        "birth_year": birth_year,
        "nationality": nationality,
        "article": article,
    }
    row.update(extra)
    return row


CASE1, CASE2, CASE3 = "VA-2024-000001", "VA-2024-000002", "VA-2024-000003"


def build_fixture(wh: Warehouse) -> None:
    # ---- police victims 2024Q1: v1 superseded by v2
    v1 = wh.add_file(
        "police",
        "victims",
        "2024Q1",
        [
            victim(
                "POL-A1",
                "2024-02-10",
                "CONFIRMED",
                victim_key=key("A"),
                case_ref=CASE1,
                sex="M",
                birth_year="2008",
                nationality="VNM",
                province="10",
                form="SEXUAL",
                country="CHN",
            ),
            victim("POL-Z1", "2024-03-01", "CONFIRMED", victim_key=key("Z"), sex="F", birth_year="1980"),
        ],
    )
    wh.supersede(v1)
    wh.add_file(
        "police",
        "victims",
        "2024Q1",
        version=2,
        received_at=datetime(2024, 5, 20, 9),
        rows=[
            victim(
                "POL-A1",
                "2024-02-10",
                "CONFIRMED",
                victim_key=key("A"),
                case_ref=CASE1,
                sex="F",
                birth_year="2008",
                nationality="VNM",
                province="10",
                form="SEXUAL",
                country="CHN",
            ),
        ],
    )
    wh.add_file(
        "police",
        "victims",
        "2024Q3",
        [
            victim(
                "POL-B1",
                "2024-08-01",
                "PRESUMED",
                victim_key=key("B"),
                case_ref=CASE2,
                sex="M",
                birth_year="1990",
                nationality="VNM",
                province="27",
                form="UNKNOWN",
                country="THA",
            ),
            victim(
                "POL-C1",
                "2024-07-05",
                "CONFIRMED",
                victim_key=key("C"),
                case_ref=CASE3,
                sex="F",
                birth_year="1995",
                nationality="VNM",
                province="72",
                form="SEXUAL",
            ),
            victim(
                "POL-D1",
                "2024-07-05",
                "CONFIRMED",
                victim_key=key("D"),
                case_ref=CASE3,
                sex="F",
                birth_year="1995",
                nationality="VNM",
                province="72",
                form="FORCED_LABOUR",
            ),
        ],
    )
    wh.add_file(
        "police",
        "victims",
        "2025Q3",
        [
            victim(
                "POL-H1",
                "2025-08-01",
                "CONFIRMED",
                victim_key=key("H"),
                birth_year="2000",
                nationality="VNM",
                province="15",
                code_version="VN34",
                form="SEXUAL",
            ),
        ],
    )
    # ---- border (repatriation date = identified_date)
    wh.add_file(
        "border",
        "victims",
        "2024Q2",
        [
            victim(
                "BG-A1",
                "2024-04-20",
                "CONFIRMED",
                victim_key=key("A"),
                sex="F",
                birth_year="2008",
                repatriated="true",
                returned_from="CHN",
            ),
            victim(
                "BG-F1",
                "2024-06-15",
                "PRESUMED",
                victim_key=key("F"),
                sex="M",
                birth_year="2010",
                nationality="VNM",
                province="89",
                form="FORCED_CRIMINALITY",
                repatriated="true",
                returned_from="KHM",
            ),
        ],
    )
    # ---- consular (dd/mm/yyyy)
    wh.add_file(
        "consular",
        "victims",
        "2024Q4",
        [
            victim(
                "CON-B1",
                "05/11/2024",
                "CONFIRMED",
                case_ref=CASE2,
                sex="M",
                birth_year="1990",
                form="FORCED_LABOUR",
                repatriated="true",
                returned_from="THA",
                repatriation_date="10/01/2025",
            ),
        ],
    )
    # ---- social (Vietnamese headers and values)
    wh.add_file(
        "social",
        "victims",
        "2024Q2",
        [
            social(
                "SOC-A1",
                "2024-05-03",
                "Nạn nhân",
                victim_key=key("A"),
                sex_vi="Nữ",
                birth_year="2008",
                support="2024-05-13",
                services="SHELTER|MEDICAL",
            ),
            social(
                "SOC-E1",
                "2024-06-01",
                "Đang xác minh",
                case_ref=CASE1,
                sex_vi="Nữ",
                support="2024-06-11",
                services="SHELTER",
            ),
        ],
    )
    wh.add_file(
        "social",
        "victims",
        "2025Q1",
        [
            social(
                "SOC-G1",
                "2025-01-20",
                "Nạn nhân",
                case_ref=CASE3,
                sex_vi="Nữ",
                birth_year="1995",
                province="80",
                code_version="VN34",
                support="2025-02-01",
                services="LEGAL",
            ),
        ],
    )
    # ---- cases: v1 superseded by v2 (case 2 gets its destination in the correction)
    c1 = wh.add_file(
        "police",
        "cases",
        "2024Q1",
        [
            {
                "case_ref": CASE1,
                "opened_date": "2024-01-20",
                "province": "10",
                "code_version": "VN63",
                "article": "150",
                "exploitation_form": "SEXUAL",
                "destination_country": "CHN",
                "recruitment_channel": "ONLINE",
            },
            {
                "case_ref": CASE2,
                "opened_date": "2024-03-05",
                "province": "27",
                "code_version": "VN63",
                "article": "151",
                "exploitation_form": "FORCED_LABOUR",
                "destination_country": None,
                "recruitment_channel": "BROKER",
            },
        ],
    )
    wh.supersede(c1)
    wh.add_file(
        "police",
        "cases",
        "2024Q1",
        version=2,
        rows=[
            {
                "case_ref": CASE1,
                "opened_date": "2024-01-20",
                "province": "10",
                "code_version": "VN63",
                "article": "150",
                "exploitation_form": "SEXUAL",
                "destination_country": "CHN",
                "recruitment_channel": "ONLINE",
            },
            {
                "case_ref": CASE2,
                "opened_date": "2024-03-05",
                "province": "27",
                "code_version": "VN63",
                "article": "151",
                "exploitation_form": "FORCED_LABOUR",
                "destination_country": "THA",
                "recruitment_channel": "BROKER",
            },
        ],
    )
    wh.add_file(
        "police",
        "cases",
        "2024Q2",
        [
            {
                "case_ref": CASE3,
                "opened_date": "2024-05-05",
                "province": "72",
                "code_version": "VN63",
                "article": "150",
                "exploitation_form": "SEXUAL",
                "destination_country": None,
                "recruitment_channel": "FAMILY",
            },
        ],
    )
    # ---- offenders
    wh.add_file(
        "police",
        "suspects",
        "2024Q1",
        [
            offender(
                "SUS-1", "2024-02-01", person_key=key("P1"), sex="M", birth_year="1985", nationality="VNM"
            ),
            offender(
                "SUS-2", "2024-03-01", person_key=key("P1"), sex="M", birth_year="1985", nationality="VNM"
            ),
            offender("SUS-3", "2024-02-15", sex="F", birth_year="2008", nationality="CHN"),
            offender("SUS-4", "2024-02-15", sex="F", birth_year="2008", nationality="CHN"),
        ],
    )
    wh.add_file("police", "suspects", "2024Q2", [], status="REJECTED", reason="extra column")
    wh.add_file(
        "procuracy",
        "defendants",
        "2024Q2",
        [
            offender(
                "PRO-1", "2024-05-01", person_key=key("P1"), sex="M", birth_year="1985", nationality="VNM"
            ),
            offender("PRO-2", "2024-06-01", person_key=key("P2"), sex="M"),
        ],
    )
    wh.add_file(
        "court",
        "defendants",
        "2024Q3",
        [
            offender(
                "CRT-1",
                "2024-08-01",
                person_key=key("P1"),
                sex="M",
                birth_year="1985",
                nationality="VNM",
                verdict="CONVICTED",
                sentence_months="36",
            ),
            offender("CRT-2", "2024-09-01", person_key=key("P2"), sex="M", verdict="ACQUITTED"),
        ],
    )
    wh.add_file(
        "court",
        "defendants",
        "2025Q1",
        [
            offender(
                "CRT-3",
                "2025-02-01",
                person_key=key("P1"),
                sex="M",
                birth_year="1985",
                nationality="VNM",
                verdict="CONVICTED",
                sentence_months="36",
            ),
        ],
    )
    # ---- population 2024: v1 superseded (all 1s), v2 in force; none for 2025
    pop = [
        ("01", "F", "CHILD", 1000),
        ("79", "F", "CHILD", 1000),
        ("01", "F", "ADULT", 5000),
        ("01", "M", "CHILD", 2000),
        ("01", "M", "ADULT", 5000),
    ]
    p1 = wh.add_file(
        "population",
        "population",
        "2024",
        [{"year": "2024", "province": p, "sex": s, "age_group": a, "population": "1"} for p, s, a, _ in pop],
    )
    wh.supersede(p1)
    wh.add_file(
        "population",
        "population",
        "2024",
        version=2,
        rows=[
            {"year": "2024", "province": p, "sex": s, "age_group": a, "population": str(n)}
            for p, s, a, n in pop
        ],
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Warehouse:
    work = tmp_path_factory.mktemp("dbt_figures")
    wh = Warehouse(work / "warehouse.duckdb")
    build_fixture(wh)
    result = run_dbt(wh.path, work, "build", ["--vars", f"{{as_of_date: '{AS_OF_DATE}'}}"])
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    return wh


def rows(wh: Warehouse, sql: str) -> set[tuple]:
    return set(wh.query(sql))


def test_victims_detected(built):
    got = rows(built, "select * from reporting.victims_detected")
    assert got == {
        # A, C, D, B confirmed in 2024; E and F presumed, beside them
        (2024, "F", "CHILD", "SEXUAL", "VNM", "15", "CONFIRMED", 1),
        (2024, "F", "ADULT", "SEXUAL", "VNM", "80", "CONFIRMED", 1),
        (2024, "F", "ADULT", "FORCED_LABOUR", "VNM", "80", "CONFIRMED", 1),
        (2024, "M", "ADULT", "FORCED_LABOUR", "VNM", "24", "CONFIRMED", 1),
        (2024, "F", "UNKNOWN", "UNKNOWN", "UNK", "UNK", "PRESUMED", 1),
        (2024, "M", "CHILD", "FORCED_CRIMINALITY", "VNM", "91", "PRESUMED", 1),
        # G (ambiguous group) and H (sex unknown) in 2025
        (2025, "F", "ADULT", "UNKNOWN", "UNK", "80", "CONFIRMED", 1),
        (2025, "U", "ADULT", "SEXUAL", "VNM", "15", "CONFIRMED", 1),
    }
    # Z sat only in a superseded file: 2024 has 6 persons, not 7
    assert built.query("select sum(victims) from reporting.victims_detected where year = 2024")[0][0] == 6


def test_sdg_16_2_2(built):
    got = {
        (y, s, sx, a): (v, p, r) for y, s, sx, a, v, p, r in built.query("select * from reporting.sdg_16_2_2")
    }
    assert len(got) == 2 * 5 * 3 * 3  # every cell of 2024 and 2025
    # population 2024 (v2): F child 1000+1000, F adult 5000, M child 2000, M adult 5000
    pop = {
        ("F", "Y0T17"): 2000,
        ("F", "Y_GE18"): 5000,
        ("M", "Y0T17"): 2000,
        ("M", "Y_GE18"): 5000,
        ("F", "_T"): 7000,
        ("M", "_T"): 7000,
        ("_T", "Y0T17"): 4000,
        ("_T", "Y_GE18"): 10000,
        ("_T", "_T"): 14000,
    }
    # confirmed 2024: A (F child SEXUAL), C (F adult SEXUAL), D (F adult FORCED_LABOUR),
    # B (M adult FORCED_LABOUR)
    expected_2024 = {
        "VC_HTF_DETV": {
            ("F", "Y0T17"): 1,
            ("F", "Y_GE18"): 2,
            ("F", "_T"): 3,
            ("M", "Y_GE18"): 1,
            ("M", "_T"): 1,
            ("_T", "Y0T17"): 1,
            ("_T", "Y_GE18"): 3,
            ("_T", "_T"): 4,
        },
        "VC_HTF_DETVSX": {
            ("F", "Y0T17"): 1,
            ("F", "Y_GE18"): 1,
            ("F", "_T"): 2,
            ("_T", "Y0T17"): 1,
            ("_T", "Y_GE18"): 1,
            ("_T", "_T"): 2,
        },
        "VC_HTF_DETVFL": {
            ("F", "Y_GE18"): 1,
            ("F", "_T"): 1,
            ("M", "Y_GE18"): 1,
            ("M", "_T"): 1,
            ("_T", "Y_GE18"): 2,
            ("_T", "_T"): 2,
        },
        "VC_HTF_DETVOP": {},  # F (FORCED_CRIMINALITY) is only presumed
        "VC_HTF_DETVOG": {},
    }
    for series, cells in expected_2024.items():
        for (sex, age), population in pop.items():
            victims = cells.get((sex, age), 0)
            v, p, r = got[(2024, series, sex, age)]
            assert (v, p) == (victims, population), (series, sex, age)
            assert r == pytest.approx(victims * 100_000 / population)
    # 2025: G (F adult, UNKNOWN form) and H (sex U, adult, SEXUAL); no population -> NULL rates.
    # H counts only in sex _T.
    assert got[(2025, "VC_HTF_DETV", "_T", "_T")] == (2, None, None)
    assert got[(2025, "VC_HTF_DETV", "F", "Y_GE18")] == (1, None, None)
    assert got[(2025, "VC_HTF_DETV", "_T", "Y_GE18")] == (2, None, None)
    assert got[(2025, "VC_HTF_DETV", "M", "_T")] == (0, None, None)
    assert got[(2025, "VC_HTF_DETVSX", "_T", "_T")] == (1, None, None)
    assert got[(2025, "VC_HTF_DETVSX", "F", "_T")] == (0, None, None)


def test_linkage_quality(built):
    assert rows(built, "select * from reporting.linkage_quality") == {
        # 2024: A 3 records, B 2 (1 keyless), C 1, D 1, E 1 (keyless), F 1 -> 9 records, 6 persons
        (2024, 9, 6, 2, 0),
        # 2025: G 1 keyless ambiguous, H 1
        (2025, 2, 2, 1, 1),
    }


def test_justice_funnel(built):
    assert rows(built, "select * from reporting.justice_funnel") == {
        # P1 twice in 2024 -> once; SUS-3 and SUS-4 keyless -> two persons
        (2024, "SUSPECTED", "M", "ADULT", "VNM", 1),
        (2024, "SUSPECTED", "F", "CHILD", "CHN", 2),
        (2024, "PROSECUTED", "M", "ADULT", "VNM", 1),
        (2024, "PROSECUTED", "M", "UNKNOWN", "UNK", 1),
        # P2 acquitted: not convicted; P1 convicted in 2024 and again in 2025
        (2024, "CONVICTED", "M", "ADULT", "VNM", 1),
        (2025, "CONVICTED", "M", "ADULT", "VNM", 1),
    }


def test_cases(built):
    assert rows(built, "select * from reporting.cases") == {
        (2024, "15", "SEXUAL", "ONLINE", "CHN", 1),
        (2024, "24", "FORCED_LABOUR", "BROKER", "THA", 1),  # destination from v2, v1 had none
        (2024, "80", "SEXUAL", "FAMILY", "UNK", 1),
    }
    assert rows(built, "select period, article, cases from reporting.cases_quarterly") == {
        ("2024Q1", "150", 1),
        ("2024Q1", "151", 1),
        ("2024Q2", "150", 1),
    }


def test_repatriations(built):
    assert rows(built, "select * from reporting.repatriations") == {
        (2024, "CHN", "F", "CHILD", 1),  # A, border 2024-04-20
        (2024, "KHM", "M", "CHILD", 1),  # F, presumed, still counted
        (2025, "THA", "M", "ADULT", 1),  # B, consular repatriation_date 10/01/2025
    }
    assert rows(
        built, "select year, returned_from, status, victims from reporting.repatriations_by_status"
    ) == {(2024, "CHN", "CONFIRMED", 1), (2024, "KHM", "PRESUMED", 1), (2025, "THA", "CONFIRMED", 1)}


def test_assistance(built):
    # 2024: A 2024-02-10 -> 2024-05-13 = 93 days; E 2024-06-01 -> 2024-06-11 = 10 days; median 51.5
    # 2025: G 2025-01-20 -> 2025-02-01 = 12 days
    assert rows(built, "select * from reporting.assistance") == {(2024, 2, 51.5), (2025, 1, 12.0)}
    assert rows(built, "select * from reporting.assistance_services") == {
        (2024, "SHELTER", 2),
        (2024, "MEDICAL", 1),
        (2025, "LEGAL", 1),
    }


def test_submissions_published_as_registered(built):
    assert (
        built.query("select count(*) from reporting.submissions")[0][0]
        == built.query("select count(*) from intake.submissions")[0][0]
        == 18
    )
    assert rows(built, "select status, count(*) from reporting.submissions group by status") == {
        ("ACCEPTED", 14),
        ("SUPERSEDED", 3),
        ("REJECTED", 1),
    }


def test_completeness(built):
    got = {
        (f, e, p): (s, fn)
        for f, e, p, s, fn in built.query(
            "select feed, entity, period, status, file_name from reporting.completeness"
        )
    }
    # first quarter received: 2024Q1; last full quarter before 2025-10-15: 2025Q3 -> 7 quarters x 8 files
    assert len(got) == 56
    assert {p for _, _, p in got} == {"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3"}
    # v2 in force arrived 2024-05-20, after the due date 2024-04-30
    assert got[("police", "victims", "2024Q1")] == ("LATE", "police_victims_2024Q1_v2.csv")
    assert got[("police", "cases", "2024Q1")] == ("ON_TIME", "police_cases_2024Q1_v2.csv")
    assert got[("police", "suspects", "2024Q2")] == ("REJECTED", None)
    assert got[("court", "defendants", "2024Q1")] == ("MISSING", None)
    statuses = [s for s, _ in got.values()]
    assert statuses.count("ON_TIME") == 12 and statuses.count("LATE") == 1
    assert statuses.count("REJECTED") == 1 and statuses.count("MISSING") == 42


def test_victims_quarterly_and_routes(built):
    assert rows(
        built, "select period, status, sum(victims) from reporting.victims_quarterly group by all"
    ) == {
        ("2024Q1", "CONFIRMED", 1),
        ("2024Q2", "PRESUMED", 2),
        ("2024Q3", "CONFIRMED", 3),
        ("2025Q1", "CONFIRMED", 1),
        ("2025Q3", "CONFIRMED", 1),
    }
    assert ("2024", "15", "CHN") in {
        (str(y), p, c) for y, p, c, _, _ in built.query("select * from reporting.victim_routes")
    }
    # B: police (first feed) says THA
    assert (
        built.query(
            "select victims from reporting.victim_routes where year = 2024 and residence_province = '24'"
            " and exploitation_country = 'THA'"
        )[0][0]
        == 1
    )


def test_provinces(built):
    assert built.query("select count(*), count(distinct code) from reporting.provinces")[0] == (34, 34)


def test_marts_refuse_nulls_and_unknown_codes_when_built(built):
    """On the marts (contracts enforced), NOT NULL and the allowed codes are column constraints, not
    data tests: every one declared is a constraint of the built table, so DuckDB refuses a row that
    breaks it while dbt builds the table (the model fails, nothing is published)."""
    import duckdb
    import yaml

    marts_dir = DBT_PROJECT_DIR / "models" / "marts"
    declared_in = [
        (path.parent, model)
        for path in sorted(marts_dir.rglob("*.yml"))
        for model in yaml.safe_load(path.read_text(encoding="utf-8"))["models"]
    ]
    # one YAML per topic folder: every mart is declared once, in the folder of its SQL
    assert sorted((str(folder), m["name"]) for folder, m in declared_in) == sorted(
        (str(sql.parent), sql.stem) for sql in marts_dir.rglob("*.sql")
    )
    models = [model for _, model in declared_in]
    declared = set()
    for model in models:
        assert model["config"]["contract"]["enforced"] is True, model["name"]
        for column in model["columns"]:
            declared |= {(model["name"], column["name"], c["type"]) for c in column.get("constraints", [])}
            tests = [t if isinstance(t, str) else next(iter(t)) for t in column.get("data_tests", [])]
            assert not {"not_null", "accepted_values"} & set(tests), (model["name"], column["name"])
    enforced = {
        (table, columns[0], kind.lower().replace(" ", "_"))
        for table, kind, columns in built.query(
            "select table_name, constraint_type, constraint_column_names from duckdb_constraints()"
            " where schema_name = 'reporting' and constraint_type in ('NOT NULL', 'CHECK')"
        )
    }
    assert {kind for *_, kind in declared} == {"not_null", "check"}
    assert enforced == declared
    columns = "year, sex, age_group, exploitation_form, citizenship, residence_province, status, victims"
    with duckdb.connect(str(built.path)) as con:
        for row in (
            "null, 'F', 'ADULT', 'SEXUAL', 'VNM', 'UNK', 'CONFIRMED', 1",
            "2024, 'X', 'ADULT', 'SEXUAL', 'VNM', 'UNK', 'CONFIRMED', 1",
        ):
            with pytest.raises(duckdb.ConstraintException):
                con.execute(f"insert into reporting.victims_detected ({columns}) values ({row})")


def test_builder_schema_matches_intake(tmp_path):
    """The test helper creates exactly the tables (names, columns, types) the intake creates."""
    import duckdb

    from tipstat.intake.loading import ensure_schema

    def schema(fn) -> list[tuple]:
        path = tmp_path / f"{fn.__name__}.duckdb"
        with duckdb.connect(str(path)) as con:
            fn(con)
            return con.execute(
                "select table_schema, table_name, column_name, data_type from information_schema.columns"
                " order by all"
            ).fetchall()

    assert schema(create_schema) == schema(ensure_schema)


def test_empty_warehouse_builds(tmp_path):
    """An empty home (tables created, no files) builds every published table."""
    wh = Warehouse(tmp_path / "empty.duckdb")
    result = run_dbt(
        wh.path, tmp_path, "build", ["--selector", "pipeline", "--vars", "{as_of_date: '2019-07-01'}"]
    )
    assert result.returncode == 0, result.stdout[-4000:]
    # fallback first quarter 2019Q1, last full quarter 2019Q2: 2 quarters x 8 files, all missing
    assert wh.query(
        "select count(*), count(*) filter (where status = 'MISSING') from reporting.completeness"
    )[0] == (16, 16)
    assert wh.query("select count(*) from reporting.victims_detected")[0][0] == 0


def test_seeds_match_the_contract():
    import csv

    from tipstat.contract import FILE_SPECS, FORM_ROLLUP

    seeds = Path(__file__).resolve().parents[2] / "dbt" / "seeds"
    spec_csv = Path("/work/shared/spec/codes/provinces.csv")
    if spec_csv.exists():
        assert (seeds / "province_crosswalk.csv").read_bytes() == spec_csv.read_bytes()
    with (seeds / "exploitation_form_series.csv").open(encoding="utf-8") as fh:
        assert {r["exploitation_form"]: r["sdg_series"] or None for r in csv.DictReader(fh)} == {
            form: series for form, (series, _) in FORM_ROLLUP.items()
        }
    with (seeds / "feed_files.csv").open(encoding="utf-8") as fh:
        assert [(r["feed"], r["entity"]) for r in csv.DictReader(fh)] == [
            (s.feed, s.entity) for s in FILE_SPECS.values()
        ]


def test_every_province_code_maps_to_its_vn34_unit(built):
    """All 63 VN63 codes and all 34 VN34 codes, read from the real seed through the staging model."""
    from tipstat.contract import province_crosswalk

    got = {
        (v, c): n
        for v, c, n in built.query(
            "select code_version, code, vn34_code from staging.stg_reference__province_codes"
        )
    }
    expected = {("VN63", p.old_code): p.new_code for p in province_crosswalk()}
    expected |= {("VN34", p.new_code): p.new_code for p in province_crosswalk()}
    assert len(expected) == 63 + 34
    assert got == expected
    # the codes the 2025 reform reused with another meaning
    assert got[("VN63", "10")] == got[("VN63", "15")] == got[("VN34", "15")] == "15"
    assert got[("VN63", "27")] == got[("VN34", "24")] == "24"
    assert got[("VN63", "72")] == got[("VN34", "80")] == "80"
    assert got[("VN63", "89")] == got[("VN34", "91")] == "91"
