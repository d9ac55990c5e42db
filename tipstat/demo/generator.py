"""`tipstat demo`: write a synthetic, realistic landing folder and its manifest.

Quarters are simulated from a few quarters before `start` (so indictments, verdicts, social
follow-ups and confirmations of earlier persons land in the range too) up to `end`; only files
of quarters start..end are written. Every quarter has its own random stream, so the files of a
quarter are the same bytes whichever range is generated (with broken=False).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pyarrow as pa

from tipstat.contract import FILE_SPECS, POPULATION_SPEC
from tipstat.demo.arrivals import feed_arrival, population_arrival
from tipstat.demo.broken import Context, apply_broken, needed_slots
from tipstat.demo.calendar import REFORM_DATE, last_full_quarter, qindex, qperiod, quarter_of
from tipstat.demo.extraction import known_at
from tipstat.demo.feeds import victim_records
from tipstat.demo.manifest import MANIFEST_NAME, DemoManifest
from tipstat.demo.offenders import offender_records
from tipstat.demo.persons import Cases, simulate_quarter
from tipstat.demo.planned import Planned
from tipstat.demo.population import population_table
from tipstat.demo.tables import table
from tipstat.demo.writers import csv_bytes, file_bytes
from tipstat.intake.naming import Period
from tipstat.settings import Home

LEAD_QUARTERS = 6  # verdicts come up to ~5 quarters after the case was opened
ENTITY_ORDER = tuple(FILE_SPECS)  # fixed order: also the arrival-time slot of each feed
DATE_COLUMN = {"police__cases": "opened_date", "police__suspects": "event_date",
               "procuracy__defendants": "event_date", "court__defendants": "event_date"}  # fmt: skip


def _cases_table(cases: Cases) -> pa.Table:
    return table(
        {
            "case_ref": cases.case_ref,
            "opened_date": cases.opened,
            "province": np.where(cases.opened < REFORM_DATE, cases.old_province, cases.new_province),
            "code_version": np.where(cases.opened < REFORM_DATE, "VN63", "VN34"),
            "article": cases.article,
            "exploitation_form": cases.form,
            "destination_country": cases.country,
            "recruitment_channel": cases.channel,
        }
    )


class QuarterStream:
    """Simulates quarter after quarter and hands out, for each quarter, every record dated in it.

    Records of the persons of quarter q are dated in q or later (confirmations, social support,
    indictments, verdicts), so once q has been simulated its files are complete: only records
    dated after q are kept pending, which bounds memory whatever the range.
    """

    def __init__(self, seed: int, scale: float, progress: Callable[[str], None], offender_scale: float = 1.0):
        self.seed, self.scale, self.say = seed, scale, progress
        self.offender_scale = offender_scale
        self.pending: dict[str, pa.Table | None] = dict.fromkeys(ENTITY_ORDER)

    def advance(self, index: int) -> dict[str, pa.Table]:
        """Simulate quarter `index`; return each entity's records dated in it, sorted by id."""
        qp = simulate_quarter(self.seed, qperiod(index), self.scale)
        new = {"police__cases": _cases_table(qp.cases), **victim_records(qp, self.seed),
               **offender_records(qp, self.seed, self.offender_scale)}  # fmt: skip
        out = {}
        for key in ENTITY_ORDER:
            records = (
                new[key] if self.pending[key] is None else pa.concat_tables([self.pending[key], new[key]])
            )
            records = records.combine_chunks()
            dates = records[DATE_COLUMN.get(key, "identified_date")].to_numpy(zero_copy_only=False)
            quarters = quarter_of(dates.astype("datetime64[D]"))
            self.pending[key] = records.filter(pa.array(quarters > index))
            now = records.filter(pa.array(quarters == index))
            out[key] = now.sort_by("record_id" if "record_id" in now.column_names else "case_ref")
        self.say(f"simulated {qp.period.label}: {len(qp.victims)} victims, {len(qp.cases)} cases")
        return out


