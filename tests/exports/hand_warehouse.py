"""A small published warehouse written by hand: the reporting tables the exports read, with
small counts on purpose (for disclosure control). Figures the tests expect are worked out by
hand from the rows below, in the tests themselves.

Invented figures only: no real person or case behind any row.
"""

from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

from tipstat.contract import FORM_ROLLUP
from tipstat.settings import Home

YEAR = 2024

# year, sex, age_group, exploitation_form, citizenship, residence_province, status, victims
VICTIMS_DETECTED = [
    (2024, "F", "ADULT", "SEXUAL", "VNM", "01", "CONFIRMED", 12),
    (2024, "F", "CHILD", "SEXUAL", "VNM", "01", "CONFIRMED", 3),
    (2024, "F", "ADULT", "FORCED_MARRIAGE", "VNM", "04", "CONFIRMED", 7),
    (2024, "M", "ADULT", "FORCED_LABOUR", "VNM", "01", "CONFIRMED", 20),
    (2024, "M", "ADULT", "FORCED_CRIMINALITY", "KHM", "79", "CONFIRMED", 2),
    (2024, "M", "CHILD", "BEGGING", "VNM", "79", "CONFIRMED", 1),
    (2024, "F", "ADULT", "UNKNOWN", "CHN", "01", "CONFIRMED", 6),
    (2024, "U", "UNKNOWN", "SEXUAL", "VNM", "UNK", "CONFIRMED", 4),
    (2024, "M", "ADULT", "ORGAN_REMOVAL", "VNM", "01", "CONFIRMED", 5),
    (2024, "F", "ADULT", "SEXUAL", "VNM", "01", "PRESUMED", 9),
    (2023, "F", "ADULT", "SEXUAL", "VNM", "01", "CONFIRMED", 30),
]
# year, sex, age_group, population
POPULATION = [
    (2023, "F", "CHILD", 9_900_000),
    (2023, "F", "ADULT", 39_900_000),
    (2023, "M", "CHILD", 10_900_000),
    (2023, "M", "ADULT", 38_900_000),
    (2024, "F", "CHILD", 10_000_000),
    (2024, "F", "ADULT", 40_000_000),
    (2024, "M", "CHILD", 11_000_000),
    (2024, "M", "ADULT", 39_000_000),
]
# year, stage, sex, age_group, citizenship, persons
JUSTICE_FUNNEL = [
    (2024, "SUSPECTED", "M", "ADULT", "VNM", 30),
    (2024, "SUSPECTED", "F", "ADULT", "VNM", 8),
    (2024, "SUSPECTED", "M", "ADULT", "CHN", 3),
    (2024, "PROSECUTED", "M", "ADULT", "VNM", 22),
    (2024, "PROSECUTED", "F", "ADULT", "VNM", 6),
    (2024, "PROSECUTED", "M", "ADULT", "CHN", 2),
    (2024, "CONVICTED", "M", "ADULT", "VNM", 18),
    (2024, "CONVICTED", "F", "ADULT", "VNM", 4),
    (2024, "CONVICTED", "M", "ADULT", "CHN", 2),
    (2024, "CONVICTED", "M", "CHILD", "VNM", 1),
    (2023, "SUSPECTED", "M", "ADULT", "VNM", 11),
]
# year, returned_from, sex, age_group, status, victims
REPATRIATIONS_BY_STATUS = [
    (2024, "KHM", "M", "ADULT", "CONFIRMED", 9),
    (2024, "KHM", "F", "ADULT", "CONFIRMED", 2),
    (2024, "CHN", "F", "ADULT", "CONFIRMED", 10),
    (2024, "CHN", "F", "ADULT", "PRESUMED", 4),
    (2024, "CHN", "F", "CHILD", "CONFIRMED", 3),
    (2024, "LAO", "M", "ADULT", "CONFIRMED", 6),
    (2024, "MYS", "F", "ADULT", "PRESUMED", 1),
]
# year, quarter, recruitment_channel, exploitation_form, article, cases
CASES_QUARTERLY = [
    (2024, 1, "ONLINE", "SEXUAL", "150", 7),
    (2024, 2, "IN_PERSON", "FORCED_LABOUR", "150", 10),
    (2024, 3, "BROKER", "CHILD_SALE", "151", 2),
    (2024, 4, "FAMILY", "SEXUAL", "151", 3),
    (2024, 4, "ONLINE", "FORCED_CRIMINALITY", "150", 12),
]
# year, province, exploitation_form, recruitment_channel, destination_country, cases
CASES = [
    (2024, "01", "SEXUAL", "ONLINE", "CHN", 7),
    (2024, "01", "FORCED_LABOUR", "IN_PERSON", "MYS", 10),
    (2024, "79", "CHILD_SALE", "BROKER", "CHN", 2),
    (2024, "04", "SEXUAL", "FAMILY", "VNM", 3),
    (2024, "79", "FORCED_CRIMINALITY", "ONLINE", "KHM", 12),
]
ASSISTANCE = [(2024, 38, 12.5)]
ASSISTANCE_SERVICES = [
    (2024, "SHELTER", 30),
    (2024, "MEDICAL", 25),
    (2024, "LEGAL", 4),
    (2024, "CASH", 38),
    (2024, "VOCATIONAL", 2),
]
FEED_FILES = [
    ("police", "cases"),
    ("police", "victims"),
    ("police", "suspects"),
    ("border", "victims"),
    ("social", "victims"),
    ("consular", "victims"),
    ("procuracy", "defendants"),
    ("court", "defendants"),
]
# (feed, entity, quarter) -> status; every other expected file of 2024 is ON_TIME
COMPLETENESS_EXCEPTIONS = {
    ("border", "victims", 3): "LATE",
    ("social", "victims", 2): "REJECTED",
    ("court", "defendants", 4): "MISSING",
}
PUBLISHED_AT = datetime(2025, 2, 10, 8, 30, 0)
# What a release and its public catalogue need besides: confirmed victims by quarter and by route
# (each adding up to the year's confirmed victims above), provinces, population by province.
VICTIMS_QUARTERLY = [(2023, 1, 8), (2023, 2, 7), (2023, 3, 8), (2023, 4, 7)] + [
    (2024, 1, 15),
    (2024, 2, 14),
    (2024, 3, 16),
    (2024, 4, 15),
]
ROUTE_COUNTRY = {"SEXUAL": "CHN", "FORCED_LABOUR": "MYS", "FORCED_CRIMINALITY": "KHM"}
PROVINCES = [("01", "Hà Nội"), ("04", "Cao Bằng"), ("79", "Thành phố Hồ Chí Minh")]


