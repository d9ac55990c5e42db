"""What a register extract can know: nothing after the moment it was made (exports.md, "Edge cases
(decided)": no date may be later than the file's arrival).

The simulation draws each person's whole story (a repatriation up to four months after
identification, support up to three weeks after reception); a file extracted earlier only holds
what had happened by then. A repatriation not yet made is `repatriated=false` with no country or
date; support not yet started has no start date and no services. The later facts are simply not
in that file (a correction would carry them).
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.compute as pc

from tipstat.contract import FileSpec

HANOI = dt.timezone(dt.timedelta(hours=7))  # no daylight saving time


def known_at(spec: FileSpec, rows: pa.Table, arrived: dt.datetime) -> pa.Table:
    """`rows` (canonical columns, dates as date32) as an extract arriving at `arrived` shows them."""
    day = pa.scalar(arrived.astimezone(HANOI).date(), pa.date32())
    names = rows.column_names
    if "repatriation_date" in names:
        later = pc.fill_null(pc.greater(rows["repatriation_date"], day), False)
        if pc.any(later).as_py():
            rows = _set(rows, "repatriated", pc.if_else(later, "false", rows["repatriated"]))
            rows = _set(rows, "returned_from", _null_where(later, rows["returned_from"]))
            rows = _set(rows, "repatriation_date", _null_where(later, rows["repatriation_date"]))
    if "support_start_date" in names:
        later = pc.fill_null(pc.greater(rows["support_start_date"], day), False)
        if pc.any(later).as_py():
            rows = _set(rows, "support_start_date", _null_where(later, rows["support_start_date"]))
            if "services" in names:
                rows = _set(rows, "services", _null_where(later, rows["services"]))
    return rows


def _null_where(mask: pa.ChunkedArray, values: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(mask, pa.scalar(None, values.type), values)


def _set(rows: pa.Table, name: str, values: pa.ChunkedArray) -> pa.Table:
    return rows.set_column(rows.column_names.index(name), name, values.cast(rows.schema.field(name).type))
