"""Reading the written exports back in tests: SDMX-CSV rows and workbook table blocks."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
from openpyxl import load_workbook

from tipstat.disclosure.catalogue import Catalogue, read_catalogue
from tipstat.releases.public import latest_public
from tipstat.releases.store import public_dir
from tipstat.settings import Home


def latest_year(home: Home) -> int:
    """The latest year with detected victims in a published warehouse."""
    con = duckdb.connect(str(home.warehouse), read_only=True)
    try:
        row = con.execute(
            "select max(year) from reporting.victims_detected where status = 'CONFIRMED'"
        ).fetchone()
    finally:
        con.close()
    assert row is not None and row[0] is not None
    return int(row[0])


def sdmx_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def sdmx_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def sdmx_values(path: Path) -> dict[tuple[str, str, str], str]:
    """(SERIES, SEX, AGE) -> OBS_VALUE text."""
    return {(r["SERIES"], r["SEX"], r["AGE"]): r["OBS_VALUE"] for r in sdmx_rows(path)}


def all_cells(path: Path) -> list[tuple[str, object]]:
    """(sheet, value) for every non-empty cell of every sheet."""
    wb = load_workbook(path)
    try:
        return [
            (ws.title, v)
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for v in row
            if v is not None
        ]
    finally:
        wb.close()


def cover_fields(path: Path) -> dict[str, object]:
    wb = load_workbook(path)
    try:
        ws = wb["Cover"]
        return {str(r[0]): r[1] for r in ws.iter_rows(values_only=True) if r[0] is not None and len(r) > 1}
    finally:
        wb.close()


def cover_tables(path: Path) -> dict[str, tuple[str, str]]:
    """table key -> (sheet, source) from the cover's list of tables."""
    wb = load_workbook(path)
    try:
        ws = wb["Cover"]
        rows = list(ws.iter_rows(values_only=True))
        start = next(i for i, r in enumerate(rows) if r[0] == "Table") + 1
        return {str(r[0]): (str(r[1]), str(r[3])) for r in rows[start:] if r[0] is not None}
    finally:
        wb.close()


def table_block(path: Path, sheet: str, key: str) -> dict[str, dict[str, object]]:
    """One table of a sheet as {row label (stripped): {column header: value}}."""
    wb = load_workbook(path)
    try:
        rows = list(wb[sheet].iter_rows(values_only=True))
    finally:
        wb.close()
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and r[0].startswith(f"{key}. "))
    header_at = next(i for i in range(start + 1, len(rows)) if rows[i][1] is not None)
    header = [str(h) if h is not None else "" for h in rows[header_at]]
    block: dict[str, dict[str, object]] = {}
    for r in rows[header_at + 1 :]:
        if r[0] is None:
            break
        block[str(r[0]).strip()] = {h: v for h, v in zip(header[1:], r[1:], strict=False) if h}
    return block


def sheet_marks(path: Path) -> dict[str, object]:
    wb = load_workbook(path)
    try:
        return {ws.title: ws.cell(1, 1).value for ws in wb.worksheets}
    finally:
        wb.close()


def release_catalogue(home: Home) -> Catalogue:
    """The public catalogue of the home's latest public release."""
    release = latest_public(home)
    assert release is not None, "no public release"
    return read_catalogue(public_dir(home, release.id))


def catalogue_cell(cat: Catalogue, table: str, year: int, codes: dict[str, str]) -> tuple[object, str]:
    """(value, flag) of one catalogue cell; fails when the catalogue has no such cell."""
    frame = cat.frames[table]
    mask = frame["year"].astype(int) == year
    for dim, code in codes.items():
        mask &= frame[dim].astype(str) == code
    found = frame[mask]
    assert len(found) == 1, (table, year, codes, len(found))
    return found["value"].iloc[0], str(found["flag"].iloc[0])


SDG_FORM = {
    "VC_HTF_DETV": "_T",
    "VC_HTF_DETVSX": "SEXUAL",
    "VC_HTF_DETVFL": "FORCED_LABOUR",
    "VC_HTF_DETVOG": "ORGAN_REMOVAL",
    "VC_HTF_DETVOP": "OTHER_PURPOSES",
}
SDG_AGE = {"Y0T17": "CHILD", "Y_GE18": "ADULT", "_T": "_T"}


def sdg_codes(key: tuple[str, str, str]) -> dict[str, str]:
    """The catalogue codes (victims_form_sex_age) of an SDG count (SERIES, SEX, AGE)."""
    series, sex, age = key
    return {"exploitation_form": SDG_FORM[series], "sex": sex, "age_group": SDG_AGE[age]}
