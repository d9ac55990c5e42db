"""Read-only, cached queries on the published warehouse (`home.warehouse`).

The pipeline never writes this file in place: it replaces it whole with `os.replace`. So every
query opens a short-lived read-only connection, and results are cached under the file's identity
(inode, mtime, size): a replaced file has a new identity, hence fresh results, and the old
figures keep being served until then. A process-wide lock keeps at most one connection open,
because DuckDB hands a new `connect()` the instance of a still-open connection to the same path
(which would be the replaced file's).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st

from tipstat.settings import Home, statistician_mode
from tipstat.warehouse import REPORTING_TABLES, connect_read_only

_READ_LOCK = threading.Lock()
_MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class WarehouseId:
    """What identifies one published version of the warehouse file."""

    path: str
    inode: int
    mtime_ns: int
    size: int


class WarehouseChanged(RuntimeError):
    """The file was replaced while it was being read; the caller reads again."""


def home() -> Home:
    return Home.resolve()


def _record_stamp(folder: Path) -> tuple[tuple[str, int, int, int], ...]:
    """Name, inode, mtime and size of every release record (`<id>.json`): a record written or
    replaced since (records are replaced whole: a new inode) has a new stamp. Listing a folder
    is much cheaper than parsing every record."""
    try:
        with os.scandir(folder) as entries:
            found = [(e.name, e.stat()) for e in entries if e.name.endswith(".json") and e.is_file()]
    except FileNotFoundError:
        return ()
    return tuple(sorted((name, stat.st_ino, stat.st_mtime_ns, stat.st_size) for name, stat in found))


@st.cache_resource(show_spinner=False, max_entries=8)
def _releases(folder: str, stamp: tuple[tuple[str, int, int, int], ...], _h: Home) -> tuple:
    """The release records as they were at `stamp` (shared by every viewer: read-only)."""
    from tipstat.releases.store import list_releases

    return tuple(list_releases(_h))


def shown_release(h: Home | None = None):
    """Public mode: the release the public sees now and any newer one withdrawn (releases.md).

    The records are read again only when one changed (`_record_stamp`); which one is public is
    decided on every call, since an embargo ends with the clock, not with a file."""
    from tipstat.releases.public import public_view

    target = h or home()
    records = _releases(str(target.releases), _record_stamp(target.releases), target)
    return public_view(target, releases=list(records))


def source_path(h: Home | None = None) -> Path | None:
    """What the dashboard reads: the working figures in statistician mode; in public mode only
    the latest public release's frozen file (None when nothing has been released)."""
    target = h or home()
    if statistician_mode():
        return target.warehouse
    release = shown_release(target).release
    return None if release is None else target.releases / f"{release.id}.duckdb"


def _stat(path: Path | str) -> WarehouseId | None:
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return WarehouseId(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def warehouse_id(h: Home | None = None) -> WarehouseId | None:
    path = source_path(h)
    return None if path is None else _stat(path)


def _read(wid: WarehouseId, sql: str, params: tuple) -> pd.DataFrame:
    with _READ_LOCK:
        con = connect_read_only(Path(wid.path))
        try:
            df = con.execute(sql, list(params)).df()
        finally:
            con.close()
    if _stat(wid.path) != wid:
        raise WarehouseChanged(wid.path)
    return df


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_query(wid: WarehouseId, sql: str, params: tuple) -> pd.DataFrame:
    return _read(wid, sql, params)


def query(sql: str, params: tuple = (), h: Home | None = None) -> pd.DataFrame:
    """Run parameterized SQL on the current published file; cached per file identity + params."""
    for _ in range(_MAX_ATTEMPTS):
        wid = warehouse_id(h)
        if wid is None:
            raise FileNotFoundError(source_path(h) or (h or home()).releases)
        try:
            return _cached_query(wid, sql, tuple(params))  # st.cache_data hands out a copy
        except WarehouseChanged:
            continue
    raise WarehouseChanged("the warehouse kept changing while being read")


# Dimension columns and the code an empty value means (reporting.md, exports.md).
UNKNOWN_CODES = {
    "sex": "U",
    "age_group": "UNKNOWN",
    "exploitation_form": "UNKNOWN",
    "recruitment_channel": "UNKNOWN",
    "citizenship": "UNK",
    "residence_province": "UNK",
    "province": "UNK",
    "exploitation_country": "UNK",
    "destination_country": "UNK",
    "returned_from": "UNK",
}


def table(name: str, where: str = "", params: tuple = (), h: Home | None = None) -> pd.DataFrame:
    """One reporting table; `where` is fixed SQL from this package, values go in `params`.

    Empty dimension values become their "unknown" code, so charts and tables can label them.
    """
    if name not in REPORTING_TABLES:
        raise ValueError(f"not a published table: {name}")
    sql = f"SELECT * FROM reporting.{name}" + (f" WHERE {where}" if where else "")
    df = query(sql, params, h)
    fill = {c: code for c, code in UNKNOWN_CODES.items() if c in df.columns and df[c].isna().any()}
    return df.fillna(fill) if fill else df


def reading() -> threading.Lock:
    """Hold this while another module reads the warehouse in this process (see module doc)."""
    return _READ_LOCK


def missing_tables(names: tuple[str, ...], h: Home | None = None) -> list[str]:
    """Which of these reporting tables the published file lacks (an older pipeline's output)."""
    df = query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'reporting'", (), h)
    present = set(df["table_name"])
    return [n for n in names if n not in present]


def warehouse_exists(h: Home | None = None) -> bool:
    return warehouse_id(h) is not None


def published_at(h: Home | None = None) -> datetime | None:
    df = query("SELECT max(published_at) AS published_at FROM reporting.publication", (), h)
    value = df["published_at"].iloc[0] if len(df) else None
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


def years(name: str, h: Home | None = None) -> list[int]:
    if name not in REPORTING_TABLES:
        raise ValueError(f"not a published table: {name}")
    df = query(f"SELECT DISTINCT year FROM reporting.{name} ORDER BY year", (), h)
    return [int(y) for y in df["year"]]


def incomplete_periods(h: Home | None = None) -> list[str]:
    """Quarters with an expected feed file missing or rejected (reporting.completeness)."""
    df = query(
        "SELECT DISTINCT period FROM reporting.completeness "
        "WHERE status IN ('MISSING', 'REJECTED') ORDER BY period",
        (),
        h,
    )
    return [str(p) for p in df["period"]]


def province_names(h: Home | None = None) -> dict[str, str]:
    df = table("provinces", h=h)
    return {str(r.code): str(r.name_vi) for r in df.itertuples()}
