"""Province weights for the synthetic population and victims (approximate, 2023 orders of magnitude).

Populations are kept per former (VN63) province so that both code lists can be written: a
record dated before 1 July 2025 carries its VN63 code, a later one the VN34 code it became
(contract.province_crosswalk()).
"""

from __future__ import annotations

from functools import cache

import numpy as np

from tipstat.contract import province_crosswalk

# approximate resident population, millions, by VN63 code (synthetic reference, not official)
OLD_POPULATION_M: dict[str, float] = {
    "01": 8.59, "02": 0.90, "04": 0.55, "06": 0.33, "08": 0.80, "10": 0.77, "11": 0.64, "12": 0.48,
    "14": 1.29, "15": 0.85, "17": 0.88, "19": 1.34, "20": 0.80, "22": 1.36, "24": 1.92, "25": 1.51,
    "26": 1.22, "27": 1.49, "30": 1.95, "31": 2.10, "33": 1.29, "34": 1.88, "35": 0.88, "36": 1.88,
    "37": 1.01, "38": 3.72, "40": 3.42, "42": 1.32, "44": 0.91, "45": 0.65, "46": 1.16, "48": 1.22,
    "49": 1.52, "51": 1.25, "52": 1.50, "54": 0.88, "56": 1.25, "58": 0.60, "60": 1.25, "62": 0.58,
    "64": 1.59, "66": 1.92, "67": 0.67, "68": 1.33, "70": 1.04, "72": 1.19, "74": 2.76, "75": 3.31,
    "77": 1.18, "79": 9.46, "80": 1.73, "82": 1.79, "83": 1.30, "84": 1.02, "86": 1.03, "87": 1.60,
    "89": 1.91, "91": 1.75, "92": 1.25, "93": 0.73, "94": 1.20, "95": 0.92, "96": 1.21,
}  # fmt: skip

# northern mountainous and border provinces: younger population, and most trafficking victims
# identified in Viet Nam come from them
HIGHLAND = frozenset(
    {"02", "04", "06", "08", "10", "11", "12", "14", "15", "17", "20", "62", "64", "66", "67"}
)
# the largest cities: older population
CITIES = frozenset({"01", "79", "48", "31", "92", "74"})
# provinces with many identified victims besides the highlands (Thanh Hoa, Nghe An, Ha Tinh)
VICTIM_HOTSPOTS = frozenset({"38", "40", "42"})


@cache
def old_codes() -> np.ndarray:
    return np.array([p.old_code for p in province_crosswalk()])


@cache
def new_of_old() -> np.ndarray:
    """VN34 code for each entry of old_codes(), same order."""
    return np.array([p.new_code for p in province_crosswalk()])


@cache
def old_population_share() -> np.ndarray:
    pop = np.array([OLD_POPULATION_M[c] for c in old_codes()])
    return pop / pop.sum()


@cache
def old_child_share() -> np.ndarray:
    """Share of children (under 18) in each former province."""
    return np.array([0.29 if c in HIGHLAND else 0.21 if c in CITIES else 0.235 for c in old_codes()])


@cache
def victim_origin_weights() -> np.ndarray:
    """Where victims live: population-weighted, highlands and hotspots over-represented."""
    boost = np.array([3.5 if c in HIGHLAND else 2.0 if c in VICTIM_HOTSPOTS else 1.0 for c in old_codes()])
    w = old_population_share() * boost
    return w / w.sum()
