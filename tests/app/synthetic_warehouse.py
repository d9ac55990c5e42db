"""A small published warehouse with every reporting table the dashboard reads.

Synthetic rows only (no real data). Counts are drawn so that many cells are 1-4, which the
public dashboard must never show. The layout follows docs/architecture.md and reporting.md.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from tipstat.contract import EXPLOITATION_FORMS, RECRUITMENT_CHANNELS, SERVICES, vn34_names

YEARS = (2023, 2024, 2025)
FEEDS = (
    ("police", "cases"),
    ("police", "victims"),
    ("police", "suspects"),
    ("border", "victims"),
    ("social", "victims"),
    ("consular", "victims"),
    ("procuracy", "defendants"),
    ("court", "defendants"),
)
COUNTRIES = ("VNM", "CHN", "KHM", "LAO", "MMR", "THA", "MYS", "KOR", "JPN", "GBR")
CITIZENSHIPS = ("VNM", "VNM", "VNM", "CHN", "KHM", "LAO")


def _count(rng: random.Random) -> int:
    """Mostly small counts (1-4), sometimes larger ones: suppression must be exercised."""
    return rng.choice([1, 2, 3, 4, rng.randint(5, 40), rng.randint(5, 120)])


def _periods() -> list[tuple[int, int, str]]:
    return [(y, q, f"{y}Q{q}") for y in YEARS for q in range(1, 5)]


def _frames(seed: int, published_at: datetime) -> dict[str, pd.DataFrame]:
    rng = random.Random(seed)
    provinces = sorted(vn34_names())
    forms = [f for f in EXPLOITATION_FORMS if f != "ORGAN_REMOVAL"]

    detected = []
    for year in YEARS:
        for _ in range(160):
            detected.append(
                {
                    "year": year,
                    "sex": rng.choice("FFFMMU"),
                    "age_group": rng.choice(["CHILD", "ADULT", "ADULT", "UNKNOWN"]),
                    "exploitation_form": rng.choice(forms),
                    "citizenship": rng.choice(CITIZENSHIPS),
                    "residence_province": rng.choice([*provinces, "UNK"]),
                    "status": rng.choice(["CONFIRMED", "CONFIRMED", "PRESUMED"]),
                    "victims": _count(rng),
                }
            )
    vd = (
        pd.DataFrame(detected)
        .groupby(
            ["year", "sex", "age_group", "exploitation_form", "citizenship", "residence_province", "status"],
            as_index=False,
        )["victims"]
        .sum()
    )

    # the quarterly and route tables count the same persons as victims_detected (the catalogue's
    # audit refuses tables of one universe that do not add up): each row gets a quarter and a
    # country of exploitation
    persons = pd.DataFrame(detected)
    persons["quarter"] = [rng.randint(1, 4) for _ in range(len(persons))]
    persons["period"] = persons["year"].astype(str) + "Q" + persons["quarter"].astype(str)
    persons["exploitation_country"] = [rng.choice([*COUNTRIES, None]) for _ in range(len(persons))]
    vq = persons.groupby(
        ["year", "quarter", "period", "sex", "age_group", "exploitation_form", "status"], as_index=False
    )["victims"].sum()
    routes = persons.groupby(
        ["year", "residence_province", "exploitation_country", "status"], as_index=False, dropna=False
    )["victims"].sum()

    funnel = (
        pd.DataFrame(
            [
                {
                    "year": year,
                    "stage": stage,
                    "sex": rng.choice("FM"),
                    "age_group": rng.choice(["CHILD", "ADULT"]),
                    "citizenship": rng.choice(CITIZENSHIPS),
                    "persons": _count(rng),
                }
                for year in YEARS
                for stage in ("SUSPECTED", "PROSECUTED", "CONVICTED")
                for _ in range(10)
            ]
        )
        .groupby(["year", "stage", "sex", "age_group", "citizenship"], as_index=False)["persons"]
        .sum()
    )

    cases = (
        pd.DataFrame(
            [
                {
                    "year": year,
                    "province": rng.choice(provinces),
                    "exploitation_form": rng.choice(forms),
                    "recruitment_channel": rng.choice(RECRUITMENT_CHANNELS),
                    "destination_country": rng.choice(COUNTRIES),
                    "cases": _count(rng),
                }
                for year in YEARS
                for _ in range(40)
            ]
        )
        .groupby(
            ["year", "province", "exploitation_form", "recruitment_channel", "destination_country"],
            as_index=False,
        )["cases"]
        .sum()
    )

    cq = pd.DataFrame(
        [
            {
                "year": year,
                "quarter": quarter,
                "period": period,
                "recruitment_channel": channel,
                "exploitation_form": rng.choice(forms),
                "article": rng.choice(["150", "151"]),
                "cases": _count(rng),
            }
            for year, quarter, period in _periods()
            for channel in RECRUITMENT_CHANNELS
        ]
    )

    repatriations = pd.DataFrame(
        [
            {
                "year": year,
                "returned_from": rng.choice(COUNTRIES[1:]),
                "sex": rng.choice("FM"),
                "age_group": rng.choice(["CHILD", "ADULT"]),
                "status": rng.choice(["CONFIRMED", "PRESUMED"]),
                "victims": _count(rng),
            }
            for year in YEARS
            for _ in range(25)
        ]
    )
    rbs = repatriations.groupby(["year", "returned_from", "sex", "age_group", "status"], as_index=False)[
        "victims"
    ].sum()
    rep = repatriations.groupby(["year", "returned_from", "sex", "age_group"], as_index=False)[
        "victims"
    ].sum()

    assistance = pd.DataFrame(
        {
            "year": list(YEARS),
            "victims_assisted": [3, 57, 140],
            "median_days_to_support": [2.0, 11.5, 9.0],
        }
    )
    services = pd.DataFrame(
        [{"year": year, "service": s, "victims": _count(rng)} for year in YEARS for s in SERVICES]
    )

    completeness, submissions = [], []
    due = {
        q: (3, 31) if q == 1 else (6, 30) if q == 2 else (9, 30) if q == 3 else (12, 31) for q in range(1, 5)
    }
    for year, quarter, period in _periods():
        month, day = due[quarter]
        due_date = (datetime(year, month, day) + timedelta(days=30)).date()
        for feed, entity in FEEDS:
            status = "ON_TIME"
            if (period, feed) == ("2024Q2", "border"):
                status = "MISSING"
            elif (period, feed, entity) == ("2025Q1", "court", "defendants"):
                status = "REJECTED"
            elif rng.random() < 0.15:
                status = "LATE"
            name = f"{feed}_{entity}_{period}.csv"
            completeness.append(
                {
                    "feed": feed,
                    "entity": entity,
                    "period": period,
                    "year": year,
                    "quarter": quarter,
                    "due_date": due_date,
                    "expected": True,
                    "received": status != "MISSING",
                    "on_time": status == "ON_TIME" if status in ("ON_TIME", "LATE") else None,
                    "status": status,
                    "file_name": name if status in ("ON_TIME", "LATE") else None,
                }
            )
            if status == "MISSING":
                continue
            received = datetime.combine(due_date, datetime.min.time()) + timedelta(
                days=-5 if status == "ON_TIME" else 9
            )
            submissions.append(
                {
                    "feed": feed,
                    "entity": entity,
                    "period": period,
                    "version": 1,
                    "file_name": name,
                    "sha256": f"{rng.getrandbits(256):064x}",
                    "received_at": received,
                    "status": "REJECTED" if status == "REJECTED" else "ACCEPTED",
                    "rows": rng.randint(1, 400),
                    "due_date": due_date,
                    "on_time": status == "ON_TIME",
                    "reason": "extra column 'ho_ten' (may carry personal data)"
                    if status == "REJECTED"
                    else None,
                }
            )
    submissions.append(
        {
            "feed": None,
            "entity": None,
            "period": None,
            "version": None,
            "file_name": "victims final.xlsx",
            "sha256": f"{rng.getrandbits(256):064x}",
            "received_at": datetime(2025, 5, 2, 8, 30),
            "status": "REJECTED",
            "rows": None,
            "due_date": None,
            "on_time": None,
            "reason": "file name does not follow <feed>_<entity>_<YYYY>Q<n>[_v<k>].<ext>",
        }
    )

    linkage = pd.DataFrame(
        {
            "year": list(YEARS),
            "records": [900, 1200, 1500],
            "persons": [610, 800, 1010],
            "keyless_records": [80, 95, 120],
            "ambiguous_links": [0, 3, 7],
        }
    )

    sdg = []
    for year in YEARS:
        for series in ("VC_HTF_DETV", "VC_HTF_DETVSX", "VC_HTF_DETVFL", "VC_HTF_DETVOG", "VC_HTF_DETVOP"):
            for sex in ("F", "M", "_T"):
                for age in ("Y0T17", "Y_GE18", "_T"):
                    victims = _count(rng)
                    population = 50_000_000
                    sdg.append(
                        {
                            "year": year,
                            "series": series,
                            "sex": sex,
                            "age": age,
                            "victims": victims,
                            "population": population,
                            "rate_per_100k": victims / population * 100_000,
                        }
                    )

    return {
        "victims_detected": vd,
        "sdg_16_2_2": pd.DataFrame(sdg),
        "justice_funnel": funnel,
        "cases": cases,
        "repatriations": rep,
        "assistance": assistance,
        "submissions": pd.DataFrame(submissions),
        "linkage_quality": linkage,
        "completeness": pd.DataFrame(completeness),
        "victims_quarterly": vq,
        "victim_routes": routes,
        "cases_quarterly": cq,
        "assistance_services": services,
        "repatriations_by_status": rbs,
        "provinces": pd.DataFrame(sorted(vn34_names().items()), columns=["code", "name_vi"]),
        "population_by_province": pd.DataFrame(
            [
                {
                    "year": year,
                    "province": code,
                    "sex": sex,
                    "age_group": age,
                    "population": 400_000 + 1_000 * i,
                }
                for year in sorted({y for y, _, _ in _periods()})
                for i, code in enumerate(sorted(vn34_names()))
                for sex in ("F", "M")
                for age in ("CHILD", "ADULT")
            ]
        ),
        "publication": pd.DataFrame(
            [
                {
                    "published_at": published_at,
                    "run_id": f"synthetic-{seed}",
                    "counting_rules_version": "1",
                    "contract_version": "1",
                    "files_in_force": len(submissions),
                }
            ]
        ),
    }


def write_warehouse(path: Path, seed: int = 7, published_at: datetime | None = None) -> Path:
    """Write a complete published warehouse to `path` (checkpointed and closed)."""
    frames = _frames(seed, published_at or datetime(2026, 1, 15, 2, 30))
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("CREATE SCHEMA IF NOT EXISTS reporting")
        for name, frame in frames.items():
            con.register("frame", frame)
            con.execute(f"CREATE OR REPLACE TABLE reporting.{name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def replace_warehouse(path: Path, seed: int, published_at: datetime) -> None:
    """Publish a new file the way the pipeline does: write beside, then os.replace over."""
    import os

    tmp = path.with_name(f".{path.name}.{seed}.tmp")
    write_warehouse(tmp, seed, published_at)
    os.replace(tmp, path)
