"""What a register extract can hold: no date after the moment it was made (exports.md, "Edge cases
(decided)": no date may be later than the file's arrival).

The simulation draws a repatriation up to four months after identification and a support start
up to three weeks after reception, independently of when the file is extracted, so some dates
fell after the file's arrival. Those are drawn again inside the window the extract can know,
from the record's own date to the arrival day, keeping where they fell in proportion (a date
`d` days after the record's date moves to `d mod (window + 1)`), so every count stays the same
and only such dates move earlier.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from tipstat.contract import FileSpec

HANOI = dt.timezone(dt.timedelta(hours=7))  # no daylight saving time
LATER_DATES = ("repatriation_date", "support_start_date")  # the dates that may fall after the quarter


def known_at(spec: FileSpec, rows: pa.Table, arrived: dt.datetime) -> pa.Table:
    """`rows` (canonical columns, dates as date32) with no date after the arrival day."""
    arrival = (arrived.astimezone(HANOI).date() - dt.date(1970, 1, 1)).days
    for name in LATER_DATES:
        if name not in rows.column_names or rows.num_rows == 0:
            continue
        column = rows[name].combine_chunks()
        days = column.cast(pa.int32()).to_numpy(zero_copy_only=False)
        valid = column.is_valid().to_numpy(zero_copy_only=False)
        late = valid & (np.nan_to_num(days, nan=0) > arrival)
        if not late.any():
            continue
        start = rows["identified_date"].combine_chunks().cast(pa.int32()).to_numpy(zero_copy_only=False)
        window = np.maximum(arrival - start, 0) + 1
        moved = np.where(late, start + (np.nan_to_num(days, nan=0) - start) % window, days)
        values = pa.array(np.nan_to_num(moved, nan=0).astype(np.int32), pa.int32(), mask=~valid).cast(
            pa.date32()
        )
        rows = rows.set_column(rows.column_names.index(name), name, values)
    return rows
