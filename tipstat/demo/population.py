"""Population files `population_<YYYY>.csv` (VN34 province x sex x age group), deterministic."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tipstat.demo.geography import new_of_old, old_child_share, old_population_share

TOTAL_2019 = 96_480_000  # Viet Nam, about 96.5 million in 2019, ~100 million in 2023
GROWTH = 0.0085  # per year
CHILD_SHARE_DRIFT = -0.0015  # the share of children falls slowly
MALE_SHARE_CHILD = 0.52  # sex ratio at birth favours boys
MALE_SHARE_ADULT = 0.495


def population_table(year: int) -> pa.Table:
    """One row per VN34 province, sex and age group; columns as POPULATION_SPEC (all integers/codes)."""
    total = TOTAL_2019 * (1 + GROWTH) ** (year - 2019)
    old_pop = old_population_share() * total
    child = np.clip(old_child_share() + CHILD_SHARE_DRIFT * (year - 2019), 0.15, 0.35)
    new_codes = new_of_old()
    provinces = np.unique(new_codes)
    prov_total = np.array([old_pop[new_codes == p].sum() for p in provinces])
    prov_child = np.array([(old_pop * child)[new_codes == p].sum() for p in provinces])
    prov_adult = prov_total - prov_child
    rows_prov, rows_sex, rows_age, rows_pop = [], [], [], []
    for sex in ("F", "M"):
        for age, base, male in (
            ("CHILD", prov_child, MALE_SHARE_CHILD),
            ("ADULT", prov_adult, MALE_SHARE_ADULT),
        ):
            share = male if sex == "M" else 1 - male
            rows_prov.append(provinces)
            rows_sex.append(np.full(len(provinces), sex))
            rows_age.append(np.full(len(provinces), age))
            rows_pop.append(np.rint(base * share).astype(np.int64))
    prov = np.concatenate(rows_prov)
    sex_a = np.concatenate(rows_sex)
    age_a = np.concatenate(rows_age)
    pop = np.concatenate(rows_pop)
    order = np.lexsort((age_a, sex_a, prov))
    return pa.table(
        {
            "year": pa.array(np.full(len(prov), year, dtype=np.int64)),
            "province": pa.array(prov[order]),
            "sex": pa.array(sex_a[order]),
            "age_group": pa.array(age_a[order]),
            "population": pa.array(pop[order]),
        }
    )
