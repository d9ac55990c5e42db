"""Victim records of the police, border, consular and social feeds for one simulated quarter.

Each person appears in one or more feeds. Records carry the person's `victim_key` most of the
time; keyless records keep case_ref, sex and birth_year (so they can join a keyed person,
counting.md) unless a field was not recorded. Keyed records of the secondary feeds sometimes
disagree with the police (birth year off by one, sex missing, form UNKNOWN). Dates may run past
the quarter (social reception, confirmations): the record then lands in a later quarter's file.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tipstat.demo.calendar import REFORM_DATE, quarter_of, year_of
from tipstat.demo.persons import QuarterPersons, quarter_rng
from tipstat.demo.tables import table, text, zpad

LAND_BORDER = np.array(["CHN", "LAO", "KHM"])
SERVICE_P = {
    "SHELTER": 0.70, "MEDICAL": 0.60, "PSYCHOLOGICAL": 0.60, "LEGAL": 0.40,
    "VOCATIONAL": 0.25, "EDUCATION": 0.15, "CASH": 0.50, "TRAVEL": 0.30,
}  # fmt: skip
# every subset of the services, indexed by its bit mask, joined with '|' (None for no service)
SERVICE_SETS = np.array(
    [None] + ["|".join(s for bit, s in enumerate(SERVICE_P) if mask >> bit & 1) for mask in range(1, 256)],
    dtype=object,
)
SLOW_AGENCY_QUARTER = 2025 * 4 + 2  # 2025Q3: some social facilities still write VN63 codes
# entity name -> (record_id prefix, keyed share)
FEED_IDS = {
    "police__victims": ("PV", 0.90),
    "border__victims": ("BP", 0.75),
    "consular__victims": ("LS", 0.95),
    "social__victims": ("XH", 0.88),
}


def _days(rng: np.random.Generator, low: int, high: int, n: int) -> np.ndarray:
    return rng.integers(low, high + 1, n).astype("timedelta64[D]")


def _provinces(dates: np.ndarray, old: np.ndarray, new: np.ndarray, force_old: np.ndarray | None = None):
    """code_version and residence_province by the row's date (per row, exports.md)."""
    vn63 = dates < REFORM_DATE
    if force_old is not None:
        vn63 = vn63 | force_old
    return np.where(vn63, "VN63", "VN34"), np.where(vn63, old, new)


