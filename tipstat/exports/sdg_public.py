"""SDG 16.2.2 observations for the public edition, from a release's public catalogue.

Counts are cells of `victims_form_sex_age` (the SDG series are its form codes and roll-ups);
rates per 100,000 divide a published count by the catalogue's `population` (not a count of
persons protected by disclosure control: the National Statistics Office publishes it). A hidden
count is left out with its rate (OBS_VALUE must stay numeric in SDMX).
"""

from __future__ import annotations

import pandas as pd

from tipstat.disclosure.policy import PRIMARY, SECONDARY
from tipstat.exports.catalogue_source import YearCatalogue

SERIES_FORM = {
    "VC_HTF_DETV": "_T",
    "VC_HTF_DETVSX": "SEXUAL",
    "VC_HTF_DETVFL": "FORCED_LABOUR",
    "VC_HTF_DETVOG": "ORGAN_REMOVAL",
    "VC_HTF_DETVOP": "OTHER_PURPOSES",
}
AGE_GROUP = {"Y0T17": "CHILD", "Y_GE18": "ADULT", "_T": "_T"}
COUNTS = "victims_form_sex_age"


def _population(cat: YearCatalogue) -> pd.DataFrame:
    empty = pd.DataFrame(columns=["year", "sex", "age_group", "value"])
    frame = cat.catalogue.frames.get("population", empty)
    return frame[frame["year"].astype(int) == cat.year]


def population(cat: YearCatalogue, sex: str, age_group: str) -> float | None:
    """The population of the year for one sex and age group (`_T`: all), None when unknown."""
    frame = _population(cat)
    if sex != "_T":
        frame = frame[frame["sex"].astype(str) == sex]
    if age_group != "_T":
        frame = frame[frame["age_group"].astype(str) == age_group]
    total = pd.to_numeric(frame["value"]).sum() if len(frame) else 0
    return int(total) if total > 0 else None


def public_frame(cat: YearCatalogue) -> tuple[pd.DataFrame, set[tuple[str, str, str]]]:
    """Rows like `reporting.sdg_16_2_2` (series, sex, age, victims, rate_per_100k) and the
    (series, sex, age) cells hidden in the catalogue."""
    rows, hidden = [], set()
    for series, form in SERIES_FORM.items():
        for sex in ("F", "M", "_T"):
            for age, group in AGE_GROUP.items():
                found = cat.cell(COUNTS, {"exploitation_form": form, "sex": sex, "age_group": group})
                if found is None:
                    continue
                value, flag = found
                if flag in (PRIMARY, SECONDARY):
                    hidden.add((series, sex, age))
                    rows.append((series, sex, age, None, None))
                    continue
                pop = population(cat, sex, group)
                count = int(value)  # type: ignore[call-overload]
                rate = float(count) * 100000 / pop if pop else None
                rows.append((series, sex, age, count, rate))
    frame = pd.DataFrame(rows, columns=["series", "sex", "age", "victims", "rate_per_100k"])
    return frame, hidden
