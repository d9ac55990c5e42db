"""The offender side of one simulated quarter: suspects of its cases, then (later quarters)
indictments and first-instance verdicts of the same persons.

About 1.8 suspects a case; ~75% of suspects indicted 1.5-7 months later; ~95% of those tried
another 1.5-7 months on, ~89% convicted. Some persons are suspects in two cases of the quarter.
`offender_scale` multiplies the suspects of each case (benchmarks: as many offender records as
victim records); at 1.0 the draws, and so the files, are exactly those of the plain demo.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tipstat.demo.calendar import year_of
from tipstat.demo.keys import OFFENDER, linkage_keys, synthetic_ids
from tipstat.demo.persons import QuarterPersons, quarter_rng
from tipstat.demo.tables import table, text, zpad

NATIONALITIES = np.array(["VNM", "CHN", "LAO", "KHM"])
NATIONALITY_P = np.array([0.88, 0.08, 0.02, 0.02])
VERDICTS = np.array(["CONVICTED", "ACQUITTED", "RETURNED"])
VERDICT_P = np.array([0.90, 0.04, 0.06])


def _after(rng: np.random.Generator, dates: np.ndarray, low: int, high: int) -> np.ndarray:
    return dates + rng.integers(low, high + 1, len(dates)).astype("timedelta64[D]")


def offender_records(qp: QuarterPersons, seed: int, offender_scale: float = 1.0) -> dict[str, pa.Table]:
    rng = quarter_rng(seed, qp.period, 4)
    cases = qp.cases
    per_case = 1 + rng.binomial(2, 0.4, len(cases))
    if offender_scale != 1.0:  # own stream, so the default draws stay untouched
        wanted = per_case * offender_scale
        extra = quarter_rng(seed, qp.period, 5).random(len(cases)) < wanted - np.floor(wanted)
        per_case = np.maximum(np.floor(wanted).astype(np.int64) + extra, 1)
    case_idx = np.repeat(np.arange(len(cases)), per_case)
    n = len(case_idx)
    seq = np.arange(n)
    # the person behind each suspect record: mostly new, some already suspects in another case
    person = seq.copy()
    repeat = (rng.random(n) < 0.06) & (n > 1)
    person[repeat] = rng.integers(0, max(n, 1), int(repeat.sum()))
    person = person[person]  # a repeated person points at an original one
    ids = synthetic_ids(seed, qp.origin, OFFENDER, np.arange(n))
    person_keys = linkage_keys(ids)
    keyed = rng.random(n) < 0.9  # per person: known ID number
    key = np.where(keyed[person], person_keys[person], "")
    sex = np.where(rng.random(n) < 0.62, "M", "F")[person]
    age = rng.integers(19, 62, n)[person]
    nationality = rng.choice(NATIONALITIES, size=n, p=NATIONALITY_P)[person]
    article = cases.article[case_idx]
    case_ref = cases.case_ref[case_idx]
    label = qp.period.label
    suspected = _after(rng, cases.opened[case_idx], 0, 45)
    birth_year = (year_of(cases.opened[case_idx]) - age).astype(np.int64)
    police_sex = np.where(rng.random(n) < 0.03, "", sex)

    def records(
        prefix: str, sel: np.ndarray, dates: np.ndarray, sex_values: np.ndarray
    ) -> dict[str, np.ndarray]:
        return {
            "record_id": text(f"{prefix}-{label}-", zpad(seq[sel], 7)),
            "person_key": key[sel],
            "case_ref": case_ref[sel],
            "event_date": dates,
            "sex": sex_values[sel],
            "birth_year": birth_year[sel],
            "nationality": nationality[sel],
            "article": article[sel],
        }

    everyone = np.arange(n)
    out = {"police__suspects": table(records("PS", everyone, suspected, police_sex))}
    indicted = np.flatnonzero(rng.random(n) < 0.75)
    indicted_on = _after(rng, suspected[indicted], 45, 200)
    out["procuracy__defendants"] = table(records("VKS", indicted, indicted_on, sex))
    tried_mask = rng.random(len(indicted)) < 0.95
    tried = indicted[tried_mask]
    verdict_on = _after(rng, indicted_on[tried_mask], 45, 200)
    court = records("TA", tried, verdict_on, sex)
    verdict = rng.choice(VERDICTS, size=len(tried), p=VERDICT_P)
    months = np.where(
        article[tried] == "151", rng.normal(120, 45, len(tried)), rng.normal(72, 36, len(tried))
    )
    court["verdict"] = verdict
    court["sentence_months"] = np.where(verdict == "CONVICTED", np.clip(np.rint(months), 6, 240), -1).astype(
        np.int64
    )
    out["court__defendants"] = table(court)
    return out