def population_years(start: Period, end: Period, population: bool | None) -> list[int]:
    """None: years whose first quarter is in the range, plus the start year of a multi-year range.
    A one-quarter top-up (benchmarks) then adds no population file that is already in the warehouse."""
    if population is False:
        return []
    years = list(range(start.year, end.year + 1))
    if population:
        return years
    return [y for y in years if qindex(start) <= y * 4 <= qindex(end) or (y == start.year and end.year > y)]


def generate_demo(
    home: Home,
    seed: int = 2026,
    scale: float = 1.0,
    start: str = "2019Q1",
    end: str | None = None,
    today: dt.date | None = None,
    broken: bool = True,
    progress: Callable[[str], None] | None = None,
    population: bool | None = None,
    offender_scale: float = 1.0,
) -> DemoManifest:
    """Write the landing files of quarters start..end into home.landing and the manifest into
    home.root / demo_manifest.json (overwritten: it describes this call's files).

    `offender_scale` multiplies the suspects drawn for each case (and so the procuracy and court
    records that follow them); the victims and cases do not change. At 1.0 (the default) the
    files are exactly those of the plain demo."""
    say = progress or (lambda _msg: None)
    today = today or dt.date.today()
    start_p = Period.parse(start)
    end_p = Period.parse(end) if end else last_full_quarter(today)
    if start_p.quarter is None or end_p.quarter is None:
        raise ValueError("start and end are quarters like 2019Q1")
    if qindex(end_p) < qindex(start_p):
        raise ValueError(f"end {end_p.label} is before start {start_p.label}")
    if end_p.end >= today:
        raise ValueError(f"quarter {end_p.label} has not ended before {today.isoformat()}")
    if scale <= 0:
        raise ValueError("scale must be positive")
    if offender_scale <= 0:
        raise ValueError("offender_scale must be positive")
    first, last = qindex(start_p), qindex(end_p)
    quarters = [qperiod(i) for i in range(first, last + 1)]
    keep = needed_slots(quarters) if broken else set()
    home.landing.mkdir(parents=True, exist_ok=True)

    stream = QuarterStream(seed, scale, say, offender_scale)
    tables: dict[tuple[str, str], pa.Table] = {}
    planned: dict[str, Planned] = {}
    for index in range(first - LEAD_QUARTERS, last + 1):
        by_entity = stream.advance(index)
        if index < first:
            continue  # persons of earlier quarters: only their later records count
        period = qperiod(index)
        for slot, key in enumerate(ENTITY_ORDER):
            spec, rows = FILE_SPECS[key], by_entity[key]
            name = f"{spec.feed}_{spec.entity}_{period.label}.{spec.ext}"
            arrived = feed_arrival(seed, period, slot, today)
            rows = known_at(spec, rows, arrived)  # no date after the file's arrival
            item = Planned(name, file_bytes(spec, rows), arrived, "ACCEPTED",
                           "regular delivery", rows.num_rows)  # fmt: skip
            planned[name] = item
            if (key, period.label) in keep:
                tables[(key, period.label)] = rows
            else:
                item.write(home.landing, keep=False)
        say(f"wrote the files of {period.label}")
    if broken:
        apply_broken(Context(seed, today, quarters, tables, planned))
    for year in population_years(start_p, end_p, population):
        pop = population_table(year)
        name = f"population_{year}.csv"
        planned[name] = Planned(
            name,
            csv_bytes(POPULATION_SPEC, pop),
            population_arrival(year, today),
            "ACCEPTED",
            "population estimates (National Statistics Office)",
            pop.num_rows,
        )
    for item in planned.values():
        if item.data is not None:
            item.write(home.landing, keep=False)
    manifest = DemoManifest(
        seed,
        scale,
        start_p.label,
        end_p.label,
        today.isoformat(),
        broken,
        sorted((p.entry() for p in planned.values()), key=lambda e: e.file_name),
        offender_scale,
    )
    manifest.write(home.root / MANIFEST_NAME)
    say(f"wrote {len(planned)} files into {home.landing}")
    return manifest
