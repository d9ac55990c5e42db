"""Tiny contract-valid landing files for tests: any feed and entity, any quarter, synthetic values.

Every value is made by code from a seed (no real person anywhere). Rows are dicts keyed by the
file's header names (Vietnamese for the social feed) holding the text as the sender writes it;
`None` or "" means empty.

    rows = contract_rows("police__victims", "2025Q3", n=3)
    rows[0]["sex"] = "X"                                  # make it invalid
    path = write_file(landing, "police", "victims", "2025Q3", rows=rows, version=2)
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tipstat.contract import (
    ALL_SPECS,
    ARTICLES,
    EXPLOITATION_FORMS,
    POPULATION_SPEC,
    RECRUITMENT_CHANNELS,
    SERVICES,
    SOCIAL_SEX_VALUES,
    SOCIAL_STATUS_VALUES,
    FileSpec,
    province_codes,
)
from tipstat.intake.naming import Period

Row = dict[str, str | None]

_COUNTRIES = ("VNM", "KHM", "LAO", "CHN", "MMR", "THA", "MYS", "KOR", "JPN", "DEU", "GBR")
_PREFIX = {
    "police": "PV",
    "border": "BD",
    "social": "SOC",
    "consular": "CON",
    "procuracy": "PRC",
    "court": "CT",
}


def file_name(
    feed: str, entity: str, period: str | Period, version: int | None = None, ext: str | None = None
) -> str:
    """The contract file name; version None or 1 without `_v1` (pass `explicit_v1` names by hand)."""
    label = period.label if isinstance(period, Period) else period
    if feed == "population":
        base = f"population_{label}"
        ext = ext or "csv"
    else:
        base = f"{feed}_{entity}_{label}"
        ext = ext or ALL_SPECS[f"{feed}__{entity}"].ext
    suffix = f"_v{version}" if version and version > 1 else ""
    return f"{base}{suffix}.{ext}"


def spec_for(feed: str, entity: str) -> FileSpec:
    return POPULATION_SPEC if feed == "population" else ALL_SPECS[f"{feed}__{entity}"]


def _key(seed: str) -> str:
    """A synthetic 64-hex linkage key (not derived from any ID number)."""
    return hashlib.sha256(f"synthetic-key|{seed}".encode()).hexdigest()


def _day_in(period: Period, rnd: random.Random) -> date:
    span = (period.end - period.start).days
    return period.start + timedelta(days=rnd.randint(0, span))


def contract_rows(key: str, period: str | Period, n: int = 3, seed: int = 0) -> list[Row]:
    """`n` valid rows for the file spec `key` (`police__victims`, ..., `population__population`).

    Population files always get the full 34 x 2 x 2 grid for the year (n is ignored)."""
    per = Period.parse(period) if isinstance(period, str) else period
    spec = ALL_SPECS[key]
    rnd = random.Random(f"{key}|{per.label}|{seed}")
    if spec.feed == "population":
        return [
            {
                "year": str(per.year),
                "province": prov,
                "sex": sex,
                "age_group": age,
                "population": str(rnd.randint(20_000, 900_000)),
            }
            for prov in province_codes("VN34")
            for sex in ("F", "M")
            for age in ("CHILD", "ADULT")
        ]
    rows: list[Row] = []
    prefix = _PREFIX[spec.feed]
    for i in range(n):
        day = _day_in(per, rnd)
        rec = f"{prefix}-{per.label}-{seed:02d}{i + 1:05d}"
        case_ref = f"VA-{per.year}-{rnd.randint(1, 999_999):06d}"
        values: dict[str, str | None] = {
            "record_id": rec,
            "case_ref": case_ref,
            "sex": rnd.choice(("F", "M", "")),
            "birth_year": str(rnd.randint(1960, min(per.year, 2015))),
            "nationality": rnd.choice(("VNM", "VNM", "CHN", "")),
            "article": rnd.choice(ARTICLES),
            "exploitation_form": rnd.choice(EXPLOITATION_FORMS),
            "code_version": "VN34" if day >= date(2025, 7, 1) else "VN63",
        }
        prov = rnd.choice(province_codes(values["code_version"] or "VN34"))
        if spec.entity == "cases":
            values |= {
                "opened_date": day.isoformat(),
                "province": prov,
                "destination_country": rnd.choice(_COUNTRIES),
                "recruitment_channel": rnd.choice(RECRUITMENT_CHANNELS),
            }
        elif spec.entity == "victims":
            repatriated = spec.feed in ("border", "consular") and rnd.random() < 0.6
            values |= {
                "victim_key": _key(f"{per.label}|{seed}|{i}") if rnd.random() < 0.8 else "",
                "case_ref": case_ref if rnd.random() < 0.7 else "",
                "identified_date": day.strftime(spec.date_format),
                "victim_status": rnd.choice(("CONFIRMED", "PRESUMED")),
                "residence_province": rnd.choice((prov, "")),
                "exploitation_country": rnd.choice(_COUNTRIES),
                "repatriated": "true" if repatriated else "false",
                "returned_from": rnd.choice(_COUNTRIES[1:]) if repatriated else "",
                "repatriation_date": (day + timedelta(days=rnd.randint(0, 40))).strftime("%d/%m/%Y")
                if repatriated
                else "",
            }
            if spec.feed == "social":
                start = day + timedelta(days=rnd.randint(0, 20)) if rnd.random() < 0.8 else None
                values |= {
                    "victim_status": rnd.choice(tuple(SOCIAL_STATUS_VALUES)),
                    "sex": rnd.choice((*SOCIAL_SEX_VALUES, "")),
                    "support_start_date": start.isoformat() if start else "",
                    "services": "|".join(sorted(rnd.sample(SERVICES, rnd.randint(1, 3)))) if start else "",
                }
        else:  # suspects / defendants
            verdict = rnd.choice(("CONVICTED", "CONVICTED", "ACQUITTED", "RETURNED"))
            values |= {
                "person_key": _key(f"offender|{per.label}|{seed}|{i}") if rnd.random() < 0.8 else "",
                "event_date": day.isoformat(),
                "verdict": verdict,
                "sentence_months": str(rnd.randint(6, 240)) if verdict == "CONVICTED" else "",
            }
        rows.append({c.name: values.get(c.canonical, "") for c in spec.columns})
    return rows


def render_bytes(spec: FileSpec, rows: list[Row], header: list[str] | None = None) -> bytes:
    """The bytes of a CSV or JSON Lines file as the sender would write them (not XLSX)."""
    header = header if header is not None else spec.header
    if spec.ext == "jsonl":
        ints = {c.name for c in spec.columns if c.kind == "integer"}

        def cell(h: str, v: str | None) -> object:
            return (int(v) if h in ints and v.isdigit() else v) if v else None

        lines = [json.dumps({h: cell(h, r.get(h)) for h in header}, ensure_ascii=False) for r in rows]
        return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=spec.delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[r.get(h) or "" for h in header] for r in rows])
    return (("\ufeff" if spec.bom else "") + buf.getvalue()).encode("utf-8")


def _xlsx_bytes(spec: FileSpec, rows: list[Row], header: list[str]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = spec.sheet_name or "Sheet1"
    ws.append(header)
    date_cols = {c.name for c in spec.columns if c.kind == "date"}
    for r in rows:
        out: list[object] = []
        for h in header:
            v = r.get(h) or None
            if v and h in date_cols:
                with contextlib.suppress(ValueError):  # a real date cell, as Excel users send them
                    v = datetime.strptime(v, "%Y-%m-%d")
            out.append(v)
        ws.append(out)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_file(
    folder: Path,
    feed: str,
    entity: str,
    period: str | Period,
    *,
    version: int | None = None,
    rows: list[Row] | None = None,
    n: int = 3,
    seed: int = 0,
    name: str | None = None,
    header: list[str] | None = None,
    mtime: datetime | float | None = None,
) -> Path:
    """Write one landing file (CSV, XLSX or JSONL by the contract) and return its path.

    `name` overrides the contract name (for bad-name tests); `header` overrides the columns
    written (for missing / extra column tests); `mtime` sets the arrival time."""
    spec = spec_for(feed, entity)
    rows = rows if rows is not None else contract_rows(spec.key, period, n=n, seed=seed)
    header = header if header is not None else spec.header
    data = _xlsx_bytes(spec, rows, header) if spec.ext == "xlsx" else render_bytes(spec, rows, header)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or file_name(feed, entity, period, version))
    path.write_bytes(data)
    if mtime is not None:
        set_mtime(path, mtime)
    return path


def set_mtime(path: Path, when: datetime | float) -> None:
    """Set a file's arrival time (its modification time); naive datetimes are UTC."""
    if isinstance(when, datetime):
        ts = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
    else:
        ts = float(when)
    os.utime(path, (ts, ts))
