"""Victim persons and police cases of one simulated quarter (numpy arrays, no per-record loops).

Each quarter has its own random stream, seeded by (seed, year, quarter), so a quarter's persons
and cases are the same whichever range is generated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tipstat.demo.calendar import np_day, qindex
from tipstat.demo.geography import new_of_old, old_codes, old_population_share, victim_origin_weights
from tipstat.demo.keys import VICTIM, linkage_keys, synthetic_ids
from tipstat.demo.tables import text, zpad
from tipstat.intake.naming import Period

# victim persons a year at scale 1: stable, a dip in 2020-2021 (borders closed), then the rise of
# online scam compounds in Cambodia, Myanmar and Laos from 2022
VICTIMS_PER_YEAR = {2019: 1250, 2020: 1120, 2021: 1160, 2022: 1380, 2023: 1560, 2024: 1660, 2025: 1720}
CASES_PER_YEAR = {2019: 300, 2020: 275, 2021: 290, 2022: 310, 2023: 340, 2024: 360, 2025: 375}
SEASON = np.array([0.23, 0.25, 0.27, 0.25])

FORMS = np.array(
    ["SEXUAL", "FORCED_LABOUR", "FORCED_CRIMINALITY", "BEGGING", "FORCED_MARRIAGE",
     "ORGAN_REMOVAL", "CHILD_SALE", "SURROGACY", "OTHER", "UNKNOWN"]
)  # fmt: skip
_FORM_ORDER = np.argsort(FORMS)
_BASE_FORM = np.array([0.36, 0.24, 0.0, 0.03, 0.14, 0.01, 0.04, 0.02, 0.04, 0.05])
_CRIMINALITY_SHARE = {2022: 0.12, 2023: 0.22, 2024: 0.28}
FEMALE_P = np.array([0.97, 0.40, 0.42, 0.50, 0.99, 0.30, 0.55, 1.0, 0.60, 0.70])
CHILD_P = np.array([0.25, 0.08, 0.06, 0.60, 0.20, 0.02, 1.0, 0.0, 0.15, 0.20])
COUNTRIES_BY_FORM: dict[str, dict[str, float]] = {
    "SEXUAL": {"CHN": .35, "MYS": .12, "THA": .06, "KHM": .07, "LAO": .05, "VNM": .30, "TWN": .05},
    "FORCED_LABOUR": {"CHN": .20, "MYS": .08, "KOR": .07, "JPN": .08, "TWN": .10, "SAU": .07, "DEU": .04,
                      "GBR": .06, "VNM": .30},
    "FORCED_CRIMINALITY": {"KHM": .55, "MMR": .25, "LAO": .15, "VNM": .05},
    "BEGGING": {"VNM": .70, "THA": .20, "MYS": .10},
    "FORCED_MARRIAGE": {"CHN": .85, "KOR": .10, "TWN": .05},
    "ORGAN_REMOVAL": {"CHN": .60, "KHM": .20, "VNM": .20},
    "CHILD_SALE": {"CHN": .70, "VNM": .30},
    "SURROGACY": {"CHN": .70, "KHM": .30},
    "OTHER": {"VNM": .40, "CHN": .30, "KHM": .15, "MYS": .15},
    "UNKNOWN": {"CHN": .40, "VNM": .30, "KHM": .15, "LAO": .15},
}  # fmt: skip
NATIONALITIES = np.array(["VNM", "LAO", "KHM", "CHN", "MMR"])
NATIONALITY_P = np.array([0.94, 0.02, 0.015, 0.015, 0.01])
CHANNELS = np.array(["ONLINE", "IN_PERSON", "BROKER", "FAMILY", "UNKNOWN"])


def _per_year(table: dict[int, int], year: int, growth: float = 0.02) -> float:
    first, last = min(table), max(table)
    if year < first:
        return table[first]
    if year > last:
        return table[last] * (1 + growth) ** (year - last)
    return table[year]


def form_probabilities(year: int) -> np.ndarray:
    fc = _CRIMINALITY_SHARE.get(year, 0.03 if year < 2022 else 0.30)
    p = _BASE_FORM / _BASE_FORM.sum() * (1 - fc)
    p[2] = fc
    return p


def quarter_rng(seed: int, period: Period, stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, period.year, period.quarter or 0, stream])


def _countries(rng: np.random.Generator, forms: np.ndarray) -> np.ndarray:
    out = np.full(len(forms), "", dtype="<U3")
    for form, dist in COUNTRIES_BY_FORM.items():
        sel = np.flatnonzero(forms == form)
        if len(sel):
            out[sel] = rng.choice(
                list(dist), size=len(sel), p=np.array(list(dist.values())) / sum(dist.values())
            )
    out[rng.random(len(forms)) < 0.03] = ""  # place of exploitation not established
    return out


def _days(rng: np.random.Generator, period: Period, n: int) -> np.ndarray:
    span = (period.end - period.start).days + 1
    return np_day(period.start) + rng.integers(0, span, n).astype("timedelta64[D]")


@dataclass
class Cases:
    seq: np.ndarray
    case_ref: np.ndarray
    opened: np.ndarray  # datetime64[D]
    old_province: np.ndarray
    new_province: np.ndarray
    form: np.ndarray
    country: np.ndarray  # destination; VNM domestic, "" unknown
    channel: np.ndarray
    article: np.ndarray

    def __len__(self) -> int:
        return len(self.seq)


@dataclass
class Victims:
    """One row per victim person first identified in the quarter."""

    seq: np.ndarray
    key: np.ndarray
    case_idx: np.ndarray  # index into Cases, -1 without a case
    case_ref: np.ndarray  # "" without a case
    identified: np.ndarray  # datetime64[D]
    status: np.ndarray  # CONFIRMED / PRESUMED (the police view)
    sex: np.ndarray
    birth_year: np.ndarray
    nationality: np.ndarray
    old_province: np.ndarray  # "" unknown
    new_province: np.ndarray
    form: np.ndarray
    country: np.ndarray

    def __len__(self) -> int:
        return len(self.seq)


@dataclass
class QuarterPersons:
    period: Period
    origin: int  # quarter index
    cases: Cases
    victims: Victims


def simulate_cases(seed: int, period: Period, scale: float) -> Cases:
    rng = quarter_rng(seed, period, 1)
    year = period.year
    n = int(rng.poisson(_per_year(CASES_PER_YEAR, year) * scale * SEASON[period.quarter - 1]))
    seq = np.arange(n)
    number = (period.quarter - 1) * 250_000 + seq + 1  # unique within the year up to scale ~2500
    case_ref = text(f"VA-{year}-", zpad(number, 6))
    form = rng.choice(FORMS, size=n, p=form_probabilities(year))
    old = rng.choice(old_codes(), size=n, p=old_population_share())
    online_p = min(0.3 + 0.05 * max(0, year - 2019), 0.65)
    other = np.array([0.35, 0.30, 0.20, 0.15]) * (1 - online_p)
    channel = rng.choice(CHANNELS, size=n, p=np.concatenate([[online_p], other]))
    channel[(form == "FORCED_CRIMINALITY") & (rng.random(n) < 0.7)] = "ONLINE"
    return Cases(
        seq=seq,
        case_ref=case_ref,
        opened=_days(rng, period, n),
        old_province=old,
        new_province=new_of_old()[np.searchsorted(old_codes(), old)],
        form=form,
        country=_countries(rng, form),
        channel=channel,
        article=np.full(n, "150", dtype="<U3"),
    )


def simulate_victims(seed: int, period: Period, scale: float, cases: Cases) -> Victims:
    rng = quarter_rng(seed, period, 2)
    year = period.year
    n = int(rng.poisson(_per_year(VICTIMS_PER_YEAR, year) * scale * SEASON[period.quarter - 1]))
    seq = np.arange(n)
    has_case = (rng.random(n) < 0.8) & (len(cases) > 0)
    case_idx = np.where(has_case, rng.integers(0, max(len(cases), 1), n), -1)

    def of_case(column: np.ndarray, otherwise: np.ndarray | str, share: np.ndarray) -> np.ndarray:
        """The case's value for victims with a case (where `share`), else `otherwise`."""
        return (
            np.where(share, column[np.maximum(case_idx, 0)], otherwise)
            if len(cases)
            else np.array(np.broadcast_to(otherwise, (n,)))
        )

    own_form = rng.choice(FORMS, size=n, p=form_probabilities(year))
    same_as_case = has_case & (rng.random(n) < 0.9)
    form = of_case(cases.form, own_form, same_as_case)
    country = of_case(cases.country, _countries(rng, form), same_as_case)
    form_i = _FORM_ORDER[np.searchsorted(FORMS[_FORM_ORDER], form)]  # position of each form in FORMS
    sex = np.where(rng.random(n) < FEMALE_P[form_i], "F", "M")
    child = rng.random(n) < CHILD_P[form_i]
    age = np.where(
        child,
        np.where(form == "CHILD_SALE", rng.integers(0, 2, n), rng.integers(9, 18, n)),
        18 + np.minimum(rng.gamma(2.0, 6.0, n).astype(np.int64), 42),
    )
    identified = _days(rng, period, n)
    birth_year = year - age
    nationality = rng.choice(NATIONALITIES, size=n, p=NATIONALITY_P)
    old = rng.choice(old_codes(), size=n, p=victim_origin_weights())
    old = of_case(cases.old_province, old, has_case & (rng.random(n) < 0.5))
    old = np.where((nationality != "VNM") & (rng.random(n) < 0.8), "", old)
    new = np.where(old == "", "", new_of_old()[np.searchsorted(old_codes(), np.where(old == "", "01", old))])
    status = np.where(rng.random(n) < 0.85, "CONFIRMED", "PRESUMED")
    # siblings or friends trafficked together: same case, same sex and birth year (ambiguous links)
    if n > 1:
        by_case = np.argsort(case_idx, kind="stable")
        prev, cur = by_case[:-1], by_case[1:]
        twin = (case_idx[cur] == case_idx[prev]) & (case_idx[cur] >= 0) & (rng.random(n - 1) < 0.04)
        sex[cur[twin]] = sex[prev[twin]]
        birth_year[cur[twin]] = birth_year[prev[twin]]
    # article 151 when a victim of the case is under 16
    if len(cases):
        under16 = has_case & ((year - birth_year) < 16)
        minors = np.bincount(case_idx[under16], minlength=len(cases)) > 0
        cases.article[minors] = "151"
        cases.article[~minors & (cases.form == "CHILD_SALE")] = "151"
    ids = synthetic_ids(seed, qindex(period), VICTIM, seq)
    return Victims(
        seq=seq,
        key=linkage_keys(ids),
        case_idx=case_idx,
        case_ref=of_case(cases.case_ref, "", has_case),
        identified=identified,
        status=status,
        sex=sex,
        birth_year=birth_year.astype(np.int64),
        nationality=nationality,
        old_province=old,
        new_province=new,
        form=form,
        country=country,
    )


def simulate_quarter(seed: int, period: Period, scale: float) -> QuarterPersons:
    cases = simulate_cases(seed, period, scale)
    victims = simulate_victims(seed, period, scale, cases)
    return QuarterPersons(period, qindex(period), cases, victims)