def _sdg_rows() -> list[tuple[object, ...]]:
    """reporting.sdg_16_2_2 as the pipeline defines it, from the rows above."""
    victims = pd.DataFrame(
        VICTIMS_DETECTED,
        columns=["year", "sex", "age_group", "form", "citizenship", "province", "status", "victims"],
    )
    victims = victims[victims["status"] == "CONFIRMED"]
    population = pd.DataFrame(POPULATION, columns=["year", "sex", "age_group", "population"])
    ages = {"CHILD": "Y0T17", "ADULT": "Y_GE18"}
    rows = []
    for year in sorted(set(population["year"])):
        v_year = victims[victims["year"] == year]
        p_year = population[population["year"] == year]
        for series in ("VC_HTF_DETV", "VC_HTF_DETVSX", "VC_HTF_DETVFL", "VC_HTF_DETVOG", "VC_HTF_DETVOP"):
            if series == "VC_HTF_DETV":
                v_series = v_year
            else:
                v_series = v_year[v_year["form"].map(lambda f: FORM_ROLLUP[f][0]) == series]
            for sex in ("F", "M", "_T"):
                for age in ("Y0T17", "Y_GE18", "_T"):
                    v = v_series
                    p = p_year
                    if sex != "_T":
                        v, p = v[v["sex"] == sex], p[p["sex"] == sex]
                    if age != "_T":
                        v = v[v["age_group"].map(ages) == age]
                        p = p[p["age_group"].map(ages) == age]
                    count, pop = int(v["victims"].sum()), int(p["population"].sum())
                    rows.append((year, series, sex, age, count, pop, count * 100000 / pop))
    return rows


def _completeness_rows() -> list[tuple[object, ...]]:
    rows = []
    for quarter in (1, 2, 3, 4):
        for feed, entity in FEED_FILES:
            status = COMPLETENESS_EXCEPTIONS.get((feed, entity, quarter), "ON_TIME")
            period = f"{YEAR}Q{quarter}"
            name = None if status in ("MISSING", "REJECTED") else f"{feed}_{entity}_{period}.csv"
            rows.append(
                (
                    feed,
                    entity,
                    period,
                    YEAR,
                    quarter,
                    None,
                    True,
                    status != "MISSING",
                    status == "ON_TIME",
                    status,
                    name,
                )
            )
    return rows