def _base(
    qp: QuarterPersons,
    rng: np.random.Generator,
    idx: np.ndarray,
    entity: str,
    dates: np.ndarray,
    suffix: str = "",
    primary: bool = False,
    force_old: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Shared victim columns for the persons `idx` in one feed."""
    v = qp.victims
    n = len(idx)
    prefix, keyed_share = FEED_IDS[entity]
    keyed = rng.random(n) < keyed_share
    sex = v.sex[idx].copy()
    birth = v.birth_year[idx].copy()
    case_ref = v.case_ref[idx].copy()
    form = v.form[idx].copy()
    if not primary:  # agencies disagree now and then, on keyed records only
        shift = keyed & (rng.random(n) < 0.05)
        birth[shift] += rng.choice([-1, 1], size=int(shift.sum()))
        sex[keyed & (rng.random(n) < 0.05)] = ""
        case_ref[rng.random(n) < 0.15] = ""  # not every agency knows the criminal case number
    form[rng.random(n) < (0.05 if primary else 0.10)] = "UNKNOWN"
    # keyless records: a quarter of them lack case_ref, sex or birth year
    lacking = ~keyed & (rng.random(n) < 0.25)
    which = rng.integers(0, 3, n)
    case_ref[lacking & (which == 0)] = ""
    sex[lacking & (which == 1)] = ""
    birth[lacking & (which == 2)] = -1
    birth = np.where(birth < 0, birth, np.minimum(birth, year_of(dates)))  # never after the file's year
    code_version, province = _provinces(dates, v.old_province[idx], v.new_province[idx], force_old)
    record_id = text(f"{prefix}-{qp.period.label}-", zpad(v.seq[idx], 7), suffix)
    return {
        "record_id": record_id,
        "victim_key": np.where(keyed, v.key[idx], ""),
        "case_ref": case_ref,
        "identified_date": dates,
        "victim_status": v.status[idx].copy(),
        "sex": sex,
        "birth_year": birth,
        "nationality": v.nationality[idx],
        "residence_province": province,
        "code_version": code_version,
        "exploitation_form": form,
        "exploitation_country": v.country[idx],
    }


def victim_records(qp: QuarterPersons, seed: int) -> dict[str, pa.Table]:
    """Records of every victim feed for the persons first identified in this quarter."""
    rng = quarter_rng(seed, qp.period, 3)
    v = qp.victims
    n = len(v)
    has_case = v.case_ref != ""
    abroad = (v.country != "VNM") & (v.country != "")
    land = np.isin(v.country, LAND_BORDER)
    in_police = np.where(has_case, rng.random(n) < 0.95, rng.random(n) < 0.35)
    in_border = land & (rng.random(n) < 0.45)
    in_consular = abroad & ~land & (rng.random(n) < 0.55) | (abroad & land & (rng.random(n) < 0.05))
    in_social = rng.random(n) < 0.40
    in_police |= ~(in_border | in_consular | in_social)
    out: dict[str, pa.Table] = {}

    # police: presumed victims are often confirmed in a later quarter (a second record)
    idx = np.flatnonzero(in_police)
    police = _base(qp, rng, idx, "police__victims", v.identified[idx], primary=True)
    later = idx[(v.status[idx] == "PRESUMED") & (rng.random(len(idx)) < 0.5)]
    confirm_dates = v.identified[later] + _days(rng, 45, 150, len(later))
    confirmed = _base(qp, rng, later, "police__victims", confirm_dates, suffix="-2", primary=True)
    confirmed["victim_status"][:] = "CONFIRMED"
    out["police__victims"] = _concat(police, confirmed)

    idx = np.flatnonzero(in_border)
    border = _base(qp, rng, idx, "border__victims", v.identified[idx] + _days(rng, 0, 20, len(idx)))
    repatriated = rng.random(len(idx)) < 0.9
    border["victim_status"] = np.where(rng.random(len(idx)) < 0.9, border["victim_status"], "PRESUMED")
    border["repatriated"] = repatriated
    border["returned_from"] = np.where(repatriated, np.where(v.country[idx] == "", "CHN", v.country[idx]), "")
    out["border__victims"] = table(border)

    idx = np.flatnonzero(in_consular)
    found = v.identified[idx] + _days(rng, 0, 30, len(idx))
    consular = _base(qp, rng, idx, "consular__victims", found)
    repatriated = rng.random(len(idx)) < 0.8
    consular["repatriated"] = repatriated
    consular["returned_from"] = np.where(
        repatriated, np.where(v.country[idx] == "", "MYS", v.country[idx]), ""
    )
    consular["repatriation_date"] = np.where(
        repatriated, found + _days(rng, 7, 120, len(idx)), np.datetime64("NaT")
    ).astype("datetime64[D]")
    out["consular__victims"] = table(consular)

    idx = np.flatnonzero(in_social)
    reception = v.identified[idx] + _days(rng, 0, 75, len(idx))
    slow = (quarter_of(reception) == SLOW_AGENCY_QUARTER) & (rng.random(len(idx)) < 0.1)
    social = _base(qp, rng, idx, "social__victims", reception, force_old=slow & (v.old_province[idx] != ""))
    started = rng.random(len(idx)) < 0.85
    social["support_start_date"] = np.where(
        started, reception + _days(rng, 0, 21, len(idx)), np.datetime64("NaT")
    ).astype("datetime64[D]")
    children = (reception.astype("datetime64[Y]").astype(np.int64) + 1970 - v.birth_year[idx]) < 18
    chosen = np.zeros(len(idx), dtype=np.int64)  # bit i set: service i started
    for bit, (service, p) in enumerate(SERVICE_P.items()):
        chance = np.where(children & (service == "EDUCATION"), 0.6, p)
        chosen |= (started & (rng.random(len(idx)) < chance)).astype(np.int64) << bit
    chosen[started & (chosen == 0)] = 1  # support started: at least a shelter place
    out["social__victims"] = table(social).append_column(
        "services", pa.array(SERVICE_SETS[chosen], pa.string())
    )
    return out


def _concat(*parts: dict[str, np.ndarray]) -> pa.Table:
    return pa.concat_tables([table(p) for p in parts])
