"""The handful of broken, late, duplicated and corrected deliveries (`broken=True`).

Each case takes the good file of one feed and quarter (the quarters counted back from the end
of the range, so a short range gets them too) and adds or alters deliveries, with the status
the pipeline should give each and why. Corrections always arrive after the version they replace.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import numpy as np
import pyarrow as pa

from tipstat.contract import FILE_SPECS
from tipstat.demo.arrivals import before_today, later_arrival, on_time
from tipstat.demo.planned import Planned
from tipstat.demo.writers import csv_bytes, file_bytes, text_table
from tipstat.intake.naming import Period

FAKE_ID_NUMBER = "012345678901"  # an obviously made-up 12-digit ID-card-like number
SLOT = tuple[str, str]  # (entity key, period label)


@dataclasses.dataclass
class Context:
    seed: int
    today: dt.date
    quarters: list[Period]
    tables: dict[SLOT, pa.Table]  # canonical tables of the good files
    planned: dict[str, Planned]  # by file name, in write order

    def quarter(self, offset: int) -> Period:
        return self.quarters[-(offset % len(self.quarters)) - 1]

    def name(self, key: str, period: Period, version: int = 1) -> str:
        spec = FILE_SPECS[key]
        suffix = f"_v{version}" if version > 1 else ""
        return f"{spec.feed}_{spec.entity}_{period.label}{suffix}.{spec.ext}"

    def add_after(
        self, base: Planned, name: str, data: bytes, status: str, why: str, rows: int | None, salt: int
    ) -> Planned:
        item = Planned(
            name, data, later_arrival(self.seed, base.arrived, salt, self.today), status, why, rows
        )
        self.planned[name] = item
        return item


def _replace_values(table: pa.Table, column: str, rows: np.ndarray, value: str) -> pa.Table:
    values = np.array(table[column].to_pylist(), dtype=object)
    values[rows] = value
    return table.set_column(
        table.schema.get_field_index(column), column, pa.array(values.tolist(), pa.string())
    )


def _rejected_then_fixed(
    ctx: Context, key: str, offset: int, salt: int, broken: pa.Table | bytes, why: str
) -> None:
    """v1 is broken (REJECTED); the sender's fixed v2 arrives later and is ACCEPTED."""
    period = ctx.quarter(offset)
    good = ctx.planned[ctx.name(key, period)]
    data = broken if isinstance(broken, bytes) else file_bytes(FILE_SPECS[key], broken)
    v2_name = ctx.name(key, period, 2)
    ctx.add_after(
        good, v2_name, good.data, "ACCEPTED", "corrected re-delivery of a rejected v1", good.rows, salt
    )
    good.set_data(data)
    good.status, good.why = "REJECTED", why


def correction_passes(ctx: Context) -> None:
    key, period = "police__victims", ctx.quarter(1)
    table = ctx.tables[(key, period.label)]
    if table.num_rows < 2:
        return
    good = ctx.planned[ctx.name(key, period)]
    keep = max(1, int(table.num_rows * 0.95))
    v1 = table.slice(0, keep)
    ctx.add_after(
        good,
        ctx.name(key, period, 2),
        good.data,
        "ACCEPTED",
        "correction: v2 adds records missing from v1 and replaces it",
        table.num_rows,
        101,
    )
    good.set_data(file_bytes(FILE_SPECS[key], v1))
    good.rows = v1.num_rows
    good.status, good.why = "SUPERSEDED", "v1 lacked late-registered records; replaced by v2"


def correction_fails(ctx: Context) -> None:
    key, period = "social__victims", ctx.quarter(2)
    spec = FILE_SPECS[key]
    table = ctx.tables[(key, period.label)]
    good = ctx.planned[ctx.name(key, period)]
    text = text_table(spec, table)
    notes = pa.array(["cần bổ sung hồ sơ"] * text.num_rows, pa.string())  # "file needs completing"
    text = text.append_column("Ghi chú", notes)
    data = csv_bytes(spec, text, header=[*spec.header, "Ghi chú"])
    good.why = "in force: its correction v2 was rejected"
    ctx.add_after(
        good,
        ctx.name(key, period, 2),
        data,
        "REJECTED",
        "correction with an extra free-text column 'Ghi chú' (not in the contract); v1 stays",
        text.num_rows,
        102,
    )