TABLES: dict[str, tuple[str, list[tuple[object, ...]]]] = {
    "victims_detected": (
        "year INTEGER, sex VARCHAR, age_group VARCHAR, exploitation_form VARCHAR, citizenship VARCHAR, "
        "residence_province VARCHAR, status VARCHAR, victims BIGINT",
        VICTIMS_DETECTED,
    ),
    "justice_funnel": (
        "year INTEGER, stage VARCHAR, sex VARCHAR, age_group VARCHAR, citizenship VARCHAR, persons BIGINT",
        JUSTICE_FUNNEL,
    ),
    "repatriations_by_status": (
        "year INTEGER, returned_from VARCHAR, sex VARCHAR, age_group VARCHAR, status VARCHAR, victims BIGINT",
        REPATRIATIONS_BY_STATUS,
    ),
    "cases_quarterly": (
        "year INTEGER, quarter INTEGER, period VARCHAR, recruitment_channel VARCHAR, "
        "exploitation_form VARCHAR, article VARCHAR, cases BIGINT",
        [(y, q, f"{y}Q{q}", c, f, a, n) for (y, q, c, f, a, n) in CASES_QUARTERLY],
    ),
    "cases": (
        "year INTEGER, province VARCHAR, exploitation_form VARCHAR, recruitment_channel VARCHAR, "
        "destination_country VARCHAR, cases BIGINT",
        CASES,
    ),
    "assistance": ("year INTEGER, victims_assisted BIGINT, median_days_to_support DOUBLE", ASSISTANCE),
    "assistance_services": ("year INTEGER, service VARCHAR, victims BIGINT", ASSISTANCE_SERVICES),
    "completeness": (
        "feed VARCHAR, entity VARCHAR, period VARCHAR, year INTEGER, quarter INTEGER, due_date DATE, "
        "expected BOOLEAN, received BOOLEAN, on_time BOOLEAN, status VARCHAR, file_name VARCHAR",
        _completeness_rows(),
    ),
    "publication": (
        "published_at TIMESTAMP, run_id VARCHAR, counting_rules_version VARCHAR, contract_version VARCHAR, "
        "files_in_force INTEGER",
        [(PUBLISHED_AT, "run-hand-1", "1", "1", 29)],
    ),
}


def _route_rows() -> list[tuple[object, ...]]:
    rows: dict[tuple[object, ...], int] = {}
    for year, _, _, form, _, province, status, victims in VICTIMS_DETECTED:
        key = (year, province, ROUTE_COUNTRY.get(form, "VNM"), status)
        rows[key] = rows.get(key, 0) + victims
    return [(*k, v) for k, v in sorted(rows.items())]


EXTRA_TABLES: dict[str, tuple[str, list[tuple[object, ...]]]] = {
    "victims_quarterly": (
        "year INTEGER, quarter INTEGER, period VARCHAR, status VARCHAR, victims BIGINT",
        [(y, q, f"{y}Q{q}", "CONFIRMED", n) for y, q, n in VICTIMS_QUARTERLY],
    ),
    "victim_routes": (
        "year INTEGER, residence_province VARCHAR, exploitation_country VARCHAR, status VARCHAR, "
        "victims BIGINT",
        _route_rows(),
    ),
    "provinces": ("code VARCHAR, name_vi VARCHAR", PROVINCES),
    "population_by_province": (
        "year INTEGER, province VARCHAR, sex VARCHAR, age_group VARCHAR, population BIGINT",
        [(y, "01", s, a, p) for y, s, a, p in POPULATION],
    ),
    "submissions": (
        "feed VARCHAR, entity VARCHAR, period VARCHAR, version INTEGER, file_name VARCHAR, "
        'sha256 VARCHAR, received_at TIMESTAMP, status VARCHAR, "rows" BIGINT, due_date DATE, '
        "on_time BOOLEAN, reason VARCHAR",
        [],
    ),
}


def build_hand_warehouse(home: Home) -> Home:
    """Write `home.warehouse` with the published tables above (checkpointed and closed)."""
    home.root.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(home.warehouse))
    try:
        con.execute("create schema reporting")
        for name, (columns, rows) in {**TABLES, **EXTRA_TABLES}.items():
            con.execute(f"create table reporting.{name} ({columns})")
            if rows:
                marks = ", ".join("?" for _ in rows[0])
                con.executemany(f"insert into reporting.{name} values ({marks})", rows)
        con.execute(
            "create table reporting.sdg_16_2_2 (year INTEGER, series VARCHAR, sex VARCHAR, age VARCHAR, "
            "victims BIGINT, population BIGINT, rate_per_100k DOUBLE)"
        )
        con.executemany("insert into reporting.sdg_16_2_2 values (?, ?, ?, ?, ?, ?, ?)", _sdg_rows())
        con.execute(
            "create table reporting.repatriations as select year, returned_from, sex, age_group, "
            "sum(victims)::BIGINT as victims from reporting.repatriations_by_status "
            "group by all"
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return home