def duplicate_delivery(ctx: Context) -> None:
    key, period = "police__suspects", ctx.quarter(3)
    good = ctx.planned[ctx.name(key, period)]
    ctx.add_after(
        good,
        ctx.name(key, period, 2),
        good.data,
        "DUPLICATE",
        "same bytes as v1 delivered again under a v2 name",
        good.rows,
        103,
    )


def bad_file_name(ctx: Context) -> None:
    key, period = "police_victims", ctx.quarter(4)
    table = ctx.tables[("police__victims", period.label)]
    half = table.slice(0, max(1, table.num_rows // 2)) if table.num_rows else table
    good = ctx.planned[ctx.name("police__victims", period)]
    name = f"{key}_{period.year}_Q{period.quarter}.csv"
    ctx.add_after(
        good,
        name,
        file_bytes(FILE_SPECS["police__victims"], half),
        "REJECTED",
        "file name does not follow <feed>_<entity>_<YYYY>Q<n>[_v<k>].<ext>",
        half.num_rows,
        104,
    )


def personal_data(ctx: Context) -> None:
    key, period = "procuracy__defendants", ctx.quarter(5)
    table = ctx.tables[(key, period.label)]
    if table.num_rows == 0:
        return
    broken = _replace_values(table, "case_ref", np.array([table.num_rows // 2]), FAKE_ID_NUMBER)
    _rejected_then_fixed(
        ctx, key, 5, 105, broken, "personal data: a 12-digit ID-card-like number in column case_ref"
    )


def invalid_code(ctx: Context) -> None:
    key, period = "police__cases", ctx.quarter(6)
    table = ctx.tables[(key, period.label)]
    if table.num_rows == 0:
        return
    rows = np.arange(min(3, table.num_rows))
    broken = _replace_values(table, "recruitment_channel", rows, "SOCIAL_MEDIA")
    _rejected_then_fixed(ctx, key, 6, 106, broken, "invalid code SOCIAL_MEDIA in recruitment_channel")


def consular_iso_dates(ctx: Context) -> None:
    key, period = "consular__victims", ctx.quarter(7)
    table = ctx.tables[(key, period.label)]
    if table.num_rows == 0:
        return
    spec = dataclasses.replace(FILE_SPECS[key], date_format="%Y-%m-%d")
    _rejected_then_fixed(
        ctx, key, 7, 107, csv_bytes(spec, table), "consular dates written yyyy-mm-dd instead of dd/mm/yyyy"
    )


def late_delivery(ctx: Context) -> None:
    key, period = "court__defendants", ctx.quarter(8)
    good = ctx.planned[ctx.name(key, period)]
    due = period.due_date
    assert due is not None
    when = dt.datetime(due.year, due.month, due.day, 4, 30, tzinfo=dt.UTC) + dt.timedelta(days=19)
    good.arrived = max(good.arrived, before_today(when, ctx.today, good.arrived, 0.9))
    good.why = "delivered after its due date (quarter end + 30 days): accepted, late"
    if on_time(period, good.arrived):  # `today` is too close to the due date for it to be late yet
        good.why = "regular delivery (too recent to be late)"


def vn63_code_missing(ctx: Context) -> None:
    key, period = "border__victims", ctx.quarter(9)
    table = ctx.tables[(key, period.label)]
    if table.num_rows == 0:
        return
    row = np.array([0])
    broken = _replace_values(
        _replace_values(table, "code_version", row, "VN63"), "residence_province", row, "03"
    )
    _rejected_then_fixed(ctx, key, 9, 109, broken, "province code 03 does not exist in VN63")


# the good file each case starts from: (feed__entity, quarters back from the end of the range)
SLOTS = (
    ("police__victims", 1),
    ("social__victims", 2),
    ("police__suspects", 3),
    ("police__victims", 4),
    ("procuracy__defendants", 5),
    ("police__cases", 6),
    ("consular__victims", 7),
    ("court__defendants", 8),
    ("border__victims", 9),
)


def needed_slots(quarters: list[Period]) -> set[tuple[str, str]]:
    """(feed__entity, period label) of the good files the broken cases read."""
    return {(key, quarters[-(offset % len(quarters)) - 1].label) for key, offset in SLOTS}


CASES: tuple[Callable[[Context], None], ...] = (
    correction_passes,
    correction_fails,
    duplicate_delivery,
    bad_file_name,
    personal_data,
    invalid_code,
    consular_iso_dates,
    late_delivery,
    vn63_code_missing,
)


def apply_broken(ctx: Context) -> None:
    for case in CASES:
        case(ctx)
